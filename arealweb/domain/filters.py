"""Filters on a collection's features (OGC API – Features Part 3, CQL2), as a typed tree.

A client's filter is parsed once (:mod:`arealweb.schemas.filters`) into these frozen
dataclasses; the store compiles the tree to SQL with bound values only. Every property a filter
names is one of the collection's *queryables*: a name, a type and a title, published as a JSON
Schema document (:func:`queryables_schema`). A name that is not a queryable is refused, so no
client text ever becomes part of a query.

Geometries in a tree are shapely geometries; the service transforms them to EPSG:25832 before
the store sees them.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.codes import HENSYNSSONER
from arealweb.domain.goals import GoalLevel, GoalStatus, Theme
from arealweb.domain.participation import CommentKind
from arealweb.domain.text import N_
from arealweb.domain.workshops import SketchKind
from arealweb.domain.zones import CATEGORIES, NAME_MAX, ZoneKind, ZoneStatus

Scalar = str | int | float | bool | datetime

COMPARISONS = ("=", "<>", "<", ">", "<=", ">=")
SPATIAL_OPS = (
    "s_intersects",
    "s_within",
    "s_contains",
    "s_disjoint",
    "s_equals",
    "s_touches",
    "s_crosses",
    "s_overlaps",
)
"""The eight spatial functions of CQL2 (class spatial-functions), lower case as in CQL2-JSON."""


@dataclass(frozen=True)
class Compare:
    """``prop op value`` with ``op`` one of :data:`COMPARISONS`."""

    op: str
    prop: str
    value: Scalar


@dataclass(frozen=True)
class Like:
    """``prop LIKE pattern``: ``%`` any run of characters, ``_`` one character, ``\\`` makes
    the next character literal. Case-sensitive, as CQL2 says."""

    prop: str
    pattern: str


@dataclass(frozen=True)
class In:
    prop: str
    values: tuple[Scalar, ...]


@dataclass(frozen=True)
class Between:
    """``low <= prop <= high``."""

    prop: str
    low: Scalar
    high: Scalar


@dataclass(frozen=True)
class IsNull:
    prop: str


@dataclass(frozen=True)
class Spatial:
    """``op(prop, geometry)`` with ``op`` one of :data:`SPATIAL_OPS`."""

    op: str
    prop: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class All:
    """Every part holds (AND)."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class Any:
    """At least one part holds (OR)."""

    parts: tuple[Filter, ...]


@dataclass(frozen=True)
class Not:
    part: Filter


Filter = Compare | Like | In | Between | IsNull | Spatial | All | Any | Not


class Wildcard:
    """A wildcard of a LIKE pattern: :data:`ANY_RUN` (``%``) or :data:`ONE_CHAR` (``_``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ANY_RUN = Wildcard("%")
ONE_CHAR = Wildcard("_")


def like_parts(pattern: str) -> list[str | Wildcard] | None:
    """A LIKE pattern as literal texts and wildcards; None when it ends in a lone ``\\``."""
    parts: list[str | Wildcard] = []
    literal: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            literal.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "%_":
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(ANY_RUN if char == "%" else ONE_CHAR)
        else:
            literal.append(char)
    if escaped:
        return None
    if literal:
        parts.append("".join(literal))
    return parts


def spatial_nodes(tree: Filter) -> list[Spatial]:
    """Every spatial node of ``tree``, in order."""
    if isinstance(tree, Spatial):
        return [tree]
    if isinstance(tree, All | Any):
        return [node for part in tree.parts for node in spatial_nodes(part)]
    if isinstance(tree, Not):
        return spatial_nodes(tree.part)
    return []


def with_geometries(tree: Filter, change: Callable[[BaseGeometry], BaseGeometry]) -> Filter:
    """``tree`` with every geometry literal replaced by ``change(geometry)`` (to reproject)."""
    if isinstance(tree, Spatial):
        return replace(tree, geometry=change(tree.geometry))
    if isinstance(tree, All | Any):
        return type(tree)(tuple(with_geometries(part, change) for part in tree.parts))
    if isinstance(tree, Not):
        return Not(with_geometries(tree.part, change))
    return tree


QueryableType = Literal["string", "integer", "number", "boolean", "timestamp", "geometry"]


@dataclass(frozen=True)
class Queryable:
    """A property a filter may name: its type, a title (bokmål, translatable) and, for texts,
    the values it may take or its longest length."""

    name: str
    type: QueryableType
    title: str
    enum: tuple[str | int, ...] | None = None
    max_length: int | None = None


def _all_categories() -> tuple[str, ...]:
    return tuple(sorted({c for categories in CATEGORIES.values() for c in categories}))


ZONE_QUERYABLES: tuple[Queryable, ...] = (
    Queryable("id", "string", N_("Id"), max_length=64),
    Queryable("name", "string", N_("Navn"), max_length=NAME_MAX),
    Queryable("kind", "string", N_("Type sone"), enum=tuple(k.value for k in ZoneKind)),
    Queryable("category", "string", N_("Kategori"), enum=_all_categories()),
    Queryable("status", "string", N_("Arealbruksstatus"), enum=tuple(s.value for s in ZoneStatus)),
    Queryable("arealformal", "integer", N_("Arealformål (kode)")),
    Queryable("hensynssone", "string", N_("Hensynssone (kode)"), enum=tuple(HENSYNSSONER)),
    Queryable("draft", "boolean", N_("Utkast")),
    Queryable("version", "integer", N_("Versjon")),
    Queryable("updated", "timestamp", N_("Sist lagret")),
    Queryable("created", "timestamp", N_("Opprettet")),
    Queryable("geometry", "geometry", N_("Geometri")),
)
"""What a filter on zones may name. ``updated``/``created`` are when the zone was last saved
and first made; ``geometry`` is its area or line."""

STATION_QUERYABLES: tuple[Queryable, ...] = (
    Queryable("id", "string", N_("Id"), max_length=64),
    Queryable("name", "string", N_("Navn"), max_length=100),
    Queryable("line", "string", N_("Linje"), max_length=60),
    Queryable("planned", "boolean", N_("Planlagt")),
    Queryable("approximate", "boolean", N_("Omtrentlig plassering")),
    Queryable("geometry", "geometry", N_("Geometri")),
)
"""Stations (plain data; no route filters them yet)."""

BOUNDARY_QUERYABLES: tuple[Queryable, ...] = (
    Queryable("kommunenummer", "string", N_("Kommunenummer"), max_length=4),
    Queryable("name", "string", N_("Navn"), max_length=100),
    Queryable("geometry", "geometry", N_("Geometri")),
)
"""The municipal boundary (plain data; no route filters it yet)."""

GOAL_QUERYABLES: tuple[Queryable, ...] = (
    Queryable("id", "string", N_("Id"), max_length=64),
    Queryable("level", "string", N_("Nivå"), enum=tuple(level.value for level in GoalLevel)),
    Queryable("parent_id", "string", N_("Overordnet mål"), max_length=64),
    Queryable("plan_version_id", "string", N_("Planversjon"), max_length=64),
    Queryable("status", "string", N_("Status"), enum=tuple(s.value for s in GoalStatus)),
    Queryable("theme", "string", N_("Tema"), enum=tuple(t.value for t in Theme)),
)
"""Goals (plain data, the names /ogc/collections/goals serves; read in Python: see
:func:`holds`)."""

GOAL_LINK_QUERYABLES: tuple[Queryable, ...] = (
    Queryable("zone_id", "string", N_("Sone"), max_length=64),
    Queryable("goal_id", "string", N_("Mål"), max_length=64),
)

COMMENT_QUERYABLES: tuple[Queryable, ...] = (
    Queryable("consultation_id", "string", N_("Høring"), max_length=64),
    Queryable("kind", "string", N_("Type innspill"), enum=tuple(k.value for k in CommentKind)),
    Queryable("theme", "string", N_("Tema"), enum=tuple(t.value for t in Theme)),
    Queryable("zone_id", "string", N_("Sone"), max_length=64),
    Queryable("goal_id", "string", N_("Mål"), max_length=64),
    Queryable("geometry", "geometry", N_("Geometri")),
)
"""Published comments (plain data; read in Python: see :func:`holds`)."""

SKETCH_QUERYABLES: tuple[Queryable, ...] = (
    Queryable("workshop_id", "string", N_("Verksted"), max_length=64),
    Queryable("kind", "string", N_("Type skisse"), enum=tuple(k.value for k in SketchKind)),
    Queryable("geometry", "geometry", N_("Geometri")),
)

_JSON_TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "timestamp": {"type": "string", "format": "date-time"},
    "geometry": {"format": "geometry-any"},
}

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def queryables_schema(
    queryables: tuple[Queryable, ...],
    title: str,
    schema_id: str,
    translate: Callable[[str], str] = str,
    geometry_format: str = "geometry-any",
) -> dict:
    """The queryables as the JSON Schema document OGC API – Features Part 3 serves at
    ``/collections/{id}/queryables`` (``application/schema+json``); ``translate`` turns the
    bokmål titles into the reader's language. ``additionalProperties: false``: only these
    names may be queried."""
    properties = {}
    for queryable in queryables:
        schema: dict = {"title": translate(queryable.title), **_JSON_TYPES[queryable.type]}
        if queryable.type == "geometry":
            schema["format"] = geometry_format
        if queryable.enum is not None:
            schema["enum"] = list(queryable.enum)
        if queryable.max_length is not None:
            schema["maxLength"] = queryable.max_length
        properties[queryable.name] = schema
    return {
        "$schema": JSON_SCHEMA,
        "$id": schema_id,
        "type": "object",
        "title": title,
        "properties": properties,
        "additionalProperties": False,
    }


def holds(tree: Filter, properties: Mapping[str, object], geometry: BaseGeometry | None) -> bool:
    """Whether a feature with ``properties`` (values typed as its queryables are: texts,
    whole numbers, booleans, zone-aware datetimes) and ``geometry`` (in the CRS of the tree's
    geometries) is selected by ``tree``: for the collections read in Python. As in SQL, a
    comparison with a missing value is unknown, and only a filter that holds selects."""
    return _truth(tree, properties, geometry) is True


def _truth(tree: Filter, properties: Mapping[str, object], geometry: BaseGeometry | None):
    """True, False or None (unknown), by SQL's three-valued logic."""
    if isinstance(tree, All):
        truths = [_truth(part, properties, geometry) for part in tree.parts]
        return False if False in truths else None if None in truths else True
    if isinstance(tree, Any):
        truths = [_truth(part, properties, geometry) for part in tree.parts]
        return True if True in truths else None if None in truths else False
    if isinstance(tree, Not):
        truth = _truth(tree.part, properties, geometry)
        return None if truth is None else not truth
    if isinstance(tree, Spatial):
        if geometry is None:
            return None
        return bool(getattr(shapely, tree.op.removeprefix("s_"))(geometry, tree.geometry))
    value = properties.get(tree.prop)
    if isinstance(tree, IsNull):
        return value is None
    if value is None:
        return None
    if isinstance(tree, Compare):
        return _COMPARE[tree.op](value, tree.value)
    if isinstance(tree, In):
        return value in tree.values
    if isinstance(tree, Between):
        return tree.low <= value <= tree.high
    if isinstance(tree, Like):
        return _like_regex(tree.pattern).fullmatch(str(value)) is not None
    raise TypeError(f"not a filter: {tree!r}")


_COMPARE = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def _like_regex(pattern: str) -> re.Pattern:
    parts = like_parts(pattern) or []
    regex = "".join(".*" if p is ANY_RUN else "." if p is ONE_CHAR else re.escape(p) for p in parts)
    return re.compile(regex, re.DOTALL)
