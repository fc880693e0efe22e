"""Behind a reverse proxy the limits count each citizen, and no one can pick their own address.

Before AREALWEB_TRUSTED_PROXIES every request through the municipality's proxy came from the
proxy's address, so one busy room used up everybody's comment quota.
"""

import pytest

from arealweb.app import create_app
from tests.api.test_participation import comment

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

PROXY = {"REMOTE_ADDR": "10.0.0.1"}


def make_client(database_url, proxies):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "proxy-test",
            "COMMENT_RATE_LIMIT": "2/minute",
            "TRUSTED_PROXIES": proxies,
        }
    )
    return app.test_client()


def post_from(client, forwarded_for):
    return client.post(
        "/api/v1/comments",
        json=comment(),
        headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
        environ_overrides=PROXY,
    ).status_code


def test_behind_a_trusted_proxy_each_citizen_has_their_own_limit(demo_database_url):
    client = make_client(demo_database_url, 1)
    assert [post_from(client, "192.0.2.10") for _ in range(3)] == [201, 201, 429]
    assert [post_from(client, "192.0.2.11") for _ in range(2)] == [201, 201]


def test_behind_a_trusted_proxy_receipt_links_use_the_public_scheme(demo_database_url):
    client = make_client(demo_database_url, 1)
    response = client.post(
        "/api/v1/comments",
        json=comment(),
        headers={
            "X-Forwarded-For": "192.0.2.10",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "arealweb.baerum.kommune.no",
        },
        environ_overrides=PROXY,
    )
    assert response.status_code == 201
    assert response.get_json()["receipt"].startswith("https://arealweb.baerum.kommune.no/")


def test_without_a_trusted_proxy_a_forged_address_does_not_reset_the_limit(demo_database_url):
    client = make_client(demo_database_url, 0)
    statuses = [post_from(client, f"192.0.2.{n}") for n in range(3)]
    assert statuses == [201, 201, 429]


def test_a_proxy_count_out_of_range_stops_the_app_with_the_setting_named(demo_database_url):
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        make_client(demo_database_url, 50)
