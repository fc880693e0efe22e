"""Every ``next`` in the pages stays on this site: sign-in and the language switch, on their
Norwegian paths and the old English ones."""

import pytest

from tests.http.test_redirects import HOSTILE
from tests.web.conftest import PASSWORD, csrf

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

OFF_SITE = [t for t in HOSTILE if t and "\x00" not in t]


def _stays_on_site(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_language_switch_never_sends_the_browser_off_site(client, target):
    response = client.get("/sprak/en", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("path", ["/sprak/en", "/lang/en"])
def test_the_reported_language_switch_redirect_is_closed(client, path):
    response = client.get(f"{path}?next=////evil.example/x", follow_redirects=False)
    while response.status_code == 308:
        response = client.get(response.headers["Location"])
    assert response.headers["Location"] == "/"


def test_the_language_switch_goes_back_to_the_page(client):
    response = client.get("/sprak/en", query_string={"next": "/mal?lang=en"})
    assert response.headers["Location"] == "/mal?lang=en"


@pytest.mark.parametrize(
    "target", ["////evil.example/x", "/%5Cevil.example", "/\\evil.example", "//u@evil.example"]
)
@pytest.mark.parametrize("path", ["/logg-inn", "/login"])
def test_sign_in_never_sends_the_browser_off_site(client, signed_in, path, target):
    form = client.get("/logg-inn").data.decode()
    response = client.post(
        path,
        query_string={"next": target},
        data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)},
    )
    while response.status_code == 308:
        response = client.post(
            response.headers["Location"],
            data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)},
        )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _stays_on_site(response.headers["Location"])


def test_sign_in_goes_on_to_the_page_that_asked_for_it(client, signed_in):
    response = client.get("/arbeidsbenk")
    assert response.headers["Location"] == "/logg-inn?next=/arbeidsbenk"
    form = client.get(response.headers["Location"]).data.decode()
    done = client.post(
        "/logg-inn?next=/arbeidsbenk",
        data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)},
    )
    assert done.headers["Location"] == "/arbeidsbenk"
