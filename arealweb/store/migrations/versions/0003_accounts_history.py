"""Accounts, API tokens, soft-deleted zones and the append-only zone history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "zone_history is append-only"


def upgrade() -> None:
    postgis = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name="uq_users_name"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE", name="fk_api_tokens_user_id_users"),
            nullable=False,
        ),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("digest", name="uq_api_tokens_digest"),
    )
    with op.batch_alter_table("zones") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True)))
    op.create_table(
        "zone_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("zone_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.UniqueConstraint("zone_id", "version", name="uq_zone_history_zone_id"),
    )
    if postgis:
        op.execute(
            f"""
            CREATE FUNCTION zone_history_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER zone_history_append_only BEFORE UPDATE OR DELETE ON zone_history "
            "FOR EACH ROW EXECUTE FUNCTION zone_history_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER zone_history_no_{event.lower()} BEFORE {event} ON zone_history "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER zone_history_append_only ON zone_history")
        op.execute("DROP FUNCTION zone_history_append_only()")
    op.drop_table("zone_history")
    with op.batch_alter_table("zones") as batch:
        batch.drop_column("deleted_at")
    op.drop_table("api_tokens")
    op.drop_table("users")
