"""What a council workshop takes in: its set-up, a group's sketch, goal comment and word, the
making of a draft zone from a sketch, and the feed's query.

The API and the facilitator's web forms share these models (the forms read them with
``strict=False``). What depends on the workshop as stored — a goal in focus, one of its
prompts, a category for the draft zone's kind — is the service's to check.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.domain.workshops import GROUP_COLOURS, NOTE_MAX, WORD_MAX, SketchKind, Stance
from arealweb.schemas.base import Count, Identifier, Schema, Text, parse, rule
from arealweb.schemas.choices import Category, Choice
from arealweb.schemas.geometry import AREAS, LINES, MAX_DRAWN_VERTICES, POINTS, checked_geometry

TITLE_MAX = 300
"""workshops.title"""
NAME_MAX = 100
"""workshop_groups.name"""
PROMPT_MAX = 100
"""workshop_words.prompt, which repeats the prompt it answers"""
ZONE_NAME_MAX = 200
"""zones.name"""
CATEGORY_MAX = 40
"""zones.category"""


def _no_blanks(values: list[str]) -> list[str]:
    """The lines that say something (a form's textarea has empty lines)."""
    return [v for v in values if v]


def _each_once(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _one_to_ten(names: list[str]) -> list[str]:
    if not 1 <= len(names) <= len(GROUP_COLOURS):
        raise rule(N_("et verksted har 1 til %(max)d grupper"), max=len(GROUP_COLOURS))
    return names


def _titled(title: str) -> str:
    if not title:
        raise rule(N_("verkstedet trenger en tittel"))
    return title


def _iso_day(value: object) -> object:
    """A day as ``ÅÅÅÅ-MM-DD`` text (or a date); an empty form field means none."""
    if value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise rule(N_("oppgi datoen som ÅÅÅÅ-MM-DD")) from None
    if isinstance(value, date) or value is None:
        return value
    raise rule(N_("oppgi datoen som ÅÅÅÅ-MM-DD"))


Day = Annotated[date | None, BeforeValidator(_iso_day)]


class NewWorkshop(Schema):
    """A workshop as the facilitator sets it up: the groups' names one by one (never a text
    read letter by letter), the goals in focus and the prompts of the word clouds."""

    title: Annotated[Text(TITLE_MAX), AfterValidator(_titled)]
    held_on: Day = None
    groups: Annotated[
        list[Text(NAME_MAX)],
        Field(max_length=100),
        AfterValidator(_no_blanks),
        AfterValidator(_one_to_ten),
    ]
    prompts: Annotated[
        list[Text(PROMPT_MAX)],
        Field(max_length=20),
        AfterValidator(_no_blanks),
        AfterValidator(_each_once),
    ] = []
    focus_goal_ids: Annotated[list[Identifier], Field(max_length=100)] = []


class SketchProperties(Schema):
    kind: Choice(SketchKind)
    note: Text(NOTE_MAX) = ""


class NewSketch(Schema):
    """A group's sketch: a GeoJSON Feature (WGS84) with what it is and a note."""

    type: Literal["Feature"]
    properties: SketchProperties
    geometry: dict


WRONG_SHAPE = {
    SketchKind.MISSING_CORRIDOR: N_("en manglende korridor tegnes som en linje"),
    SketchKind.NEW_DEVELOPMENT: N_("ny utbygging tegnes som et område eller et punkt"),
}
"""What a group is told when it draws a kind of sketch in a shape the kind does not take."""


def new_sketch(document: object) -> NewSketch:
    """``document`` as a sketch whose geometry is of a type its kind allows, drawn by hand
    (at most :data:`MAX_DRAWN_VERTICES` points); InvalidInput naming the faults otherwise.
    Validity (a line crossing itself) is checked once the geometry is read."""
    sketch = parse(NewSketch, document)
    checked_geometry(sketch.geometry, AREAS + LINES + POINTS, MAX_DRAWN_VERTICES, "geometry")
    kind = sketch.properties.kind
    if sketch.geometry["type"] not in kind.geometry_types:
        raise InvalidInput(WRONG_SHAPE[kind], "geometry")
    return sketch


class NewGoalComment(Schema):
    """Keep, change or add: a group's word on a goal in focus."""

    goal_id: Identifier
    stance: Choice(Stance)
    text: Text(NOTE_MAX, min_length=1)


def _phrase(text: str) -> str:
    """A word as the clouds count it: spaces collapsed, lower case (which may lengthen it:
    «İ» is two characters in lower case)."""
    phrase = " ".join(text.split()).lower()
    if len(phrase) > WORD_MAX:
        raise rule(N_("skriv ett ord eller et kort uttrykk (høyst %(max)d tegn)"), max=WORD_MAX)
    return phrase


class NewWord(Schema):
    """A word or short phrase for one of the workshop's word clouds."""

    prompt: Text(PROMPT_MAX, min_length=1)
    word: Annotated[Text(WORD_MAX, min_length=1), AfterValidator(_phrase)]


class DraftZone(Schema):
    """What a planner may choose when a sketch becomes a draft zone (both optional)."""

    name: Text(ZONE_NAME_MAX) = ""
    category: Annotated[Text(CATEGORY_MAX), Category] = ""


class JoinForm(Schema):
    """A join code as a group types it (read case-insensitively)."""

    code: Text(64) = ""


class FeedQuery(Schema):
    """``?after=``: the last revision the screen saw (-1, the default: none)."""

    after: Annotated[Count, Field(ge=-1)] = -1
