"""The history page's restore form: a version the planner saw that is no number is said back,
not a server error; a restore on a version that moved on is refused as stale."""

import pytest

from tests.conftest import snapshot
from tests.web.conftest import csrf


def restore(client, latest):
    token = csrf(client.get("/soner/sandvika/historikk").data.decode())
    return client.post(
        "/soner/sandvika/versjoner/1/gjenopprett",
        data={"csrf_token": token, "latest": latest},
        follow_redirects=True,
    )


@pytest.mark.parametrize("latest", ["abc", "nan", "1e400", str(10**30), "-1"])
def test_a_restore_with_a_latest_version_no_zone_can_have_changes_nothing(
    app, signed_in, demo_store_of_app, latest
):
    client = signed_in("kari")
    before = snapshot(demo_store_of_app)
    page = restore(client, latest)
    assert page.status_code == 200
    assert "Versjonen du så:" in page.data.decode()
    assert snapshot(demo_store_of_app) == before


def test_a_restore_against_a_version_that_moved_on_is_refused(app, signed_in, demo_store_of_app):
    client = signed_in("kari")
    before = snapshot(demo_store_of_app)
    page = restore(client, "7")
    assert page.status_code == 200
    assert "Versjon 1 er gjenopprettet" not in page.data.decode()
    assert snapshot(demo_store_of_app) == before


@pytest.fixture
def demo_store_of_app(app):
    from arealweb.http.store import current_store

    with app.app_context():
        return current_store()
