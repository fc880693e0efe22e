"""The OGC API – Features use cases: a page of items from a selection, for every collection.

Zones are selected in the database (kind, bbox, last saved time) as ordered (id, version) rows;
only the page's zones are read, and only those the caller has not serialised at their version.
The other collections are small and are selected and paged here, in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import NotFound
from arealweb.domain.filters import Filter, holds
from arealweb.domain.goals import GoalTree
from arealweb.domain.participation import Comment
from arealweb.domain.reference import Station
from arealweb.domain.text import N_
from arealweb.domain.workshops import Sketch, Workshop
from arealweb.domain.zones import GoalLink, Zone, ZoneKind
from arealweb.geo.crs import OgcCrs, to_wgs84
from arealweb.services.listing import Listing, keep_heads, read_heads
from arealweb.services.participation import PUBLIC_STATES
from arealweb.store.repository import Store

TimeRange = tuple[datetime | None, datetime | None]


@dataclass(frozen=True)
class ItemsQuery:
    """What one page of items asks for.

    ``bbox`` is a polygon in EPSG:25832 (the client's box, transformed); ``datetime_range`` is
    (start, end), either None when open, on the time the collection keeps (zones: when last
    saved); ``crs`` the CRS the answer is in (None: CRS84); ``where`` a filter tree of
    :mod:`arealweb.domain.filters` (geometries in EPSG:25832), or None."""

    limit: int
    offset: int = 0
    bbox: BaseGeometry | None = None
    datetime_range: TimeRange | None = None
    crs: OgcCrs | None = None
    where: Filter | None = None


@dataclass
class ZonePage:
    """A page of zones: how many the selection matched, and the page as a :class:`Listing`."""

    matched: int
    listing: Listing


def zone_page(
    store: Store,
    kind: ZoneKind | None,
    query: ItemsQuery,
    known: Callable[[str, int], bool],
    stored: bool = True,
) -> ZonePage:
    """The zones ``query`` selects (of ``kind``), ordered by name and id, and of those the
    page from ``query.offset``; for the page's rows ``known`` does not know at their version,
    with ``stored`` (CRS84) their stored Feature heads (made and stored where missing), else
    the full zones."""
    with store.read() as repo:
        matched, page = repo.zones.versions_page(
            query.limit,
            query.offset,
            kind=kind,
            bbox=query.bbox,
            updated=query.datetime_range,
            where=query.where,
        )
        unknown = [row for row in page if not known(*row)]
        if stored:
            heads, changed = read_heads(repo, unknown)
        else:
            heads, changed = {}, repo.zones.by_ids({z for z, _ in unknown}) if unknown else []
        odd = repo.zones.skipped
        if odd:
            page = [row for row in page if row[0] not in odd]
        links = repo.zones.goal_ids_by_zone([zone_id for zone_id, _ in page]) if page else {}
    found = ZonePage(matched, Listing(page, links, changed, len(odd), heads))
    if stored:
        keep_heads(store, found.listing)
    return found


def zone(store: Store, zone_id: str, kind: ZoneKind | None) -> Zone:
    """One live zone (of ``kind``); NotFound when there is none."""
    with store.read() as repo:
        found = repo.zones.get(zone_id)
    if kind is not None and found.kind is not kind:
        raise NotFound(N_("fant ingen sone med id %(id)s"), id=zone_id)
    return found


def zone_extents(store: Store) -> dict[ZoneKind | None, tuple[tuple | None, TimeRange | None]]:
    """For each kind of zone, and for all (None): the WGS84 bounds of the live zones and the
    span of their save times."""
    with store.read() as repo:
        by_kind = repo.zones.extents()
    found: dict[ZoneKind | None, tuple[tuple | None, TimeRange | None]] = {
        kind: (_wgs84_bounds(bounds), (first, last))
        for kind, (bounds, first, last) in by_kind.items()
    }
    if by_kind:
        boxes = np.array([bounds for bounds, _, _ in by_kind.values()])
        everything = (*boxes[:, :2].min(axis=0), *boxes[:, 2:].max(axis=0))
        first = min(first for _, first, _ in by_kind.values())
        last = max(last for _, _, last in by_kind.values())
        found[None] = (_wgs84_bounds(tuple(float(v) for v in everything)), (first, last))
    return found


def goal_links(store: Store) -> list[tuple[str, GoalLink]]:
    """(zone id, link) for every goal link of a live zone."""
    with store.read() as repo:
        return repo.zones.live_links()


def stations(store: Store, where: Filter | None = None) -> list[Station]:
    """The stations ``where`` selects (in the database), by line."""
    with store.read() as repo:
        return repo.reference.stations(where=where)


def goal_tree(store: Store) -> GoalTree:
    with store.read() as repo:
        return repo.goals.tree()


def _wgs84_bounds(bounds: tuple[float, float, float, float]) -> tuple[float, ...]:
    west, south, east, north = bounds
    if west < east and south < north:
        outline = shapely.segmentize(shapely.box(*bounds), 100.0)
    else:  # one point, or points on a line: no box to trace
        outline = shapely.MultiPoint([(west, south), (east, north)])
    return tuple(round(float(v), 6) for v in shapely.bounds(to_wgs84(outline, None)))


# The small collections: read whole, then selected and paged here.


@dataclass(frozen=True)
class Item:
    """One feature of a small collection: geometry in EPSG:25832 (or None), its properties,
    and the time it is selected by (None: the collection keeps none)."""

    id: str
    geometry: BaseGeometry | None
    properties: dict
    time: datetime | None = None


@dataclass
class ItemPage:
    matched: int
    items: list[Item] = field(default_factory=list)


def select(items: list[Item], query: ItemsQuery) -> ItemPage:
    """The items ``query``'s filter, bbox and time range keep, and the page of them it asks
    for.

    The filter reads each item's properties (and its id as ``id``) and geometry; an item
    without geometry is outside every bbox; an item without a time is kept by every time range
    (its collection keeps no time, so ``datetime`` does not apply)."""
    kept = items
    if query.where is not None:
        where = query.where
        kept = [i for i in kept if holds(where, {"id": i.id, **i.properties}, i.geometry)]
    if query.bbox is not None:
        geometries = np.array([i.geometry for i in kept], dtype=object)
        hits = shapely.intersects(geometries, query.bbox) if len(kept) else []
        kept = [i for i, hit in zip(kept, hits, strict=True) if i.geometry is not None and hit]
    if query.datetime_range is not None:
        start, end = query.datetime_range
        kept = [
            i
            for i in kept
            if i.time is None
            or (
                (start is None or i.time.astimezone(UTC) >= start)
                and (end is None or i.time.astimezone(UTC) <= end)
            )
        ]
    return ItemPage(len(kept), kept[query.offset : query.offset + query.limit])


def extent(items: list[Item]) -> tuple[tuple | None, TimeRange | None]:
    """The WGS84 bounds of the items' geometries and the span of their times."""
    geometries = [i.geometry for i in items if i.geometry is not None]
    bounds = None
    if geometries:
        bounds = _wgs84_bounds(tuple(shapely.total_bounds(np.array(geometries, dtype=object))))
    times = [i.time for i in items if i.time is not None]
    return bounds, ((min(times), max(times)) if times else None)


def public_comments(store: Store) -> list[Comment]:
    """Exactly what the public sees of the comments today: published ones."""
    with store.read() as repo:
        return repo.participation.comments(states=PUBLIC_STATES)


def all_sketches(store: Store) -> list[tuple[Workshop, Sketch]]:
    """Every workshop's sketches, with their workshop (for accounts only: the caller checks)."""
    with store.read() as repo:
        return [(w, s) for w in repo.workshops.all() for s in repo.workshops.sketches(w.id)]
