"""An address whose path no thing can have is 404 at once, on both databases.

PostgreSQL answered 500 to a NUL in a zone or workshop id (it cannot compare such text), to a
comment id longer than its column, and both databases to a number past 64 bits in a path.
"""

import pytest

IMPOSSIBLE = [
    "/api/v1/zones/sandvika%00",
    "/api/v1/zones/" + "s" * 65,
    "/api/v1/zones/%ED%A0%80",
    "/soner/sandvika%00",
    "/soner/sandvika%00/historikk",
    "/verksted/bli-med/ABC%00DE",
    "/mal/2020.hm1%00",
]


@pytest.mark.parametrize("path", IMPOSSIBLE)
def test_a_path_no_thing_can_have_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "not_found"
    else:
        assert "Fant ikke siden" in response.data.decode()


def test_an_anonymous_agreement_with_an_overlong_comment_id_is_not_found(client):
    response = client.post("/api/v1/comments/" + "c" * 300 + "/agree")
    assert response.status_code == 404


def test_a_number_past_what_the_databases_hold_in_a_path_is_not_found(client):
    assert client.post(f"/konto/okter/{10**30}/avslutt").status_code == 404
    assert client.post(f"/soner/sandvika/versjoner/{10**30}/gjenopprett").status_code == 404
    assert client.post(f"/api/v1/zones/sandvika/versions/{10**30}/restore").status_code == 404
