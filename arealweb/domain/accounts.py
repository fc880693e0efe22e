"""Who may do what: roles of the people who use arealweb.

The public has no account and reads. Council members take part in workshops. Planners edit
zones and goals. Admins do what planners do and manage accounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_

USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
MIN_PASSWORD = 12


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
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(N_("passordet må ha minst %(min)d tegn"), min=MIN_PASSWORD)
