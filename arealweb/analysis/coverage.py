"""Where the golden thread is missing or contradicted.

Missing: goals at each level that no zone realises (nor any zone of a goal below), and zones
that realise no goal. Contradicted: a goal realised by a development zone that overlaps a
protection zone which realises other goals — the plan works against itself there.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from arealweb.analysis.areas import goal_members
from arealweb.analysis.conflicts import ConflictReport
from arealweb.domain.goals import GoalLevel, GoalTree


@dataclass(frozen=True)
class Contradiction:
    goal_id: str
    """A goal the development zone realises."""
    development_id: str
    protection_id: str
    protection_goal_ids: tuple[str, ...]
    """The goals the protection zone realises (the goals the development works against)."""
    area_m2: float


@dataclass(frozen=True)
class Coverage:
    goals_without_zones: dict[str, list[str]]
    """Level (hovedmål, delmål, …) -> ids of its goals with no zone, in tree order."""
    goal_counts: dict[str, tuple[int, int]]
    """Level -> (goals with zones, goals in all)."""
    zones_without_goals: list[str]
    contradictions: list[Contradiction]

    @property
    def contradicted_goal_ids(self) -> list[str]:
        return list(dict.fromkeys(c.goal_id for c in self.contradictions))


def coverage(zones: gpd.GeoDataFrame, tree: GoalTree, report: ConflictReport) -> Coverage:
    members = goal_members(zones, tree)
    levels = [level for level in GoalLevel if level is not GoalLevel.VISJON]
    without = {level.value: [] for level in levels}
    counts = {}
    for level in levels:
        goals = [g for g in tree.walk() if g.level is level]
        without[level.value] = [g.id for g in goals if not members[g.id]]
        counts[level.value] = (len(goals) - len(without[level.value]), len(goals))
    goal_ids = dict(zip(zones["id"], zones["goal_ids"], strict=True))
    contradictions = []
    for conflict in report.conflicts:
        protected = tuple(goal_ids.get(conflict.protection_id, ()))
        for goal_id in goal_ids.get(conflict.development_id, ()):
            if protected and goal_id not in protected:
                contradictions.append(
                    Contradiction(
                        goal_id,
                        conflict.development_id,
                        conflict.protection_id,
                        protected,
                        conflict.area_m2,
                    )
                )
    return Coverage(
        without,
        counts,
        sorted(z for z, goals in goal_ids.items() if not goals),
        contradictions,
    )
