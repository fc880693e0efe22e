"""Plan versions, goals, zones with their goal links, the boundary and the stations.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arealweb.store.types import Geometry

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgis = op.get_bind().dialect.name == "postgresql"
    if postgis:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    op.create_table(
        "plan_versions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("adopted_on", sa.String(10)),
        sa.Column("description", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_versions"),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("plan_version_id", sa.String(64), nullable=False),
        sa.Column("parent_id", sa.String(64)),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.Column("dimension", sa.String(30)),
        sa.Column("theme", sa.String(60)),
        sa.Column("sdgs", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_goals"),
        sa.ForeignKeyConstraint(
            ["plan_version_id"],
            ["plan_versions.id"],
            name="fk_goals_plan_version_id_plan_versions",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["goals.id"], name="fk_goals_parent_id_goals", ondelete="RESTRICT"
        ),
    )
    op.create_index("ix_goals_parent_id", "goals", ["parent_id"])

    op.create_table(
        "zones",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("arealformal", sa.Integer),
        sa.Column("hensynssone", sa.String(8)),
        sa.Column("area", Geometry("MultiPolygon")),
        sa.Column("line", Geometry("MultiLineString")),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_zones"),
        sa.CheckConstraint(
            "(kind = 'corridor' AND line IS NOT NULL AND area IS NULL) OR "
            "(kind IN ('development', 'protection') AND area IS NOT NULL AND line IS NULL)",
            name="ck_zones_geometry_fits_kind",
        ),
    )
    op.create_index("ix_zones_kind", "zones", ["kind"])

    op.create_table(
        "zone_goals",
        sa.Column("zone_id", sa.String(64), nullable=False),
        sa.Column("goal_id", sa.String(64), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("zone_id", "goal_id", name="pk_zone_goals"),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name="fk_zone_goals_zone_id_zones", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name="fk_zone_goals_goal_id_goals", ondelete="RESTRICT"
        ),
    )
    op.create_index("ix_zone_goals_goal_id", "zone_goals", ["goal_id"])

    op.create_table(
        "boundary",
        sa.Column("kommunenummer", sa.String(4), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("geom", Geometry("MultiPolygon"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kommunenummer", name="pk_boundary"),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("line", sa.String(60), nullable=False),
        sa.Column("planned", sa.Boolean, nullable=False),
        sa.Column("approximate", sa.Boolean, nullable=False),
        sa.Column("geom", Geometry("Point"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stations"),
    )

    if postgis:
        for table, column in [
            ("zones", "area"),
            ("zones", "line"),
            ("boundary", "geom"),
            ("stations", "geom"),
        ]:
            op.create_index(f"ix_{table}_{column}", table, [column], postgresql_using="gist")


def downgrade() -> None:
    for table in ["stations", "boundary", "zone_goals", "zones", "goals", "plan_versions"]:
        op.drop_table(table)
