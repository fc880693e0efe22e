"""Zones and stations as GeoDataFrames in EPSG:25832, the input of every analysis."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from arealweb.domain.reference import Station
from arealweb.domain.zones import Zone

CRS = 25832
ZONE_COLUMNS = ["id", "name", "kind", "category", "goal_ids", "status", "arealformal"]


def zones_frame(zones: Iterable[Zone]) -> gpd.GeoDataFrame:
    """The zones of the land-use strategy (neither deleted nor drafts), indexed by id."""
    kept = [z for z in zones if not z.deleted and not z.draft]
    frame = gpd.GeoDataFrame(
        {
            "id": [z.id for z in kept],
            "name": [z.name for z in kept],
            "kind": [z.kind.value for z in kept],
            "category": [z.category for z in kept],
            "goal_ids": [tuple(z.goal_ids) for z in kept],
            "status": [z.status.value for z in kept],
            "arealformal": pd.Series([z.arealformal for z in kept], dtype=object),
        },
        geometry=[z.geometry for z in kept],
        crs=CRS,
    )
    return frame.set_index("id", drop=False)


def stations_frame(stations: Iterable[Station]) -> gpd.GeoDataFrame:
    found = list(stations)
    return gpd.GeoDataFrame(
        {
            "id": [s.id for s in found],
            "name": [s.name for s in found],
            "line": [s.line for s in found],
            "planned": [s.planned for s in found],
        },
        geometry=[s.geometry for s in found],
        crs=CRS,
    )
