"""Accounts: creating users, checking passwords, and personal API tokens for scripts and QGIS.

Passwords are hashed with werkzeug's scrypt; tokens are random, shown once, and stored as a
SHA-256 digest, so a copy of the database gives no one a way in.
"""

from __future__ import annotations

import hashlib
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from arealweb.domain.accounts import Role, User, check_new_user
from arealweb.domain.errors import NotFound
from arealweb.domain.text import N_
from arealweb.store.repository import Store

TOKEN_PREFIX = "aw_"
# Checking a password for a user that does not exist costs the same as for one that does.
_DUMMY_HASH = generate_password_hash("arealweb-no-such-user")


def create_user(store: Store, name: str, role: Role, password: str) -> User:
    check_new_user(name, password)
    with store.write() as repo:
        return repo.accounts.add_user(name, generate_password_hash(password), role)


def users(store: Store) -> list[User]:
    with store.read() as repo:
        return repo.accounts.users()


def set_password(store: Store, name: str, password: str) -> None:
    check_new_user(name, password)
    with store.write() as repo:
        repo.accounts.set_password(name, generate_password_hash(password))


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs (and they are active), else None."""
    with store.read() as repo:
        stored = repo.accounts.password_hash(name)
        user = repo.accounts.find_user(name) if stored else None
    if not check_password_hash(stored or _DUMMY_HASH, password):
        return None
    return user


def create_token(store: Store, name: str, label: str = "") -> str:
    """A new personal API token for ``name``; the only time it is shown."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.write() as repo:
        user = repo.accounts.find_user(name)
        if user is None:
            raise NotFound(N_("fant ingen bruker %(name)s"), name=name)
        repo.accounts.add_token(user, _digest(token), label)
    return token


def user_for_token(store: Store, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    with store.write() as repo:
        return repo.accounts.user_for_token(_digest(token))


def user_by_id(store: Store, user_id: int) -> User | None:
    with store.read() as repo:
        return repo.accounts.user(user_id)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
