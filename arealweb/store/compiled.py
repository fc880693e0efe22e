"""Statements compiled once per process, whichever engine runs them, read as the driver's rows.

SQLAlchemy keeps its compiled statements per engine, and a worker of ``arealweb serve`` makes a
new engine: its first zone listing compiled its statements again, about as long as it took
PostgreSQL to run them (and on PostGIS, where the Features are read through psycopg's binary
cursor, every listing compiled them). The few statements a listing of the whole plan runs are
built once (module constants) and compiled once for each kind of database; their rows come
from the driver's own cursor, as tuples (no Row objects), bytea in binary on psycopg.

Only for statements whose SQL does not depend on the values bound (no expanding ``IN`` lists):
the SQL is cached by the statement and the database it is for, the values are bound per call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import sqlalchemy as sa


class _Sql(NamedTuple):
    statement: sa.Executable
    """Kept, so that its ``id`` in the key is never another statement's."""
    text: str
    names: tuple[str, ...] | None
    """The parameters in their order, for a driver that binds by position (sqlite3); None for
    one that binds by name (psycopg)."""


_COMPILED: dict[tuple[int, str, str, tuple | None], _Sql] = {}


def driver_rows(
    connection: sa.Connection, statement: sa.Executable, values: Mapping[str, object]
) -> list[tuple]:
    """The rows of ``statement`` (a module constant) with ``values`` bound to its named
    parameters, read on ``connection``. The driver's errors come as SQLAlchemy's (a lost
    connection invalidated), as from any other read."""
    return _run(connection, statement, values, "")


def plan(connection: sa.Connection, statement: sa.Executable, values: Mapping[str, object]) -> None:
    """Have the database plan ``statement`` without running it (``EXPLAIN``): compiled here
    once, and on a new PostgreSQL connection the catalogue entries of its tables and their
    statistics loaded into the backend, as its first run would otherwise do."""
    explain = "EXPLAIN " if connection.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    _run(connection, statement, values, explain)


def _run(
    connection: sa.Connection, statement: sa.Executable, values: Mapping[str, object], prefix: str
) -> list[tuple]:
    dialect = connection.dialect
    key = (id(statement), dialect.name, dialect.driver, dialect.server_version_info)
    sql = _COMPILED.get(key)
    if sql is None:
        compiled = statement.compile(dialect=dialect)
        names = tuple(compiled.positiontup) if compiled.positional else None
        sql = _COMPILED.setdefault(key, _Sql(statement, str(compiled), names))
    bound = tuple(values[name] for name in sql.names) if sql.names is not None else values
    driver = connection.connection.driver_connection
    cursor = driver.cursor(binary=True) if dialect.driver == "psycopg" else driver.cursor()
    try:
        cursor.execute(prefix + sql.text, bound)
        return cursor.fetchall()
    except dialect.loaded_dbapi.Error as error:
        lost = dialect.is_disconnect(error, driver, cursor)
        if lost:
            connection.invalidate(error)
        raise sa.exc.DBAPIError.instance(
            prefix + sql.text,
            bound,
            error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error
    finally:
        cursor.close()
