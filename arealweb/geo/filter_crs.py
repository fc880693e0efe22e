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

from arealweb.geo.crs import UTM32, to_utm

CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
_EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{code}"

FILTER_CRSS: dict[str, tuple[int, bool]] = {
    CRS84_URI: (4326, False),
    _EPSG_URI.format(code=4326): (4326, True),
    _EPSG_URI.format(code=4258): (4258, True),
    _EPSG_URI.format(code=UTM32): (UTM32, False),
    _EPSG_URI.format(code=25833): (25833, False),
    _EPSG_URI.format(code=3857): (3857, False),
}
"""Each CRS a filter may be written in, by URI: its EPSG code and whether latitude is first."""


def _swap(coords: np.ndarray) -> np.ndarray:
    return coords[:, ::-1].copy()


def filter_geometry_to_utm(geometry: BaseGeometry, crs_uri: str = CRS84_URI) -> BaseGeometry:
    """``geometry`` written in ``crs_uri`` (in its authority's axis order) → EPSG:25832.
    Raises KeyError for a CRS not in :data:`FILTER_CRSS`, ValueError for coordinates the CRS
    cannot place."""
    code, lat_first = FILTER_CRSS[crs_uri]
    if lat_first:
        geometry = shapely.transform(geometry, _swap)
    if code != UTM32:
        geometry = to_utm(_densified(geometry), code)
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
