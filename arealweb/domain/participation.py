"""Citizen participation (medvirkning): consultations, comments on places, and the answers.

Plan- og bygningsloven § 5-1 asks for participation, with particular care for children and
young people, and a plan proposal must account for every input and how it was handled
(merknadsbehandling). A comment is a point or a small area with a kind, a theme and text; the
municipality moderates it, answers it, and the citizen follows it through a private receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import Problem
from arealweb.domain.goals import Theme
from arealweb.domain.text import N_

TEXT_MAX = 2_000
NAME_MAX = 100
GROUP_MAX = 100
EMAIL_MAX = 254
"""The longest address SMTP carries (RFC 5321's path, less its brackets)."""
REASON_MAX = 500
RESPONSE_MAX = 5_000
MAX_COMMENT_AREA_M2 = 200_000.0
"""A comment's area is a place, not a district: at most 200 daa."""


class CommentKind(StrEnum):
    BRA_HER = "bra her"
    PROBLEM_HER = "problem her"
    FORSLAG = "forslag"

    @property
    def label(self) -> str:
        return {
            CommentKind.BRA_HER: N_("Bra her"),
            CommentKind.PROBLEM_HER: N_("Problem her"),
            CommentKind.FORSLAG: N_("Forslag"),
        }[self]


class AgeGroup(StrEnum):
    UNDER_13 = "under 13"
    FROM_13_TO_17 = "13–17"
    FROM_18_TO_29 = "18–29"
    FROM_30_TO_66 = "30–66"
    OVER_66 = "67 eller eldre"

    @property
    def young(self) -> bool:
        """Children and young people, whom the law asks for particular care."""
        return self in (AgeGroup.UNDER_13, AgeGroup.FROM_13_TO_17)

    @property
    def label(self) -> str:
        return AGE_GROUP_LABELS[self]


AGE_GROUP_LABELS = {
    AgeGroup.UNDER_13: N_("under 13"),
    AgeGroup.FROM_13_TO_17: N_("13–17"),
    AgeGroup.FROM_18_TO_29: N_("18–29"),
    AgeGroup.FROM_30_TO_66: N_("30–66"),
    AgeGroup.OVER_66: N_("67 eller eldre"),
}


class Moderation(StrEnum):
    """When a consultation's comments are checked: before they show, or after."""

    BEFORE = "before"
    AFTER = "after"


class CommentState(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    HIDDEN = "hidden"


class ResponseStatus(StrEnum):
    """Merknadsbehandling: how an input was taken into account."""

    TATT_TIL_FOLGE = "tatt til følge"
    DELVIS = "delvis tatt til følge"
    IKKE_TATT_TIL_FOLGE = "ikke tatt til følge"
    TATT_TIL_ORIENTERING = "tatt til orientering"

    @property
    def label(self) -> str:
        return {
            ResponseStatus.TATT_TIL_FOLGE: N_("Tatt til følge"),
            ResponseStatus.DELVIS: N_("Delvis tatt til følge"),
            ResponseStatus.IKKE_TATT_TIL_FOLGE: N_("Ikke tatt til følge"),
            ResponseStatus.TATT_TIL_ORIENTERING: N_("Tatt til orientering"),
        }[self]


@dataclass(frozen=True)
class Consultation:
    """An innspillsrunde or høring: input is accepted from ``opens_on`` to ``closes_on``."""

    id: str
    title: str
    introduction: str
    opens_on: date
    closes_on: date
    moderation: Moderation = Moderation.BEFORE
    zone_ids: tuple[str, ...] = ()
    goal_ids: tuple[str, ...] = ()

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


@dataclass(frozen=True)
class Response:
    status: ResponseStatus
    text: str
    by: str
    at: datetime
    zone_id: str | None = None
    goal_id: str | None = None


@dataclass
class Comment:
    """A citizen's comment on a place; ``geometry`` in EPSG:25832 (a point or a small area)."""

    id: str
    consultation_id: str
    kind: CommentKind
    theme: Theme
    text: str
    geometry: BaseGeometry
    created_at: datetime
    state: CommentState = CommentState.PENDING
    zone_id: str | None = None
    goal_id: str | None = None
    name: str | None = None
    age_group: AgeGroup | None = None
    group: str | None = None
    moderation_reason: str | None = None
    response: Response | None = None
    agreements: int = 0
    email: str | None = None
    """Where the author asked to be told of the answer (opt-in; forgotten as the name is)."""


def email_problem(address: str) -> Problem | None:
    """Why ``address`` cannot be an e-mail address we send to; None when it can.

    Checked no further than SMTP needs: one ``@``, something before it, a domain with a dot
    after it, and neither part holding spaces, brackets, quotes or the separators («,» «;»
    «:») that would make the To header name a second recipient. Whether it reaches anyone only
    a mail can tell."""
    local, at, domain = address.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or len(address) > EMAIL_MAX
        or any(c.isspace() or c in '<>()[],;:\\"' for c in domain)
        or any(c.isspace() or c in '<>()[],;:\\"@' or ord(c) < 32 for c in local)
    ):
        return Problem(N_("skriv en e-postadresse som navn@eksempel.no, eller la feltet stå tomt"))
    return None


def comment_problems(comment: Comment) -> list[Problem]:
    """What is wrong with a comment a citizen sent (place checks aside); empty when fine."""
    problems = []
    text = comment.text.strip()
    if not text:
        problems.append(Problem(N_("skriv hva du mener")))
    if len(comment.text) > TEXT_MAX:
        problems.append(Problem(N_("teksten er lengre enn %(max)d tegn"), {"max": TEXT_MAX}))
    if comment.name and len(comment.name) > NAME_MAX:
        problems.append(Problem(N_("navnet er lengre enn %(max)d tegn"), {"max": NAME_MAX}))
    if comment.group and len(comment.group) > GROUP_MAX:
        problems.append(Problem(N_("gruppen er lengre enn %(max)d tegn"), {"max": GROUP_MAX}))
    if comment.email and (problem := email_problem(comment.email)):
        problems.append(Problem(problem.template, problem.params, "properties.email"))
    geometry = comment.geometry
    if geometry is None or geometry.is_empty:
        problems.append(Problem(N_("velg et sted i kartet, en sone eller et sted i listen")))
    elif geometry.geom_type not in ("Point", "Polygon"):
        problems.append(Problem(N_("et innspill er et punkt eller et lite område")))
    elif geometry.geom_type == "Polygon" and geometry.area > MAX_COMMENT_AREA_M2:
        problems.append(
            Problem(
                N_("området er %(area).0f daa; tegn et mindre område (høyst %(max).0f daa)"),
                {"area": geometry.area / 1000, "max": MAX_COMMENT_AREA_M2 / 1000},
            )
        )
    return problems
