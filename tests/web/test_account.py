"""Signing in and out through the test client, with CSRF protection on."""

import re

import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_user

PASSWORD = "langt-nok-passord"


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


@pytest.fixture
def planner(app):
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
    return "kari"


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_sign_in_sets_a_safe_session_cookie_and_shows_who_is_signed_in(client, planner):
    form = client.get("/logg-inn?next=/mal").data.decode()
    response = client.post(
        "/logg-inn?next=/mal",
        data={"name": "kari", "password": PASSWORD, "csrf_token": csrf_of(form)},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/mal"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = client.get("/mal").data.decode()
    assert "kari" in page and "(Planlegger)" in page and "Logg ut" in page


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, planner):
    form = client.get("/logg-inn").data.decode()
    response = client.post(
        "/logg-inn",
        data={"name": "kari", "password": "feil-passord-her", "csrf_token": csrf_of(form)},
    )
    assert response.status_code == 401
    assert "Feil brukernavn eller passord." in response.data.decode()
    unknown = client.post(
        "/logg-inn", data={"name": "ingen", "password": PASSWORD, "csrf_token": csrf_of(form)}
    )
    assert unknown.status_code == 401


def test_sign_in_without_the_csrf_token_is_refused(client, planner):
    response = client.post("/logg-inn", data={"name": "kari", "password": PASSWORD})
    assert response.status_code == 400
    assert "Logg ut" not in client.get("/").data.decode()


def test_sign_out_needs_a_post_with_the_csrf_token(client, planner):
    form = client.get("/logg-inn").data.decode()
    client.post(
        "/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf_of(form)}
    )
    assert client.get("/logg-ut").status_code == 405
    assert client.post("/logg-ut").status_code == 400
    page = client.get("/").data.decode()
    client.post(
        "/logg-ut",
        data={
            "csrf_token": csrf_of(
                page.replace('name="csrf_token" value=', 'name="csrf_token" type="hidden" value=')
            )
        },
    )
    assert "Logg inn" in client.get("/").data.decode()


def test_the_next_address_never_leads_off_site(client, planner):
    form = client.get("/logg-inn").data.decode()
    response = client.post(
        "/logg-inn?next=https://evil.example/",
        data={"name": "kari", "password": PASSWORD, "csrf_token": csrf_of(form)},
    )
    assert response.headers["Location"] == "/"


def test_secure_cookies_behind_https(demo_database_url):
    from arealweb.app import create_app

    app = create_app({"DATABASE_URL": demo_database_url, "SECRET_KEY": "x", "SECURE_COOKIES": "1"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_import_in_the_browser_previews_then_imports_on_confirm(client, planner):
    import io
    import json

    form = client.get("/logg-inn").data.decode()
    client.post(
        "/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf_of(form)}
    )
    page = client.get("/arbeidsbenk/import").data.decode()
    feature = {
        "type": "Feature",
        "properties": {
            "id": "haslum",
            "name": "Haslum",
            "kind": "development",
            "category": "bymessig område",
        },
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [
                    [10.560, 59.913],
                    [10.567, 59.913],
                    [10.567, 59.917],
                    [10.560, 59.917],
                    [10.560, 59.913],
                ]
            ],
        },
    }
    upload = {
        "file": (
            io.BytesIO(json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()),
            "haslum.geojson",
        ),
        "csrf_token": csrf_of(
            page.replace('name="csrf_token" value=', 'name="csrf_token" type="hidden" value=')
        ),
    }
    preview = client.post("/arbeidsbenk/import", data=upload, content_type="multipart/form-data")
    assert preview.status_code == 200
    html = preview.data.decode()
    assert "Alle objektene kan importeres. Ingenting er lagret ennå." in html
    assert 'data-outcome="created"' in html
    assert client.get("/api/v1/zones/haslum").status_code == 404
    action = re.search(r'action="(/arbeidsbenk/import/[^"]+)"', html).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    done = client.post(action, data={"csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"] == "/arbeidsbenk"
    assert "Importert: 1 ny, 0 endret, 0 uendret." in client.get("/arbeidsbenk").data.decode()
    assert client.get("/api/v1/zones/haslum").status_code == 200
    assert (
        client.post(action, data={"csrf_token": token}).status_code == 302
    )  # gone: asks for a new upload


def test_passwords_cannot_be_guessed_at_speed(client, planner):
    form = client.get("/logg-inn").data.decode()
    token = csrf_of(form)
    statuses = [
        client.post(
            "/logg-inn",
            data={"name": "kari", "password": f"gjett-{n}-passord", "csrf_token": token},
        ).status_code
        for n in range(11)
    ]
    assert statuses == [401] * 10 + [429]
    refused = client.post(
        "/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": token}
    )
    assert refused.status_code == 429
    assert "For mange forsøk på kort tid" in refused.data.decode()
