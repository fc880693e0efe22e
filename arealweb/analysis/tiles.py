"""The tile work of :mod:`arealweb.analysis.accounting`: the plane cut into square tiles aligned
on whole multiples of their size (tile ``(i, j)`` covers ``i·T ≤ x < (i+1)·T``, and the same in
y), zones as parallel arrays, zones clipped to the tiles they meet (half-open: a line along a
tile's edge counts in one tile only), and the unions and reaches that the figures are made of.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.analysis.stations import QUAD_SEGMENTS
from arealweb.domain.scenarios import Change
from arealweb.domain.zones import ZoneKind, ZoneStatus

CORRIDOR = ZoneKind.CORRIDOR.value
FRAMTIDIG = ZoneStatus.FRAMTIDIG.value

_POLYGONAL = (3, 6)  # shapely type ids: Polygon, MultiPolygon
_LINEAR = (1, 2, 5)  # LineString, LinearRing, MultiLineString

Tile = tuple[int, int]


@dataclass
class Zones:
    """Zones as parallel arrays (the plan's, or a scenario's additions)."""

    ids: list[str]
    geometries: np.ndarray
    kinds: np.ndarray
    categories: np.ndarray
    codes: np.ndarray
    statuses: np.ndarray

    @classmethod
    def of_frame(cls, zones: gpd.GeoDataFrame) -> Zones:
        n = len(zones)
        codes = zones["arealformal"] if "arealformal" in zones.columns else [None] * n
        statuses = zones["status"] if "status" in zones.columns else [FRAMTIDIG] * n
        return cls(
            [str(i) for i in zones["id"]],
            np.asarray(zones.geometry.values, dtype=object),
            np.asarray(zones["kind"], dtype=object),
            np.asarray(zones["category"], dtype=object),
            np.asarray([_code(c) for c in codes], dtype=object),
            np.asarray([str(s) for s in statuses], dtype=object),
        )

    @classmethod
    def of_changes(cls, changes: Sequence[Change]) -> Zones:
        live = [c.zone for c in changes if c.zone is not None]
        live = [z for z in live if not z.deleted and not z.draft]
        return cls(
            [c.id for c in live],
            np.asarray([z.geometry for z in live] or [], dtype=object),
            np.asarray([z.kind.value for z in live], dtype=object),
            np.asarray([z.category for z in live], dtype=object),
            np.asarray([_code(z.arealformal) for z in live], dtype=object),
            np.asarray([z.status.value for z in live], dtype=object),
        )


def _code(code: object) -> int | None:
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return None
    return int(code)


@dataclass
class Pieces:
    """The zones meeting one tile, clipped to it."""

    positions: np.ndarray
    """Positions in the plan's arrays (or -1 for a scenario's own zones)."""
    geometries: np.ndarray
    kinds: np.ndarray
    categories: np.ndarray
    codes: np.ndarray
    statuses: np.ndarray

    def without(self, keep: np.ndarray) -> Pieces:
        return Pieces(
            self.positions[keep],
            self.geometries[keep],
            self.kinds[keep],
            self.categories[keep],
            self.codes[keep],
            self.statuses[keep],
        )

    @staticmethod
    def join(parts: list[Pieces]) -> Pieces:
        return Pieces(*(np.concatenate([getattr(p, f) for p in parts]) for f in PIECE_FIELDS))


PIECE_FIELDS = ("positions", "geometries", "kinds", "categories", "codes", "statuses")


class Protected(NamedTuple):
    """The protected land of one tile: all of it (None when none), and by protection
    category."""

    total: BaseGeometry | None
    by_category: dict[str, BaseGeometry]


NOTHING_PROTECTED = Protected(None, {})


def tile_box(tile: Tile, size: float, grow: float = 0.0) -> BaseGeometry:
    i, j = tile
    return shapely.box(
        i * size - grow, j * size - grow, (i + 1) * size + grow, (j + 1) * size + grow
    )


def tiles_of(bounds: Sequence[float], size: float, grow: float = 0.0) -> list[Tile]:
    minx, miny, maxx, maxy = bounds
    if any(math.isnan(b) for b in bounds):
        return []
    return [
        (i, j)
        for i in range(math.floor((minx - grow) / size), math.floor((maxx + grow) / size) + 1)
        for j in range(math.floor((miny - grow) / size), math.floor((maxy + grow) / size) + 1)
    ]


def clip(geometries: np.ndarray, kinds: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Each geometry clipped to its box, of the geometry's own dimension only: the edges and
    corners an area shares with a box it only touches are dropped (left empty)."""
    own, box = shapely.bounds(geometries), shapely.bounds(boxes)
    inside = np.all(own[:, :2] >= box[:, :2], axis=1) & np.all(own[:, 2:] <= box[:, 2:], axis=1)
    clipped = geometries.copy()
    clipped[~inside] = shapely.intersection(geometries[~inside], boxes[~inside])
    types = shapely.get_type_id(clipped)
    polygonal = kinds != CORRIDOR
    wrong = np.where(polygonal, ~np.isin(types, _POLYGONAL), ~np.isin(types, _LINEAR))
    for n in np.flatnonzero(wrong):
        clipped[n] = _only(clipped[n], bool(polygonal[n]))
    # A line along a tile's edge would be in both tiles: a tile keeps its left and bottom edges
    # and leaves its right and top ones to its neighbours (half-open, as the tiles are).
    lines = np.flatnonzero(~polygonal)
    if len(lines):
        box_bounds = shapely.bounds(boxes[lines])
        line_bounds = shapely.bounds(clipped[lines])
        edge = (line_bounds[:, 2] >= box_bounds[:, 2]) | (line_bounds[:, 3] >= box_bounds[:, 3])
        for n, (minx, miny, maxx, maxy) in zip(lines[edge], box_bounds[edge], strict=True):
            far_edges = shapely.LineString([(minx, maxy), (maxx, maxy), (maxx, miny)])
            clipped[n] = shapely.difference(clipped[n], far_edges)
    return clipped


def _only(geometry: BaseGeometry, polygonal: bool) -> BaseGeometry:
    parts = shapely.get_parts(shapely.get_parts(geometry))
    wanted = _POLYGONAL if polygonal else _LINEAR
    kept = parts[np.isin(shapely.get_type_id(parts), wanted)]
    if polygonal:
        return shapely.union_all(kept) if len(kept) else shapely.Polygon()
    return shapely.union_all(kept) if len(kept) else shapely.LineString()


def union_of_all(geometries) -> BaseGeometry:
    geometries = list(geometries)
    if not geometries:
        return shapely.Polygon()
    if len(geometries) == 1:
        return geometries[0]
    return shapely.union_all(geometries)


def reach_of(lines: np.ndarray, distance: int) -> BaseGeometry:
    """Everything within ``distance`` of ``lines``: the union of each line's buffer (a hundred
    times faster than the buffer of their union, which first nodes every crossing)."""
    if not len(lines):
        return shapely.Polygon()
    return shapely.union_all(shapely.buffer(lines, distance, quad_segs=QUAD_SEGMENTS))
