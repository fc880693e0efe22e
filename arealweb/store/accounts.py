"""Users, their sign-in sessions and API tokens, and the audit log of what was done to them.

Passwords, session secrets and tokens are stored only as hashes or digests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from arealweb.domain.accounts import (
    ApiToken,
    AuditAction,
    AuditEntry,
    Role,
    SignInSession,
    User,
    audit_text,
)
from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.text import N_
from arealweb.store.schema import api_tokens, audit_log, sign_in_sessions, users


def _now() -> datetime:
    return datetime.now(UTC)


class AccountRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    # Users

    def add_user(self, name: str, password_hash: str, role: Role) -> User:
        if self.find_user(name) is not None:
            raise InvalidInput(N_("brukeren %(name)s finnes allerede"), name=name)
        result = self.connection.execute(
            users.insert().values(
                name=name,
                password_hash=password_hash,
                role=role.value,
                active=True,
                created_at=_now(),
            )
        )
        return User(result.inserted_primary_key[0], name, role)

    def find_user(self, name: str) -> User | None:
        row = self.connection.execute(sa.select(users).where(users.c.name == name)).first()
        return _user(row) if row else None

    def existing_user(self, name: str) -> User:
        user = self.find_user(name)
        if user is None:
            raise NotFound(N_("fant ingen bruker %(name)s"), name=name)
        return user

    def user(self, user_id: int) -> User | None:
        row = self.connection.execute(sa.select(users).where(users.c.id == user_id)).first()
        return _user(row) if row else None

    def password_hash(self, name: str) -> str | None:
        return self.connection.execute(
            sa.select(users.c.password_hash).where(users.c.name == name, users.c.active)
        ).scalar()

    def set_password(self, name: str, password_hash: str) -> None:
        done = self.connection.execute(
            users.update().where(users.c.name == name).values(password_hash=password_hash)
        )
        if done.rowcount != 1:
            raise NotFound(N_("fant ingen bruker %(name)s"), name=name)

    def set_role(self, user: User, role: Role) -> None:
        self.connection.execute(users.update().where(users.c.id == user.id).values(role=role.value))

    def set_active(self, user: User, active: bool) -> None:
        self.connection.execute(users.update().where(users.c.id == user.id).values(active=active))

    def active_admins(self) -> int:
        return self.connection.execute(
            sa.select(sa.func.count())
            .select_from(users)
            .where(users.c.role == Role.ADMIN.value, users.c.active)
        ).scalar_one()

    def users(self) -> list[User]:
        return [_user(r) for r in self.connection.execute(sa.select(users).order_by(users.c.name))]

    # API tokens

    def add_token(self, user: User, digest: str, label: str, expires_at: datetime) -> int:
        result = self.connection.execute(
            api_tokens.insert().values(
                user_id=user.id,
                digest=digest,
                label=label,
                created_at=_now(),
                expires_at=expires_at,
            )
        )
        return result.inserted_primary_key[0]

    def user_for_token(self, digest: str) -> User | None:
        """The active user whose unrevoked, unexpired token has this digest; notes its use."""
        now = _now()
        row = self.connection.execute(
            sa.select(users, api_tokens.c.id.label("token_id"))
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(
                api_tokens.c.digest == digest,
                api_tokens.c.revoked_at.is_(None),
                api_tokens.c.expires_at > now,
                users.c.active,
            )
        ).first()
        if row is None:
            return None
        self.connection.execute(
            api_tokens.update().where(api_tokens.c.id == row.token_id).values(last_used_at=now)
        )
        return _user(row)

    def tokens(self, user: User | None = None) -> list[ApiToken]:
        """Every token (of ``user``, when given), the newest first."""
        query = _token_query().order_by(api_tokens.c.created_at.desc(), api_tokens.c.id.desc())
        if user is not None:
            query = query.where(api_tokens.c.user_id == user.id)
        return [_token(r) for r in self.connection.execute(query)]

    def token(self, token_id: int) -> ApiToken | None:
        row = self.connection.execute(_token_query().where(api_tokens.c.id == token_id)).first()
        return _token(row) if row else None

    def revoke_token(self, token_id: int) -> bool:
        """Revoke one token; False when it was revoked already."""
        done = self.connection.execute(
            api_tokens.update()
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=_now())
        )
        return done.rowcount == 1

    def revoke_tokens(self, user: User) -> int:
        """Revoke every token of ``user`` still in force; how many there were."""
        now = _now()
        done = self.connection.execute(
            api_tokens.update()
            .where(
                api_tokens.c.user_id == user.id,
                api_tokens.c.revoked_at.is_(None),
                api_tokens.c.expires_at > now,
            )
            .values(revoked_at=now)
        )
        return done.rowcount

    # Sign-in sessions

    def add_session(self, user: User, digest: str) -> int:
        now = _now()
        result = self.connection.execute(
            sign_in_sessions.insert().values(
                user_id=user.id, digest=digest, created_at=now, last_seen_at=now
            )
        )
        return result.inserted_primary_key[0]

    def open_session(self, digest: str) -> tuple[SignInSession, User] | None:
        """The session with this digest and its user, while neither is ended nor deactivated."""
        row = self.connection.execute(
            sa.select(
                users,
                sign_in_sessions.c.id.label("session_id"),
                sign_in_sessions.c.created_at.label("session_created_at"),
                sign_in_sessions.c.last_seen_at,
            )
            .join(sign_in_sessions, sign_in_sessions.c.user_id == users.c.id)
            .where(
                sign_in_sessions.c.digest == digest,
                sign_in_sessions.c.ended_at.is_(None),
                users.c.active,
            )
        ).first()
        if row is None:
            return None
        session = SignInSession(row.session_id, row.id, row.session_created_at, row.last_seen_at)
        return session, _user(row)

    def saw_session(self, session_id: int) -> None:
        """Note that a session was used just now."""
        self.connection.execute(
            sign_in_sessions.update()
            .where(sign_in_sessions.c.id == session_id)
            .values(last_seen_at=_now())
        )

    def sessions(self, user: User) -> list[SignInSession]:
        """The user's open sessions, the most recently used first."""
        rows = self.connection.execute(
            sa.select(sign_in_sessions)
            .where(sign_in_sessions.c.user_id == user.id, sign_in_sessions.c.ended_at.is_(None))
            .order_by(sign_in_sessions.c.last_seen_at.desc(), sign_in_sessions.c.id.desc())
        )
        return [
            SignInSession(r.id, r.user_id, r.created_at, r.last_seen_at, r.ended_at) for r in rows
        ]

    def end_session(self, session_id: int, user: User) -> bool:
        """End one open session of ``user``; False when there is none by that id."""
        done = self.connection.execute(
            sign_in_sessions.update()
            .where(
                sign_in_sessions.c.id == session_id,
                sign_in_sessions.c.user_id == user.id,
                sign_in_sessions.c.ended_at.is_(None),
            )
            .values(ended_at=_now())
        )
        return done.rowcount == 1

    def end_sessions(self, user: User, keep: int | None = None) -> int:
        """End every open session of ``user`` but ``keep``; how many were ended."""
        query = sign_in_sessions.update().where(
            sign_in_sessions.c.user_id == user.id, sign_in_sessions.c.ended_at.is_(None)
        )
        if keep is not None:
            query = query.where(sign_in_sessions.c.id != keep)
        return self.connection.execute(query.values(ended_at=_now())).rowcount

    # The audit log

    def record(self, actor: str, action: AuditAction, subject: str, detail: str = "") -> None:
        self.connection.execute(
            audit_log.insert().values(
                at=_now(),
                actor=audit_text(actor, 120),
                action=action.value,
                subject=audit_text(subject, 120),
                detail=audit_text(detail, 300),
            )
        )

    def audit(self, limit: int, offset: int = 0) -> list[AuditEntry]:
        """Entries of the audit log, the newest first."""
        rows = self.connection.execute(
            sa.select(audit_log)
            .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            AuditEntry(r.id, r.at, r.actor, AuditAction(r.action), r.subject, r.detail)
            for r in rows
        ]

    def audit_count(self) -> int:
        return self.connection.execute(
            sa.select(sa.func.count()).select_from(audit_log)
        ).scalar_one()


def _user(row: sa.Row) -> User:
    return User(row.id, row.name, Role(row.role), row.active)


def _token_query() -> sa.Select:
    return sa.select(api_tokens, users.c.name.label("user_name")).join(
        users, users.c.id == api_tokens.c.user_id
    )


def _token(row: sa.Row) -> ApiToken:
    return ApiToken(
        row.id,
        row.user_name,
        row.label,
        row.created_at,
        row.expires_at,
        row.last_used_at,
        row.revoked_at,
    )
