"""The shape of a goal as planners send it: a new goal or an edit, a move, a deletion.

The API reads these from JSON (strictly: ``"sdgs": "17"`` is no list and ``["t"]`` no title)
and the goal pages from their forms (``strict=False``: the form's ``"4"`` is the number 4).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from arealweb.domain.goals import SDG_NUMBERS, Dimension, GoalStatus, Theme
from arealweb.domain.text import N_
from arealweb.schemas.base import IDENTIFIER, Count, Identifier, Schema, Text, rule
from arealweb.schemas.choices import Choice

GOAL_TITLE = 500
"""The width of ``goals.title``."""
GOAL_DESCRIPTION = 20_000
"""Longer than any goal text of the plan (the longest is under 2 000 characters), short
enough that no one stores a book in the tree."""


def _sdg(number: int) -> int:
    if number not in SDG_NUMBERS:
        raise rule(N_("bærekraftsmål må være tall fra 1 til 17, ikke %(numbers)s"), numbers=number)
    return number


def _blank_is_none(value: object) -> object:
    """An empty choice in a form (or a client's ``""``) means none."""
    return None if value == "" else value


Sdg = Annotated[int, AfterValidator(_sdg)]
"""One of the UN Sustainable Development Goals, by number."""

OptionalId = Annotated[Identifier | None, BeforeValidator(_blank_is_none)]


class GoalInput(Schema):
    """A new goal, or the fields of a goal an edit changes (only those sent are changed)."""

    title: Text(GOAL_TITLE) | None = None
    description: Text(GOAL_DESCRIPTION) | None = None
    dimension: Annotated[Choice(Dimension) | None, BeforeValidator(_blank_is_none)] = None
    theme: Annotated[Choice(Theme) | None, BeforeValidator(_blank_is_none)] = None
    sdgs: Annotated[list[Sdg], Field(max_length=len(SDG_NUMBERS))] | None = None
    status: Choice(GoalStatus) = GoalStatus.UTKAST
    parent_id: OptionalId = None
    plan_version_id: OptionalId = None

    def values(self) -> dict:
        """The fields sent, as the goal services read them."""
        sent = self.model_dump(include=self.model_fields_set)
        if "sdgs" in sent:
            sent["sdgs"] = tuple(sorted(set(sent["sdgs"] or ())))
        for name in ("title", "description"):
            if name in sent and sent[name] is None:
                sent[name] = ""
        return sent


class GoalForm(GoalInput):
    """The goal pages' form: a goal's fields and the version the planner read."""

    version: Count | None = None


class GoalMove(Schema):
    """Put a goal under ``parent_id`` (none: a vision among the roots) at ``position``
    among its siblings (0 = first)."""

    parent_id: OptionalId = None
    position: Count = 0


class GoalMoveForm(Schema):
    """The move form counts places from 1, as people do."""

    parent_id: OptionalId = None
    position: Annotated[int, Field(ge=1, le=2**53)] = 1
    version: Count | None = None


def _links(value: str) -> str:
    target = value.removeprefix("move:")
    if value != "remove" and (target == value or not re.match(IDENTIFIER, target)):
        raise rule(N_("må være «remove» eller «move:<mål-id>»"))
    return value


class GoalDeletion(Schema):
    """What becomes of the zones' links to a deleted goal: none sent (ask first), ``remove``,
    or ``move:<goal id>``."""

    links: Annotated[Text(80), AfterValidator(_links)] | None = None
