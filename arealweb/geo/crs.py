"""Coordinate reference systems: EPSG:25832 inside, WGS84 (RFC 7946) at the edges.

Areas and distances are only ever computed in EPSG:25832 (ETRS89 / UTM zone 32N), the CRS
Bærum's and Akershus' own services use. GeoJSON leaves and enters in WGS84 longitude/latitude.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError

UTM32 = 25832
WGS84 = 4326
WGS84_DECIMALS = 6

_transformers: dict[tuple[int | str, int | str], Transformer] = {}
_building = threading.Lock()


def transformer(source: int | str, target: int | str) -> Transformer:
    """The process's lon/lat-ordered transformer from ``source`` to ``target``, built once.

    pyproj's Transformer may be shared between threads since pyproj 3.1 (its docs, "Gotchas:
    Multithreading"): each thread that uses it gets its own PROJ object, rebuilt from the
    transformer's recipe. The recipe of :meth:`Transformer.from_crs` searches PROJ's database
    for the best operation again (about 8 ms in every new thread, and a development server
    starts a thread per request), so the operation is searched for once here and the shared
    transformer is rebuilt from its PROJ pipeline (about 0.2 ms in a new thread).
    """
    key = (source, target)
    found = _transformers.get(key)
    if found is None:
        with _building:
            found = _transformers.get(key)
            if found is None:
                found = _transformers[key] = _built(source, target)
    return found


def _built(source: int | str, target: int | str) -> Transformer:
    searched = Transformer.from_crs(source, target, always_xy=True)
    try:
        return Transformer.from_pipeline(searched.definition)
    except ProjError:
        # several candidate operations chosen point by point (no single pipeline to name):
        # share the searched transformer, correct in every thread though slower in a new one
        return searched


def _apply(geometries, source, target, decimals: int | None = None):
    tr = transformer(source, target)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        out = np.column_stack([x, y])
        return np.round(out, decimals) if decimals is not None else out

    return shapely.transform(geometries, project)


def to_wgs84(geometries, decimals: int | None = WGS84_DECIMALS):
    """EPSG:25832 → WGS84 lon/lat, rounded to ``decimals`` (6 ≈ 0.1 m, as RFC 7946 advises)."""
    return _apply(geometries, UTM32, WGS84, decimals)


def from_utm(geometries, target: int, decimals: int | None = None):
    """EPSG:25832 → ``target``, rounded to ``decimals`` when given."""
    if target == UTM32:
        return geometries
    return _apply(geometries, UTM32, target, decimals)


def to_utm(geometries, source: int | str = WGS84):
    """Any CRS pyproj knows → EPSG:25832."""
    if epsg_code(source) == UTM32:
        return geometries
    return _apply(geometries, source, UTM32)


def epsg_code(crs: int | str | CRS | None) -> int | None:
    """The EPSG code of ``crs`` (OGC CRS84 counts as 4326), or None when it has none."""
    if crs is None:
        return None
    if isinstance(crs, int):
        return crs
    parsed = crs if isinstance(crs, CRS) else CRS.from_user_input(crs)
    if parsed.to_authority() == ("OGC", "CRS84"):
        return WGS84
    code = parsed.to_epsg()
    return int(code) if code is not None else None


def parse_crs(text: str) -> CRS:
    """Parse a CRS name such as ``EPSG:25832`` or ``urn:ogc:def:crs:EPSG::25832``."""
    try:
        return CRS.from_user_input(text)
    except CRSError as error:
        raise ValueError(str(error)) from None


def is_geographic(crs: int | str | CRS) -> bool:
    if isinstance(crs, CRS):
        return crs.is_geographic
    return _is_geographic(crs)


@lru_cache(maxsize=64)
def _is_geographic(crs: int | str) -> bool:
    """Read once per process for each CRS named (parsing one costs 0.1 ms, on every comment)."""
    return CRS.from_user_input(crs).is_geographic


def looks_projected(geometries) -> bool:
    """True when coordinates said to be longitude/latitude are far outside their range."""
    # The coordinates themselves, not shapely.total_bounds: its NaN-aware reductions cost
    # more than the rest of reading a comment's point (and missing geometries have none).
    coordinates = shapely.get_coordinates(np.asarray(geometries, dtype=object))
    if not len(coordinates):
        return False
    longitudes, latitudes = np.fmax.reduce(np.abs(coordinates), axis=0)  # NaN left out
    return bool(longitudes > 180 or latitudes > 90)


# OGC API – Features Part 2: the CRSs the service answers in, named by their OGC URIs.

CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/{code}"


@dataclass(frozen=True)
class OgcCrs:
    """A CRS of the OGC API: its URI, its EPSG code (CRS84 is EPSG:4326 with lon/lat axes),
    whether its authority puts latitude first, and the decimals coordinates are rounded to."""

    uri: str
    code: int
    lat_first: bool
    decimals: int

    @property
    def geographic(self) -> bool:
        return self.code in (WGS84, 4258)


CRS84 = OgcCrs(CRS84_URI, WGS84, False, WGS84_DECIMALS)
OGC_CRSS: dict[str, OgcCrs] = {
    c.uri: c
    for c in (
        CRS84,
        OgcCrs(EPSG_URI.format(code=WGS84), WGS84, True, WGS84_DECIMALS),
        OgcCrs(EPSG_URI.format(code=4258), 4258, True, WGS84_DECIMALS),
        OgcCrs(EPSG_URI.format(code=UTM32), UTM32, False, 3),
        OgcCrs(EPSG_URI.format(code=25833), 25833, False, 3),
        OgcCrs(EPSG_URI.format(code=3857), 3857, False, 3),
    )
}
"""Every CRS the OGC API reads and writes coordinates in, by URI; CRS84 first."""
STORAGE_CRS = OGC_CRSS[EPSG_URI.format(code=UTM32)]


def _swap(coords: np.ndarray) -> np.ndarray:
    return coords[:, ::-1].copy()


def to_ogc_crs(geometries_utm, crs: OgcCrs):
    """EPSG:25832 → ``crs``, in its authority's axis order (EPSG:4326 and 4258 lat/lon)."""
    if crs.code == UTM32:
        projected = _round(geometries_utm, crs)
    else:
        projected = from_utm(geometries_utm, crs.code, crs.decimals)
    return shapely.transform(projected, _swap) if crs.lat_first else projected


def _round(geometries, crs: OgcCrs):
    return shapely.transform(geometries, lambda coords: np.round(coords, crs.decimals))


def from_ogc_crs(geometries, crs: OgcCrs):
    """Geometries in ``crs`` (its authority's axis order) → EPSG:25832."""
    if crs.lat_first:
        geometries = shapely.transform(geometries, _swap)
    return to_utm(geometries, crs.code)
