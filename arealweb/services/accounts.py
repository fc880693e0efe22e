"""Accounts: users, passwords, roles, (de)activation and personal API tokens, each change
noted in the audit log.

Passwords are hashed with werkzeug's scrypt. API tokens are random, shown once, stored as a
SHA-256 digest (a copy of the database gives no one a way in) and expire. A new password ends
every other sign-in session and every API token of the account; deactivating an account ends
all of them. ``by`` is the admin (or the account itself) who asks; ``None`` is the terminal,
which may do anything.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from arealweb.domain.accounts import (
    TOKEN_DAYS,
    USER_NAME,
    ApiToken,
    AuditAction,
    Role,
    User,
    check_new_user,
    check_password,
    check_token_label,
    secret_digest,
)
from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.text import N_
from arealweb.store.repository import Store, UnitOfWork

TOKEN_PREFIX = "aw_"
TERMINAL = ""
"""The actor the audit log names for what was done on the command line."""
ANONYMOUS = "anonym"
"""The actor of a failed sign-in."""


@cache
def _dummy_hash() -> str:
    """A hash to check a password against for a user that does not exist, so that costs the
    same as for one that does; computed at the first sign-in (scrypt: ~0.1 s), not at import."""
    return generate_password_hash("arealweb-no-such-user")


def actor(by: User | None) -> str:
    return by.name if by is not None else TERMINAL


def create_user(store: Store, name: str, role: Role, password: str, by: User | None = None) -> User:
    check_new_user(name, password)
    with store.write() as repo:
        user = repo.accounts.add_user(name, generate_password_hash(password), role)
        repo.accounts.record(actor(by), AuditAction.USER_CREATED, name, role.value)
        return user


def users(store: Store) -> list[User]:
    with store.read() as repo:
        return repo.accounts.users()


def user_named(store: Store, name: str) -> User:
    with store.read() as repo:
        return repo.accounts.existing_user(name)


def set_password(store: Store, name: str, password: str, by: User | None = None) -> None:
    """A new password for ``name`` (by an admin or the terminal): every session and token ends."""
    check_new_user(name, password)
    with store.write() as repo:
        user = repo.accounts.existing_user(name)
        _new_password(repo, user, password, by, keep_session=None)


def change_password(
    store: Store, user: User, current: str, new: str, keep_session: int | None
) -> None:
    """The account's own change of password: the current one must be right. Every other
    session and every API token of the account ends; ``keep_session`` (the one asking) stays."""
    check_password(new)
    with store.write() as repo:
        stored = repo.accounts.password_hash(user.name)
        if not check_password_hash(stored or _dummy_hash(), current):
            raise InvalidInput(N_("det nåværende passordet er feil"), where=None)
        _new_password(repo, user, new, user, keep_session)


def _new_password(
    repo: UnitOfWork, user: User, password: str, by: User | None, keep_session: int | None
) -> None:
    repo.accounts.set_password(user.name, generate_password_hash(password))
    sessions = repo.accounts.end_sessions(user, keep=keep_session)
    tokens = repo.accounts.revoke_tokens(user)
    repo.accounts.record(
        actor(by),
        AuditAction.PASSWORD_CHANGED,
        user.name,
        f"sessions={sessions} tokens={tokens}",
    )


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs (and they are active), else None."""
    stored = user = None
    if USER_NAME.match(name):  # others could not be a user's, and never reach the database
        with store.read() as repo:
            stored = repo.accounts.password_hash(name)
            user = repo.accounts.find_user(name) if stored else None
    if not check_password_hash(stored or _dummy_hash(), password):
        return None
    return user


def set_role(store: Store, name: str, role: Role, by: User | None = None) -> User:
    """Give ``name`` a new role; the last active admin keeps theirs."""
    with store.write() as repo:
        user = repo.accounts.existing_user(name)
        if user.role == role:
            return user
        if user.role == Role.ADMIN and user.active:
            _keep_an_admin(repo)
        repo.accounts.set_role(user, role)
        repo.accounts.record(
            actor(by), AuditAction.ROLE_CHANGED, name, f"{user.role.value} → {role.value}"
        )
        return User(user.id, user.name, role, user.active)


def deactivate(store: Store, name: str, by: User | None = None) -> User:
    """Close ``name``'s account: it cannot sign in, and its sessions and tokens end now."""
    with store.write() as repo:
        user = repo.accounts.existing_user(name)
        if not user.active:
            return user
        if user.role == Role.ADMIN:
            _keep_an_admin(repo)
        repo.accounts.set_active(user, False)
        sessions = repo.accounts.end_sessions(user)
        tokens = repo.accounts.revoke_tokens(user)
        repo.accounts.record(
            actor(by), AuditAction.DEACTIVATED, name, f"sessions={sessions} tokens={tokens}"
        )
        return User(user.id, user.name, user.role, False)


def activate(store: Store, name: str, by: User | None = None) -> User:
    """Open ``name``'s account again (its old sessions and tokens stay ended)."""
    with store.write() as repo:
        user = repo.accounts.existing_user(name)
        if user.active:
            return user
        repo.accounts.set_active(user, True)
        repo.accounts.record(actor(by), AuditAction.ACTIVATED, name)
        return User(user.id, user.name, user.role, True)


def _keep_an_admin(repo: UnitOfWork) -> None:
    if repo.accounts.active_admins() <= 1:
        raise InvalidInput(N_("det må finnes minst én aktiv administrator"))


def create_token(
    store: Store, name: str, label: str = "", days: int = TOKEN_DAYS, by: User | None = None
) -> str:
    """A new personal API token for ``name`` that expires in ``days``; the only time it is shown."""
    check_token_label(label)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + timedelta(days=days)
    with store.write() as repo:
        user = repo.accounts.existing_user(name)
        if by is not None and by.name != name and by.role != Role.ADMIN:
            raise NotFound(N_("fant ingen bruker %(name)s"), name=name)
        token_id = repo.accounts.add_token(user, secret_digest(token), label, expires_at)
        repo.accounts.record(actor(by), AuditAction.TOKEN_CREATED, name, f"#{token_id} {label}")
    return token


def user_for_token(store: Store, token: str) -> User | None:
    """The account behind a token in force; None for one unknown, revoked or expired."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    with store.write() as repo:
        return repo.accounts.user_for_token(secret_digest(token))


def tokens(store: Store, name: str | None = None) -> list[ApiToken]:
    """The tokens of ``name`` (or everyone's), the newest first."""
    with store.read() as repo:
        owner = repo.accounts.existing_user(name) if name is not None else None
        return repo.accounts.tokens(owner)


def revoke_token(store: Store, token_id: int, by: User | None = None) -> ApiToken:
    """Revoke a token: its owner and admins may (others are told there is no such token)."""
    with store.write() as repo:
        token = repo.accounts.token(token_id)
        if token is None or (
            by is not None and by.role != Role.ADMIN and by.name != token.user_name
        ):
            raise NotFound(N_("fant ikke API-token %(id)s"), id=token_id)
        if repo.accounts.revoke_token(token_id):
            repo.accounts.record(
                actor(by), AuditAction.TOKEN_REVOKED, token.user_name, f"#{token_id} {token.label}"
            )
        return repo.accounts.token(token_id)
