"""Place search, loading place names, and saying where a point is in words.

* :func:`search` finds zones by name, the zones realising a goal by the goal's title, stations
  and named places (and addresses, when :class:`~.addresses.AddressSearch` is given).
* :func:`load_gazetteer` loads ``geodata/places.geojson``; :func:`load_place_names` loads
  Kartverket's Stedsnavn as a user downloads it (GeoJSON or GML), keeping only the names inside
  the municipal boundary, all or nothing.
* :func:`describe_point` and :func:`describe_comments` say where something is («ved Sandvika
  stasjon, i Sandvika»), in the language of the ``gettext`` they are given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import InvalidInput
from arealweb.domain.places import (
    Area,
    Hit,
    Landmark,
    Landmarks,
    Place,
    PlaceKind,
    fold,
    in_words,
    match_score,
    ranked,
    whereabouts,
)
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone, ZoneKind
from arealweb.geo.crs import to_utm, to_wgs84
from arealweb.geo.stedsnavn import read_place_names
from arealweb.services.addresses import AddressesUnreachable, AddressSearch
from arealweb.services.progress import Progress, Silent
from arealweb.store.repository import Store, UnitOfWork

SEARCH_LIMIT = 10
ADDRESS_LIMIT = 5
WELL_KNOWN = {PlaceKind.VILLAGE, PlaceKind.CENTRE}


# Loading ------------------------------------------------------------------------------------


def read_gazetteer(path: Path) -> list[Place]:
    """The places of a gazetteer file like ``geodata/places.geojson`` (WGS84 points)."""
    features = orjson.loads(path.read_bytes())["features"]
    points = to_utm([shapely.geometry.shape(f["geometry"]) for f in features])
    return [
        Place(
            id=f["properties"]["id"],
            name=f["properties"]["name"],
            kind=PlaceKind(f["properties"]["kind"]),
            geometry=point,
            approximate=bool(f["properties"].get("approximate", False)),
            source="gazetteer",
        )
        for f, point in zip(features, points, strict=True)
    ]


def load_gazetteer(repo: UnitOfWork, path: Path) -> dict[str, int]:
    """Add or update the gazetteer's places in ``repo``'s transaction."""
    return repo.places.save_all(read_gazetteer(path))


@dataclass(frozen=True)
class LoadReport:
    read: int
    """Names read from the file."""
    kept: int
    """Names inside the municipality, stored."""
    counts: dict[str, int]


def load_place_names(
    store: Store,
    path: Path,
    replace: bool = False,
    tolerance_m: float = 25.0,
    progress: Progress | None = None,
) -> LoadReport:
    """Load a national place-name file (Kartverket's Stedsnavn, GeoJSON or GML): the names
    whose point lies inside the municipal boundary are stored, in one transaction, beside the
    gazetteer or (``replace``) instead of every stored place. Nothing is stored when the file
    cannot be read or holds no name inside the municipality."""
    progress = progress or Silent()
    names = read_place_names(path)
    with store.read() as repo:
        boundary = repo.reference.boundary()
    if boundary is None:
        raise InvalidInput(
            N_("det finnes ingen kommunegrense ennå: last inn demoen eller en grense først")
        )
    inside_area = boundary.geometry.buffer(tolerance_m)
    shapely.prepare(inside_area)
    progress.start(N_("Finner stedsnavnene i kommunen"), len(names))
    kept = []
    for number, place in enumerate(names, start=1):
        if inside_area.contains(place.geometry):
            kept.append(place)
        if number % 1000 == 0:
            progress.advance(1000)
    progress.advance(len(names) % 1000)
    progress.finish()
    if not kept:
        raise InvalidInput(
            N_("ingen av de %(count)d stedsnavnene i filen ligger i kommunen"),
            count=len(names),
        )
    with store.write() as repo:
        counts = repo.places.save_all(kept, replace=replace)
    return LoadReport(read=len(names), kept=len(kept), counts=counts)


# Searching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]
    addresses: str
    """``off`` (not asked), ``ok`` or ``unreachable``."""


def _bounds(geometry: BaseGeometry) -> tuple[float, float, float, float]:
    west, south, east, north = to_wgs84(geometry).bounds
    return (round(west, 6), round(south, 6), round(east, 6), round(north, 6))


def search(
    store: Store,
    query: str,
    limit: int = SEARCH_LIMIT,
    addresses: AddressSearch | None = None,
    category_label: Callable[[Zone], str] | None = None,
) -> SearchResult:
    """Zones, goals' zones, stations and places whose names match ``query`` (folded: case and
    æ/ø/å do not matter; the start of the name or of a word counts most), best first, at most
    ``limit``; then addresses when ``addresses`` is given and answers."""
    folded = fold(query)
    hits: list[Hit] = []
    if folded:
        with store.read() as repo:
            zones = repo.zones.all()
            tree = repo.goals.tree()
            stations = repo.reference.stations()
            places = repo.places.matching(folded.split())
        hits = ranked(_local_hits(folded, zones, tree, stations, places, category_label), limit)
    state = "off"
    if addresses is not None and len(folded) >= 3:
        try:
            hits += addresses.search(query, ADDRESS_LIMIT)
            state = "ok"
        except AddressesUnreachable:
            state = "unreachable"
    return SearchResult(query=query, hits=hits, addresses=state)


def _local_hits(folded, zones, tree, stations, places, category_label) -> Iterable[Hit]:
    for zone in zones:
        score = match_score(folded, zone.name)
        if score:
            label = category_label(zone) if category_label else zone.category
            yield Hit(
                "zone", zone.id, zone.name, zone.kind.value, score, _bounds(zone.geometry), label
            )
    for station in stations:
        score = match_score(folded, station.name)
        if score:
            yield Hit(
                "station", station.id, station.name, "station", score,
                _bounds(station.geometry), station.line,
            )  # fmt: skip
    for place in places:
        score = match_score(folded, place.name)
        if score:
            yield Hit(
                "place", place.id, place.name, place.kind.value, score, _bounds(place.geometry)
            )
    by_goal: dict[str, list[Zone]] = {}
    for zone in zones:
        for goal_id in zone.goal_ids:
            by_goal.setdefault(goal_id, []).append(zone)
    for goal in tree.walk():
        score = match_score(folded, goal.title)
        if not score:
            continue
        realising = {z.id: z for gid in tree.subtree_ids(goal.id) for z in by_goal.get(gid, [])}
        if not realising:
            continue
        union = shapely.union_all([z.geometry for z in realising.values()])
        detail = ", ".join(sorted(z.name for z in realising.values()))
        yield Hit(
            "goal", goal.id, goal.title, goal.level.value, score * 3 // 4, _bounds(union), detail
        )


# Where a point is ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Surroundings:
    """What :func:`whereabouts` needs, read once: landmarks, areas and the boundary."""

    landmarks: Landmarks
    areas: list[Area]
    boundary: BaseGeometry | None
    """The municipal boundary with :data:`BOUNDARY_SLACK_M` to spare, prepared."""


BOUNDARY_SLACK_M = 25.0
_indexes: dict[str, tuple[tuple, Landmarks]] = {}
"""Each database's landmarks index, with what it was built from: the places' revision and count
(a restored backup may bring other places under the same revision) and the stations. Rebuilt
when any of them moves; with 20 000 names the index takes a moment to build."""


def surroundings(store: Store) -> Surroundings:
    """The landmarks, area zones and boundary, for describing one point or many."""
    with store.read() as repo:
        stations = repo.reference.stations()
        stamp = (repo.places.revision(), repo.places.count())
        key = (stamp, tuple((s.id, s.name, s.geometry.wkb) for s in stations))
        database = store.engine.url.render_as_string(hide_password=True)
        kept = _indexes.get(database)
        places = repo.places.all() if kept is None or kept[0] != key else None
        zones = repo.zones.all()
        boundary = repo.reference.boundary()
    if places is None:
        landmarks = kept[1]
    else:
        found = [Landmark(s.name, s.geometry, station=True, rank=0) for s in stations]
        found += [
            Landmark(
                p.name,
                p.geometry,
                rank=0 if p.kind in WELL_KNOWN else (2 if p.source == "stedsnavn" else 1),
            )
            for p in places
        ]
        landmarks = Landmarks(found)
        _indexes[database] = (key, landmarks)
    areas = [Area(z.name, z.geometry) for z in zones if z.kind is not ZoneKind.CORRIDOR]
    for area in areas:
        shapely.prepare(area.geometry)
    outline = None
    if boundary is not None:
        outline = boundary.geometry.buffer(BOUNDARY_SLACK_M)
        shapely.prepare(outline)
    return Surroundings(landmarks, areas, outline)


def describe_geometry(
    around: Surroundings, geometry: BaseGeometry, gettext: Callable[[str], str]
) -> str:
    """Where ``geometry`` (EPSG:25832; an area by a point inside it) is, in words."""
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return in_words(whereabouts(point, around.landmarks, around.areas, around.boundary), gettext)


def describe_point(store: Store, lon: float, lat: float, gettext: Callable[[str], str]) -> str:
    """Where the WGS84 point ``lon``, ``lat`` is, in words: «ved Bekkestua stasjon, i
    Bekkestua». For the comment form, the receipt, the moderation queue and the reports."""
    return describe_geometry(surroundings(store), to_utm(Point(lon, lat)), gettext)


def describe_zone(store: Store, zone_id: str, gettext: Callable[[str], str]) -> str:
    """Where a comment on a whole zone is: «i <zone>». NotFound for an unknown zone."""
    with store.read() as repo:
        zone = repo.zones.get(zone_id)
    return gettext(N_("i %(zone)s")) % {"zone": zone.name}


def describe_comments(
    store: Store, comments: Iterable, gettext: Callable[[str], str]
) -> dict[str, str]:
    """Where each comment is: a comment on a whole zone (``zone_id``) «i <zone>», any other
    by its ``geometry`` (EPSG:25832)."""
    around = surroundings(store)
    with store.read() as repo:
        zone_names = {z.id: z.name for z in repo.zones.all()}
    described: dict[str, str] = {}
    for comment in comments:
        zone_id = getattr(comment, "zone_id", None)
        if zone_id and zone_id in zone_names:
            described[comment.id] = gettext(N_("i %(zone)s")) % {"zone": zone_names[zone_id]}
        elif getattr(comment, "geometry", None) is not None:
            described[comment.id] = describe_geometry(around, comment.geometry, gettext)
    return described
