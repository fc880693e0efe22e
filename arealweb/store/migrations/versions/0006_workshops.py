"""Council workshops: groups with join codes, their sketches, goal comments and words.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arealweb.store.types import Geometry

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _workshop_fk(table: str) -> sa.Column:
    return sa.Column(
        "workshop_id",
        sa.String(32),
        sa.ForeignKey("workshops.id", ondelete="CASCADE", name=f"fk_{table}_workshop"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("focus_goal_ids", sa.JSON, nullable=False),
        sa.Column("prompts", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "workshop_groups",
        sa.Column("id", sa.String(32), primary_key=True),
        _workshop_fk("workshop_groups"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("colour", sa.String(9), nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.UniqueConstraint("code", name="uq_workshop_groups_code"),
    )
    op.create_table(
        "workshop_sketches",
        sa.Column("id", sa.String(32), primary_key=True),
        _workshop_fk("workshop_sketches"),
        sa.Column("group_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("geom", Geometry("Geometry"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "workshop_comments",
        sa.Column("id", sa.String(32), primary_key=True),
        _workshop_fk("workshop_comments"),
        sa.Column("group_id", sa.String(32), nullable=False),
        sa.Column("goal_id", sa.String(64), nullable=False),
        sa.Column("stance", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "workshop_words",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _workshop_fk("workshop_words"),
        sa.Column("group_id", sa.String(32), nullable=False),
        sa.Column("prompt", sa.String(100), nullable=False),
        sa.Column("word", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("workshop_words", "workshop_comments", "workshop_sketches", "workshop_groups"):
        op.drop_table(table)
    op.drop_table("workshops")
