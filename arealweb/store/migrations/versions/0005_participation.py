"""Consultations, citizens' comments on places, and agreements ("enig").

No IP address is stored. A comment's receipt and an agreement's voter are kept only as
digests; the personal fields (name, age group, group) can be deleted and are purged after the
retention time.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arealweb.store.types import Geometry

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("introduction", sa.Text, nullable=False),
        sa.Column("opens_on", sa.Date, nullable=False),
        sa.Column("closes_on", sa.Date, nullable=False),
        sa.Column("moderation", sa.String(10), nullable=False),
        sa.Column("zone_ids", sa.JSON, nullable=False),
        sa.Column("goal_ids", sa.JSON, nullable=False),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "consultation_id",
            sa.String(64),
            sa.ForeignKey("consultations.id", ondelete="CASCADE", name="fk_comments_consultation"),
            nullable=False,
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
        sa.Column("moderated_at", sa.DateTime(timezone=True)),
        sa.Column("response_status", sa.String(30)),
        sa.Column("response_text", sa.Text),
        sa.Column("response_zone_id", sa.String(64)),
        sa.Column("response_goal_id", sa.String(64)),
        sa.Column("responded_by", sa.String(120)),
        sa.Column("responded_at", sa.DateTime(timezone=True)),
        sa.Column("receipt_digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("receipt_digest", name="uq_comments_receipt_digest"),
    )
    op.create_index("ix_comments_consultation_id", "comments", ["consultation_id"])
    op.create_table(
        "comment_agreements",
        sa.Column(
            "comment_id",
            sa.String(64),
            sa.ForeignKey("comments.id", ondelete="CASCADE", name="fk_comment_agreements_comment"),
            nullable=False,
        ),
        sa.Column("voter_digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("comment_id", "voter_digest", name="pk_comment_agreements"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_comments_geom", "comments", ["geom"], postgresql_using="gist")


def downgrade() -> None:
    for table in ("comment_agreements", "comments", "consultations"):
        op.drop_table(table)
