"""Engines and migrations for SQLite (the embedded default) and PostgreSQL + PostGIS."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"

UNREACHABLE: tuple[type[Exception], ...] = (sa.exc.OperationalError, sa.exc.InterfaceError)
"""What SQLAlchemy raises when the database cannot be reached (refused, gone, unreadable)."""

CONNECTION_DEFAULTS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 60_000,
}
"""libpq's parameters for every PostgreSQL connection, the live-update listener's too, where
the database URL names none of its own (``?connect_timeout=3`` in the URL wins). Without them a
database host that drops packets, rather than refusing them, holds a request until the kernel
gives up on TCP: about 130 s for a new connection, about 15 minutes of resending for a query
the host never acknowledges, hours for one waiting on an answer — and a worker's threads fill
with requests that wait. With them a new connection fails after 10 s, a query sent and not
acknowledged after 60 s (``tcp_user_timeout``, milliseconds), and a connection whose server
went silent while it waited after about a minute (30 s idle, then 3 probes 10 s apart); the
request answers 503 as for any database that is down."""


def connection_arguments(url: sa.URL | str) -> dict[str, object]:
    """:data:`CONNECTION_DEFAULTS` but those ``url`` names itself."""
    named = sa.engine.make_url(url).query
    return {key: value for key, value in CONNECTION_DEFAULTS.items() if key not in named}


PING_AFTER_SECONDS = 1.0
"""How long a PostgreSQL connection may rest in the pool before it is asked whether it still
answers (a restarted or failed-over database has ended it) before being used."""


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL, secure delete and a busy timeout,
    PostgreSQL a connect timeout and TCP keepalives (``CONNECTION_DEFAULTS``)."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            # What is deleted or overwritten is zeroed, not left in free space in the file.
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.close()

        return engine
    engine = sa.create_engine(url, connect_args=connection_arguments(url))
    _ping_after_rest(engine)
    return engine


def _ping_after_rest(engine: sa.Engine) -> None:
    """Ping a pooled connection before use only when it has rested ``PING_AFTER_SECONDS``.

    SQLAlchemy's ``pool_pre_ping`` pings at every checkout: a round trip, and a statement for
    the server, at each of a busy worker's transactions (a comment post's group commit, say),
    for connections that answered a moment ago. Pinged only after a rest, a connection that
    died since is replaced before anyone uses it, as before. What it gives up: a database that
    restarts within a second of a connection's last use ends that connection unseen, and the
    request that takes it next fails (503, as during the restart itself); SQLAlchemy then
    replaces every connection the pool holds from before the failure, so one request per
    worker pays, not every connection in turn."""

    @sa.event.listens_for(engine.pool, "checkin")
    def _resting(_dbapi_connection, record) -> None:
        record.info["rested_from"] = time.monotonic()

    @sa.event.listens_for(engine.pool, "checkout")
    def _ping_if_rested(dbapi_connection, record, _proxy) -> None:
        rested_from = record.info.pop("rested_from", None)
        if rested_from is None or time.monotonic() - rested_from < PING_AFTER_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool closes this connection and checks out another (a new one if need be).
            raise sa.exc.DisconnectionError(str(error)) from error


def alembic_config() -> Config:
    # Alembic is imported by what migrates or checks the schema, not by every new process.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: sa.Engine, revision: str = "head") -> tuple[str | None, str]:
    """Bring the database to ``revision``; return the revisions before and after."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    with engine.begin() as connection:
        return migrate_on(connection, revision)


def migrate_on(connection: sa.Connection, revision: str = "head") -> tuple[str | None, str]:
    """:func:`migrate` inside the caller's transaction on ``connection``, which the caller
    commits or rolls back (a restore does both with the data it loaded)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = alembic_config()
    before = MigrationContext.configure(connection).get_current_revision()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    after = MigrationContext.configure(connection).get_current_revision()
    return before, after


def schema_is_current(engine: sa.Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def write_settings(engine: sa.Engine, boundary_tolerance_m: float) -> None:
    """Keep the settings the database's own rules read (PostGIS, migration 0009) in step with
    the app's; nothing on SQLite or before the schema has the settings table."""
    if engine.url.get_backend_name() != "postgresql":
        return
    with engine.begin() as connection:
        if connection.execute(sa.text("SELECT to_regclass('arealweb_settings')")).scalar() is None:
            return
        connection.execute(
            sa.text(
                "INSERT INTO arealweb_settings (name, value) VALUES ('boundary_tolerance_m', :v) "
                "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value"
            ),
            {"v": str(float(boundary_tolerance_m))},
        )
