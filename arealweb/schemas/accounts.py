"""The shape of what people send about accounts: signing in, a new password, a token's label
and an admin's choice of role. All come from forms, so they are read with ``strict=False``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ValidationError, WrapValidator, model_validator

from arealweb.domain.accounts import TOKEN_LABEL, Role
from arealweb.domain.text import N_
from arealweb.schemas.base import Schema, Text, rule
from arealweb.schemas.choices import Choice

USER_NAME_WIDTH = 80
"""The width of ``users.name``."""
PASSWORD_MAX = 1_000
"""Longer than any passphrase; a password is hashed, never stored, but hashing a megabyte
for every guess is work no one should be able to ask for."""

Password = Text(PASSWORD_MAX, strip=False)
"""A password as typed: spaces at either end are part of it."""


class SignIn(Schema):
    name: Text(USER_NAME_WIDTH)
    password: Password


class PasswordChange(Schema):
    """The account's own new password, typed twice, and the current one."""

    current_password: Password = ""
    new_password: Password = ""
    repeat_password: Password = ""

    @model_validator(mode="after")
    def _repeated(self) -> PasswordChange:
        if self.new_password != self.repeat_password:
            raise rule(N_("de to nye passordene er ikke like"))
        return self


class NewToken(Schema):
    """What a new API token is for, in the owner's words (the column's width)."""

    label: Text(TOKEN_LABEL) = ""


def _known_role(value: Any, handler: Any) -> Role:
    try:
        return handler(value)
    except ValidationError:
        raise rule(N_("ukjent rolle; velg admin, planner eller council")) from None


class RoleChange(Schema):
    """An admin's choice of role for an account: exactly one of the roles."""

    role: Annotated[Choice(Role), WrapValidator(_known_role)]
