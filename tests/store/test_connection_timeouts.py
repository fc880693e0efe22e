"""A PostgreSQL host that goes silent — drops packets rather than refusing them — makes a
request answer 503 after the connect timeout, where it used to hold a worker until TCP gave up;
a timeout in the database URL wins over arealweb's."""

import socket
import threading

import pytest
import sqlalchemy as sa

from arealweb.app import create_app
from arealweb.store import database
from arealweb.store.database import create_engine

ENOUGH = 60
"""How long a test waits for an answer before calling it a hang (the timeouts below are 2 s)."""


@pytest.fixture
def silent_host():
    """A port whose kernel accepts the connection and whose server never says a word."""
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(16)
        yield f"127.0.0.1:{listening.getsockname()[1]}"


def _within(seconds: float, work):
    """``work()``'s result or exception, or a failed test if it has not come back in time."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as error:  # handed to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "no answer: the connection waits for a silent database"
    return outcome


def test_a_silent_database_gives_up_after_the_connect_timeout(silent_host, monkeypatch):
    monkeypatch.setitem(database.CONNECTION_DEFAULTS, "connect_timeout", 2)
    engine = create_engine(f"postgresql+psycopg://arealweb@{silent_host}/arealweb")
    outcome = _within(ENOUGH, lambda: engine.connect().close())
    assert isinstance(outcome.get("error"), sa.exc.OperationalError)
    assert "timeout" in str(outcome["error"]).lower()


def test_the_urls_own_connect_timeout_wins(silent_host, monkeypatch):
    monkeypatch.setitem(database.CONNECTION_DEFAULTS, "connect_timeout", 3600)
    url = f"postgresql+psycopg://arealweb@{silent_host}/arealweb?connect_timeout=2"
    outcome = _within(ENOUGH, lambda: create_engine(url).connect().close())
    assert isinstance(outcome.get("error"), sa.exc.OperationalError)


def test_pages_and_the_api_answer_503_while_the_database_is_silent(
    silent_host, monkeypatch, tmp_path
):
    monkeypatch.setitem(database.CONNECTION_DEFAULTS, "connect_timeout", 2)
    app = create_app(
        {
            "DATABASE_URL": f"postgresql+psycopg://arealweb@{silent_host}/arealweb",
            "SECRET_KEY": "test-secret",
            "UPLOAD_FOLDER": tmp_path / "up",
        }
    )
    client = app.test_client()
    api = _within(ENOUGH, lambda: client.get("/api/v1/zones"))["value"]
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "service_unavailable"
    page = _within(ENOUGH, lambda: client.get("/mal"))["value"]
    assert page.status_code == 503 and "Midlertidig utilgjengelig" in page.data.decode()
    ready = _within(ENOUGH, lambda: client.get("/readyz"))["value"]
    assert ready.get_json() == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.postgis
def test_every_connection_carries_the_timeout_and_keepalives(postgis_factory):
    engine = create_engine(postgis_factory.new("empty", lambda store: None))
    try:
        with engine.connect() as connection:
            parameters = connection.connection.dbapi_connection.info.get_parameters()
    finally:
        engine.dispose()
    for name, value in database.CONNECTION_DEFAULTS.items():
        assert parameters[name] == str(value)


@pytest.mark.postgis
def test_a_keepalive_named_in_the_url_is_kept(postgis_factory):
    url = postgis_factory.new("empty", lambda store: None) + "?keepalives_idle=7"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            parameters = connection.connection.dbapi_connection.info.get_parameters()
    finally:
        engine.dispose()
    assert parameters["keepalives_idle"] == "7"
    assert parameters["connect_timeout"] == "10"


@pytest.mark.postgis
def test_the_live_update_listener_carries_them_too(postgis_factory, monkeypatch):
    """The listener's connection checks itself every few seconds while quiet: that check must
    not wait for TCP to give up on a silent host either."""
    import psycopg

    from arealweb.store.repository import Store
    from arealweb.store.signals import LISTENER

    heard: list[dict[str, str]] = []
    connect = psycopg.connect

    def noted(*args, **kwargs):
        connection = connect(*args, **kwargs)
        if kwargs.get("application_name") == LISTENER:
            heard.append(connection.info.get_parameters())
        return connection

    monkeypatch.setattr(psycopg, "connect", noted)
    store = Store(create_engine(postgis_factory.new("empty", lambda store: None)))
    try:
        store.signals.listen()
        assert store.signals.connected.wait(10)
    finally:
        store.signals.stop()
        store.engine.dispose()
    for name, value in database.CONNECTION_DEFAULTS.items():
        assert heard[0][name] == str(value)
