"""PostgreSQL connections are asked whether they still answer only after resting in the pool:
a busy worker's transactions make no extra round trip, and a connection the database ended
while it rested is replaced before anyone uses it."""

import pytest
import sqlalchemy as sa

from arealweb.store import database
from arealweb.store.database import create_engine

pytestmark = pytest.mark.postgis


@pytest.fixture
def engine(postgis_factory):
    engine = create_engine(postgis_factory.new("empty", lambda store: None))
    yield engine
    engine.dispose()


def _backend(engine) -> int:
    with engine.begin() as connection:
        return connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()


def _pings(engine, monkeypatch) -> list[int]:
    pinged = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection):
        pinged.append(dbapi_connection.info.backend_pid)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pinged


def test_a_connection_used_a_moment_ago_is_not_pinged(engine, monkeypatch):
    pinged = _pings(engine, monkeypatch)
    first = _backend(engine)
    assert [_backend(engine) for _ in range(5)] == [first] * 5
    assert pinged == []


def test_a_rested_connection_the_database_ended_is_replaced_before_use(engine, monkeypatch):
    pinged = _pings(engine, monkeypatch)
    ended = _backend(engine)
    with sa.create_engine(engine.url, isolation_level="AUTOCOMMIT").connect() as admin:
        assert admin.execute(sa.text(f"SELECT pg_terminate_backend({ended})")).scalar_one()
    monkeypatch.setattr(database, "PING_AFTER_SECONDS", 0.0)  # it has rested long enough
    replaced = _backend(engine)  # no error: the ping found it dead, a new one answered
    assert replaced != ended
    assert pinged == [ended]
    # Once used, the new one is trusted again until it rests.
    monkeypatch.setattr(database, "PING_AFTER_SECONDS", 3600.0)
    assert _backend(engine) == replaced
    assert pinged == [ended]
