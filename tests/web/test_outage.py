"""While the database cannot be reached: 503 with Retry-After, as a page or in the API's shape."""

import pytest

from arealweb.app import create_app
from tests.web.conftest import csrf


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


@pytest.fixture(params=["postgresql-port", "sqlite-unreadable"])
def out_url(request, tmp_path):
    if request.param == "postgresql-port":
        return f"postgresql+psycopg://arealweb@127.0.0.1:{_free_port()}/arealweb"
    # A folder where the database file should be: SQLite cannot open it (even as root).
    return f"sqlite:///{tmp_path}"


@pytest.fixture
def out_app(out_url, tmp_path):
    return create_app(
        {"DATABASE_URL": out_url, "SECRET_KEY": "test-secret", "UPLOAD_FOLDER": tmp_path / "up"}
    )


SIGNED_IN = {"Authorization": "Bearer aw_whatever"}
"""A token to look up: the history API asks who is asking before it reads the zone."""


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/v1/zones", {}),
        ("/api/v1/goals", {}),
        ("/api/v1/zones/sandvika/history", SIGNED_IN),
    ],
)
def test_the_api_answers_503_with_retry_after_in_its_error_shape(out_app, path, headers):
    response = out_app.test_client().get(path, headers=headers)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    error = response.get_json()["error"]
    assert error["status"] == 503 and error["code"] == "service_unavailable"
    assert error["message"] == "tjenesten er midlertidig utilgjengelig; prøv igjen om litt"
    english = out_app.test_client().get(path + "?lang=en", headers=headers)
    assert (
        english.get_json()["error"]["message"]
        == "the service is temporarily unavailable; try again shortly"
    )


def test_a_write_with_a_token_answers_503_not_500(out_app):
    response = out_app.test_client().post(
        "/api/v1/zones", json={}, headers={"Authorization": "Bearer aw_whatever"}
    )
    assert response.status_code == 503 and "Retry-After" in response.headers


@pytest.mark.parametrize("path", ["/analyse", "/mal", "/soner/sandvika", "/innspill"])
def test_a_page_answers_503_with_retry_after_as_a_page(out_app, path):
    response = out_app.test_client().get(path)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.mimetype == "text/html"
    html = response.data.decode()
    assert "Midlertidig utilgjengelig" in html and "får ikke kontakt med databasen" in html
    assert "Content-Security-Policy" in response.headers
    english = out_app.test_client().get(path + "?lang=en").data.decode()
    assert "Temporarily unavailable" in english


def test_a_signed_in_visitor_gets_the_503_page_too(app, signed_in, out_url, tmp_path):
    """The session names an account the page must look up: that lookup fails as well."""
    client = signed_in("kari")
    out = create_app({"DATABASE_URL": out_url, "SECRET_KEY": "test-secret"})
    cookie = client.get_cookie("session")
    other = out.test_client()
    other.set_cookie(cookie.key, cookie.value)
    response = other.get("/mal")
    assert response.status_code == 503
    page = client.get("/arbeidsbenk/import").data.decode()
    assert csrf(page)  # the same cookie still works where the database is up


def test_the_process_is_alive_but_not_ready(out_app):
    """A load balancer keeps the process (healthz) and sends no one to it (readyz)."""
    client = out_app.test_client()
    alive = client.get("/healthz")
    assert (alive.status_code, alive.get_json()) == (200, {"status": "ok"})
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert ready.headers["Cache-Control"] == "no-store"


def test_ready_when_the_database_answers_with_the_newest_schema(app, tmp_path):
    ready = app.test_client().get("/readyz")
    assert (ready.status_code, ready.get_json()) == (200, {"status": "ok", "database": "ok"})
    old = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
            "SECRET_KEY": "test-secret",
            "UPLOAD_FOLDER": tmp_path / "up",
        }
    )
    behind = old.test_client().get("/readyz")
    assert behind.status_code == 503
    assert behind.get_json()["database"] == "schema is not current"
