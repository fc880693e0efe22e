"""PostgreSQL announces every change to the comments itself, whoever makes it.

The moderation queue's open streams wake on the ``comments`` topic of the live-updates channel
(``arealweb.store.signals``). Until now the app announced it with a ``pg_notify`` of its own in
each transaction that added, moderated or deleted a comment: a round trip more in every comment
post's shared transaction (about 0.3 ms of a worker's CPU each), and nothing for a comment
changed past the app (psql, a restore of a table, QGIS). The comments' revision trigger of
migration 0016 already runs for every statement that changes comment rows; it now also
announces the topic there, in the same transaction, so PostgreSQL delivers it only if that
commits, and once however many statements of the transaction changed comments (PostgreSQL
folds a transaction's identical notifications into one). Agreements (``comment_agreements``)
bump the revision but do not touch the queue, and announce nothing. The channel's name is
``arealweb.store.signals.CHANNEL`` at this revision, written out: a migration describes the
database as it was. SQLite has no notifications: there the app announces after the commit.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_BUMP = """
  UPDATE revisions SET revision = revision + 1
  WHERE name = TG_ARGV[0] || ':' || (txid_current() % TG_ARGV[1]::int);
"""
_ANNOUNCE = """
  IF TG_TABLE_NAME = 'comments' THEN
    PERFORM pg_notify('arealweb_live', 'comments');
  END IF;
"""


def _functions(announce: str) -> None:
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION revisions_bump_if_changed() RETURNS trigger AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM changed) THEN
            {_BUMP}
            {announce}
          END IF;
          RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION revisions_bump() RETURNS trigger AS $$
        BEGIN
          {_BUMP}
          {announce}
          RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _functions(_ANNOUNCE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _functions("")
