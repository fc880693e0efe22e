"""Areas of the land-use strategy per kind, category, goal, main goal and dimension.

Within a group, overlapping zones are counted once (the union of their areas); corridors add
their length (the union of their lines), not an area.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import geopandas as gpd
import shapely

from arealweb.domain.goals import GoalLevel, GoalTree
from arealweb.domain.zones import SQUARE_METRES_PER_DAA


@dataclass(frozen=True)
class AreaRow:
    """One group: its key, how many zones, their area (m², overlaps once) and corridor length."""

    key: str
    zones: int
    area_m2: float
    length_m: float

    @property
    def area_daa(self) -> float:
        return self.area_m2 / SQUARE_METRES_PER_DAA

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1_000_000


@dataclass(frozen=True)
class AreaSummary:
    total: AreaRow
    by_kind: list[AreaRow]
    by_category: list[AreaRow]
    by_goal: list[AreaRow]
    by_main_goal: list[AreaRow]
    by_dimension: list[AreaRow]


def measure(key: str, zones: gpd.GeoDataFrame) -> AreaRow:
    """The row for ``zones``: areas and lines each unioned first, so overlaps count once."""
    areas = zones.geometry[zones["kind"] != "corridor"]
    lines = zones.geometry[zones["kind"] == "corridor"]
    return AreaRow(
        key,
        len(zones),
        float(shapely.union_all(areas.values).area) if len(areas) else 0.0,
        float(shapely.union_all(lines.values).length) if len(lines) else 0.0,
    )


def goal_members(zones: gpd.GeoDataFrame, tree: GoalTree) -> dict[str, list[str]]:
    """For every goal, the zones that realise it or a goal below it."""
    members: dict[str, set[str]] = defaultdict(set)
    for zone_id, goal_ids in zip(zones["id"], zones["goal_ids"], strict=True):
        for goal_id in goal_ids:
            if goal_id not in tree:
                continue
            for goal in tree.chain(goal_id):
                members[goal.id].add(zone_id)
    return {goal.id: sorted(members.get(goal.id, ())) for goal in tree.walk()}


def area_summary(zones: gpd.GeoDataFrame, tree: GoalTree) -> AreaSummary:
    """Areas per kind, category, goal, main goal and dimension (see :class:`AreaRow`).

    >>> summary = area_summary(zones_frame(repo.zones.all()), repo.goals.tree())
    >>> summary.by_kind[0].area_daa
    """
    members = goal_members(zones, tree)
    by_goal = [measure(goal.id, zones.loc[members[goal.id]]) for goal in tree.walk()]
    mains = [g for g in tree.walk() if g.level is GoalLevel.HOVEDMAL]
    by_dimension = []
    for dimension in dict.fromkeys(g.dimension for g in mains if g.dimension):
        ids = sorted({z for g in mains if g.dimension is dimension for z in members[g.id]})
        by_dimension.append(measure(dimension.value, zones.loc[ids]))
    return AreaSummary(
        total=measure("", zones),
        by_kind=[measure(kind, group) for kind, group in zones.groupby("kind", sort=True)],
        by_category=[
            measure(category, group) for category, group in zones.groupby("category", sort=True)
        ],
        by_goal=by_goal,
        by_main_goal=[row for row, goal in zip(by_goal, tree.walk(), strict=True) if goal in mains],
        by_dimension=by_dimension,
    )
