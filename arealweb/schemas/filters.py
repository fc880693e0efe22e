"""A client's CQL2 filter (text or JSON), checked and turned into a :mod:`arealweb.domain.filters`
tree.

The PyPI package ``cql2`` parses both languages into standard CQL2-JSON; this module walks
that into the typed tree and refuses, with one translatable problem each, whatever arealweb
does not serve: an operator outside the whitelist, a wrong number of arguments, a value on the
left, a property that is not one of the collection's queryables, a value of the wrong type, and
a filter over one of the limits of :class:`FilterLimits`.

cql2-text nested about 2000 levels deep crashes the process inside ``cql2`` (a stack overflow
in Rust, not an exception), so the text's length is checked here and its nesting by
:mod:`.filter_guards` *before* it is handed to ``cql2``. Query parameters named after
queryables are :mod:`.filter_parameters`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

import cql2
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from arealweb.domain.documents import text_problem
from arealweb.domain.errors import BadFilter, Problem
from arealweb.domain.filters import (
    COMPARISONS,
    SPATIAL_OPS,
    All,
    Any,
    Between,
    Compare,
    Filter,
    In,
    IsNull,
    Like,
    Not,
    Queryable,
    Spatial,
    Wildcard,
    like_parts,
)
from arealweb.domain.text import N_
from arealweb.schemas.filter_guards import (
    TOO_MANY_NODES,
    check_json_nesting,
    check_text_nesting,
    on_a_deep_stack,
)

Language = Literal["cql2-text", "cql2-json"]
LANGUAGES: tuple[Language, ...] = ("cql2-text", "cql2-json")
WHERE = "filter"

MAX_CHARS = 20_000
"""The longest filter read, in characters (a URL carries less; the test client and a POST don't
stop at that)."""
MAX_NESTING = 32
"""The deepest nesting: parentheses (or JSON objects) inside each other, and NOTs in all."""
MAX_NODES = 200
"""Operators (comparisons, AND, OR, NOT …) in one filter."""
MAX_IN_VALUES = 500
MAX_SPATIAL = 5
"""Spatial functions in one filter (each is one pass over the geometries on SQLite)."""
MAX_VERTICES = 10_000
"""Coordinates in one geometry literal."""
MAX_WILDCARDS = 10
"""``%`` and ``_`` in one LIKE pattern."""
MAX_TEXT = 500
"""Characters in one text literal."""
MAX_INTEGER = 2**53 - 1
"""The largest whole number a filter may hold: JSON and ``cql2`` carry numbers as doubles,
which hold every whole number up to here exactly (2^53 + 1 would arrive as 2^53)."""


@dataclass(frozen=True)
class FilterLimits:
    """How large a filter may be; every limit has its own message."""

    max_chars: int = MAX_CHARS
    max_nesting: int = MAX_NESTING
    max_nodes: int = MAX_NODES
    max_in_values: int = MAX_IN_VALUES
    max_spatial: int = MAX_SPATIAL
    max_vertices: int = MAX_VERTICES
    max_wildcards: int = MAX_WILDCARDS
    max_text: int = MAX_TEXT


UNKNOWN_LANGUAGE = N_("filter-lang må være cql2-text eller cql2-json; fikk «%(lang)s»")
EMPTY = N_("filteret er tomt")
TOO_LONG = N_("filteret kan være høyst %(max)d tegn; dette har %(length)d")
BAD_JSON = N_("filteret er ikke gyldig CQL2-JSON: %(reason)s")
BAD_TEXT = N_("filteret kan ikke tolkes fra tegn %(column)d: «%(near)s»")
BAD_TEXT_REASON = N_("filteret kan ikke tolkes: %(reason)s")
BAD_TEXT_AT_END = N_("filteret slutter for tidlig")
NOT_AN_EXPRESSION = N_(
    "filteret må være et uttrykk som name = 'Sandvika', ikke en enkelt verdi eller egenskap"
)
UNKNOWN_OPERATOR = N_(
    "«%(op)s» kan ikke brukes i et filter; bruk =, <>, <, >, <=, >=, LIKE, IN, BETWEEN, IS NULL, "
    "AND, OR, NOT og S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT, S_EQUALS, S_TOUCHES, "
    "S_CROSSES, S_OVERLAPS"
)
WRONG_ARITY = N_("«%(op)s» tar %(expected)s argumenter, ikke %(given)d")
PROPERTY_LEFT = N_(
    "«%(op)s» må ha en egenskap til venstre og en verdi til høyre, som name = 'Sandvika'"
)
SPATIAL_ARGUMENTS = N_(
    "%(op)s må ha en geometriegenskap og en geometri, som %(op)s(geometry, POLYGON((…)))"
)
UNKNOWN_PROPERTY = N_("ukjent egenskap «%(name)s»; filteret kan bruke %(known)s")
TOO_MANY_IN = N_("IN kan ha høyst %(max)d verdier; denne har %(count)d")
EMPTY_IN = N_("IN må ha minst én verdi")
IN_NEEDS_LIST = N_("IN må ha en liste av verdier, som kind IN ('development', 'corridor')")
TOO_MANY_SPATIAL = N_("filteret kan ha høyst %(max)d romlige funksjoner (S_INTERSECTS …)")
TOO_MANY_VERTICES = N_("en geometri i filteret kan ha høyst %(max)d punkter; denne har %(count)d")
TOO_MANY_WILDCARDS = N_("et LIKE-mønster kan ha høyst %(max)d jokertegn (%% og _)")
LIKE_ENDS_IN_ESCAPE = N_("et LIKE-mønster kan ikke slutte med \\ (den gjør neste tegn bokstavelig)")
LIKE_NOT_TEXT = N_("LIKE kan bare brukes på tekst, og «%(name)s» er ikke tekst")
BETWEEN_NOT_ORDERED = N_("BETWEEN kan bare brukes på tall og tidspunkt, og «%(name)s» er ikke det")
ONLY_EQUALITY = N_("«%(name)s» er true eller false og kan bare sammenlignes med = og <>")
TEXT_TOO_LONG = N_("en tekst i filteret kan være høyst %(max)d tegn")
NULL_VALUE = N_("sammenlign ikke med NULL; skriv «%(name)s IS NULL»")
NOT_IN_ENUM = N_("«%(value)s» er ikke en verdi «%(name)s» kan ha; bruk en av: %(allowed)s")
NOT_FINITE = N_("tall i filteret må være endelige")
WANTS_TEXT = N_("«%(name)s» er tekst: verdien må stå i enkle anførselstegn, som 'Sandvika'")
WANTS_INTEGER = N_("«%(name)s» er et heltall (høyst %(max)d); fikk %(value)s")
WANTS_NUMBER = N_("«%(name)s» er et tall; fikk %(value)s")
WANTS_BOOLEAN = N_("«%(name)s» er true eller false; fikk %(value)s")
WANTS_TIMESTAMP = N_(
    "«%(name)s» er et tidspunkt: skriv TIMESTAMP('2026-01-31T12:00:00Z') eller DATE('2026-01-31')"
)
BAD_TIMESTAMP = N_("«%(value)s» er ikke et tidspunkt som 2026-01-31T12:00:00Z")
GEOMETRY_ONLY_SPATIAL = N_(
    "«%(name)s» er en geometri og kan bare brukes i S_INTERSECTS, S_WITHIN og de andre romlige "
    "funksjonene"
)
NOT_A_GEOMETRY = N_(
    "%(op)s trenger en geometri (som POLYGON((…)) eller BBOX(…)) som andre argument"
)
BAD_BBOX = N_("BBOX må ha fire tall, vest, sør, øst, nord (eller seks med høyder), minste først")
BAD_GEOMETRY = N_("geometrien i filteret kan ikke leses")
INVALID_GEOMETRY = N_("geometrien i filteret er ugyldig: %(reason)s")
EMPTY_GEOMETRY = N_("geometrien i filteret er tom")


def _fault(template: str, **params: object) -> BadFilter:
    return BadFilter.of([Problem(template, params, WHERE)])


def _shown(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_filter(
    text: str,
    lang: str,
    queryables: tuple[Queryable, ...],
    limits: FilterLimits | None = None,
) -> Filter:
    """``text`` in ``lang`` (cql2-text or cql2-json) as a filter tree over ``queryables``;
    :class:`BadFilter` (where = ``filter``) naming what is wrong otherwise."""
    limits = limits or FilterLimits()
    if lang not in LANGUAGES:
        raise BadFilter.of([Problem(UNKNOWN_LANGUAGE, {"lang": _shown(lang)}, "filter-lang")])
    if not text.strip():
        raise _fault(EMPTY)
    if len(text) > limits.max_chars:
        raise _fault(TOO_LONG, max=limits.max_chars, length=len(text))
    if lang == "cql2-text":
        check_text_nesting(text, limits.max_nesting, limits.max_nodes)
        try:
            expression = on_a_deep_stack(cql2.parse_text, text)
        except Exception as error:  # cql2.ParseError, and whatever else it raises on bad input
            raise _text_fault(text, error) from None
    else:
        check_json_nesting(text, limits.max_nesting)
        try:
            expression = cql2.parse_json(text)
        except Exception as error:
            raise _fault(BAD_JSON, reason=_first_line(error)) from None
    return _Walker(queryables, limits).tree(expression.to_json())


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return _shown(lines[0] if lines else type(error).__name__, 160)


_POSITION = re.compile(r"-->\s*(\d+):(\d+)")


def _text_fault(text: str, error: Exception) -> BadFilter:
    """cql2's complaint as the place in the filter where reading stopped."""
    found = _POSITION.search(str(error))
    if found is None:
        return _fault(BAD_TEXT_REASON, reason=_first_line(error))
    line, column = int(found.group(1)), int(found.group(2))
    lines = text.splitlines() or [""]
    offset = sum(len(previous) + 1 for previous in lines[: line - 1]) + column - 1
    near = text[offset : offset + 30]
    if not near.strip():
        return _fault(BAD_TEXT_AT_END)
    return _fault(BAD_TEXT, column=offset + 1, near=near)


class _Walker:
    """CQL2-JSON (as ``cql2`` gives it back) → the tree, checked on the way."""

    def __init__(self, queryables: tuple[Queryable, ...], limits: FilterLimits) -> None:
        self.queryables = {q.name: q for q in queryables}
        self.limits = limits
        self.nodes = 0
        self.spatial = 0

    def tree(self, node: object) -> Filter:
        return self._expression(node)

    def _expression(self, node: object) -> Filter:
        if not isinstance(node, dict) or "op" not in node:
            raise _fault(NOT_AN_EXPRESSION)
        op = str(node["op"])
        args = node.get("args")
        if not isinstance(args, list):
            args = [args]
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise _fault(TOO_MANY_NODES, max=self.limits.max_nodes)
        if op in ("and", "or"):
            _arity(op, args, 2, None)
            kind = All if op == "and" else Any
            parts: list[Filter] = []
            for arg in args:
                part = self._expression(arg)
                # cql2 flattens a AND (b AND c) in text; do the same for JSON.
                parts.extend(part.parts if isinstance(part, kind) else [part])
            return kind(tuple(parts))
        if op == "not":
            _arity(op, args, 1, 1)
            return Not(self._expression(args[0]))
        if op in COMPARISONS:
            _arity(op, args, 2, 2)
            queryable = self._property(op, args)
            value = args[1]
            if queryable.type == "boolean" and op not in ("=", "<>"):
                raise _fault(ONLY_EQUALITY, name=queryable.name)
            return Compare(op, queryable.name, self._value(queryable, value, enum=True))
        if op == "like":
            _arity("LIKE", args, 2, 2)
            queryable = self._property("LIKE", args)
            if queryable.type != "string":
                raise _fault(LIKE_NOT_TEXT, name=queryable.name)
            pattern = self._text(queryable, args[1])
            parts = like_parts(pattern)
            if parts is None:
                raise _fault(LIKE_ENDS_IN_ESCAPE)
            if sum(isinstance(p, Wildcard) for p in parts) > self.limits.max_wildcards:
                raise _fault(TOO_MANY_WILDCARDS, max=self.limits.max_wildcards)
            return Like(queryable.name, pattern)
        if op == "in":
            _arity("IN", args, 2, 2)
            queryable = self._property("IN", args)
            values = args[1]
            if not isinstance(values, list):
                raise _fault(IN_NEEDS_LIST)
            if not values:
                raise _fault(EMPTY_IN)
            if len(values) > self.limits.max_in_values:
                raise _fault(TOO_MANY_IN, max=self.limits.max_in_values, count=len(values))
            return In(queryable.name, tuple(self._value(queryable, v, enum=True) for v in values))
        if op == "between":
            _arity("BETWEEN", args, 3, 3)
            queryable = self._property("BETWEEN", args)
            if queryable.type not in ("integer", "number", "timestamp"):
                raise _fault(BETWEEN_NOT_ORDERED, name=queryable.name)
            return Between(
                queryable.name, self._value(queryable, args[1]), self._value(queryable, args[2])
            )
        if op == "isNull":
            _arity("IS NULL", args, 1, 1)
            return IsNull(self._property("IS NULL", args).name)
        if op in SPATIAL_OPS:
            return self._spatial(op, args)
        raise _fault(UNKNOWN_OPERATOR, op=_shown(op))

    def _property(self, op: str, args: list) -> Queryable:
        """The queryable ``args[0]`` names; the rest of ``args`` must be values."""
        first = args[0]
        if isinstance(first, dict) and first.get("op") not in (None, *_KNOWN):
            raise _fault(UNKNOWN_OPERATOR, op=_shown(first["op"]))
        if not _is_property(first) or any(_is_property(a) for a in args[1:]):
            raise _fault(PROPERTY_LEFT, op=op)
        queryable = self._queryable(first["property"])
        if queryable.type == "geometry":
            raise _fault(GEOMETRY_ONLY_SPATIAL, name=queryable.name)
        return queryable

    def _queryable(self, name: object) -> Queryable:
        queryable = self.queryables.get(name) if isinstance(name, str) else None
        if queryable is None:
            raise _fault(UNKNOWN_PROPERTY, name=_shown(name), known=", ".join(self.queryables))
        return queryable

    def _value(self, queryable: Queryable, value: object, enum: bool = False):
        if value is None:
            raise _fault(NULL_VALUE, name=queryable.name)
        if queryable.type == "string":
            text = self._text(queryable, value)
            if enum and queryable.enum is not None and text not in queryable.enum:
                raise _fault(
                    NOT_IN_ENUM,
                    value=_shown(text),
                    name=queryable.name,
                    allowed=", ".join(str(v) for v in queryable.enum),
                )
            return text
        if queryable.type == "boolean":
            if not isinstance(value, bool):
                raise _fault(WANTS_BOOLEAN, name=queryable.name, value=_shown(_literal(value)))
            return value
        if queryable.type in ("integer", "number"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                template = WANTS_INTEGER if queryable.type == "integer" else WANTS_NUMBER
                raise _fault(
                    template, name=queryable.name, max=MAX_INTEGER, value=_shown(_literal(value))
                )
            if not math.isfinite(value):
                raise _fault(NOT_FINITE)
            if queryable.type == "number":
                return float(value)
            if float(value).is_integer() and abs(value) <= MAX_INTEGER:
                return int(value)
            raise _fault(WANTS_INTEGER, name=queryable.name, max=MAX_INTEGER, value=_shown(value))
        if queryable.type == "timestamp":
            return _timestamp(queryable, value)
        raise _fault(GEOMETRY_ONLY_SPATIAL, name=queryable.name)  # pragma: no cover

    def _text(self, queryable: Queryable, value: object) -> str:
        if not isinstance(value, str):
            raise _fault(WANTS_TEXT, name=queryable.name)
        if len(value) > self.limits.max_text:
            raise _fault(TEXT_TOO_LONG, max=self.limits.max_text)
        problem = text_problem(value, WHERE)
        if problem is not None:
            raise BadFilter.of([problem])
        return value

    def _spatial(self, op: str, args: list) -> Spatial:
        name = op.upper()
        if len(args) != 2:
            raise _fault(WRONG_ARITY, op=name, expected="2", given=len(args))
        self.spatial += 1
        if self.spatial > self.limits.max_spatial:
            raise _fault(TOO_MANY_SPATIAL, max=self.limits.max_spatial)
        first, second = args
        if _is_property(second) and not _is_property(first):
            # S_WITHIN(POINT(…), geometry) is S_CONTAINS(geometry, POINT(…)), and so on.
            first, second = second, first
            op = {"s_within": "s_contains", "s_contains": "s_within"}.get(op, op)
        if not _is_property(first) or _is_property(second):
            raise _fault(SPATIAL_ARGUMENTS, op=name)
        queryable = self._queryable(first["property"])
        if queryable.type != "geometry":
            raise _fault(SPATIAL_ARGUMENTS, op=name)
        return Spatial(op, queryable.name, self._geometry(name, second))

    def _geometry(self, op: str, literal: object) -> BaseGeometry:
        if not isinstance(literal, dict) or not ("type" in literal or "bbox" in literal):
            raise _fault(NOT_A_GEOMETRY, op=op)
        if "bbox" in literal and "type" not in literal:
            return _bbox(literal["bbox"])
        try:
            geometry = shape(literal)
        except Exception:  # shapely raises several kinds on a malformed GeoJSON geometry
            raise _fault(BAD_GEOMETRY) from None
        count = int(shapely.get_num_coordinates(geometry))
        if count > self.limits.max_vertices:
            raise _fault(TOO_MANY_VERTICES, max=self.limits.max_vertices, count=count)
        geometry = shapely.force_2d(geometry)
        if geometry.is_empty:
            raise _fault(EMPTY_GEOMETRY)
        coordinates = shapely.get_coordinates(geometry)
        if not all(math.isfinite(v) for v in coordinates.ravel()):
            raise _fault(NOT_FINITE)
        if not geometry.is_valid:
            raise _fault(INVALID_GEOMETRY, reason=shapely.is_valid_reason(geometry))
        return geometry


_KNOWN = ("and", "or", "not", *COMPARISONS, "like", "in", "between", "isNull", *SPATIAL_OPS)


def _is_property(node: object) -> bool:
    return isinstance(node, dict) and "property" in node


def _arity(op: str, args: list, least: int, most: int | None) -> None:
    if len(args) < least or (most is not None and len(args) > most):
        if most is None:
            expected = f"{least}+"
        elif least == most:
            expected = str(least)
        else:
            expected = f"{least}–{most}"
        raise _fault(WRONG_ARITY, op=op.upper(), expected=expected, given=len(args))


def _literal(value: object) -> str:
    """A literal as the client wrote it, roughly: texts in quotes, numbers plain."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dict):
        return json.dumps(value)[:60]
    return str(value)


def _timestamp(queryable: Queryable, value: object) -> datetime:
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), str):
        ((kind, text),) = value.items()
        try:
            if kind == "timestamp":
                moment = datetime.fromisoformat(text)
                return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
            if kind == "date":
                day = date.fromisoformat(text)
                return datetime(day.year, day.month, day.day, tzinfo=UTC)
        except ValueError:
            raise _fault(BAD_TIMESTAMP, value=_shown(text)) from None
    raise _fault(WANTS_TIMESTAMP, name=queryable.name)


def _bbox(numbers: object) -> BaseGeometry:
    if (
        not isinstance(numbers, list)
        or len(numbers) not in (4, 6)
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers)
    ):
        raise _fault(BAD_BBOX)
    if not all(math.isfinite(v) for v in numbers):
        raise _fault(NOT_FINITE)
    half = len(numbers) // 2
    minx, miny, maxx, maxy = numbers[0], numbers[1], numbers[half], numbers[half + 1]
    if minx >= maxx or miny >= maxy:
        raise _fault(BAD_BBOX)
    return shapely.box(minx, miny, maxx, maxy)
