"""Live zones are read in name order, a page at a time: an index that has them in that order.

Every list of zones (the map, ``/api/v1/zones``, the OGC items) reads the live zones ordered by
name and id, often of one kind. Without an index the database sorts the whole table for each
page; with these two partial indexes (only live rows, as the lists read) a page of 10 from
10 000 zones reads its rows in order and stops.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_LIVE = sa.text("deleted_at IS NULL")
_INDEXES = {
    "ix_zones_live_name": ["name", "id"],
    "ix_zones_live_kind_name": ["kind", "name", "id"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "zones", columns, postgresql_where=_LIVE, sqlite_where=_LIVE)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="zones")
