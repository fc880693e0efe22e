"""Bump a zone's version on every update, also those made by other clients (QGIS, psql).

arealweb bumps ``version`` itself when it saves; a client that writes the table directly does
not. The trigger bumps it whenever an update leaves it unchanged, so that ETags, caches and
(later) optimistic locking see every change, whoever made it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION zones_bump_version() RETURNS trigger AS $$
            BEGIN
              IF NEW.version = OLD.version THEN
                NEW.version := OLD.version + 1;
                NEW.updated_at := now();
              END IF;
              RETURN NEW;
            END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER zones_bump_version BEFORE UPDATE ON zones "
            "FOR EACH ROW EXECUTE FUNCTION zones_bump_version()"
        )
    else:
        op.execute(
            """
            CREATE TRIGGER zones_bump_version AFTER UPDATE ON zones
            FOR EACH ROW WHEN NEW.version = OLD.version
            BEGIN
              UPDATE zones SET version = OLD.version + 1,
                               updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now')
              WHERE id = NEW.id;
            END
            """
        )


def downgrade() -> None:
    op.execute(
        "DROP TRIGGER zones_bump_version ON zones"
        if op.get_bind().dialect.name == "postgresql"
        else "DROP TRIGGER zones_bump_version"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION zones_bump_version()")
