"""How much of the development area lies near a station (within 500 m and 1 000 m).

Growth is meant to go to the public-transport hubs; the share of each development zone inside
the stations' catchments (circles around every station, unioned) says whether it does.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

DISTANCES_M = (500, 1000)
QUAD_SEGMENTS = 32
"""Circle quality: 128 vertices a catchment keeps its area within 0.1 % of π r²."""


@dataclass(frozen=True)
class Nearness:
    zone_id: str
    name: str
    category: str
    area_m2: float
    within_m2: dict[int, float]
    """Distance (m) -> the zone's area within that distance of a station."""

    def share(self, distance: int) -> float:
        return self.within_m2[distance] / self.area_m2 if self.area_m2 else 0.0


@dataclass(frozen=True)
class StationReport:
    distances: tuple[int, ...]
    zones: list[Nearness]
    total_m2: float
    total_within_m2: dict[int, float]
    catchments: dict[int, BaseGeometry]

    def share(self, distance: int) -> float:
        return self.total_within_m2[distance] / self.total_m2 if self.total_m2 else 0.0


def station_nearness(
    zones: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame,
    distances: tuple[int, ...] = DISTANCES_M,
) -> StationReport:
    """Each development zone's area near a station, and the development area in all."""
    development = zones[zones["kind"] == "development"]
    catchments = {
        d: shapely.union_all(shapely.buffer(stations.geometry.values, d, quad_segs=QUAD_SEGMENTS))
        if len(stations)
        else shapely.Polygon()
        for d in distances
    }
    geometries = development.geometry.values
    inside = {d: shapely.area(shapely.intersection(geometries, catchments[d])) for d in distances}
    rows = [
        Nearness(
            row["id"],
            row["name"],
            row["category"],
            float(shapely.area(row.geometry)),
            {d: float(inside[d][n]) for d in distances},
        )
        for n, (_, row) in enumerate(development.iterrows())
    ]
    everything = shapely.union_all(geometries) if len(geometries) else shapely.Polygon()
    return StationReport(
        tuple(distances),
        rows,
        float(everything.area),
        {d: float(shapely.intersection(everything, catchments[d]).area) for d in distances},
        catchments,
    )
