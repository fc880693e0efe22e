"""E-mail to a comment's author when the answer comes: the address (opt-in) and the outbox.

A citizen may give an e-mail address with a comment; it is kept beside the comment with the
receipt link the mail carries and the language the form was in, and forgotten with the other
personal fields (``purge-personal``) or when the comment is deleted. ``mail_outbox`` is the
durable queue: a mail is written in the same transaction as the answer, and a sender
(``arealweb send-mail``, or the thread ``arealweb serve`` starts) claims, sends and deletes it,
or counts the attempt and waits longer before the next.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from arealweb.store.types import Moment

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("comments", sa.Column("email", sa.String(254)))
    op.add_column("comments", sa.Column("receipt_link", sa.Text))
    op.add_column("comments", sa.Column("language", sa.String(8)))
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("comment_id", sa.String(64), nullable=True),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", Moment(), nullable=False),
        sa.Column("claimed_until", Moment()),
        sa.Column("last_error", sa.String(500)),
        sa.Column("gave_up_at", Moment()),
        sa.PrimaryKeyConstraint("id", name="pk_mail_outbox"),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name="fk_mail_outbox_comment_id_comments",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_mail_outbox_next_attempt_at", "mail_outbox", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_mail_outbox_next_attempt_at", "mail_outbox")
    op.drop_table("mail_outbox")
    for column in ("language", "receipt_link", "email"):
        op.drop_column("comments", column)
