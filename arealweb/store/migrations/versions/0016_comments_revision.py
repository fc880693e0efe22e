"""A revision of the comments that the database moves on every change, whoever makes it.

``GET /api/v1/comments`` and ``/comments/counts`` answer with an ETag built on this revision
and keep their built bodies by it, so an unchanged set is neither rebuilt nor sent again. The
revision must move on everything those answers show: a comment posted, moderated, answered,
agreed with, purged of personal fields or deleted (also by the cascade from a consultation),
and an edit made outside the app (psql). Triggers on ``comments`` and ``comment_agreements``
do it, so no write path can forget. ``consultations`` has none: the comments API shows only a
consultation's id, and deleting one reaches ``comments`` through its cascade.

The counter is rows of ``revisions`` bumped with an ``UPDATE``, not a sequence: a sequence
moves when the statement runs, before its transaction commits, so a reader could take the new
revision with the old rows and keep that body under it for good. A row's update is part of the
transaction and is seen with the rows it counts. An updated row stays locked until commit, and
one row would make every comment post wait for the one before it to be flushed to disk (on a
durable PostgreSQL, posts then went one fsync at a time: 137 posts/s at 50 clients). So the
revision is the **sum of 16 stripes** (``comments:0`` … ``comments:15``), each transaction
bumping the one its transaction id picks, always the same one, so it never holds two and two
writers cannot deadlock over them (PostgreSQL; SQLite has one writer at a time anyway and bumps
``comments:0``): posts rarely wait for each other and commit together. The sum is read in one
statement, so in one snapshot; snapshots see commits in one order, so each committed change
raises it and two reads with the same sum saw the same changes.
On PostgreSQL the triggers are statement-level and bump only when the statement changed rows
(transition tables), so a refused agreement or a purge that forgot nothing locks nothing.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

COUNTER = "comments"
STRIPES = 16
_TABLES = ("comments", "comment_agreements")
_EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("revision", sa.BigInteger, nullable=False),
    )
    stripes = ", ".join(f"('{COUNTER}:{n}', {1 if n == 0 else 0})" for n in range(STRIPES))
    op.execute(f"INSERT INTO revisions (name, revision) VALUES {stripes}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION revisions_bump_if_changed() RETURNS trigger AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM changed) THEN
                UPDATE revisions SET revision = revision + 1
                WHERE name = TG_ARGV[0] || ':' || (txid_current() % TG_ARGV[1]::int);
              END IF;
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            """
            CREATE FUNCTION revisions_bump() RETURNS trigger AS $$
            BEGIN
              UPDATE revisions SET revision = revision + 1
              WHERE name = TG_ARGV[0] || ':' || (txid_current() % TG_ARGV[1]::int);
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        )
        for table in _TABLES:
            for event, side in _EVENTS.items():
                op.execute(
                    f"CREATE TRIGGER {table}_revision_{event} AFTER {event.upper()} ON {table} "
                    f"REFERENCING {side} TABLE AS changed FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION revisions_bump_if_changed('{COUNTER}', '{STRIPES}')"
                )
            op.execute(
                f"CREATE TRIGGER {table}_revision_truncate AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION revisions_bump('{COUNTER}', '{STRIPES}')"
            )
    else:
        for table in _TABLES:
            for event in _EVENTS:
                op.execute(
                    f"CREATE TRIGGER {table}_revision_{event} AFTER {event.upper()} ON {table} "
                    f"BEGIN UPDATE revisions SET revision = revision + 1 "
                    f"WHERE name = '{COUNTER}:0'; END"
                )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in _TABLES:
        for event in (*_EVENTS, *(["truncate"] if postgres else [])):
            trigger = f"{table}_revision_{event}"
            op.execute(
                f"DROP TRIGGER {trigger} ON {table}" if postgres else f"DROP TRIGGER {trigger}"
            )
    if postgres:
        op.execute("DROP FUNCTION revisions_bump_if_changed()")
        op.execute("DROP FUNCTION revisions_bump()")
    op.drop_table("revisions")
