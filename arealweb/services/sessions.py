"""Sign-in sessions: made at sign-in, looked up on every request, ended on purpose.

The browser's cookie carries only a random secret (through Flask-Login's session); the store
keeps its SHA-256 digest. Signing out, a new password and deactivation end the row, so a copy
of the cookie taken earlier opens nothing afterwards.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from arealweb.domain.accounts import AuditAction, SignInSession, User, secret_digest
from arealweb.domain.errors import NotFound
from arealweb.domain.text import N_
from arealweb.services.accounts import ANONYMOUS, actor, authenticate
from arealweb.store.repository import Store

SECRET_PREFIX = "s_"
SEEN_EVERY = timedelta(minutes=1)
"""How stale a session's "last seen" may get before a request writes it again."""


@dataclass(frozen=True)
class Signed:
    """Who is signed in, by which session, and the secret the browser keeps for it."""

    user: User
    session_id: int
    secret: str


def sign_in(store: Store, name: str, password: str) -> Signed | None:
    """A new session when the password is right; each try, good or bad, is audited."""
    user = authenticate(store, name, password)
    with store.write() as repo:
        if user is None:
            repo.accounts.record(ANONYMOUS, AuditAction.SIGN_IN_FAILED, name)
            return None
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        session_id = repo.accounts.add_session(user, secret_digest(secret))
        repo.accounts.record(user.name, AuditAction.SIGN_IN, user.name, f"#{session_id}")
    return Signed(user, session_id, secret)


def signed_in(store: Store, secret: str, idle: timedelta | None = None) -> Signed | None:
    """The open session behind a cookie's secret, or None when it ended or never was.

    A session not used for longer than ``idle`` is ended here (and audited), as if its owner
    had signed out: a browser left open on a shared computer opens nothing the next day."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    with store.read() as repo:
        found = repo.accounts.open_session(secret_digest(secret))
    if found is None:
        return None
    session, user = found
    now = datetime.now(UTC)
    if idle is not None and now - session.last_seen_at > idle:
        with store.write() as repo:
            if repo.accounts.end_session(session.id, user):
                detail = f"#{session.id} idle>{int(idle.total_seconds() // 60)}m"
                repo.accounts.record(ANONYMOUS, AuditAction.SESSION_ENDED, user.name, detail)
        return None
    if now - session.last_seen_at > SEEN_EVERY:
        with store.write() as repo:
            repo.accounts.saw_session(session.id)
    return Signed(user, session.id, secret)


def sign_out(store: Store, signed: Signed) -> None:
    with store.write() as repo:
        if repo.accounts.end_session(signed.session_id, signed.user):
            repo.accounts.record(
                signed.user.name, AuditAction.SIGN_OUT, signed.user.name, f"#{signed.session_id}"
            )


def open_sessions(store: Store, user: User) -> list[SignInSession]:
    with store.read() as repo:
        return repo.accounts.sessions(user)


def end_session(store: Store, user: User, session_id: int) -> None:
    """End one of ``user``'s own sessions (signed in on another device, say)."""
    with store.write() as repo:
        if not repo.accounts.end_session(session_id, user):
            raise NotFound(N_("fant ingen åpen økt %(id)s"), id=session_id)
        repo.accounts.record(user.name, AuditAction.SESSION_ENDED, user.name, f"#{session_id}")


def end_all_sessions(store: Store, name: str, by: User | None = None) -> int:
    """End every open session of ``name`` (an admin's or the terminal's doing); how many."""
    with store.write() as repo:
        user = repo.accounts.existing_user(name)
        ended = repo.accounts.end_sessions(user)
        repo.accounts.record(actor(by), AuditAction.SESSION_ENDED, name, f"all={ended}")
    return ended
