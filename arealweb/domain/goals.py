"""The goal hierarchy of the kommuneplan's samfunnsdel and the rules that hold it together.

Visjon → hovedmål (main goal) → delmål (sub-goal) → strategi ("Derfor skal vi…", how we get
there) → arealstrategi (the land-use strategy that realises it on the map). Each level nests
strictly under the one above it, within one plan version, and the tree has no cycles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from arealweb.domain.errors import InvalidInput, NotFound, Problem
from arealweb.domain.text import N_


class GoalLevel(StrEnum):
    VISJON = "visjon"
    HOVEDMAL = "hovedmål"
    DELMAL = "delmål"
    STRATEGI = "strategi"
    AREALSTRATEGI = "arealstrategi"

    @property
    def depth(self) -> int:
        return list(GoalLevel).index(self)

    @property
    def parent_level(self) -> GoalLevel | None:
        return None if self is GoalLevel.VISJON else list(GoalLevel)[self.depth - 1]

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    GoalLevel.VISJON: N_("Visjon"),
    GoalLevel.HOVEDMAL: N_("Hovedmål"),
    GoalLevel.DELMAL: N_("Delmål"),
    GoalLevel.STRATEGI: N_("Strategi"),
    GoalLevel.AREALSTRATEGI: N_("Arealstrategi"),
}


class Dimension(StrEnum):
    """The sustainability dimension a main goal sits under, plus the municipality itself."""

    SOSIAL = "sosial"
    OKONOMISK = "økonomisk"
    KLIMA_OG_MILJO = "klima og miljø"
    ORGANISASJON = "organisasjon"

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self]


DIMENSION_LABELS = {
    Dimension.SOSIAL: N_("Sosial bærekraft"),
    Dimension.OKONOMISK: N_("Økonomisk bærekraft"),
    Dimension.KLIMA_OG_MILJO: N_("Klima- og miljømessig bærekraft"),
    Dimension.ORGANISASJON: N_("Bærum kommune som organisasjon"),
}


class Theme(StrEnum):
    """The six themes for the goal pictures (temaer for målbilder)."""

    A_LEVE_I_BAERUM = "å leve i bærum"
    VERDISKAPING = "bærekraftig verdiskaping"
    STEDSUTVIKLING = "by- og stedsutvikling"
    MOTEPLASSER = "møteplasser og nærmiljøer"
    KLIMA_OG_MILJO = "klima og miljø"
    ORGANISASJON = "bærum kommune som organisasjon"

    @property
    def label(self) -> str:
        return THEME_LABELS[self]


THEME_LABELS = {
    Theme.A_LEVE_I_BAERUM: N_("Å leve i Bærum"),
    Theme.VERDISKAPING: N_("Bærekraftig verdiskaping"),
    Theme.STEDSUTVIKLING: N_("By- og stedsutvikling"),
    Theme.MOTEPLASSER: N_("Møteplasser og nærmiljøer"),
    Theme.KLIMA_OG_MILJO: N_("Klima og miljø"),
    Theme.ORGANISASJON: N_("Bærum kommune som organisasjon"),
}


class GoalStatus(StrEnum):
    UTKAST = "utkast"
    HORING = "høring"
    VEDTATT = "vedtatt"
    ERSTATTET = "erstattet"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    GoalStatus.UTKAST: N_("Utkast"),
    GoalStatus.HORING: N_("På høring"),
    GoalStatus.VEDTATT: N_("Vedtatt"),
    GoalStatus.ERSTATTET: N_("Erstattet"),
}

SDG_NUMBERS = range(1, 18)

SDG_NAMES = {
    1: N_("Utrydde fattigdom"),
    2: N_("Utrydde sult"),
    3: N_("God helse og livskvalitet"),
    4: N_("God utdanning"),
    5: N_("Likestilling mellom kjønnene"),
    6: N_("Rent vann og gode sanitærforhold"),
    7: N_("Ren energi for alle"),
    8: N_("Anstendig arbeid og økonomisk vekst"),
    9: N_("Industri, innovasjon og infrastruktur"),
    10: N_("Mindre ulikhet"),
    11: N_("Bærekraftige byer og lokalsamfunn"),
    12: N_("Ansvarlig forbruk og produksjon"),
    13: N_("Stoppe klimaendringene"),
    14: N_("Livet i havet"),
    15: N_("Livet på land"),
    16: N_("Fred, rettferdighet og velfungerende institusjoner"),
    17: N_("Samarbeid for å nå målene"),
}
"""The UN Sustainable Development Goals by number, with their Norwegian names."""


@dataclass(frozen=True)
class PlanVersion:
    """One edition of the samfunnsdel, e.g. the 2020 workshop draft or the plan adopted in 2021."""

    id: str
    title: str
    status: GoalStatus
    adopted_on: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Goal:
    """A node of the goal tree.

    ``order`` sorts siblings. ``dimension`` belongs to main goals; ``sdgs`` are the UN
    Sustainable Development Goals (1–17) the goal serves.
    """

    id: str
    plan_version_id: str
    level: GoalLevel
    title: str
    parent_id: str | None = None
    description: str = ""
    order: int = 0
    dimension: Dimension | None = None
    theme: Theme | None = None
    sdgs: tuple[int, ...] = ()
    status: GoalStatus = GoalStatus.UTKAST
    version: int = 1


def goal_problems(goal: Goal, parent: Goal | None) -> list[Problem]:
    """What is wrong with ``goal`` on its own and under ``parent`` (empty when it is fine)."""
    where = goal.id
    problems = []
    if not goal.title.strip():
        problems.append(Problem(N_("målet mangler tittel"), where=where))
    if goal.level is GoalLevel.VISJON and goal.parent_id is not None:
        problems.append(Problem(N_("en visjon kan ikke ha et overordnet mål"), where=where))
    if goal.level is not GoalLevel.VISJON:
        if goal.parent_id is None or parent is None:
            problems.append(
                Problem(
                    N_("et %(level)s må ligge under et %(parent)s"),
                    {"level": goal.level.value, "parent": goal.level.parent_level.value},
                    where,
                )
            )
        elif parent.level is not goal.level.parent_level:
            problems.append(
                Problem(
                    N_(
                        "et %(level)s kan ikke ligge under et %(parent)s, "
                        "bare under et %(expected)s"
                    ),
                    {
                        "level": goal.level.value,
                        "parent": parent.level.value,
                        "expected": goal.level.parent_level.value,
                    },
                    where,
                )
            )
        elif parent.plan_version_id != goal.plan_version_id:
            problems.append(
                Problem(
                    N_("målet og det overordnede målet hører til ulike planversjoner"), where=where
                )
            )
    if goal.level is GoalLevel.HOVEDMAL and goal.dimension is None:
        problems.append(Problem(N_("et hovedmål må ha en bærekraftsdimensjon"), where=where))
    bad_sdgs = [n for n in goal.sdgs if n not in SDG_NUMBERS]
    if bad_sdgs:
        problems.append(
            Problem(
                N_("bærekraftsmål må være tall fra 1 til 17, ikke %(numbers)s"),
                {"numbers": ", ".join(map(str, bad_sdgs))},
                where,
            )
        )
    return problems


@dataclass
class GoalTree:
    """All goals of one or more plan versions, checked to nest strictly and without cycles."""

    goals: dict[str, Goal]
    children: dict[str | None, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, goals: Iterable[Goal]) -> GoalTree:
        """Check ``goals`` and index them; raise :class:`InvalidInput` listing every problem."""
        by_id: dict[str, Goal] = {}
        problems: list[Problem] = []
        for goal in goals:
            if goal.id in by_id:
                problems.append(Problem(N_("to mål har samme id"), where=goal.id))
            by_id[goal.id] = goal
        for goal in by_id.values():
            parent = by_id.get(goal.parent_id) if goal.parent_id else None
            problems.extend(goal_problems(goal, parent))
        problems.extend(_cycle_problems(by_id))
        if problems:
            raise InvalidInput.of(problems)
        children: dict[str | None, list[str]] = {}
        for goal in sorted(by_id.values(), key=lambda g: (g.order, g.title)):
            children.setdefault(goal.parent_id, []).append(goal.id)
        return cls(by_id, children)

    def __contains__(self, goal_id: object) -> bool:
        return goal_id in self.goals

    def __len__(self) -> int:
        return len(self.goals)

    def get(self, goal_id: str) -> Goal:
        try:
            return self.goals[goal_id]
        except KeyError:
            raise NotFound(N_("fant ikke målet %(id)s"), id=goal_id) from None

    def roots(self) -> list[Goal]:
        return [self.goals[i] for i in self.children.get(None, [])]

    def children_of(self, goal_id: str) -> list[Goal]:
        return [self.goals[i] for i in self.children.get(goal_id, [])]

    def ancestors(self, goal_id: str) -> list[Goal]:
        """The goals above ``goal_id``, nearest first, up to the vision."""
        chain = []
        goal = self.get(goal_id)
        while goal.parent_id is not None:
            goal = self.goals[goal.parent_id]
            chain.append(goal)
        return chain

    def chain(self, goal_id: str) -> list[Goal]:
        """The golden thread from the vision down to ``goal_id``."""
        return [*reversed(self.ancestors(goal_id)), self.get(goal_id)]

    def descendants(self, goal_id: str) -> list[Goal]:
        """Every goal below ``goal_id``, depth first in order."""
        found = []
        stack = list(reversed(self.children.get(goal_id, [])))
        while stack:
            current = stack.pop()
            found.append(self.goals[current])
            stack.extend(reversed(self.children.get(current, [])))
        return found

    def subtree_ids(self, goal_id: str) -> set[str]:
        """``goal_id`` and the ids of every goal below it."""
        self.get(goal_id)
        return {goal_id, *(g.id for g in self.descendants(goal_id))}

    def walk(self) -> Iterator[Goal]:
        """Every goal, roots first, depth first in order."""
        for root in self.roots():
            yield root
            yield from self.descendants(root.id)

    def main_goal_of(self, goal_id: str) -> Goal | None:
        """The hovedmål ``goal_id`` belongs to (itself if it is one), None for a vision."""
        for goal in self.chain(goal_id):
            if goal.level is GoalLevel.HOVEDMAL:
                return goal
        return None


def _cycle_problems(goals: dict[str, Goal]) -> list[Problem]:
    problems = []
    for start in goals.values():
        seen = {start.id}
        current = start
        while current.parent_id is not None and current.parent_id in goals:
            if current.parent_id in seen:
                problems.append(
                    Problem(N_("målet ligger under seg selv (en sirkel)"), where=start.id)
                )
                break
            seen.add(current.parent_id)
            current = goals[current.parent_id]
    return problems
