"""The arealregnskap (land-use accounting) of the plan and of scenarios on top of it, and the
goal indicators' measures read from it.

What development *takes* (``taken_by_category``, ``taken_total_m2`` and so the measure
``protected_taken``) is measured against the land protected in the plan as it stands, for a
scenario too, as the arealregnskap asks what a proposal takes of land protected today: a
scenario that removes a protection zone and builds on its land takes that land; one that
protects land already developed takes nothing less. Every other figure is the scenario's own.

Every figure is exact up to floating point (and the circles' 128 vertices, as in
:mod:`arealweb.analysis.stations`), in EPSG:25832: areas in m², lengths in m. Overlapping zones
count once (areas and lines are unioned within each group first), as in
:mod:`arealweb.analysis.areas` and :mod:`arealweb.analysis.conflicts`.

The result is :class:`~arealweb.analysis.accounts.Accounts` (with :func:`distances_for`, both
importable from here); the tiles, clipping and unions are in :mod:`arealweb.analysis.tiles`.

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

from collections import Counter
from collections.abc import Iterable, Sequence

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.analysis.accounts import (
    CYCLE_DISTANCES_M,
    STATION_DISTANCES_M,
    Accounts,
    distances_for,
)
from arealweb.analysis.corridors import MAIN_NETWORK
from arealweb.analysis.stations import QUAD_SEGMENTS
from arealweb.analysis.tiles import (
    CORRIDOR,
    FRAMTIDIG,
    NOTHING_PROTECTED,
    Pieces,
    Protected,
    Tile,
    Zones,
    clip,
    reach_of,
    tile_box,
    tiles_of,
    union_of_all,
)
from arealweb.domain.scenarios import Change
from arealweb.domain.zones import CATEGORIES, ZoneKind

__all__ = [
    "CYCLE_DISTANCES_M",
    "STATION_DISTANCES_M",
    "TILE_M",
    "Accounts",
    "Ledger",
    "distances_for",
]

TILE_M = 1_000.0
AREA_KINDS = (ZoneKind.DEVELOPMENT.value, ZoneKind.PROTECTION.value)
DEVELOPMENT = ZoneKind.DEVELOPMENT.value
PROTECTION = ZoneKind.PROTECTION.value


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
        self._zones = Zones.of_frame(zones)
        self._position = {zone_id: n for n, zone_id in enumerate(self._zones.ids)}
        self._stations = np.asarray(stations.geometry.values, dtype=object)
        self._circles: dict[int, tuple[np.ndarray, shapely.STRtree]] | None = None
        self._catchment_tiles: dict[Tile, dict[int, BaseGeometry | None]] = {}
        self._reach: dict[int, BaseGeometry] | None = None
        self._reach_tiles: dict[Tile, dict[int, BaseGeometry]] = {}
        self._pieces: dict[Tile, Pieces] | None = None
        self._figures: dict[Tile, Counter] = {}
        self._protected: dict[Tile, Protected] = {}
        self._plan: Accounts | None = None
        self._main = np.flatnonzero(
            (self._zones.kinds == CORRIDOR) & (self._zones.categories == MAIN_NETWORK)
        )
        self._main_tree = shapely.STRtree(self._zones.geometries[self._main])

    # The plan ---------------------------------------------------------------------------------

    def plan(self) -> Accounts:
        if self._plan is None:
            for tile, p in self._plan_pieces().items():
                self._figures[tile], self._protected[tile] = self._tile_figures(tile, p)
            counts = Counter(self._zones.kinds.tolist())
            self._plan = self._accounts(self._figures, counts, len(self._figures))
        return self._plan

    def _plan_pieces(self) -> dict[Tile, Pieces]:
        if self._pieces is not None:
            return self._pieces
        zones, size = self._zones, self.tile_m
        bounds = shapely.bounds(zones.geometries) if len(zones.ids) else np.empty((0, 4))
        owner, tiles = [], []
        for n, b in enumerate(bounds):
            found = tiles_of(b, size)
            owner += [n] * len(found)
            tiles += found
        owner = np.asarray(owner, dtype=int)
        boxes = np.asarray([tile_box(t, size) for t in tiles], dtype=object)
        if len(owner):
            meets = shapely.intersects(zones.geometries[owner], boxes)
            owner, boxes = owner[meets], boxes[meets]
            tiles = [t for t, m in zip(tiles, meets, strict=True) if m]
        clipped = clip(zones.geometries[owner], zones.kinds[owner], boxes)
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
            self._pieces[tile] = Pieces(
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
        added = Zones.of_changes(changes)
        touched: set[Tile] = set()
        reach_dirty: set[Tile] = set()
        reach_grow = max(self.cycle_distances, default=0)

        def touch(geometry, kind, category):
            box = shapely.bounds(geometry)
            touched.update(tiles_of(box, size))
            if kind == CORRIDOR and category == MAIN_NETWORK:
                around = tiles_of(box, size, reach_grow)
                touched.update(around)
                reach_dirty.update(around)

        for n in changed:
            touch(zones.geometries[n], zones.kinds[n], zones.categories[n])
        for n, geometry in enumerate(added.geometries):
            touch(geometry, added.kinds[n], added.categories[n])

        # The scenario's own zones, clipped to the touched tiles they meet.
        own: dict[Tile, list[tuple[int, BaseGeometry]]] = {}
        for n, geometry in enumerate(added.geometries):
            for tile in tiles_of(shapely.bounds(geometry), size):
                own.setdefault(tile, []).append((n, tile_box(tile, size)))
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
                        Pieces(
                            np.full(len(ns), -1),
                            clip(added.geometries[ns], added.kinds[ns], boxes),
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
            # What the scenario takes is measured against the plan's protection, not its own:
            # removing a protection zone and building on its land still takes that land.
            protected = self._protected.get(tile, NOTHING_PROTECTED)
            figures[tile], _ = self._tile_figures(tile, Pieces.join(parts), reach, protected)
        counts = Counter(zones.kinds.tolist())
        counts.subtract(zones.kinds[changed].tolist())
        counts.update(added.kinds.tolist())
        return self._accounts(figures, counts, len(touched))

    def _tile_reach(
        self, tile: Tile, changed: set[int] | None = None, added: Zones | None = None
    ) -> dict[int, BaseGeometry]:
        """Per distance, what of ``tile`` lies within it of the main cycle network: the plan's,
        less the ``changed`` positions, plus the main cycle lines of ``added``. Built from the
        lines that meet the tile grown by the distance (no other can reach it)."""
        found = {}
        box = tile_box(tile, self.tile_m)
        for distance in self.cycle_distances:
            grown = tile_box(tile, self.tile_m, distance)
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
            reach = reach_of(np.asarray(lines, dtype=object), distance)
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
            box = tile_box(tile, self.tile_m)
            found = {}
            for d, (circles, tree) in self._circles.items():
                near = circles[tree.query(box, predicate="intersects")]
                found[d] = shapely.intersection(union_of_all(near), box) if len(near) else None
            self._catchment_tiles[tile] = found
        return self._catchment_tiles[tile]

    def _plan_reach(self, tile: Tile) -> dict[int, BaseGeometry]:
        """The plan's reach within ``tile``: built once for the whole plan (one buffer per line,
        unioned), then clipped to each tile."""
        if self._reach is None:
            lines = self._zones.geometries[self._main]
            self._reach = {d: reach_of(lines, d) for d in self.cycle_distances}
        if tile not in self._reach_tiles:
            box = tile_box(tile, self.tile_m)
            self._reach_tiles[tile] = {
                d: shapely.intersection(reach, box) for d, reach in self._reach.items()
            }
        return self._reach_tiles[tile]

    def _tile_figures(
        self,
        tile: Tile,
        pieces: Pieces,
        reach: dict[int, BaseGeometry] | None = None,
        protected: Protected | None = None,
    ) -> tuple[Counter, Protected]:
        """The tile's share of every figure (see :meth:`_accounts` for the keys), and the
        protection the development was measured against: ``protected`` (a scenario's tile: the
        plan's), or that of ``pieces`` when None (the plan's tile)."""
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
                known[key] = union_of_all(geometries[mask])
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
        kind_unions = {kind: union_of_all(parts) for kind, parts in by_kind.items()}
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
        if protected is None:
            protected = Protected(
                kind_unions.get(PROTECTION),
                {c: unions[c] for c in CATEGORIES[ZoneKind.PROTECTION] if c in unions},
            )
        developed = kind_unions.get(DEVELOPMENT)
        if developed is None or developed.is_empty:
            return found, protected
        if protected.total is not None:
            found["taken_total"] += shapely.intersection(developed, protected.total).area
        for category, union in protected.by_category.items():
            found["taken", category] += shapely.intersection(developed, union).area
        for d, catchment in self._station_catchments(tile).items():
            if catchment is not None and not catchment.is_empty:
                found["station", d] += shapely.intersection(developed, catchment).area
        for d, near in (reach if reach is not None else self._plan_reach(tile)).items():
            if not near.is_empty:
                found["cycle", d] += shapely.intersection(developed, near).area
        return found, protected

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
