"""The analyses run on what the store holds: one read, then the pure functions.

geopandas and :mod:`arealweb.analysis` are imported by the functions that use them, so a
process that never analyses (or has not yet) does not pay for them at start (#15).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shapely

from arealweb.domain.goals import GoalTree
from arealweb.domain.reference import Boundary
from arealweb.domain.zones import Zone
from arealweb.store.repository import Store

if TYPE_CHECKING:
    import geopandas as gpd

    from arealweb.analysis.areas import AreaSummary
    from arealweb.analysis.conflicts import ConflictReport
    from arealweb.analysis.corridors import CorridorReport
    from arealweb.analysis.coverage import Coverage
    from arealweb.analysis.stations import StationReport


@dataclass(frozen=True)
class Plan:
    """The plan as the analyses take it: the goal tree and frames in EPSG:25832."""

    tree: GoalTree
    zones: gpd.GeoDataFrame
    stations: gpd.GeoDataFrame
    boundary: Boundary | None


def plan(store: Store) -> Plan:
    from arealweb.analysis.frames import stations_frame, zones_frame

    with store.read() as repo:
        return Plan(
            repo.goals.tree(),
            zones_frame(repo.zones.all()),
            stations_frame(repo.reference.stations()),
            repo.reference.boundary(),
        )


def plan_signature(store: Store) -> str:
    """A digest that changes whenever a drawing of the plan would: every zone's id and version
    (any edit, goal links included, makes a new version), every goal's version, the boundary,
    the stations and every goal indicator's id and version (the report shows them). Cheap to
    read: no zone geometry is parsed."""
    digest = hashlib.sha256()
    with store.read() as repo:
        digest.update(repr(repo.zones.versions()).encode())
        digest.update(repr([(g.id, g.version) for g in repo.goals.tree().walk()]).encode())
        digest.update(repr([(i.id, i.version) for i in repo.indicators.all()]).encode())
        boundary = repo.reference.boundary()
        if boundary is not None:
            digest.update(shapely.to_wkb(boundary.geometry))
        for station in repo.reference.stations():
            digest.update(f"{station.id}{station.geometry.wkt}{station.planned}".encode())
    return digest.hexdigest()[:32]


def areas(found: Plan) -> AreaSummary:
    from arealweb.analysis.areas import area_summary

    return area_summary(found.zones, found.tree)


def areas_of(tree: GoalTree, zones: list[Zone]) -> AreaSummary:
    """The same summary as :func:`areas`, for zones already read (the overview's)."""
    from arealweb.analysis.areas import area_summary
    from arealweb.analysis.frames import zones_frame

    return area_summary(zones_frame(zones), tree)


def conflict_report(found: Plan) -> ConflictReport:
    from arealweb.analysis.conflicts import conflicts

    return conflicts(found.zones)


def thread_coverage(found: Plan) -> Coverage:
    from arealweb.analysis.conflicts import conflicts
    from arealweb.analysis.coverage import coverage

    return coverage(found.zones, found.tree, conflicts(found.zones))


def stations(
    found: Plan, distances: tuple[int, ...] | None = None, planned: bool = True
) -> StationReport:
    """Nearness to stations within ``distances`` (the analysis's own, 500 and 1000 m, when
    None); only the stations in use unless ``planned``."""
    from arealweb.analysis.stations import DISTANCES_M, station_nearness

    chosen = found.stations if planned else found.stations[~found.stations["planned"]]
    return station_nearness(found.zones, chosen, DISTANCES_M if distances is None else distances)


def corridors(
    found: Plan, gap_m: float | None = None, reach_m: float | None = None
) -> CorridorReport:
    """The corridor network: gaps up to ``gap_m`` and reach ``reach_m`` (the analysis's own
    when None)."""
    from arealweb.analysis.corridors import GAP_M, REACH_M, corridor_network

    return corridor_network(
        found.zones, GAP_M if gap_m is None else gap_m, REACH_M if reach_m is None else reach_m
    )
