"""Editing layers for QGIS on PostGIS: one view per kind of zone in the schema ``editing``.

``editing.development_zones``, ``editing.protection_zones`` and ``editing.corridors`` show the
live zones of their kind (``deleted_at IS NULL``) with one typed geometry column ``geom``
(``geometry(MultiPolygon,25832)``, or ``geometry(MultiLineString,25832)`` for corridors), so
QGIS opens each as a clean layer (PostGIS derives ``geometry_columns`` from the type). Columns,
in order: ``id`` (the key QGIS uses), ``name``, ``category``, ``status``, ``arealformal``,
``hensynssone``, ``description``, ``draft``, ``version`` and ``updated_at`` (read only),
``geom``.

``INSTEAD OF`` triggers write into ``zones``, whose own triggers (migrations 0002 and 0009)
keep the rules, bump the version and write the history with its actor; nothing of that is
repeated here. What the views add:

- INSERT and UPDATE: an empty ``hensynssone`` is none, as in arealweb.
- INSERT: the kind comes from the view; without an id the zone gets one as arealweb makes
  them (32 hex digits of a random UUID); without status, description or draft it gets
  arealweb's defaults (``framtidig``, empty, not a draft); a zone without a name is refused
  as arealweb refuses it; the new row (id, version, updated_at) goes back to the client.
- UPDATE: writes the editable columns; ``version`` and ``updated_at`` are ignored (the table
  bumps them); the id cannot change; an update that changes nothing writes nothing.
- Every write gets the history row of the tables' trigger, even when the session claims to be
  arealweb (``arealweb.actor``): arealweb itself writes to the tables, never through a view.
- DELETE: arealweb's soft delete, and the row is reported as deleted (a DELETE on the table
  itself reports 0 rows, which QGIS takes for a failure).
- A single-part geometry is made multi with ``ST_Multi`` — but PostGIS checks a value sent to
  a typed column before any trigger sees it, so a client sending a plain Polygon to a
  MultiPolygon layer gets PostGIS's own "Geometry type (Polygon) does not match column type
  (MultiPolygon)". QGIS converts to the layer's type itself.

The trigger functions are SECURITY DEFINER, owned (like the views) by the owner of ``zones``,
with the search path fixed: a role given only the views (``arealweb editor-role``) edits
through them and cannot touch the tables.

While the views exist, a later migration cannot change the type of the zone columns they show
without dropping and making them again — and a view made again has lost what was granted on it:
``arealweb editor-role`` gives it back.

SQLite has no views for QGIS: there this revision does nothing.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SCHEMA = "editing"

VIEWS = {
    "development_zones": ("development", "area", "MultiPolygon"),
    "protection_zones": ("protection", "area", "MultiPolygon"),
    "corridors": ("corridor", "line", "MultiLineString"),
}
"""Each view: the kind it shows, the zones column its geometry lives in, and its type."""

_VIEW = """
CREATE VIEW {schema}.{view} AS
SELECT id::text AS id, name, category, status, arealformal, hensynssone, description, draft,
       version, updated_at, {column}::geometry({type},25832) AS geom
  FROM zones
 WHERE kind = '{kind}' AND deleted_at IS NULL
"""

_WRITE = """
CREATE FUNCTION {schema}.write_zone() RETURNS trigger
SECURITY DEFINER SET search_path = {search_path}
AS $$
-- INSTEAD OF INSERT, UPDATE or DELETE on a view of editing; TG_ARGV[0] is the view's kind.
-- The rules, the version and the history are kept by the triggers on zones.
DECLARE
  view_kind text := TG_ARGV[0];
  shape geometry;
BEGIN
  -- arealweb marks its own transactions with arealweb.actor and the history trigger then
  -- leaves the history to it; arealweb never writes through these views, so whoever set it
  -- here is not arealweb, and every write through a view gets its history row.
  PERFORM set_config('arealweb.actor', '', true);
  IF TG_OP = 'DELETE' THEN
    UPDATE zones SET deleted_at = now()
     WHERE id = OLD.id AND kind = view_kind AND deleted_at IS NULL;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    RETURN OLD;
  END IF;

  IF NEW.name IS NULL OR btrim(NEW.name) = '' THEN
    RAISE EXCEPTION 'arealweb: sonen mangler navn' USING ERRCODE = 'check_violation';
  END IF;
  shape := CASE WHEN NEW.geom IS NULL THEN NULL ELSE ST_Multi(NEW.geom) END;
  NEW.hensynssone := nullif(btrim(NEW.hensynssone), '');  -- an empty field is no code

  IF TG_OP = 'INSERT' THEN
    NEW.id := coalesce(nullif(btrim(NEW.id), ''), replace(gen_random_uuid()::text, '-', ''));
    IF EXISTS (SELECT 1 FROM zones WHERE id = NEW.id) THEN
      RAISE EXCEPTION 'arealweb: det finnes allerede en sone med id %', NEW.id
        USING ERRCODE = 'unique_violation';
    END IF;
    INSERT INTO zones (id, kind, category, name, description, status, arealformal,
                       hensynssone, draft, area, line)
    VALUES (NEW.id, view_kind, NEW.category, NEW.name, coalesce(NEW.description, ''),
            coalesce(NEW.status, 'framtidig'), NEW.arealformal, NEW.hensynssone,
            coalesce(NEW.draft, false),
            CASE WHEN view_kind = 'corridor' THEN NULL ELSE shape END,
            CASE WHEN view_kind = 'corridor' THEN shape ELSE NULL END)
    RETURNING status, description, draft, version, updated_at
         INTO NEW.status, NEW.description, NEW.draft, NEW.version, NEW.updated_at;
    NEW.geom := shape;
    RETURN NEW;
  END IF;

  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'arealweb: id-en til en sone kan ikke endres (%)', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.name, NEW.category, NEW.status, NEW.arealformal, NEW.hensynssone,
      coalesce(NEW.description, ''), coalesce(NEW.draft, false))
     IS NOT DISTINCT FROM
     (OLD.name, OLD.category, OLD.status, OLD.arealformal, OLD.hensynssone,
      OLD.description, OLD.draft)
     AND shape IS NOT DISTINCT FROM OLD.geom THEN
    NEW.version := OLD.version;
    NEW.updated_at := OLD.updated_at;
    NEW.geom := OLD.geom;
    RETURN NEW;
  END IF;
  UPDATE zones
     SET name = NEW.name, category = NEW.category, status = NEW.status,
         arealformal = NEW.arealformal, hensynssone = NEW.hensynssone,
         description = coalesce(NEW.description, ''), draft = coalesce(NEW.draft, false),
         area = CASE WHEN view_kind = 'corridor' THEN NULL ELSE shape END,
         line = CASE WHEN view_kind = 'corridor' THEN shape ELSE NULL END
   WHERE id = OLD.id AND kind = view_kind AND deleted_at IS NULL
  RETURNING description, draft, version, updated_at
       INTO NEW.description, NEW.draft, NEW.version, NEW.updated_at;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  NEW.geom := shape;
  RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

_DEFAULTS = [("status", "'framtidig'"), ("description", "''"), ("draft", "false")]
"""Shown by QGIS in a new feature's form; the trigger applies them to an explicit NULL too."""


def _search_path() -> str:
    """The schemas the app's tables and PostGIS are in now, then pg_temp (searched last, so a
    temporary object cannot stand in for a table inside the SECURITY DEFINER function)."""
    schemas = (
        op.get_bind()
        .execute(sa.text("SELECT quote_ident(s) FROM unnest(current_schemas(false)) AS s"))
        .scalars()
        .all()
    )
    return ", ".join([*schemas, "pg_temp"])


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE SCHEMA {SCHEMA}")
    op.execute(f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC")
    op.execute(_WRITE.format(schema=SCHEMA, search_path=_search_path()))
    op.execute(f"REVOKE ALL ON FUNCTION {SCHEMA}.write_zone() FROM PUBLIC")
    for view, (kind, column, geometry_type) in VIEWS.items():
        op.execute(
            _VIEW.format(schema=SCHEMA, view=view, column=column, type=geometry_type, kind=kind)
        )
        for name, default in _DEFAULTS:
            op.execute(f"ALTER VIEW {SCHEMA}.{view} ALTER COLUMN {name} SET DEFAULT {default}")
        op.execute(
            f"CREATE TRIGGER write_zone INSTEAD OF INSERT OR UPDATE OR DELETE ON {SCHEMA}.{view} "
            f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.write_zone('{kind}')"
        )
        op.execute(
            f"COMMENT ON VIEW {SCHEMA}.{view} IS "
            f"'arealweb: live zones of the kind {kind}, for editing in QGIS (key: id)'"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for view in VIEWS:
        op.execute(f"DROP VIEW {SCHEMA}.{view}")
    op.execute(f"DROP FUNCTION {SCHEMA}.write_zone()")
    op.execute(f"DROP SCHEMA {SCHEMA}")
