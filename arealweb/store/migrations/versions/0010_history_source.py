"""Each history row says whether arealweb wrote it or another client of the database did.

``zone_history.source`` is ``arealweb`` for the rows arealweb writes itself (it names the
source explicitly) and ``database`` for the rows the PostGIS history trigger writes for other
writers (QGIS, psql, scripts): the column's default is ``database`` and the trigger's INSERT
does not name it. Rows already there were written by arealweb and are marked so; the few the
trigger wrote since revision 0009 keep ``arealweb`` (the table is append-only). On SQLite,
where no trigger writes history, the default stays ``arealweb``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of the table would drop SQLite's append-only triggers.
    op.add_column(
        "zone_history",
        sa.Column("source", sa.String(20), nullable=False, server_default="arealweb"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE zone_history ALTER COLUMN source SET DEFAULT 'database'")


def downgrade() -> None:
    op.drop_column("zone_history", "source")
