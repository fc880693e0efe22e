"""Places by name: the gazetteer, matching what someone types, and where a point is, in words.

A :class:`Place` is a named point in EPSG:25832 — a village, a neighbourhood, a lake, a school
— from arealweb's own gazetteer (``geodata/places.geojson``) or from Kartverket's Stedsnavn.
Search folds case and the Norwegian letters, so «bekkes», «BEKKES» and «hovik» find
«Bekkestua» and «Høvik». :func:`whereabouts` says where a point is («ved Bekkestua stasjon, i
Bekkestua»): the nearest place or station within walking distance, and the zone it lies in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from arealweb.domain.text import N_


class PlaceKind(Enum):
    VILLAGE = ("village", N_("tettsted"))
    NEIGHBOURHOOD = ("neighbourhood", N_("boligområde"))
    CENTRE = ("centre", N_("sentrum"))
    PARK = ("park", N_("park"))
    NATURE = ("nature", N_("naturområde"))
    LAKE = ("lake", N_("innsjø"))
    RIVER = ("river", N_("elv"))
    ISLAND = ("island", N_("øy"))
    HILL = ("hill", N_("ås og topp"))
    SCHOOL = ("school", N_("skole og skolekrets"))
    FARM = ("farm", N_("gård"))
    LANDMARK = ("landmark", N_("kjent sted"))
    OTHER = ("other", N_("stedsnavn"))

    def __new__(cls, value: str, label: str):
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        return member


@dataclass(frozen=True)
class Place:
    """A named place; ``geometry`` a Point in EPSG:25832."""

    id: str
    name: str
    kind: PlaceKind
    geometry: Point
    approximate: bool = False
    source: str = "gazetteer"
    """``gazetteer`` (geodata/places.geojson) or ``stedsnavn`` (Kartverket's national names)."""


# Searching ------------------------------------------------------------------------------------

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "ü": "u"})
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """``text`` for comparing: case folded, æ/ø/å spelled out (æ→ae, ø→o, å→a, also «aa»→a),
    other accents dropped, words separated by single spaces."""
    text = text.casefold().translate(_LETTERS).replace("aa", "a")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", text).strip()


def match_score(query: str, name: str) -> int:
    """How well a folded ``query`` matches ``name``: 0 for not at all, higher for better —
    the whole name (100), the start of the name (80), the start of one of its words (60),
    every word of the query starting a word of the name (50), the end of a word (40: «marka»
    finds «Bærumsmarka»), anywhere inside (20)."""
    if not query:
        return 0
    folded = fold(name)
    if folded == query:
        return 100
    if folded.startswith(query):
        return 80
    words = folded.split()
    if any(word.startswith(query) for word in words):
        return 60
    parts = query.split()
    if len(parts) > 1 and all(any(w.startswith(p) for w in words) for p in parts):
        return 50
    if len(query) >= 3 and query in folded:
        return 40 if any(word.endswith(query) for word in words) else 20
    return 0


@dataclass(frozen=True)
class Hit:
    """A search result: what it is (``source``: zone, goal, station, place, address), its
    name and what kind of thing it is, and where to show it (WGS84 bounds or a point)."""

    source: str
    id: str
    name: str
    kind: str
    score: int
    bounds: tuple[float, float, float, float]
    """west, south, east, north in WGS84; a point has west == east and south == north."""
    detail: str = ""


SOURCE_ORDER = {"place": 0, "zone": 1, "station": 2, "goal": 3, "address": 4}
"""Among equal matches: the place itself first (where someone wants to go), then the zones of
the plan, stations, the zones of goals and addresses."""


def ranked(hits: Iterable[Hit], limit: int) -> list[Hit]:
    """The best ``limit`` hits: by score, then source, then shorter and alphabetical names;
    one hit per (source, id)."""
    best: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        key = (hit.source, hit.id)
        if hit.score > 0 and (key not in best or best[key].score < hit.score):
            best[key] = hit
    order = sorted(
        best.values(),
        key=lambda h: (-h.score, SOURCE_ORDER.get(h.source, 9), len(h.name), fold(h.name)),
    )
    return order[:limit]


# Where a point is -----------------------------------------------------------------------------

AT_M = 400.0
"""Within this distance a point is «ved» (at) a place or station."""
NEAR_M = 2000.0
"""Within this distance it is «nær» (near) one; further away only the zone names it."""


@dataclass(frozen=True)
class Landmark:
    """Something a point can be described by: a place or a station (EPSG:25832)."""

    name: str
    geometry: BaseGeometry
    station: bool = False
    rank: int = 1
    """Lower is better known: villages and stations 0, others 1, Stedsnavn's small names 2."""


class Landmarks:
    """Landmarks with a spatial index, built once and asked for many points."""

    def __init__(self, items: Sequence[Landmark]) -> None:
        self.items = list(items)
        self.geometries = np.array([landmark.geometry for landmark in self.items], dtype=object)
        self.ranks = np.array([landmark.rank for landmark in self.items], dtype=float)
        self.tree = shapely.STRtree(self.geometries)

    def best(self, point: Point) -> tuple[float, Landmark] | None:
        """The landmark that names ``point`` best, with its distance: within :data:`AT_M`
        the nearest (the better known on a tie); further out, within :data:`NEAR_M`, the one
        nearest once its distance is weighed by how little known it is (× 1 + rank)."""
        found = self.tree.query(point, predicate="dwithin", distance=NEAR_M)
        if len(found) == 0:
            return None
        distances = shapely.distance(self.geometries[found], point)
        ranks = self.ranks[found]
        nearest = np.lexsort((ranks, distances))[0]
        pick = nearest if distances[nearest] <= AT_M else np.argmin(distances * (1 + ranks))
        return float(distances[pick]), self.items[found[pick]]


@dataclass(frozen=True)
class Area:
    """A zone a point can lie in (EPSG:25832)."""

    name: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class Whereabouts:
    """Where a point is: the landmark it is at or near (and how far), the zone it lies in,
    and whether it lies in the municipality at all."""

    landmark: Landmark | None
    distance_m: float | None
    zone: Area | None
    inside: bool = True

    @property
    def at(self) -> bool:
        return self.distance_m is not None and self.distance_m <= AT_M


def whereabouts(
    point: Point,
    landmarks: Landmarks | Sequence[Landmark],
    zones: Sequence[Area],
    boundary: BaseGeometry | None = None,
) -> Whereabouts:
    """Describe ``point`` (EPSG:25832) by the nearest landmark within :data:`NEAR_M` and the
    smallest zone it lies in; outside ``boundary`` (give it with the slack you allow) it is
    outside the municipality. Close to the point (within :data:`AT_M`) the nearest landmark
    wins; further out a well-known one (a village, a station) is preferred over a small name
    less than twice as close, so that a point in the woods is «nær Lommedalen» rather than
    near a nameless marsh."""
    if not isinstance(landmarks, Landmarks):
        landmarks = Landmarks(landmarks)
    inside = boundary is None or boundary.covers(point)
    chosen = landmarks.best(point)
    containing = [zone for zone in zones if zone.geometry.covers(point)]
    zone = min(containing, key=lambda z: z.geometry.area) if containing else None
    return Whereabouts(
        landmark=chosen[1] if chosen else None,
        distance_m=chosen[0] if chosen else None,
        zone=zone,
        inside=inside,
    )


def in_words(where: Whereabouts, gettext: Callable[[str], str]) -> str:
    """``where`` as a phrase in the language ``gettext`` translates to: «ved Sandvika stasjon,
    i Sandvika», «nær Haslum», «i Bærumsmarka», «i Bærum» or «utenfor Bærum»."""
    if not where.inside:
        return gettext(N_("utenfor Bærum"))
    parts = []
    if where.landmark is not None:
        name = where.landmark.name
        if where.landmark.station:
            name = gettext(N_("%(name)s stasjon")) % {"name": name}
        template = N_("ved %(place)s") if where.at else N_("nær %(place)s")
        parts.append(gettext(template) % {"place": name})
    if where.zone is not None:
        parts.append(gettext(N_("i %(zone)s")) % {"zone": where.zone.name})
    if not parts:
        return gettext(N_("i Bærum"))
    return ", ".join(parts)
