"""Workshop input in the order it arrived, and draft zones made from sketches.

Every post to a workshop raises the workshop's ``revision`` and stores it as the row's ``seq``,
in one transaction: the plenary screen asks for what came after the last revision it saw and
never misses a row. A sketch remembers the draft zone made from it; a zone can be a draft
(utkast) that planners have not yet taken into the land-use strategy.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INPUT_TABLES = ("workshop_sketches", "workshop_comments", "workshop_words")


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: on SQLite a batch rebuild of zones would drop the
    # version and history triggers.
    op.add_column(
        "workshops", sa.Column("revision", sa.Integer, nullable=False, server_default="0")
    )
    for table in INPUT_TABLES:
        op.add_column(table, sa.Column("seq", sa.Integer, nullable=False, server_default="0"))
        op.create_index(f"ix_{table}_workshop_seq", table, ["workshop_id", "seq"])
    op.add_column("workshop_sketches", sa.Column("zone_id", sa.String(64)))
    op.add_column(
        "zones", sa.Column("draft", sa.Boolean, nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    with op.batch_alter_table("workshop_sketches") as batch:
        batch.drop_column("zone_id")
    for table in INPUT_TABLES:
        op.drop_index(f"ix_{table}_workshop_seq", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("seq")
    with op.batch_alter_table("workshops") as batch:
        batch.drop_column("revision")
    op.drop_column("zones", "draft")
