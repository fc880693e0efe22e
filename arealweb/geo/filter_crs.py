"""The CRS of a filter's geometry literals (OGC API – Features Part 3, ``filter-crs``).

A filter's geometries are in CRS84 (longitude, latitude) unless ``filter-crs`` names another
of the CRSs the service offers. Coordinates come in the axis order of the CRS's authority:
EPSG:4326 and EPSG:4258 are latitude first, CRS84 longitude first, the projected ones
easting, northing. Everything is compared in EPSG:25832.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.geo.crs import CRS84_URI, OGC_CRSS, UTM32, from_ogc_crs

FILTER_CRSS = OGC_CRSS
"""A filter may be written in any CRS the service answers in (OGC API – Features Part 2)."""


def filter_geometry_to_utm(geometry: BaseGeometry, crs_uri: str = CRS84_URI) -> BaseGeometry:
    """``geometry`` written in ``crs_uri`` (in its authority's axis order) → EPSG:25832.
    Raises KeyError for a CRS not in :data:`FILTER_CRSS`, ValueError for coordinates the CRS
    cannot place."""
    crs = FILTER_CRSS[crs_uri]
    if crs.code != UTM32:
        geometry = from_ogc_crs(_densified(geometry), crs)
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise ValueError("outside the CRS's area of use")
    return geometry


def _densified(geometry: BaseGeometry) -> BaseGeometry:
    """A small geometry (a box, say) with points every 1/64 of its extent, so that its straight
    edges stay where they were drawn after reprojection; large ones are left as they are."""
    if shapely.get_num_coordinates(geometry) > 1_000:
        return geometry
    minx, miny, maxx, maxy = geometry.bounds
    step = max(maxx - minx, maxy - miny) / 64
    return shapely.segmentize(geometry, step) if step > 0 else geometry
