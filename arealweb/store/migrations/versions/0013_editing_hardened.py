"""What the editing views and the history need to hold against a writer who means harm.

- The functions that run as the tables' owner (the views' triggers, the history trigger) look
  names up in the schemas of the tables and of PostGIS. Whoever may create objects there could
  plant an operator or function those bodies would call with the owner's rights
  (CVE-2018-1058): this revision takes CREATE on those schemas from PUBLIC (PostgreSQL 15's
  own default for ``public``) and logs a warning when it cannot; ``arealweb editor-role``
  refuses a role that may create there.
- The views are ``security_barrier``: a client's own cheap function in a WHERE clause sees only
  the rows the view shows, never the deleted zones or the other kinds.
- A zone's version only goes up: an UPDATE that sets it lower (or leaves it) gets the next one,
  so no write hides behind a version already in the history.
- A new zone's id, and a changed one, must be one arealweb can address (letters, digits and
  ``. _ : -``, at most 64): otherwise its page, API and history could never be reached.

SQLite: nothing (arealweb is the only writer there).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

import importlib
import logging

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

_views = importlib.import_module("arealweb.store.migrations.versions.0011_editing_views")

ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
"""The same as ``arealweb.schemas.base.IDENTIFIER`` (a migration keeps its own copy)."""

_BUMP = """
CREATE OR REPLACE FUNCTION zones_bump_version() RETURNS trigger AS $$
BEGIN
  IF NEW.version {compare} OLD.version THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

_CHECK_ID = f"""
CREATE FUNCTION zones_check_id() RETURNS trigger AS $$
BEGIN
  IF (TG_OP = 'INSERT' OR NEW.id IS DISTINCT FROM OLD.id) AND NEW.id !~ '{ID_PATTERN}' THEN
    RAISE EXCEPTION 'arealweb: id-en «%» kan ikke brukes: bare bokstavene a–z og A–Z, sifre og '
      '. _ : - (høyst 64 tegn, det første en bokstav eller et siffer)', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql
"""


def _schemas() -> list[str]:
    return [s.strip() for s in _views._search_path().split(",") if s.strip() != "pg_temp"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for view in _views.VIEWS:
        op.execute(f"ALTER VIEW editing.{view} SET (security_barrier = true)")
    op.execute(_BUMP.format(compare="<="))
    op.execute(_CHECK_ID)
    op.execute(
        "CREATE TRIGGER zones_check_id BEFORE INSERT OR UPDATE ON zones "
        "FOR EACH ROW EXECUTE FUNCTION zones_check_id()"
    )
    bind = op.get_bind()
    for schema in _schemas():
        creatable = "SELECT has_schema_privilege('public', :s, 'CREATE')"
        if not bind.execute(sa.text(creatable), {"s": schema.strip('"')}).scalar():
            continue
        op.execute(
            f"DO $$ BEGIN REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC; "
            "EXCEPTION WHEN insufficient_privilege THEN NULL; END $$"
        )
        if bind.execute(sa.text(creatable), {"s": schema.strip('"')}).scalar():
            log.warning(
                "arealweb: alle kan opprette objekter i skjemaet %s, som arealwebs triggere "
                "bruker med eierens rettigheter; kjør som eieren av skjemaet: "
                "REVOKE CREATE ON SCHEMA %s FROM PUBLIC",
                schema,
                schema,
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER zones_check_id ON zones")
    op.execute("DROP FUNCTION zones_check_id()")
    op.execute(_BUMP.format(compare="="))
    for view in _views.VIEWS:
        op.execute(f"ALTER VIEW editing.{view} RESET (security_barrier)")
