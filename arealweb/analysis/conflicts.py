"""Where development eats protected land, and where corridors cross it.

A development zone that overlaps a protection zone is a conflict, measured by the overlapping
area; a corridor through a protection zone is a crossing, measured by its length inside
(often acceptable: a path through Marka), and reported apart.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class ConflictReport:
    conflicts: list[Conflict]
    crossings: list[Crossing]
    by_category: dict[str, float]
    """Protection category -> the area (m²) development overlaps, overlaps counted once."""

    @property
    def total_m2(self) -> float:
        return float(sum(self.by_category.values()))


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
    found = []
    for a, b, overlap, area in zip(i, j, overlaps, areas, strict=True):
        if area < MIN_OVERLAP_M2:
            continue
        dev, prot = development.iloc[a], protection.iloc[b]
        found.append(
            Conflict(
                dev["id"],
                dev["name"],
                prot["id"],
                prot["name"],
                prot["category"],
                overlap,
                float(area),
            )
        )
    found.sort(key=lambda c: -c.area_m2)

    i, j = _pairs(corridors, protection)
    insides = shapely.intersection(corridors.geometry.values[i], protection.geometry.values[j])
    lengths = shapely.length(insides)
    crossings = []
    for a, b, inside, length in zip(i, j, insides, lengths, strict=True):
        if length < MIN_CROSSING_M:
            continue
        corridor, prot = corridors.iloc[a], protection.iloc[b]
        crossings.append(
            Crossing(
                corridor["id"],
                corridor["name"],
                prot["id"],
                prot["name"],
                prot["category"],
                inside,
                float(length),
            )
        )
    crossings.sort(key=lambda c: -c.length_m)

    by_category: dict[str, list[BaseGeometry]] = {}
    for conflict in found:
        by_category.setdefault(conflict.category, []).append(conflict.overlap)
    return ConflictReport(
        found,
        crossings,
        {
            category: float(shapely.union_all(parts).area)
            for category, parts in sorted(by_category.items())
        },
    )
