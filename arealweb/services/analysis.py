"""The analyses run on what the store holds: one read, then the pure functions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import geopandas as gpd
import shapely

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
            repo.goals.tree(),
            zones_frame(repo.zones.all()),
            stations_frame(repo.reference.stations()),
            repo.reference.boundary(),
        )


def plan_signature(store: Store) -> str:
    """A digest that changes whenever a drawing of the plan would: every zone's id and version
    (any edit, goal links included, makes a new version), every goal's version, the boundary
    and the stations. Cheap to read: no zone geometry is parsed."""
    digest = hashlib.sha256()
    with store.read() as repo:
        digest.update(repr(repo.zones.versions()).encode())
        digest.update(repr([(g.id, g.version) for g in repo.goals.tree().walk()]).encode())
        boundary = repo.reference.boundary()
        if boundary is not None:
            digest.update(shapely.to_wkb(boundary.geometry))
        for station in repo.reference.stations():
            digest.update(f"{station.id}{station.geometry.wkt}{station.planned}".encode())
    return digest.hexdigest()[:32]


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
