"""Users and their API tokens. Passwords and tokens are stored only as hashes."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from arealweb.domain.accounts import Role, User
from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.text import N_
from arealweb.store.schema import api_tokens, users


class AccountRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def add_user(self, name: str, password_hash: str, role: Role) -> User:
        if self.find_user(name) is not None:
            raise InvalidInput(N_("brukeren %(name)s finnes allerede"), name=name)
        result = self.connection.execute(
            users.insert().values(
                name=name,
                password_hash=password_hash,
                role=role.value,
                active=True,
                created_at=datetime.now(UTC),
            )
        )
        return User(result.inserted_primary_key[0], name, role)

    def find_user(self, name: str) -> User | None:
        row = self.connection.execute(sa.select(users).where(users.c.name == name)).first()
        return _user(row) if row else None

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

    def users(self) -> list[User]:
        return [_user(r) for r in self.connection.execute(sa.select(users).order_by(users.c.name))]

    def add_token(self, user: User, digest: str, label: str) -> None:
        self.connection.execute(
            api_tokens.insert().values(
                user_id=user.id, digest=digest, label=label, created_at=datetime.now(UTC)
            )
        )

    def user_for_token(self, digest: str) -> User | None:
        """The active user whose unrevoked token has this digest; notes that it was used."""
        row = self.connection.execute(
            sa.select(users, api_tokens.c.id.label("token_id"))
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.digest == digest, api_tokens.c.revoked_at.is_(None), users.c.active)
        ).first()
        if row is None:
            return None
        self.connection.execute(
            api_tokens.update()
            .where(api_tokens.c.id == row.token_id)
            .values(last_used_at=datetime.now(UTC))
        )
        return _user(row)


def _user(row: sa.Row) -> User:
    return User(row.id, row.name, Role(row.role), row.active)
