"""Accounts in the store, on SQLite and PostGIS: sessions, expiring tokens, the audit log and
the migration that brought them."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command

from arealweb.domain.accounts import AuditAction, Role
from arealweb.services import accounts, audit, sessions
from arealweb.store.database import alembic_config, migrate
from arealweb.store.schema import api_tokens, users
from tests.conftest import HEAD

PASSWORD = "et-langt-passord"


def test_a_session_is_found_by_its_secret_until_it_ends(store):
    accounts.create_user(store, "kari", Role.PLANNER, PASSWORD)
    signed = sessions.sign_in(store, "kari", PASSWORD)
    assert signed.secret.startswith("s_")
    assert sessions.signed_in(store, signed.secret).user.name == "kari"
    with store.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT digest FROM sign_in_sessions").scalar_one()
    assert signed.secret not in stored and len(stored) == 64
    sessions.sign_out(store, signed)
    assert sessions.signed_in(store, signed.secret) is None
    assert sessions.signed_in(store, "s_made-up") is None
    assert sessions.signed_in(store, "4") is None  # a cookie from before: a bare user id


def test_a_deactivated_accounts_session_and_token_open_nothing(store):
    accounts.create_user(store, "kari", Role.PLANNER, PASSWORD)
    signed = sessions.sign_in(store, "kari", PASSWORD)
    token = accounts.create_token(store, "kari")
    accounts.deactivate(store, "kari")
    accounts.activate(store, "kari")
    assert sessions.signed_in(store, signed.secret) is None
    assert accounts.user_for_token(store, token) is None


def test_an_expired_or_revoked_token_opens_nothing(store):
    accounts.create_user(store, "kari", Role.PLANNER, PASSWORD)
    old = accounts.create_token(store, "kari", "gammel", days=1)
    revoked = accounts.create_token(store, "kari", "trukket")
    kept = accounts.create_token(store, "kari", "god")
    with store.engine.begin() as connection:
        connection.execute(
            api_tokens.update()
            .where(api_tokens.c.label == "gammel")
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    [revoked_token] = [t for t in accounts.tokens(store, "kari") if t.label == "trukket"]
    accounts.revoke_token(store, revoked_token.id)
    assert accounts.user_for_token(store, old) is None
    assert accounts.user_for_token(store, revoked) is None
    assert accounts.user_for_token(store, kept).name == "kari"
    listed = accounts.tokens(store, "kari")
    assert [t.label for t in listed] == ["god", "trukket", "gammel"]
    now = datetime.now(UTC)
    assert [t.usable(now) for t in listed] == [True, False, False]
    assert listed[0].last_used_at is not None


def test_a_failed_sign_in_with_any_name_is_audited_and_never_fails(store):
    accounts.create_user(store, "kari", Role.PLANNER, PASSWORD)
    for name in ["kari", "ka\x00ri", "x" * 5_000, "\ud800", "KARI", ""]:
        assert sessions.sign_in(store, name, "feil-passord-her") is None
    entries, total = audit.entries(store, 10)
    assert total == 7
    assert [e.action for e in entries[:6]] == [AuditAction.SIGN_IN_FAILED] * 6
    names = [e.subject for e in reversed(entries[:6])]
    assert names[1] == "ka\ufffdri" and names[2] == "x" * 120 and names[3] == "\ufffd"


def test_the_audit_log_reads_back_newest_first_in_pages(store):
    for name in ["a1", "b2", "c3"]:
        accounts.create_user(store, name, Role.COUNCIL, PASSWORD)
    accounts.set_role(store, "b2", Role.PLANNER)
    first, total = audit.entries(store, 2)
    assert total == 4
    assert [(e.action, e.subject, e.detail) for e in first] == [
        (AuditAction.ROLE_CHANGED, "b2", "council → planner"),
        (AuditAction.USER_CREATED, "c3", "council"),
    ]
    rest, _ = audit.entries(store, 2, 2)
    assert [e.subject for e in rest] == ["b2", "a1"]
    assert all(e.actor == "" and e.at.tzinfo is not None for e in first + rest)


def test_the_migration_gives_tokens_made_before_it_an_expiry(store):
    with store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    with store.engine.begin() as connection:
        connection.execute(
            users.insert().values(
                name="kari",
                password_hash="x",
                role="planner",
                active=True,
                created_at=datetime.now(UTC),
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO api_tokens (user_id, digest, label, created_at) "
                "VALUES (1, :digest, 'gammel', :now)"
            ),
            {"digest": "d" * 64, "now": datetime.now(UTC)},
        )
    assert migrate(store.engine) == ("0007", HEAD)
    [token] = accounts.tokens(store, "kari")
    assert timedelta(days=89) < token.expires_at - datetime.now(UTC) <= timedelta(days=90)
