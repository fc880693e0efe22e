"""A listing of the whole plan reads the live zones' ids and versions from an index alone.

Every zone listing first reads (id, version) of the live zones in name order (migration 0014's
indexes hold name and id), then what it does not already hold. The version was not in the
index, so PostgreSQL either visited the table for each zone or, for a whole plan, read the
table and sorted it: at 50 000 zones a sort too big for ``work_mem`` went to disk (46 ms of the
server's 53; 72 ms as the app sees it). With the version carried in the indexes (``INCLUDE``)
the read is an index-only scan, in order (6 ms in the server, 18 in the app), wherever the
visibility map is current: autovacuum keeps it so, and arealweb's large imports vacuum at once
(``Store.refresh_statistics``). SQLite is unchanged: its index lookups of the rows are cheap
and its listing meets its aim without.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_LIVE = sa.text("deleted_at IS NULL")
_INDEXES = {
    "ix_zones_live_name": ["name", "id"],
    "ix_zones_live_kind_name": ["kind", "name", "id"],
}


def _rebuild(include: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, columns in _INDEXES.items():
        op.drop_index(name, table_name="zones")
        op.create_index(name, "zones", columns, postgresql_where=_LIVE, postgresql_include=include)


def upgrade() -> None:
    _rebuild(["version"])


def downgrade() -> None:
    _rebuild([])
