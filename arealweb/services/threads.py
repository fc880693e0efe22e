"""The golden thread in numbers: what each goal has on the map, and where the thread breaks."""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from arealweb.domain.goals import Goal, GoalLevel, GoalTree
from arealweb.domain.zones import SQUARE_METRES_PER_DAA, Zone


@dataclass(frozen=True)
class GoalStats:
    """The zones that realise a goal or anything below it.

    ``area_daa`` is the area they cover together (overlaps counted once) and ``length_m`` the
    length of the corridors among them, both in EPSG:25832.
    """

    zone_ids: frozenset[str]
    area_daa: float
    length_m: float

    @property
    def count(self) -> int:
        return len(self.zone_ids)


def goal_stats(tree: GoalTree, zones: list[Zone]) -> dict[str, GoalStats]:
    """:class:`GoalStats` for every goal in ``tree``; drafts (utkast) do not realise goals yet."""
    zones = [z for z in zones if not z.draft]
    by_id = {z.id: z for z in zones}
    direct: dict[str, set[str]] = {}
    for zone in zones:
        for goal_id in zone.goal_ids:
            direct.setdefault(goal_id, set()).add(zone.id)
    stats: dict[str, GoalStats] = {}

    def visit(goal: Goal) -> frozenset[str]:
        found = set(direct.get(goal.id, ()))
        for child in tree.children_of(goal.id):
            found |= visit(child)
        areas = [by_id[i].geometry for i in found if by_id[i].kind.is_area]
        lines = [by_id[i].geometry for i in found if not by_id[i].kind.is_area]
        stats[goal.id] = GoalStats(
            frozenset(found),
            shapely.union_all(areas).area / SQUARE_METRES_PER_DAA if areas else 0.0,
            shapely.union_all(lines).length if lines else 0.0,
        )
        return stats[goal.id].zone_ids

    for root in tree.roots():
        visit(root)
    return stats


@dataclass(frozen=True)
class ThreadGaps:
    """Where the golden thread is missing: goals nothing on the map realises, and zones that
    realise no goal."""

    goals_without_zones: list[Goal]
    zones_without_goals: list[Zone]


def thread_gaps(tree: GoalTree, zones: list[Zone], stats: dict[str, GoalStats]) -> ThreadGaps:
    """Goals below the vision with no zone in their subtree, and zones with no goal."""
    empty = [
        goal
        for goal in tree.walk()
        if goal.level is not GoalLevel.VISJON and stats[goal.id].count == 0
    ]
    return ThreadGaps(empty, [z for z in zones if not z.links])
