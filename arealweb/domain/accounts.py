"""Who may do what: roles of the people who use arealweb.

The public has no account and reads. Council members take part in workshops. Planners edit
zones and goals. Admins do what planners do and manage accounts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_

USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
MIN_PASSWORD = 12
TOKEN_DAYS = 90
"""How long a new API token lasts unless the setting ``AREALWEB_TOKEN_DAYS`` says otherwise."""


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    COUNCIL = "council"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def edits_plan(self) -> bool:
        """May create, edit, delete and restore zones and goals."""
        return self in (Role.ADMIN, Role.PLANNER)


def role_named(value: str) -> Role:
    """The role called ``value``; refused, saying which there are, when there is none."""
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput(
            N_("ukjent rolle; velg admin, planner eller council"), where=None
        ) from None


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.PLANNER: N_("Planlegger"),
    Role.COUNCIL: N_("Kommunestyremedlem"),
}


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: Role
    active: bool = True


def check_new_user(name: str, password: str) -> None:
    """Refuse a user name or password that will not do, saying why."""
    if not USER_NAME.match(name):
        raise InvalidInput(
            N_("brukernavnet må være 2–80 tegn: små bokstaver a–z, tall og . _ -"), name=name
        )
    check_password(password)


def check_password(password: str) -> None:
    """Refuse a password that is too short, saying why."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(N_("passordet må ha minst %(min)d tegn"), min=MIN_PASSWORD)


TOKEN_LABEL = 200


def check_token_label(label: str) -> None:
    """Refuse a token's label that is too long or holds control characters."""
    if len(label) > TOKEN_LABEL or audit_text(label, TOKEN_LABEL) != label:
        raise InvalidInput(
            N_("merkelappen må ha høyst %(max)d tegn og ingen kontrolltegn"), max=TOKEN_LABEL
        )


@dataclass(frozen=True)
class SignInSession:
    """One sign-in in one browser, from sign-in until it is ended (or forgotten by the browser).

    The browser's cookie holds only a random secret; the database holds its digest, so ending
    the row here ends the cookie, wherever it was copied to."""

    id: int
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class ApiToken:
    """A personal API token as its owner and admins see it: never the secret itself."""

    id: int
    user_name: str
    label: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    SESSION_ENDED = "session_ended"
    PASSWORD_CHANGED = "password_changed"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    USER_CREATED = "user_created"
    ROLE_CHANGED = "role_changed"
    DEACTIVATED = "deactivated"
    ACTIVATED = "activated"

    @property
    def label(self) -> str:
        return AUDIT_LABELS[self]


AUDIT_LABELS = {
    AuditAction.SIGN_IN: N_("Logget inn"),
    AuditAction.SIGN_IN_FAILED: N_("Mislykket innlogging"),
    AuditAction.SIGN_OUT: N_("Logget ut"),
    AuditAction.SESSION_ENDED: N_("Økt avsluttet"),
    AuditAction.PASSWORD_CHANGED: N_("Passord endret"),
    AuditAction.TOKEN_CREATED: N_("API-token laget"),
    AuditAction.TOKEN_REVOKED: N_("API-token trukket tilbake"),
    AuditAction.USER_CREATED: N_("Bruker opprettet"),
    AuditAction.ROLE_CHANGED: N_("Rolle endret"),
    AuditAction.DEACTIVATED: N_("Bruker deaktivert"),
    AuditAction.ACTIVATED: N_("Bruker aktivert"),
}


@dataclass(frozen=True)
class AuditEntry:
    """Who did what, when, and to whose account."""

    id: int
    at: datetime
    actor: str
    action: AuditAction
    subject: str
    detail: str = ""


def audit_text(text: str, limit: int) -> str:
    """``text`` fit for the audit log: control characters shown as U+FFFD, cut at ``limit``."""
    cleaned = "".join(
        "\ufffd" if ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) < 0xE000 else c for c in text
    )
    return cleaned[:limit]


def secret_digest(secret: str) -> str:
    """What the database keeps of a session secret or an API token: its SHA-256 digest."""
    return hashlib.sha256(secret.encode()).hexdigest()
