"""Council workshops (målverksted): groups sketch on the map, comment on goals, add words.

The workshop of 20 November 2020 is the model: the council split into groups, working on goals,
strategies and the land-use strategy, with word clouds from earlier input. Each group joins
with a short code, without an account. When the facilitator closes the workshop, it is
read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import AlreadyExists
from arealweb.domain.goals import Goal, GoalLevel, GoalTree
from arealweb.domain.text import N_

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Join codes: no 0/O or 1/I, which people read wrong off a screen."""
CODE_LENGTH = 6
NOTE_MAX = 1_000
WORD_MAX = 40
GROUP_COLOURS = (
    "#1565c0",
    "#b42318",
    "#2e7d32",
    "#6941c6",
    "#b54708",
    "#00838f",
    "#c2185b",
    "#4e342e",
    "#33691e",
    "#283593",
)

REMINDERS = (
    N_("Langsiktig perspektiv"),
    N_("Overordnet nivå"),
    N_("Fokus på innhold, ikke formuleringer"),
    N_("Pågående arbeidsprosess"),
    N_("Det er ikke nå målene og strategiene besluttes"),
)
"""What every group screen reminds the groups of (from the workshop's own slides)."""


class SketchKind(StrEnum):
    NEW_DEVELOPMENT = "new development"
    PROTECT = "protect"
    MISSING_CORRIDOR = "missing corridor"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            SketchKind.NEW_DEVELOPMENT: N_("Ny utbygging"),
            SketchKind.PROTECT: N_("Vern dette"),
            SketchKind.MISSING_CORRIDOR: N_("Manglende korridor"),
            SketchKind.OTHER: N_("Annet"),
        }[self]

    @property
    def geometry_types(self) -> tuple[str, ...]:
        """What a group may draw for this kind: a missing corridor is a line, new development
        an area or a spot; what to protect may be an area, a line (a stream) or a spot (a
        tree), and so may anything else."""
        areas = ("Polygon", "MultiPolygon")
        lines = ("LineString", "MultiLineString")
        points = ("Point", "MultiPoint")
        if self is SketchKind.MISSING_CORRIDOR:
            return lines
        if self is SketchKind.NEW_DEVELOPMENT:
            return areas + points
        return areas + lines + points


class Stance(StrEnum):
    """What a group says of a goal or strategy in focus."""

    KEEP = "keep"
    CHANGE = "change"
    ADD = "add"

    @property
    def label(self) -> str:
        return {Stance.KEEP: N_("Behold"), Stance.CHANGE: N_("Endre"), Stance.ADD: N_("Legg til")}[
            self
        ]


class WorkshopClosed(AlreadyExists):
    """The workshop is closed: it takes no more input."""


class WorkshopAction(StrEnum):
    """What a planner did to a workshop's state: closed it, or opened it again."""

    CLOSED = "closed"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        return {
            WorkshopAction.CLOSED: N_("Avsluttet"),
            WorkshopAction.REOPENED: N_("Gjenåpnet"),
        }[self]


@dataclass(frozen=True)
class WorkshopEvent:
    """One closing or reopening of a workshop: what, who and when."""

    action: WorkshopAction
    actor: str
    at: datetime


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    code: str
    colour: str


@dataclass(frozen=True)
class Workshop:
    id: str
    title: str
    held_on: date
    focus_goal_ids: tuple[str, ...]
    prompts: tuple[str, ...]
    groups: tuple[Group, ...] = ()
    closed_at: datetime | None = None
    revision: int = 0
    """Raised by every input: what the plenary screen has seen is told by this number."""

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


@dataclass(frozen=True)
class Sketch:
    id: str
    group_id: str
    kind: SketchKind
    note: str
    geometry: BaseGeometry
    created_at: datetime
    seq: int = 0
    zone_id: str | None = None
    """The draft zone planners made of this sketch, if any."""


@dataclass(frozen=True)
class GoalComment:
    id: str
    group_id: str
    goal_id: str
    stance: Stance
    text: str
    created_at: datetime
    seq: int = 0


@dataclass(frozen=True)
class Word:
    group_id: str
    prompt: str
    word: str
    created_at: datetime = field(compare=False)
    seq: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Feed:
    """What a workshop received after a given revision, and the revision it has reached."""

    revision: int
    closed: bool
    sketches: list[Sketch]
    comments: list[GoalComment]
    words: list[Word]


def presentation_steps(tree: GoalTree, focus_goal_ids: tuple[str, ...]) -> list[Goal]:
    """The golden thread as presentation mode walks it: each main goal in focus, then its
    sub-goals, each followed by the land-use strategies below it.

    A goal in focus stands for its main goal (a vision for all of its main goals), so the
    council always sees the whole chain a goal belongs to.
    """
    mains: list[Goal] = []
    for goal_id in focus_goal_ids:
        if goal_id not in tree:
            continue
        goal = tree.get(goal_id)
        found = tree.children_of(goal_id) if goal.level is GoalLevel.VISJON else [goal]
        for candidate in found:
            main = tree.main_goal_of(candidate.id)
            if main is not None and main not in mains:
                mains.append(main)
    steps: list[Goal] = []
    for main in mains:
        steps.append(main)
        steps += [
            g
            for g in tree.descendants(main.id)
            if g.level in (GoalLevel.DELMAL, GoalLevel.AREALSTRATEGI)
        ]
    return steps
