"""Each zone's serialised Feature, stored with the version it was made at.

A cold zone listing (after a restart, in every new worker, on every machine) then reads the
Features instead of parsing, projecting, measuring and serialising every geometry again. A row
counts only where its zone id, version and format match the live zone and the running release
(see :mod:`arealweb.geo.zone_json`); anything else is recomputed and written back.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "zone_features",
        sa.Column("zone_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("feature", sa.LargeBinary, nullable=False),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name="fk_zone_features_zone_id_zones",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("zone_id", name="pk_zone_features"),
    )


def downgrade() -> None:
    op.drop_table("zone_features")
