"""The database keeps the zone rules on PostGIS, whoever writes (QGIS, psql, arealweb).

- Code lists as lookup tables (kinds, categories per kind, statuses, KpArealformål,
  hensynssoner), filled from the domain's lists, with foreign keys from ``zones``; ``version``,
  ``description`` and the timestamps get defaults so a plain INSERT works.
- A BEFORE INSERT OR UPDATE trigger refuses what arealweb itself would refuse: unknown codes,
  a geometry that does not fit the kind, an empty or invalid geometry, an area or a line under
  the minimum, a zone further outside the boundary than the tolerance (kept in
  ``arealweb_settings``, which the app writes from ``AREALWEB_BOUNDARY_TOLERANCE_M``).
- A DELETE becomes arealweb's soft delete (the row and its goal links stay, restorable), unless
  the transaction says ``SET LOCAL arealweb.hard_delete = 'on'``.
- Every insert and update writes a history row with the same snapshot shape as arealweb's.
  arealweb writes its own rows and marks its transactions with ``arealweb.actor``; the trigger
  then skips. For other writers the actor is ``application_name (session_user)``.

Rows already breaking a rule are reported in the migration's log and kept.

SQLite stays app-enforced: there this revision does nothing.

Revision ID: 0009
Revises: 0008_sessions_audit
Create Date: 2026-12-02
"""

from __future__ import annotations

import logging
import os

import sqlalchemy as sa
from alembic import op

from arealweb.domain.codes import AREALFORMAL, HENSYNSSONER
from arealweb.domain.history import FIELDS
from arealweb.domain.zones import CATEGORIES, ZoneKind, ZoneStatus
from arealweb.geo.validation import MIN_AREA_M2, MIN_LENGTH_M

revision = "0009"
down_revision = "0008_sessions_audit"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

DEFAULT_TOLERANCE_M = 25.0

_FOREIGN_KEYS = [
    ("fk_zones_kind_zone_kinds", "(kind)", "zone_kinds (kind)"),
    ("fk_zones_kind_zone_categories", "(kind, category)", "zone_categories (kind, category)"),
    ("fk_zones_status_zone_statuses", "(status)", "zone_statuses (status)"),
    ("fk_zones_arealformal_kp_arealformal", "(arealformal)", "kp_arealformal (code)"),
    ("fk_zones_hensynssone_hensynssoner", "(hensynssone)", "hensynssoner (code)"),
]

_DEFAULTS = [
    ("version", "1"),
    ("description", "''"),
    ("created_at", "now()"),
    ("updated_at", "now()"),
]

_PROBLEM = f"""
CREATE FUNCTION arealweb_zone_problem(z zones, old zones) RETURNS text AS $$
-- The first rule ``z`` breaks, in bokmål, or NULL. With ``old`` (an UPDATE) only what changed
-- is checked, so a row kept from before the rules can still be edited or deleted.
DECLARE
  fresh boolean := old IS NULL;
  g geometry := coalesce(z.area, z.line);
  b record;
  tolerance double precision;
  outside double precision;
BEGIN
  IF (fresh OR z.kind IS DISTINCT FROM old.kind)
     AND NOT EXISTS (SELECT 1 FROM zone_kinds WHERE kind = z.kind) THEN
    RETURN format('sonetypen %s finnes ikke (%s)', z.kind,
                  (SELECT string_agg(kind, ', ' ORDER BY kind) FROM zone_kinds));
  END IF;
  IF (fresh OR z.kind IS DISTINCT FROM old.kind OR z.category IS DISTINCT FROM old.category)
     AND NOT EXISTS (SELECT 1 FROM zone_categories WHERE kind = z.kind
                     AND category = z.category) THEN
    RETURN format('kategorien %s finnes ikke for sonetypen %s (%s)', z.category, z.kind,
                  (SELECT string_agg(category, ', ' ORDER BY category) FROM zone_categories
                   WHERE kind = z.kind));
  END IF;
  IF (fresh OR z.status IS DISTINCT FROM old.status)
     AND NOT EXISTS (SELECT 1 FROM zone_statuses WHERE status = z.status) THEN
    RETURN format('statusen %s finnes ikke (nåværende eller framtidig)', z.status);
  END IF;
  IF z.arealformal IS NOT NULL AND (fresh OR z.arealformal IS DISTINCT FROM old.arealformal)
     AND NOT EXISTS (SELECT 1 FROM kp_arealformal WHERE code = z.arealformal) THEN
    RETURN format('arealformålet %s finnes ikke i KpArealformål', z.arealformal);
  END IF;
  IF z.hensynssone IS NOT NULL AND (fresh OR z.hensynssone IS DISTINCT FROM old.hensynssone)
     AND NOT EXISTS (SELECT 1 FROM hensynssoner WHERE code = z.hensynssone) THEN
    RETURN format('hensynssonen %s finnes ikke', z.hensynssone);
  END IF;
  IF NOT fresh AND z.kind IS NOT DISTINCT FROM old.kind
     AND z.area IS NOT DISTINCT FROM old.area AND z.line IS NOT DISTINCT FROM old.line THEN
    RETURN NULL;
  END IF;
  IF z.kind = 'corridor' AND (z.area IS NOT NULL OR z.line IS NULL) THEN
    RETURN 'en sone av typen corridor må ha en linje (kolonnen line), ikke et område';
  END IF;
  IF z.kind <> 'corridor' AND (z.line IS NOT NULL OR z.area IS NULL) THEN
    RETURN format('en sone av typen %s må ha et område (kolonnen area), ikke en linje', z.kind);
  END IF;
  IF ST_IsEmpty(g) THEN
    RETURN 'geometrien er tom';
  END IF;
  IF NOT ST_IsValid(g) THEN
    RETURN format('geometrien er ugyldig (%s)', ST_IsValidReason(g));
  END IF;
  IF z.area IS NOT NULL AND ST_Area(g) < {MIN_AREA_M2} THEN
    RETURN format('området er bare %s m²; minste areal er {MIN_AREA_M2:.0f} m²',
                  round(ST_Area(g)::numeric));
  END IF;
  IF z.line IS NOT NULL AND ST_Length(g) < {MIN_LENGTH_M} THEN
    RETURN format('linjen er bare %s m; minste lengde er {MIN_LENGTH_M:.0f} m',
                  round(ST_Length(g)::numeric, 1));
  END IF;
  SELECT name, geom INTO b FROM boundary LIMIT 1;
  IF FOUND AND NOT ST_Covers(b.geom, g) THEN
    tolerance := coalesce((SELECT value::double precision FROM arealweb_settings
                           WHERE name = 'boundary_tolerance_m'), {DEFAULT_TOLERANCE_M});
    SELECT max(ST_Distance(b.geom, (d).geom)) INTO outside
      FROM ST_DumpPoints(ST_Difference(ST_Segmentize(g, 10), b.geom)) AS d;
    IF outside > tolerance THEN
      RETURN format('sonen ligger utenfor %s (opptil %s m utenfor kommunegrensen; '
                    'toleransen er %s m)', b.name, round(outside::numeric), tolerance);
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql STABLE
"""

_CHECK = """
CREATE FUNCTION zones_check_rules() RETURNS trigger AS $$
DECLARE
  problem text;
  latest integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A zone made again with the id of one removed for good continues its history.
    SELECT max(version) INTO latest FROM zone_history WHERE zone_id = NEW.id;
    IF latest IS NOT NULL AND NEW.version <= latest THEN
      NEW.version := latest + 1;
    END IF;
    problem := arealweb_zone_problem(NEW, NULL);
  ELSE
    problem := arealweb_zone_problem(NEW, OLD);
  END IF;
  IF problem IS NOT NULL THEN
    RAISE EXCEPTION 'arealweb: %', problem USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

_SOFT_DELETE = """
CREATE FUNCTION zones_soft_delete() RETURNS trigger AS $$
BEGIN
  IF current_setting('arealweb.hard_delete', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF OLD.deleted_at IS NULL THEN
    UPDATE zones SET deleted_at = now() WHERE id = OLD.id;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

_FIELD_CHANGES = "\n".join(
    f"  IF NEW.{name} IS DISTINCT FROM OLD.{name} THEN\n"
    f"    changes := changes || '{name}'::text;\n"
    "  END IF;"
    for name in FIELDS
)
_ALL_CHANGES = ", ".join(f"'{name}'" for name in [*FIELDS, "geometry", "goals"])

_HISTORY = f"""
CREATE FUNCTION zones_record_history() RETURNS trigger AS $$
DECLARE
  actor text;
  act text;
  changes text[] := ARRAY[]::text[];
  links jsonb;
BEGIN
  IF coalesce(current_setting('arealweb.actor', true), '') <> '' THEN
    RETURN NULL;  -- arealweb writes its own history row
  END IF;
  actor := nullif(current_setting('application_name', true), '');
  actor := left(CASE WHEN actor IS NULL THEN session_user::text
                     ELSE actor || ' (' || session_user || ')' END, 120);
  IF TG_OP = 'INSERT' THEN
    act := CASE WHEN NEW.deleted_at IS NULL THEN 'create' ELSE 'delete' END;
    changes := ARRAY[{_ALL_CHANGES}];
  ELSE
    act := CASE
      WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'delete'
      WHEN NEW.deleted_at IS NULL AND OLD.deleted_at IS NOT NULL THEN 'restore'
      ELSE 'update' END;
{_FIELD_CHANGES}
    IF coalesce(NEW.area, NEW.line) IS DISTINCT FROM coalesce(OLD.area, OLD.line) THEN
      changes := changes || 'geometry'::text;
    END IF;
  END IF;
  SELECT coalesce(jsonb_agg(jsonb_build_array(goal_id, rationale) ORDER BY goal_id), '[]')
    INTO links FROM zone_goals WHERE zone_id = NEW.id;
  INSERT INTO zone_history (zone_id, version, action, actor, at, changes, snapshot)
  VALUES (NEW.id, NEW.version, act, actor, now(), to_json(changes),
          json_build_object(
            'kind', NEW.kind, 'category', NEW.category, 'name', NEW.name,
            'description', NEW.description, 'status', NEW.status,
            'arealformal', NEW.arealformal, 'hensynssone', NEW.hensynssone,
            'draft', NEW.draft, 'links', links, 'deleted', NEW.deleted_at IS NOT NULL,
            'geometry', upper(encode(ST_AsBinary(coalesce(NEW.area, NEW.line)), 'hex'))));
  RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _tolerance() -> float:
    try:
        value = float(os.environ.get("AREALWEB_BOUNDARY_TOLERANCE_M", DEFAULT_TOLERANCE_M))
    except ValueError:
        return DEFAULT_TOLERANCE_M
    return value if value >= 0 else DEFAULT_TOLERANCE_M


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "arealweb_settings",
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    zone_kinds = op.create_table("zone_kinds", sa.Column("kind", sa.String(20), primary_key=True))
    zone_categories = op.create_table(
        "zone_categories",
        sa.Column("kind", sa.String(20), sa.ForeignKey("zone_kinds.kind"), primary_key=True),
        sa.Column("category", sa.String(40), primary_key=True),
        sa.Column("label", sa.String(100), nullable=False),
    )
    zone_statuses = op.create_table(
        "zone_statuses", sa.Column("status", sa.String(20), primary_key=True)
    )
    kp_arealformal = op.create_table(
        "kp_arealformal",
        sa.Column("code", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("label", sa.String(100), nullable=False),
    )
    hensynssoner = op.create_table(
        "hensynssoner",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("label", sa.String(100), nullable=False),
    )
    op.bulk_insert(
        sa.table("arealweb_settings", sa.column("name"), sa.column("value")),
        [{"name": "boundary_tolerance_m", "value": str(_tolerance())}],
    )
    op.bulk_insert(zone_kinds, [{"kind": kind.value} for kind in ZoneKind])
    op.bulk_insert(
        zone_categories,
        [
            {"kind": kind.value, "category": category, "label": label}
            for kind, categories in CATEGORIES.items()
            for category, label in categories.items()
        ],
    )
    op.bulk_insert(zone_statuses, [{"status": status.value} for status in ZoneStatus])
    op.bulk_insert(kp_arealformal, [{"code": c, "label": l} for c, l in AREALFORMAL.items()])
    op.bulk_insert(hensynssoner, [{"code": c, "label": l} for c, l in HENSYNSSONER.items()])
    # NOT VALID: new and changed rows are checked, rows already there are reported below.
    for name, columns, target in _FOREIGN_KEYS:
        op.execute(
            f"ALTER TABLE zones ADD CONSTRAINT {name} FOREIGN KEY {columns} "
            f"REFERENCES {target} NOT VALID"
        )
    for column, default in _DEFAULTS:
        op.execute(f"ALTER TABLE zones ALTER COLUMN {column} SET DEFAULT {default}")

    op.execute(_PROBLEM)
    op.execute(_CHECK)
    op.execute(_SOFT_DELETE)
    op.execute(_HISTORY)
    op.execute(
        "CREATE TRIGGER zones_check_rules BEFORE INSERT OR UPDATE ON zones "
        "FOR EACH ROW EXECUTE FUNCTION zones_check_rules()"
    )
    op.execute(
        "CREATE TRIGGER zones_soft_delete BEFORE DELETE ON zones "
        "FOR EACH ROW EXECUTE FUNCTION zones_soft_delete()"
    )
    op.execute(
        "CREATE TRIGGER zones_record_history AFTER INSERT OR UPDATE ON zones "
        "FOR EACH ROW EXECUTE FUNCTION zones_record_history()"
    )
    _report_existing()


def _report_existing() -> None:
    """Log (and keep) every zone that already breaks a rule."""
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT id, problem FROM (SELECT z.id, arealweb_zone_problem(z, NULL) AS problem "
                "FROM zones z) AS checked WHERE problem IS NOT NULL ORDER BY id"
            )
        )
        .all()
    )
    for zone_id, problem in rows:
        log.warning("arealweb: sonen %s bryter en regel og er beholdt: %s", zone_id, problem)
    if rows:
        log.warning(
            "arealweb: %d soner bryter reglene; de er beholdt, men må rettes før de kan lagres "
            "med ny geometri eller nye koder",
            len(rows),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for trigger in ("zones_record_history", "zones_soft_delete", "zones_check_rules"):
        op.execute(f"DROP TRIGGER {trigger} ON zones")
        op.execute(f"DROP FUNCTION {trigger}()")
    op.execute("DROP FUNCTION arealweb_zone_problem(zones, zones)")
    for column, _ in _DEFAULTS:
        op.execute(f"ALTER TABLE zones ALTER COLUMN {column} DROP DEFAULT")
    for name, _, _ in _FOREIGN_KEYS:
        op.execute(f"ALTER TABLE zones DROP CONSTRAINT {name}")
    for table in (
        "hensynssoner",
        "kp_arealformal",
        "zone_statuses",
        "zone_categories",
        "zone_kinds",
        "arealweb_settings",
    ):
        op.drop_table(table)
