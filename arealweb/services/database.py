"""The database as a whole: open it, bring its schema to the newest version, say where it is.

Adapters (the app, the command line) reach the database only through here and the other
services; the engine, Alembic and the dialects stay inside ``arealweb.store``.
"""

from __future__ import annotations

from contextlib import suppress

from arealweb.store.database import (
    UNREACHABLE,
    create_engine,
    migrate,
    schema_is_current,
    write_settings,
)
from arealweb.store.repository import Store
from arealweb.store.roles import EditorRole, grant_editor_role

__all__ = [
    "UNREACHABLE",
    "EditorRole",
    "editor_role",
    "is_current",
    "location",
    "open_store",
    "sync_settings",
    "upgrade",
]


def open_store(url: str, news_redis: str | None = None) -> Store:
    """The store for the database at ``url`` (SQLite or PostgreSQL + PostGIS); on SQLite, its
    live updates reach the other processes on the file through ``news_redis`` if given."""
    return Store(create_engine(url), news_redis)


def upgrade(store: Store) -> tuple[str | None, str]:
    """Create or migrate the schema to the newest revision; the revisions before and after."""
    return migrate(store.engine)


def is_current(store: Store) -> bool:
    """Whether the schema is at the newest revision (a command may then use it)."""
    return schema_is_current(store.engine)


def location(store: Store) -> str:
    """Where the database is, for messages: its URL with any password hidden."""
    return store.engine.url.render_as_string(hide_password=True)


def sync_settings(store: Store, boundary_tolerance_m: float) -> None:
    """Hand the database the settings its own rules use (on PostGIS: the boundary tolerance
    the zone triggers allow); a database that cannot be reached yet is left alone."""
    with suppress(UNREACHABLE):
        write_settings(store.engine, boundary_tolerance_m)


def editor_role(store: Store, name: str, password: str | None) -> EditorRole:
    """Create or update the PostGIS login role ``name`` that edits zones only through the views
    of the schema ``editing`` (for QGIS) and reads the boundary and the stations; nothing on
    the tables. ``password`` replaces its password, ``None`` leaves it. Running it again gives
    the same rights. InvalidInput on SQLite, for a name that cannot be a role, or for a role
    that is a superuser or owns the tables."""
    return grant_editor_role(store.engine, name, password)
