"""The shape of citizens' input and of the planners' work on it: a comment (a GeoJSON Feature),
an agreement, a moderation, a response and a new consultation (innspillsrunde).

The API and the web forms send the same input through the same model; forms are read in lax
mode (``parse(..., strict=False)``) since everything in them is text. A comment's place is a
point or a small drawn area: its geometry passes :func:`checked_geometry` (known type, finite
positions, closed rings, at most :data:`MAX_DRAWN_VERTICES` positions) before shapely reads it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, TypeAdapter

from arealweb.domain.goals import Theme
from arealweb.domain.participation import (
    EMAIL_MAX,
    GROUP_MAX,
    NAME_MAX,
    REASON_MAX,
    RESPONSE_MAX,
    TEXT_MAX,
    AgeGroup,
    CommentKind,
    Moderation,
    ResponseStatus,
)
from arealweb.domain.text import N_
from arealweb.schemas.base import LAX, Identifier, Schema, Text, parse, rule
from arealweb.schemas.choices import Choice
from arealweb.schemas.geometry import MAX_DRAWN_VERTICES, checked_geometry

COMMENT_GEOMETRIES = ("Point", "Polygon")
"""A comment is about a point or a small area a citizen draws."""

TITLE_MAX = 300
INTRODUCTION_MAX = 5_000
HONEYPOT_MAX = 2_000
MAX_LINKS = 500
"""Zones or goals a consultation is about: more than the plan holds."""


def _blank_is_none(value: object) -> object:
    """An empty field (a form's unchosen ``<select>``, a client's ``""``) is no value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _blank_is_before(value: object) -> object:
    return Moderation.BEFORE.value if _blank_is_none(value) is None else value


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


def _none_is_blank(value: object) -> object:
    return "" if value is None else value


def _no_place(value: object) -> object:
    """No geometry, or an empty object, is no place of its own (the zone named is the place)."""
    return None if value is None or value == {} else value


def _iso_date(value: object) -> object:
    """A date is written ÅÅÅÅ-MM-DD: text, never a number of seconds."""
    if isinstance(value, str | date):
        return value
    raise rule(N_("må være en dato (ÅÅÅÅ-MM-DD)"))


Chosen = Annotated[Identifier | None, BeforeValidator(_blank_is_none)]
"""The id of a zone or goal the input is about, or none."""

IsoDate = Annotated[date, LAX, BeforeValidator(_iso_date)]

Links = Annotated[list[Identifier], Field(max_length=MAX_LINKS), BeforeValidator(_none_is_empty)]
"""The zones or goals a consultation is about."""


class CommentProperties(Schema):
    """What a citizen says about a place (the ``properties`` of the comment's Feature)."""

    consultation_id: Chosen = None
    kind: Choice(CommentKind)
    theme: Choice(Theme)
    text: Text(TEXT_MAX) = ""
    zone_id: Chosen = None
    goal_id: Chosen = None
    name: Annotated[Text(NAME_MAX) | None, BeforeValidator(_blank_is_none)] = None
    age_group: Annotated[Choice(AgeGroup) | None, BeforeValidator(_blank_is_none)] = None
    group: Annotated[Text(GROUP_MAX) | None, BeforeValidator(_blank_is_none)] = None
    email: Annotated[Text(EMAIL_MAX) | None, BeforeValidator(_blank_is_none)] = None
    """Where to tell the author of the answer (opt-in); checked by the domain's rule."""
    language: Annotated[Literal["nb", "en"] | None, BeforeValidator(_blank_is_none)] = None
    """The language of that mail (by default the language the comment was posted in)."""
    website: Text(HONEYPOT_MAX) = ""
    """The honeypot: a field people never see; only a robot fills it in."""


class CommentFeature(Schema):
    """A citizen's comment as a GeoJSON Feature in WGS84; no geometry when a zone is named."""

    type: Literal["Feature"]
    properties: CommentProperties
    geometry: Annotated[dict | None, BeforeValidator(_no_place)] = None


def comment_feature(document: object) -> CommentFeature:
    """``document`` checked as a comment: its properties, then its geometry's shape."""
    feature = parse(CommentFeature, document)
    if feature.geometry is not None:
        checked_geometry(feature.geometry, COMMENT_GEOMETRIES, MAX_DRAWN_VERTICES, "geometry")
    return feature


COMMENT_ID = TypeAdapter(Identifier)
"""A comment's id as an address names it."""


class Agreement(Schema):
    """One "enig" with a published comment, from a browser known only by a keyed digest."""

    comment_id: Identifier
    voter: Text(64, min_length=1)


class ModerationAction(StrEnum):
    APPROVE = "approve"
    HIDE = "hide"


class ModerationInput(Schema):
    """A planner publishes or hides a comment; hiding needs a reason."""

    action: Choice(ModerationAction)
    reason: Annotated[Text(REASON_MAX), BeforeValidator(_none_is_blank)] = ""


class ResponseInput(Schema):
    """The municipality's answer to a comment (merknadsbehandling)."""

    status: Choice(ResponseStatus)
    text: Text(RESPONSE_MAX) = ""
    zone_id: Chosen = None
    goal_id: Chosen = None


class ConsultationInput(Schema):
    """A planner opens a consultation: title, introduction, dates, moderation, zones and goals."""

    title: Text(TITLE_MAX) = ""
    introduction: Annotated[Text(INTRODUCTION_MAX), BeforeValidator(_none_is_blank)] = ""
    opens_on: IsoDate
    closes_on: IsoDate
    moderation: Annotated[Choice(Moderation), BeforeValidator(_blank_is_before)] = Moderation.BEFORE
    zone_ids: Links = []
    goal_ids: Links = []
