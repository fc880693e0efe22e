"""The tables. Geometries are in EPSG:25832 on both databases (see :mod:`.types`).

Zones keep areas and lines in two typed columns, ``area`` (MultiPolygon) and ``line``
(MultiLineString), exactly one of them set, so that each opens in QGIS as a clean layer.
"""

from __future__ import annotations

import sqlalchemy as sa

from arealweb.store.types import Geometry, Moment

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

plan_versions = sa.Table(
    "plan_versions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("adopted_on", sa.String(10)),
    sa.Column("description", sa.Text, nullable=False, default=""),
)

goals = sa.Table(
    "goals",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column(
        "plan_version_id", sa.ForeignKey("plan_versions.id", ondelete="RESTRICT"), nullable=False
    ),
    sa.Column("parent_id", sa.ForeignKey("goals.id", ondelete="RESTRICT"), index=True),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("title", sa.String(500), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("sort_order", sa.Integer, nullable=False, default=0),
    sa.Column("dimension", sa.String(30)),
    sa.Column("theme", sa.String(60)),
    sa.Column("sdgs", sa.JSON, nullable=False, default=list),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)

zones = sa.Table(
    "zones",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False, index=True),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("arealformal", sa.Integer),
    sa.Column("hensynssone", sa.String(8)),
    sa.Column("area", Geometry("MultiPolygon")),
    sa.Column("line", Geometry("MultiLineString")),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("draft", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("updated_at", Moment(), nullable=False),
    sa.Column("deleted_at", Moment()),
    sa.CheckConstraint(
        "(kind = 'corridor' AND line IS NOT NULL AND area IS NULL) OR "
        "(kind IN ('development', 'protection') AND area IS NOT NULL AND line IS NULL)",
        name="geometry_fits_kind",
    ),
)

# Lists read the live zones by name, often of one kind (migration 0014), with their versions
# from the index alone on PostgreSQL (0021).
_LIVE = sa.text("deleted_at IS NULL")
sa.Index(
    "ix_zones_live_name",
    *(zones.c.name, zones.c.id),
    postgresql_where=_LIVE,
    postgresql_include=["version"],
    sqlite_where=_LIVE,
)
sa.Index(
    "ix_zones_live_kind_name",
    *(zones.c.kind, zones.c.name, zones.c.id),
    postgresql_where=_LIVE,
    postgresql_include=["version"],
    sqlite_where=_LIVE,
)

"""On PostGIS the database keeps the zone rules itself, whoever writes (migration 0009): the
code lists are lookup tables (``zone_kinds``, ``zone_categories``, ``zone_statuses``,
``kp_arealformal``, ``hensynssoner``) with foreign keys from here; a trigger refuses an invalid,
too small or out-of-bounds geometry (tolerance in ``arealweb_settings``); a DELETE is a soft
delete; at commit, every version of a zone no one recorded gets its ``zone_history`` row
(migration 0012: arealweb writes its own; QGIS's and psql's are the trigger's). ``version``,
``description`` and the timestamps have server defaults there. SQLite relies on the app."""

zone_goals = sa.Table(
    "zone_goals",
    metadata,
    sa.Column("zone_id", sa.ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "goal_id", sa.ForeignKey("goals.id", ondelete="RESTRICT"), primary_key=True, index=True
    ),
    sa.Column("rationale", sa.Text, nullable=False, default=""),
)

zone_features = sa.Table(
    "zone_features",
    metadata,
    sa.Column("zone_id", sa.ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("format", sa.String(40), nullable=False),
    sa.Column("feature", sa.LargeBinary, nullable=False),
)
"""Each zone's WGS84 GeoJSON Feature up to its goal ids (:mod:`arealweb.geo.zone_json`),
made at ``version`` of the zone by a serialiser of ``format``: served only while both match the
live zone and this release, so it can never be stale whoever changed the zone. A table of its
own, not columns of ``zones``: writing it must not bump the zone's version (the trigger bumps
it on every update of a zone row), nor show in QGIS's layers, nor be written by the editing
views' role."""

boundary = sa.Table(
    "boundary",
    metadata,
    sa.Column("kommunenummer", sa.String(4), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("source", sa.Text, nullable=False, default=""),
    sa.Column("geom", Geometry("MultiPolygon"), nullable=False),
    sa.Column("updated_at", Moment(), nullable=False),
)

stations = sa.Table(
    "stations",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("line", sa.String(60), nullable=False),
    sa.Column("planned", sa.Boolean, nullable=False, default=False),
    sa.Column("approximate", sa.Boolean, nullable=False, default=False),
    sa.Column("geom", Geometry("Point"), nullable=False),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("folded", sa.String(400), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("approximate", sa.Boolean, nullable=False, default=False),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("geom", Geometry("Point"), nullable=False),
)
"""Named places for search and for saying where a point is (migration 0017): the gazetteer
and, after ``arealweb places``, Kartverket's Stedsnavn inside the municipality. ``folded`` is the
name as :func:`arealweb.domain.places.fold` spells it, so a search narrows the names in SQL."""

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(80), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", Moment(), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("last_used_at", Moment()),
    sa.Column("revoked_at", Moment()),
    sa.Column("expires_at", Moment(), nullable=False),
)

sign_in_sessions = sa.Table(
    "sign_in_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("last_seen_at", Moment(), nullable=False),
    sa.Column("ended_at", Moment()),
)
"""One row per sign-in; the browser's cookie holds the secret whose SHA-256 digest is here."""

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", Moment(), nullable=False, index=True),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("action", sa.String(30), nullable=False),
    sa.Column("subject", sa.String(120), nullable=False),
    sa.Column("detail", sa.String(300), nullable=False),
)
"""Sign-ins and changes to accounts: who (actor) did what to whose account (subject), when."""

zone_history = sa.Table(
    "zone_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("zone_id", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("at", Moment(), nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("snapshot", sa.JSON, nullable=False),
    sa.Column("source", sa.String(20), nullable=False, server_default="arealweb"),
    sa.Column("scenario_id", sa.String(64)),
    sa.Column("scenario", sa.String(200)),
    sa.UniqueConstraint("zone_id", "version"),
)
"""Every version of every zone: who, when, what changed, and the zone as it then was.
Append-only: triggers refuse UPDATE and DELETE. ``source`` is ``arealweb`` for the rows arealweb
writes and ``database`` (the PostGIS default) for the rows the history trigger writes for other
clients such as QGIS. ``scenario_id`` and ``scenario`` name the scenario whose promotion made
the version (migration 0020), kept as they were even if the scenario goes."""


consultations = sa.Table(
    "consultations",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("introduction", sa.Text, nullable=False),
    sa.Column("opens_on", sa.Date, nullable=False),
    sa.Column("closes_on", sa.Date, nullable=False),
    sa.Column("moderation", sa.String(10), nullable=False),
    sa.Column("zone_ids", sa.JSON, nullable=False),
    sa.Column("goal_ids", sa.JSON, nullable=False),
)

comments = sa.Table(
    "comments",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column(
        "consultation_id", sa.ForeignKey("consultations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("theme", sa.String(60), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("geom", Geometry("Geometry"), nullable=False),
    sa.Column("zone_id", sa.String(64)),
    sa.Column("goal_id", sa.String(64)),
    sa.Column("name", sa.String(100)),
    sa.Column("age_group", sa.String(20)),
    sa.Column("participant_group", sa.String(100)),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("moderation_reason", sa.String(500)),
    sa.Column("moderated_by", sa.String(120)),
    sa.Column("moderated_at", Moment()),
    sa.Column("response_status", sa.String(30)),
    sa.Column("response_text", sa.Text),
    sa.Column("response_zone_id", sa.String(64)),
    sa.Column("response_goal_id", sa.String(64)),
    sa.Column("responded_by", sa.String(120)),
    sa.Column("responded_at", Moment()),
    sa.Column("receipt_digest", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("email", sa.String(254)),
    sa.Column("receipt_link", sa.Text),
    sa.Column("language", sa.String(8)),
)
"""Citizens' comments. No IP address is kept; the receipt only as a digest — except, as the
link the answer's e-mail carries, for an author who gave an e-mail address (``email``,
``receipt_link`` and ``language`` are forgotten with the other personal fields)."""

mail_outbox = sa.Table(
    "mail_outbox",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("comment_id", sa.ForeignKey("comments.id", ondelete="CASCADE")),
    sa.Column("recipient", sa.String(254), nullable=False),
    sa.Column("subject", sa.String(300), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", Moment(), nullable=False, index=True),
    sa.Column("claimed_until", Moment()),
    sa.Column("last_error", sa.String(500)),
    sa.Column("gave_up_at", Moment()),
)
"""Mail waiting to be sent (migration 0018): written with the answer it tells of, deleted once
sent; a failed attempt waits longer before the next (``next_attempt_at``), a sender claims a
mail (``claimed_until``) so two senders never send it twice, and after the last attempt it is
kept, given up (``gave_up_at``), for the planners to see."""

comment_agreements = sa.Table(
    "comment_agreements",
    metadata,
    sa.Column("comment_id", sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("voter_digest", sa.String(64), primary_key=True),
    sa.Column("created_at", Moment(), nullable=False),
)
"""One "enig" per person per comment: the primary key makes a second one impossible."""

revisions = sa.Table(
    "revisions",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("revision", sa.BigInteger, nullable=False),
)
"""Counters the database moves on every change to what they count (rows ``comments:0`` …
``comments:15``, summed: the comments and their agreements), for ETags and caches; triggers
keep them (migration 0016)."""


workshops = sa.Table(
    "workshops",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("focus_goal_ids", sa.JSON, nullable=False),
    sa.Column("prompts", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String(120), nullable=False),
    sa.Column("closed_at", Moment()),
    sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
)

workshop_groups = sa.Table(
    "workshop_groups",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("code", sa.String(12), nullable=False, unique=True),
    sa.Column("colour", sa.String(9), nullable=False),
    sa.Column("sort_order", sa.Integer, nullable=False),
)

workshop_sketches = sa.Table(
    "workshop_sketches",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("group_id", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("geom", Geometry("Geometry"), nullable=False),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False, server_default="0"),
    sa.Column("zone_id", sa.String(64)),
)

workshop_comments = sa.Table(
    "workshop_comments",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("group_id", sa.String(32), nullable=False),
    sa.Column("goal_id", sa.String(64), nullable=False),
    sa.Column("stance", sa.String(10), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False, server_default="0"),
)

workshop_words = sa.Table(
    "workshop_words",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workshop_id", sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("group_id", sa.String(32), nullable=False),
    sa.Column("prompt", sa.String(100), nullable=False),
    sa.Column("word", sa.String(40), nullable=False),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False, server_default="0"),
)

workshop_events = sa.Table(
    "workshop_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "workshop_id",
        sa.ForeignKey("workshops.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("at", Moment(), nullable=False),
)
"""Every closing and reopening of a workshop, with who did it and when (migration 0018)."""


goal_indicators = sa.Table(
    "goal_indicators",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("goal_id", sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("measure", sa.String(40), nullable=False),
    sa.Column("distance_m", sa.Integer),
    sa.Column("category", sa.String(40)),
    sa.Column("target", sa.Float, nullable=False),
    sa.Column("direction", sa.String(10), nullable=False),
    sa.Column("baseline", sa.Float),
    sa.Column("baseline_year", sa.Integer),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("sort_order", sa.Integer, nullable=False, default=0),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)
"""A goal's indicators (:mod:`arealweb.domain.indicators`, migration 0020): a measure of the
catalogue with its parameter (``distance_m`` or the protection ``category``), the target, the
direction (``at_least``/``at_most``) and an optional earlier value of ``baseline_year``."""

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("origin", sa.String(12), nullable=False),
    sa.Column("workshop_id", sa.String(32)),
    sa.Column("created_by", sa.String(120), nullable=False),
    sa.Column("created_at", Moment(), nullable=False),
    sa.Column("updated_at", Moment(), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("promoted_by", sa.String(120)),
    sa.Column("promoted_at", Moment()),
)
"""Scenarios (:mod:`arealweb.domain.scenarios`, migration 0020): named drafts of the plan."""

scenario_changes = sa.Table(
    "scenario_changes",
    metadata,
    sa.Column("scenario_id", sa.ForeignKey("scenarios.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("zone_id", sa.String(64), primary_key=True),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("base_version", sa.Integer),
    sa.Column("snapshot", sa.JSON),
    sa.Column("changed_by", sa.String(120), nullable=False),
    sa.Column("changed_at", Moment(), nullable=False),
)
"""A scenario's change to one zone: ``snapshot`` is the zone as the scenario has it (the shape
``zone_history`` keeps; none when it removes the zone), ``base_version`` the version of the
plan's zone it was made against (none for a zone it adds)."""
