"""Where development eats protected land, and where corridors cross it.

A development zone that overlaps a protection zone is a conflict, measured by the overlapping
area; a corridor through a protection zone is a crossing, measured by its length inside
(often acceptable: a path through Marka), and reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.zones import SQUARE_METRES_PER_DAA

MIN_OVERLAP_M2 = 1.0
"""Smaller overlaps are shared edges drawn slightly apart, not conflicts."""
MIN_CROSSING_M = 1.0


@dataclass(frozen=True)
class Conflict:
    development_id: str
    development_name: str
    protection_id: str
    protection_name: str
    category: str
    """The protection zone's category (marka, jordvern, …)."""
    overlap: BaseGeometry
    area_m2: float

    @property
    def area_daa(self) -> float:
        return self.area_m2 / SQUARE_METRES_PER_DAA


@dataclass(frozen=True)
class Crossing:
    corridor_id: str
    corridor_name: str
    protection_id: str
    protection_name: str
    category: str
    inside: BaseGeometry
    length_m: float


@dataclass
class ConflictReport:
    conflicts: list[Conflict]
    crossings: list[Crossing]
    zones: gpd.GeoDataFrame

    @cached_property
    def by_category(self) -> dict[str, float]:
        """Protection category -> the area (m²) development overlaps, overlaps counted once.

        The union of the overlaps is the overlap of the unions: (∪ D) ∩ (∪ P) over the zones
        in conflict, much cheaper than unioning thousands of small overlaps."""
        geometry = self.zones.geometry
        developed = shapely.union_all(
            geometry.loc[sorted({c.development_id for c in self.conflicts})].values
        )
        protected: dict[str, set[str]] = {}
        for conflict in self.conflicts:
            protected.setdefault(conflict.category, set()).add(conflict.protection_id)
        return {
            category: float(
                shapely.intersection(
                    developed, shapely.union_all(geometry.loc[sorted(ids)].values)
                ).area
            )
            for category, ids in sorted(protected.items())
        }

    @cached_property
    def total_m2(self) -> float:
        """All development on protected land, counted once across categories too."""
        if not self.conflicts:
            return 0.0
        geometry = self.zones.geometry
        developed = {c.development_id for c in self.conflicts}
        protected = {c.protection_id for c in self.conflicts}
        return float(
            shapely.intersection(
                shapely.union_all(geometry.loc[sorted(developed)].values),
                shapely.union_all(geometry.loc[sorted(protected)].values),
            ).area
        )


def _pairs(left: gpd.GeoDataFrame, right: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every (left, right) pair whose geometries intersect (an STRtree query)."""
    if left.empty or right.empty:
        return np.array([], dtype=int), np.array([], dtype=int)
    tree = shapely.STRtree(right.geometry.values)
    found_left, found_right = tree.query(left.geometry.values, predicate="intersects")
    return found_left, found_right


def conflicts(zones: gpd.GeoDataFrame) -> ConflictReport:
    """Every development–protection overlap and corridor–protection crossing in ``zones``."""
    development = zones[zones["kind"] == "development"]
    protection = zones[zones["kind"] == "protection"]
    corridors = zones[zones["kind"] == "corridor"]

    i, j = _pairs(development, protection)
    overlaps = shapely.intersection(development.geometry.values[i], protection.geometry.values[j])
    areas = shapely.area(overlaps)
    keep = areas >= MIN_OVERLAP_M2
    # Plain arrays, not DataFrame rows: tens of thousands of pairs are read here.
    dev = development[["id", "name"]].to_numpy()
    prot = protection[["id", "name", "category"]].to_numpy()
    found = [
        Conflict(dev[a, 0], dev[a, 1], prot[b, 0], prot[b, 1], prot[b, 2], overlap, float(area))
        for a, b, overlap, area in zip(i[keep], j[keep], overlaps[keep], areas[keep], strict=True)
    ]
    found.sort(key=lambda c: -c.area_m2)

    i, j = _pairs(corridors, protection)
    insides = shapely.intersection(corridors.geometry.values[i], protection.geometry.values[j])
    lengths = shapely.length(insides)
    keep = lengths >= MIN_CROSSING_M
    lines = corridors[["id", "name"]].to_numpy()
    crossings = [
        Crossing(
            lines[a, 0], lines[a, 1], prot[b, 0], prot[b, 1], prot[b, 2], inside, float(length)
        )
        for a, b, inside, length in zip(i[keep], j[keep], insides[keep], lengths[keep], strict=True)
    ]
    crossings.sort(key=lambda c: -c.length_m)

    return ConflictReport(found, crossings, zones)
