"""The arealregnskap (land-use accounting) of the plan and of scenarios on top of it, and the
goal indicators' measures read from it.

Every figure is exact up to floating point (and the circles' 128 vertices, as in
:mod:`arealweb.analysis.stations`), in EPSG:25832: areas in m², lengths in m. Overlapping zones
count once (areas and lines are unioned within each group first), as in
:mod:`arealweb.analysis.areas` and :mod:`arealweb.analysis.conflicts`.

How scenarios share the plan's work
-----------------------------------
The plane is cut into square tiles of :data:`TILE_M` metres, aligned on whole multiples of it
(tile ``(i, j)`` covers ``i·T ≤ x < (i+1)·T``, and the same in y). Each zone is clipped to the
tiles it meets, and every figure is a sum over tiles of a figure of the tile alone: the area of
a union clipped to a tile is the union of the clipped pieces, an intersection of two unions
within a tile is the intersection of their clipped unions, and the tiles share only their
edges (no area; a line lying along an edge is counted in one tile only, as tiles are half-open).
Shares are ratios of the sums, taken last. (Unions are not additive per zone, so a scenario
cannot just add and subtract its zones' areas; within a tile they need not be.)

The distance figures clip the catchment to the tile. The stations' catchments (circles around
every station) do not change between scenarios: a tile's is the union of the circles that meet
it, clipped, built once per :class:`Ledger`. The plan's reach of the main cycle network (every
hovedsykkelvei grown by the distance: one buffer per line, unioned — a hundred times faster
than buffering the union, which first nodes every crossing) is built once and clipped to each
tile; a tile that a changed hovedsykkelvei comes within the distance of rebuilds its own from
the scenario's main lines that meet the tile grown by the distance (no other line can reach
it).

:meth:`Ledger.plan` computes every tile once; :meth:`Ledger.scenario` recomputes only the tiles
its changes touch — the bounds of each changed zone as the plan has it and as the scenario has
it, grown by the largest cycle distance when the zone is (or was) a hovedsykkelvei — and takes
every other tile's figures from the plan. A scenario that changes a few hundred zones in one
part of the municipality so costs a small fraction of the plan. Tiles of 1 km keep the pieces
small (unions of a few dozen clipped zones are cheap, thousands are not) while a changed zone
touches only one to four of them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.analysis.corridors import MAIN_NETWORK
from arealweb.analysis.stations import QUAD_SEGMENTS
from arealweb.domain.indicators import Indicator, Measure, Parameter
from arealweb.domain.scenarios import Change
from arealweb.domain.zones import CATEGORIES, SQUARE_METRES_PER_DAA, ZoneKind, ZoneStatus

TILE_M = 1_000.0
STATION_DISTANCES_M = (500, 1000)
CYCLE_DISTANCES_M = (500,)
AREA_KINDS = (ZoneKind.DEVELOPMENT.value, ZoneKind.PROTECTION.value)
CORRIDOR = ZoneKind.CORRIDOR.value
DEVELOPMENT = ZoneKind.DEVELOPMENT.value
PROTECTION = ZoneKind.PROTECTION.value
FRAMTIDIG = ZoneStatus.FRAMTIDIG.value

_POLYGONAL = (3, 6)  # shapely type ids: Polygon, MultiPolygon
_LINEAR = (1, 2, 5)  # LineString, LinearRing, MultiLineString

Tile = tuple[int, int]


@dataclass(frozen=True)
class Accounts:
    """The arealregnskap of one plan state; areas in m², lengths in m (EPSG:25832)."""

    area_by_kind: dict[str, float]
    """``development``, ``protection``: the union's area, overlaps once."""
    length_by_kind: dict[str, float]
    """``corridor``: the union's length."""
    area_by_category: dict[str, float]
    """Every area category of the catalogue (0 when none), and any other present."""
    length_by_category: dict[str, float]
    """Every corridor category of the catalogue (0 when none), and any other present."""
    area_by_arealformal: dict[int, float]
    """KpArealformål code -> the union's area of the area zones with that code (codes present)."""
    count_by_kind: dict[str, int]
    taken_by_category: dict[str, float]
    """Protection category -> the development area on it, once."""
    taken_total_m2: float
    """Development on any protected land, once across categories too."""
    development_m2: float
    reserve_m2: float
    """The unbuilt reserve: the union of development zones with status framtidig."""
    station_within_m2: dict[int, float]
    """Distance -> the development area within it of a station."""
    main_cycle_m: float
    """The union's length of the hovedsykkelvei corridors."""
    cycle_within_m2: dict[int, float]
    """Distance -> the development area within it of the hovedsykkelvei network."""
    tiles_computed: int = field(default=0, compare=False)
    """How many tiles were computed for these accounts (a scenario: those its changes touch)."""

    def value(self, measure: Measure, parameter: int | str | None = None) -> float:
        """The measure's value in its unit (per cent 0–100, daa, km); ``parameter`` None is the
        measure's default. A share of no development area is 0."""
        spec = measure.spec
        if spec.parameter is None:
            parameter = None
        elif parameter is None:
            parameter = spec.default_parameter
        if measure is Measure.STATION_SHARE:
            return self._share(self.station_within_m2, parameter)
        if measure is Measure.CYCLE_REACH_SHARE:
            return self._share(self.cycle_within_m2, parameter)
        if measure is Measure.PROTECTED_TAKEN:
            return self.taken_by_category.get(str(parameter), 0.0) / SQUARE_METRES_PER_DAA
        if measure is Measure.MAIN_CYCLE_LENGTH:
            return self.main_cycle_m / 1_000
        if measure is Measure.DEVELOPMENT_AREA:
            return self.development_m2 / SQUARE_METRES_PER_DAA
        if measure is Measure.UNBUILT_RESERVE:
            return self.reserve_m2 / SQUARE_METRES_PER_DAA
        raise ValueError(f"unknown measure {measure!r}")  # pragma: no cover

    def _share(self, within: dict[int, float], distance: int | str | None) -> float:
        if isinstance(distance, str) and distance.isdigit():
            distance = int(distance)
        if distance not in within:
            raise KeyError(
                f"no figures for {distance} m: make the Ledger with that distance "
                f"(see distances_for); computed: {sorted(within)}"
            )
        if self.development_m2 <= 0:
            return 0.0
        return 100.0 * within[distance] / self.development_m2


def distances_for(indicators: Iterable[Indicator]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(station distances, cycle distances) the indicators need, with the defaults 500/1000 and
    500."""
    stations, cycles = set(STATION_DISTANCES_M), set(CYCLE_DISTANCES_M)
    for indicator in indicators:
        if indicator.spec.parameter is not Parameter.DISTANCE:
            continue
        distance = indicator.parameter
        if distance is None:
            distance = indicator.spec.default_parameter
        if indicator.measure is Measure.STATION_SHARE:
            stations.add(int(distance))
        elif indicator.measure is Measure.CYCLE_REACH_SHARE:
            cycles.add(int(distance))
    return tuple(sorted(stations)), tuple(sorted(cycles))


@dataclass
class _Zones:
    """Zones as parallel arrays (the plan's, or a scenario's additions)."""

    ids: list[str]
    geometries: np.ndarray
    kinds: np.ndarray
    categories: np.ndarray
    codes: np.ndarray
    statuses: np.ndarray

    @classmethod
    def of_frame(cls, zones: gpd.GeoDataFrame) -> _Zones:
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
    def of_changes(cls, changes: Sequence[Change]) -> _Zones:
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
class _Pieces:
    """The zones meeting one tile, clipped to it."""

    positions: np.ndarray
    """Positions in the plan's arrays (or -1 for a scenario's own zones)."""
    geometries: np.ndarray
    kinds: np.ndarray
    categories: np.ndarray
    codes: np.ndarray
    statuses: np.ndarray

    def without(self, keep: np.ndarray) -> _Pieces:
        return _Pieces(
            self.positions[keep],
            self.geometries[keep],
            self.kinds[keep],
            self.categories[keep],
            self.codes[keep],
            self.statuses[keep],
        )

    @staticmethod
    def join(parts: list[_Pieces]) -> _Pieces:
        return _Pieces(*(np.concatenate([getattr(p, f) for p in parts]) for f in _PIECE_FIELDS))


_PIECE_FIELDS = ("positions", "geometries", "kinds", "categories", "codes", "statuses")


def _tile_box(tile: Tile, size: float, grow: float = 0.0) -> BaseGeometry:
    i, j = tile
    return shapely.box(
        i * size - grow, j * size - grow, (i + 1) * size + grow, (j + 1) * size + grow
    )


def _tiles_of(bounds: Sequence[float], size: float, grow: float = 0.0) -> list[Tile]:
    minx, miny, maxx, maxy = bounds
    if any(math.isnan(b) for b in bounds):
        return []
    return [
        (i, j)
        for i in range(math.floor((minx - grow) / size), math.floor((maxx + grow) / size) + 1)
        for j in range(math.floor((miny - grow) / size), math.floor((maxy + grow) / size) + 1)
    ]


def _clip(geometries: np.ndarray, kinds: np.ndarray, boxes: np.ndarray) -> np.ndarray:
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


def _union(geometries) -> BaseGeometry:
    geometries = list(geometries)
    if not geometries:
        return shapely.Polygon()
    if len(geometries) == 1:
        return geometries[0]
    return shapely.union_all(geometries)


def _reach(lines: np.ndarray, distance: int) -> BaseGeometry:
    """Everything within ``distance`` of ``lines``: the union of each line's buffer (a hundred
    times faster than the buffer of their union, which first nodes every crossing)."""
    if not len(lines):
        return shapely.Polygon()
    return shapely.union_all(shapely.buffer(lines, distance, quad_segs=QUAD_SEGMENTS))


class Ledger:
    """Accounts for the plan and for scenarios on top of it, sharing what they do not change.

    ``zones`` is :func:`arealweb.analysis.frames.zones_frame` of the plan's live zones; every
    station of ``stations`` counts (planned ones too)."""

    def __init__(
        self,
        zones: gpd.GeoDataFrame,
        stations: gpd.GeoDataFrame,
        *,
        station_distances: Iterable[int] = STATION_DISTANCES_M,
        cycle_distances: Iterable[int] = CYCLE_DISTANCES_M,
        tile_m: float = TILE_M,
    ) -> None:
        self.station_distances = tuple(sorted({int(d) for d in station_distances}))
        self.cycle_distances = tuple(sorted({int(d) for d in cycle_distances}))
        self.tile_m = float(tile_m)
        self._zones = _Zones.of_frame(zones)
        self._position = {zone_id: n for n, zone_id in enumerate(self._zones.ids)}
        self._stations = np.asarray(stations.geometry.values, dtype=object)
        self._circles: dict[int, tuple[np.ndarray, shapely.STRtree]] | None = None
        self._catchment_tiles: dict[Tile, dict[int, BaseGeometry | None]] = {}
        self._reach: dict[int, BaseGeometry] | None = None
        self._reach_tiles: dict[Tile, dict[int, BaseGeometry]] = {}
        self._pieces: dict[Tile, _Pieces] | None = None
        self._figures: dict[Tile, Counter] = {}
        self._plan: Accounts | None = None
        self._main = np.flatnonzero(
            (self._zones.kinds == CORRIDOR) & (self._zones.categories == MAIN_NETWORK)
        )
        self._main_tree = shapely.STRtree(self._zones.geometries[self._main])

    # The plan ---------------------------------------------------------------------------------

    def plan(self) -> Accounts:
        if self._plan is None:
            pieces = self._plan_pieces()
            self._figures = {tile: self._tile_figures(tile, p, None) for tile, p in pieces.items()}
            counts = Counter(self._zones.kinds.tolist())
            self._plan = self._accounts(self._figures, counts, len(self._figures))
        return self._plan

    def _plan_pieces(self) -> dict[Tile, _Pieces]:
        if self._pieces is not None:
            return self._pieces
        zones, size = self._zones, self.tile_m
        bounds = shapely.bounds(zones.geometries) if len(zones.ids) else np.empty((0, 4))
        owner, tiles = [], []
        for n, b in enumerate(bounds):
            found = _tiles_of(b, size)
            owner += [n] * len(found)
            tiles += found
        owner = np.asarray(owner, dtype=int)
        boxes = np.asarray([_tile_box(t, size) for t in tiles], dtype=object)
        if len(owner):
            meets = shapely.intersects(zones.geometries[owner], boxes)
            owner, boxes = owner[meets], boxes[meets]
            tiles = [t for t, m in zip(tiles, meets, strict=True) if m]
        clipped = _clip(zones.geometries[owner], zones.kinds[owner], boxes)
        kept = ~shapely.is_empty(clipped)
        owner, clipped = owner[kept], clipped[kept]
        tiles = [t for t, k in zip(tiles, kept, strict=True) if k]
        by_tile: dict[Tile, list[int]] = {}
        for k, tile in enumerate(tiles):
            by_tile.setdefault(tile, []).append(k)
        self._pieces = {}
        for tile, ks in by_tile.items():
            ks = np.asarray(ks, dtype=int)
            at = owner[ks]
            self._pieces[tile] = _Pieces(
                at,
                clipped[ks],
                zones.kinds[at],
                zones.categories[at],
                zones.codes[at],
                zones.statuses[at],
            )
        return self._pieces

    # Scenarios --------------------------------------------------------------------------------

    def scenario(self, changes: Sequence[Change]) -> Accounts:
        """The accounts of the plan with ``changes`` applied (as :func:`applied` would)."""
        self.plan()
        pieces = self._plan_pieces()
        size, zones = self.tile_m, self._zones
        changed_set = {self._position[c.zone_id] for c in changes if c.zone_id in self._position}
        changed = sorted(changed_set)
        added = _Zones.of_changes(changes)
        touched: set[Tile] = set()
        reach_dirty: set[Tile] = set()
        reach_grow = max(self.cycle_distances, default=0)

        def touch(geometry, kind, category):
            box = shapely.bounds(geometry)
            touched.update(_tiles_of(box, size))
            if kind == CORRIDOR and category == MAIN_NETWORK:
                around = _tiles_of(box, size, reach_grow)
                touched.update(around)
                reach_dirty.update(around)

        for n in changed:
            touch(zones.geometries[n], zones.kinds[n], zones.categories[n])
        for n, geometry in enumerate(added.geometries):
            touch(geometry, added.kinds[n], added.categories[n])

        # The scenario's own zones, clipped to the touched tiles they meet.
        own: dict[Tile, list[tuple[int, BaseGeometry]]] = {}
        for n, geometry in enumerate(added.geometries):
            for tile in _tiles_of(shapely.bounds(geometry), size):
                own.setdefault(tile, []).append((n, _tile_box(tile, size)))
        figures = dict(self._figures)
        for tile in touched:
            parts = []
            plan_part = pieces.get(tile)
            if plan_part is not None:
                keep = np.fromiter(
                    (p not in changed_set for p in plan_part.positions.tolist()), bool
                )
                parts.append(plan_part.without(keep))
            if tile in own:
                ns = np.asarray([n for n, _ in own[tile]], dtype=int)
                boxes = np.asarray([b for _, b in own[tile]], dtype=object)
                meets = shapely.intersects(added.geometries[ns], boxes)
                ns, boxes = ns[meets], boxes[meets]
                if len(ns):
                    parts.append(
                        _Pieces(
                            np.full(len(ns), -1),
                            _clip(added.geometries[ns], added.kinds[ns], boxes),
                            added.kinds[ns],
                            added.categories[ns],
                            added.codes[ns],
                            added.statuses[ns],
                        )
                    )
            if not parts:
                figures.pop(tile, None)
                continue
            reach = self._tile_reach(tile, changed_set, added) if tile in reach_dirty else None
            figures[tile] = self._tile_figures(tile, _Pieces.join(parts), reach)
        counts = Counter(zones.kinds.tolist())
        counts.subtract(zones.kinds[changed].tolist())
        counts.update(added.kinds.tolist())
        return self._accounts(figures, counts, len(touched))

    def _tile_reach(
        self, tile: Tile, changed: set[int] | None = None, added: _Zones | None = None
    ) -> dict[int, BaseGeometry]:
        """Per distance, what of ``tile`` lies within it of the main cycle network: the plan's,
        less the ``changed`` positions, plus the main cycle lines of ``added``. Built from the
        lines that meet the tile grown by the distance (no other can reach it)."""
        found = {}
        box = _tile_box(tile, self.tile_m)
        for distance in self.cycle_distances:
            grown = _tile_box(tile, self.tile_m, distance)
            near = self._main[self._main_tree.query(grown, predicate="intersects")]
            if changed:
                near = np.asarray([n for n in near.tolist() if n not in changed], dtype=int)
            lines = list(self._zones.geometries[near])
            if added is not None:
                lines += [
                    g
                    for g, kind, category in zip(
                        added.geometries, added.kinds, added.categories, strict=True
                    )
                    if kind == CORRIDOR and category == MAIN_NETWORK and g.intersects(grown)
                ]
            # Whole lines: a line clipped to a box comes back noded at its own crossings,
            # many short pieces that are much slower to buffer than the line itself.
            reach = _reach(np.asarray(lines, dtype=object), distance)
            found[distance] = shapely.intersection(reach, box)
        return found

    # Per tile ---------------------------------------------------------------------------------

    def _station_catchments(self, tile: Tile) -> dict[int, BaseGeometry]:
        """Per distance, what of ``tile`` lies within it of a station (the same circles for
        every tile, and the plan and every scenario)."""
        if self._circles is None:
            self._circles = {}
            for d in self.station_distances:
                circles = shapely.buffer(self._stations, d, quad_segs=QUAD_SEGMENTS)
                self._circles[d] = (circles, shapely.STRtree(circles))
        if tile not in self._catchment_tiles:
            box = _tile_box(tile, self.tile_m)
            found = {}
            for d, (circles, tree) in self._circles.items():
                near = circles[tree.query(box, predicate="intersects")]
                found[d] = shapely.intersection(_union(near), box) if len(near) else None
            self._catchment_tiles[tile] = found
        return self._catchment_tiles[tile]

    def _plan_reach(self, tile: Tile) -> dict[int, BaseGeometry]:
        """The plan's reach within ``tile``: built once for the whole plan (one buffer per line,
        unioned), then clipped to each tile."""
        if self._reach is None:
            lines = self._zones.geometries[self._main]
            self._reach = {d: _reach(lines, d) for d in self.cycle_distances}
        if tile not in self._reach_tiles:
            box = _tile_box(tile, self.tile_m)
            self._reach_tiles[tile] = {
                d: shapely.intersection(reach, box) for d, reach in self._reach.items()
            }
        return self._reach_tiles[tile]

    def _tile_figures(
        self, tile: Tile, pieces: _Pieces, reach: dict[int, BaseGeometry] | None
    ) -> Counter:
        """The tile's share of every figure (see :meth:`_accounts` for the keys)."""
        found: Counter = Counter()
        kinds, categories = pieces.kinds, pieces.categories
        geometries = pieces.geometries
        by_kind: dict[str, list[BaseGeometry]] = {}
        unions: dict[str, BaseGeometry] = {}
        # Unions already made, by the pieces they hold: in a real plan the zones of a code, or
        # those framtidig, are often exactly those of a category or kind.
        known: dict[bytes, BaseGeometry] = {}

        def union_of(mask: np.ndarray) -> BaseGeometry:
            key = mask.tobytes()
            if key not in known:
                known[key] = _union(geometries[mask])
            return known[key]

        for category in sorted(set(categories.tolist())):
            mask = categories == category
            kind = kinds[mask][0]
            union = union_of(mask & (kinds == kind))
            unions[category] = union
            by_kind.setdefault(kind, []).append(union)
            if kind == CORRIDOR:
                found["category_length", category] += union.length
            else:
                found["category_area", category] += union.area
        kind_unions = {kind: _union(parts) for kind, parts in by_kind.items()}
        for kind, union in kind_unions.items():
            known[(kinds == kind).tobytes()] = union
        for kind, union in kind_unions.items():
            if kind == CORRIDOR:
                found["kind_length", kind] += union.length
            else:
                found["kind_area", kind] += union.area
        areas = kinds != CORRIDOR
        codes = pieces.codes
        for code in sorted({c for c in codes[areas].tolist() if c is not None}):
            found["code", code] += union_of(areas & (codes == code)).area
        reserve = (kinds == DEVELOPMENT) & (pieces.statuses == FRAMTIDIG)
        if reserve.any():
            found["reserve"] += union_of(reserve).area
        developed = kind_unions.get(DEVELOPMENT)
        if developed is None or developed.is_empty:
            return found
        protected = kind_unions.get(PROTECTION)
        if protected is not None:
            found["taken_total"] += shapely.intersection(developed, protected).area
            for category in CATEGORIES[ZoneKind.PROTECTION]:
                if category in unions:
                    found["taken", category] += shapely.intersection(
                        developed, unions[category]
                    ).area
        for d, catchment in self._station_catchments(tile).items():
            if catchment is not None and not catchment.is_empty:
                found["station", d] += shapely.intersection(developed, catchment).area
        for d, near in (reach if reach is not None else self._plan_reach(tile)).items():
            if not near.is_empty:
                found["cycle", d] += shapely.intersection(developed, near).area
        return found

    def _accounts(self, figures: dict[Tile, Counter], counts: Counter, computed: int) -> Accounts:
        total: Counter = Counter()
        for tile in sorted(figures):
            for key, value in figures[tile].items():
                total[key] += value
        area_categories = [c for kind in AREA_KINDS for c in CATEGORIES[ZoneKind(kind)]]
        corridor_categories = list(CATEGORIES[ZoneKind.CORRIDOR])
        by_category = {c: 0.0 for c in area_categories}
        by_length = {c: 0.0 for c in corridor_categories}
        codes = {}
        for key, value in total.items():
            if key[0] == "category_area":
                by_category[key[1]] = float(value)
            elif key[0] == "category_length":
                by_length[key[1]] = float(value)
            elif key[0] == "code":
                codes[key[1]] = float(value)
        development = float(total["kind_area", DEVELOPMENT])
        return Accounts(
            area_by_kind={kind: float(total["kind_area", kind]) for kind in AREA_KINDS},
            length_by_kind={CORRIDOR: float(total["kind_length", CORRIDOR])},
            area_by_category=by_category,
            length_by_category=by_length,
            area_by_arealformal=dict(sorted(codes.items())),
            count_by_kind={kind.value: int(counts.get(kind.value, 0)) for kind in ZoneKind},
            taken_by_category={
                c: float(total["taken", c]) for c in CATEGORIES[ZoneKind.PROTECTION]
            },
            taken_total_m2=float(total["taken_total"]),
            development_m2=development,
            reserve_m2=float(total["reserve"]),
            station_within_m2={d: float(total["station", d]) for d in self.station_distances},
            main_cycle_m=float(by_length.get(MAIN_NETWORK, 0.0)),
            cycle_within_m2={d: float(total["cycle", d]) for d in self.cycle_distances},
            tiles_computed=computed,
        )
