"""The analyses run on what the store holds: one read, then the pure functions."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from arealweb.analysis.areas import AreaSummary, area_summary
from arealweb.analysis.conflicts import ConflictReport, conflicts
from arealweb.analysis.corridors import GAP_M, REACH_M, CorridorReport, corridor_network
from arealweb.analysis.coverage import Coverage, coverage
from arealweb.analysis.frames import stations_frame, zones_frame
from arealweb.analysis.stations import DISTANCES_M, StationReport, station_nearness
from arealweb.domain.goals import GoalTree
from arealweb.domain.reference import Boundary
from arealweb.store.repository import Store


@dataclass(frozen=True)
class Plan:
    """The plan as the analyses take it: the goal tree and frames in EPSG:25832."""

    tree: GoalTree
    zones: gpd.GeoDataFrame
    stations: gpd.GeoDataFrame
    boundary: Boundary | None


def plan(store: Store) -> Plan:
    with store.read() as repo:
        return Plan(
            repo.goal_tree(),
            zones_frame(repo.zones()),
            stations_frame(repo.stations()),
            repo.boundary(),
        )


def areas(found: Plan) -> AreaSummary:
    return area_summary(found.zones, found.tree)


def conflict_report(found: Plan) -> ConflictReport:
    return conflicts(found.zones)


def thread_coverage(found: Plan) -> Coverage:
    return coverage(found.zones, found.tree, conflicts(found.zones))


def stations(
    found: Plan, distances: tuple[int, ...] = DISTANCES_M, planned: bool = True
) -> StationReport:
    chosen = found.stations if planned else found.stations[~found.stations["planned"]]
    return station_nearness(found.zones, chosen, distances)


def corridors(found: Plan, gap_m: float = GAP_M, reach_m: float = REACH_M) -> CorridorReport:
    return corridor_network(found.zones, gap_m, reach_m)
