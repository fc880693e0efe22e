"""Goal indicators with targets, scenarios as drafts of the plan, and history naming them.

``goal_indicators`` holds each goal's indicators; ``scenarios`` and ``scenario_changes`` the
scenarios and what each changes; ``zone_history`` learns which scenario's promotion made a
version (none for every version before this migration).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arealweb.store.types import Moment

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("zone_history", sa.Column("scenario_id", sa.String(64)))
    op.add_column("zone_history", sa.Column("scenario", sa.String(200)))
    op.create_table(
        "goal_indicators",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("goal_id", sa.String(64), nullable=False),
        sa.Column("measure", sa.String(40), nullable=False),
        sa.Column("distance_m", sa.Integer),
        sa.Column("category", sa.String(40)),
        sa.Column("target", sa.Float, nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        sa.Column("baseline", sa.Float),
        sa.Column("baseline_year", sa.Integer),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name="pk_goal_indicators"),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name="fk_goal_indicators_goal_id_goals", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_goal_indicators_goal_id", "goal_indicators", ["goal_id"])
    op.create_table(
        "scenarios",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("origin", sa.String(12), nullable=False),
        sa.Column("workshop_id", sa.String(32)),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("updated_at", Moment(), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("promoted_by", sa.String(120)),
        sa.Column("promoted_at", Moment()),
        sa.PrimaryKeyConstraint("id", name="pk_scenarios"),
    )
    op.create_table(
        "scenario_changes",
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("zone_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("base_version", sa.Integer),
        sa.Column("snapshot", sa.JSON),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("changed_at", Moment(), nullable=False),
        sa.PrimaryKeyConstraint("scenario_id", "zone_id", name="pk_scenario_changes"),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name="fk_scenario_changes_scenario_id_scenarios",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("scenario_changes")
    op.drop_table("scenarios")
    op.drop_index("ix_goal_indicators_goal_id", "goal_indicators")
    op.drop_table("goal_indicators")
    op.drop_column("zone_history", "scenario")
    op.drop_column("zone_history", "scenario_id")
