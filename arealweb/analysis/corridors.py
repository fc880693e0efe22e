"""The corridor network: its length per category, where it breaks off, whom it misses.

A gap is a corridor end with no other corridor within a set distance (the network stops
there). A growth area is unreached when the main cycle network (hovedsykkelvei) comes no
closer than a set distance.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry import Point

GAP_M = 100.0
REACH_M = 500.0
MAIN_NETWORK = "hovedsykkelvei"


@dataclass(frozen=True)
class Gap:
    corridor_id: str
    name: str
    end: Point
    nearest_m: float | None
    """How far the nearest other corridor is (None: there is no other)."""


@dataclass(frozen=True)
class Unreached:
    zone_id: str
    name: str
    distance_m: float | None
    """Distance to the main cycle network (None: there is no main network)."""


@dataclass(frozen=True)
class CorridorReport:
    length_by_category: dict[str, float]
    gaps: list[Gap]
    unreached: list[Unreached]
    gap_m: float
    reach_m: float

    @property
    def total_m(self) -> float:
        return float(sum(self.length_by_category.values()))


def corridor_network(
    zones: gpd.GeoDataFrame, gap_m: float = GAP_M, reach_m: float = REACH_M
) -> CorridorReport:
    corridors = zones[zones["kind"] == "corridor"]
    lengths = {
        category: float(shapely.union_all(group.geometry.values).length)
        for category, group in corridors.groupby("category", sort=True)
    }
    parts = []
    for _, row in corridors.iterrows():
        parts += [(row["id"], row["name"], part) for part in shapely.get_parts(row.geometry)]
    gaps = []
    if parts:
        lines = [line for _, _, line in parts]
        tree = shapely.STRtree(lines)
        ends = [(n, Point(line.coords[k])) for n, line in enumerate(lines) for k in (0, -1)]
        points = [end for _, end in ends]
        near, found = tree.query(points, predicate="dwithin", distance=gap_m)
        # An end is joined when a line other than its own comes within gap_m.
        joined_ends = {e for e, f in zip(near, found, strict=True) if f != ends[e][0]}
        for e, (n, end) in enumerate(ends):
            if e in joined_ends:
                continue
            others = [line for m, line in enumerate(lines) if m != n]
            nearest = float(shapely.union_all(others).distance(end)) if others else None
            gaps.append(Gap(parts[n][0], parts[n][1], end, nearest))
    main = corridors[corridors["category"] == MAIN_NETWORK]
    network = shapely.union_all(main.geometry.values) if len(main) else None
    unreached = []
    for _, row in zones[zones["kind"] == "development"].iterrows():
        distance = float(network.distance(row.geometry)) if network is not None else None
        if distance is None or distance > reach_m:
            unreached.append(Unreached(row["id"], row["name"], distance))
    unreached.sort(key=lambda u: -(u.distance_m or float("inf")))
    return CorridorReport(lengths, gaps, unreached, gap_m, reach_m)
