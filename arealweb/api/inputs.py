"""A request turned into typed inputs, in one place: query parameters, JSON bodies, the
version in ``If-Match`` and a workshop group's join code.

A query parameter the API cannot use is a :class:`BadParameter` (400); a body that breaks a
rule is :class:`~arealweb.domain.errors.InvalidInput` (422); a write without the version it
changes is :class:`PreconditionRequired` (428). :mod:`arealweb.api.errors` answers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

import orjson
from flask import request
from pydantic import BaseModel, TypeAdapter

from arealweb.domain import documents
from arealweb.domain.documents import MAX_DEPTH, check_document, text_problem
from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.text import N_
from arealweb.schemas import queries
from arealweb.schemas.base import parse

E = TypeVar("E", bound=StrEnum)
S = TypeVar("S", bound=BaseModel)

_ETAG = re.compile(r'^(?:W/)?"v(\d+)(?:-[0-9a-f]+)?"$')


class BadParameter(Exception):
    """A query parameter the API cannot use."""

    def __init__(self, problem: Problem, *more: Problem) -> None:
        super().__init__(problem.message)
        self.problems = [problem, *more]


class PreconditionRequired(Exception):
    """A change that must name the version it changes came without ``If-Match``."""

    def __init__(self) -> None:
        self.problems = [
            Problem(N_("send ETag-en fra forrige svar i If-Match, så ingen endring går tapt"))
        ]
        super().__init__(self.problems[0].message)


def only(allowed: Iterable[str]) -> None:
    """Refuse query parameters other than ``allowed`` (and ``lang``, the language of messages)."""
    allowed = {*allowed, "lang"}
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        raise BadParameter(
            Problem(
                N_("ukjent parameter %(names)s; tillatt er %(allowed)s"),
                {"names": ", ".join(unknown), "allowed": ", ".join(sorted(allowed)) or "ingen"},
            )
        )


def _given(name: str) -> str | list[str] | None:
    """``?name=`` as sent: None when absent or empty, a list when it was sent more than once
    (which no parameter of one value accepts)."""
    values = request.args.getlist(name)
    if len(values) > 1:
        return values
    return values[0] if values and values[0] != "" else None


def _checked(adapter: TypeAdapter, name: str, value: object, message: Problem | None = None):
    """``value`` read by ``adapter`` in lax mode; 400 naming ``name`` (with ``message`` if
    the parameter has its own way of saying what it takes)."""
    try:
        return parse(adapter, value, name, strict=False)
    except InvalidInput as error:
        raise BadParameter(*([message] if message else error.problems)) from None


def query(model: type[S]) -> S:
    """The query parameters ``model`` names, checked by it; 400 naming each parameter at fault."""
    sent = {name: value for name in model.model_fields if (value := _given(name)) is not None}
    try:
        return parse(model, sent, strict=False)
    except InvalidInput as error:
        raise BadParameter(*error.problems) from None


def choice(name: str, enum: type[E]) -> E | None:
    raw = _given(name)
    if raw is None:
        return None
    unknown = Problem(
        N_("%(name)s=%(value)s er ukjent; bruk en av: %(choices)s"),
        {"name": name, "value": raw, "choices": ", ".join(e.value for e in enum)},
    )
    return _checked(queries.choice_of(enum), name, raw, unknown)


def bbox(name: str = "bbox") -> tuple[float, float, float, float] | None:
    """``bbox=west,south,east,north`` in WGS84 degrees."""
    raw = _given(name)
    if raw is None:
        return None
    message = Problem(
        N_(
            "bbox må være fire tall vest,sør,øst,nord i grader (WGS84), f.eks. "
            "10.50,59.88,10.60,59.93; fikk «%(value)s»"
        ),
        {"value": raw},
    )
    parts = raw.split(",") if isinstance(raw, str) else []
    if len(parts) != 4:
        raise BadParameter(message)
    sides = dict(zip(("west", "south", "east", "north"), parts, strict=True))
    box = _checked(queries.Bbox, name, sides, message)
    return box.west, box.south, box.east, box.north


def text(name: str) -> str | None:
    """``?name=`` without spaces at either end, or None when it is absent or empty."""
    raw = _given(name)
    return None if raw is None else _checked(queries.TEXT, name, raw) or None


def number(name: str, default: float, low: float, high: float) -> float:
    """``?name=`` as a number of metres from ``low`` to ``high``; ``default`` when absent."""
    raw = _given(name)
    if raw is None:
        return default
    message = Problem(
        N_("%(name)s må være et tall fra %(low)g til %(high)g (meter)"),
        {"name": name, "low": low, "high": high},
    )
    return _checked(queries.number_from(low, high), name, raw, message)


def degrees(name: str, low: float, high: float) -> float | None:
    """``?name=`` as a number of degrees (WGS84) from ``low`` to ``high``; None when absent."""
    raw = _given(name)
    if raw is None:
        return None
    message = Problem(
        N_("%(name)s må være et tall fra %(low)g til %(high)g (grader, WGS84)"),
        {"name": name, "low": low, "high": high},
    )
    return _checked(queries.number_from(low, high), name, raw, message)


def distances() -> tuple[int, ...]:
    """``?distances=500,1000``: one to five distances in whole metres, smallest first."""
    raw = _given("distances")
    if raw is None:
        return (500, 1000)
    message = Problem(N_("distances må være 1 til 5 hele meter fra 50 til 5000, f.eks. 500,1000"))
    parts = raw.split(",") if isinstance(raw, str) else raw
    return tuple(sorted(set(_checked(queries.DISTANCES, "distances", parts, message))))


def flag(name: str, default: bool = False) -> bool:
    """``?name=1`` (or ``true``, ``yes``, ``ja``) → True, ``0`` (``false``, ``no``, ``nei``)
    → False; ``default`` when absent."""
    raw = _given(name)
    return default if raw is None else _checked(queries.FLAG, name, raw)


FEATURE_EXPECTED = N_("forespørselen må ha en GeoJSON Feature som JSON")
OBJECT_EXPECTED = N_("forespørselen må ha et JSON-objekt")


def _read_json(required: bool, expected: str = FEATURE_EXPECTED) -> object | None:
    """The JSON document sent, checked (:func:`check_document`); None when none was sent.

    orjson refuses what Python's parser would let through to a 500: nesting past its limit,
    half a surrogate pair, numbers too large to be finite."""
    raw = request.get_data(cache=True) if request.is_json else b""
    if not raw.strip():
        if required:
            raise InvalidInput(expected)
        return None
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        reason = str(error)
        problems = [Problem(expected)]
        for marker, template in _JSON_REASONS:
            if marker in reason:
                problems.append(Problem(template, {"max": MAX_DEPTH}))
        raise InvalidInput.of(problems) from None
    return check_document(document)


_JSON_REASONS = (
    ("depth limit", documents.TOO_DEEP),
    ("surrogate", documents.HALF_SURROGATE),
    ("infinity", documents.NOT_FINITE),
)
"""What orjson says when it refuses a document, and what the sender is told."""


def json_body(expected: str = FEATURE_EXPECTED) -> object:
    """The JSON document sent; 422 without one, or with one no field can use (``expected``
    says what should have come)."""
    return _read_json(required=True, expected=expected)


def json_object() -> dict:
    """The JSON object sent; 422 for anything else."""
    document = json_body()
    if not isinstance(document, dict):
        raise InvalidInput(N_("forventet et JSON-objekt"))
    return document


def json_fields(required: bool = True) -> dict:
    """The fields of the JSON object sent; any other document counts as no fields, and so
    does no body at all unless one is ``required``."""
    document = _read_json(required)
    return document if isinstance(document, dict) else {}


def integer(value: object, name: str) -> int:
    """A whole number from a body field or a parameter; 422 for anything else."""
    try:
        return parse(queries.WHOLE_NUMBER, value, strict=False)
    except InvalidInput:
        raise InvalidInput(
            N_("%(name)s må være et heltall fra %(low)d til %(high)d"),
            name=name,
            low=-queries.WHOLE,
            high=queries.WHOLE,
        ) from None


NO_VERSION = 0  # versions start at 1


def expected_version(required: bool) -> int | None:
    """The version the client read, from ``If-Match`` (``*`` means any version)."""
    header = request.headers.get("If-Match")
    if header is None:
        if required:
            raise PreconditionRequired()
        return None
    if header.strip() == "*":
        return None
    match = _ETAG.match(header.strip())
    # An ETag no version here ever had makes the condition false (RFC 9110): a version that no
    # thing has, so the write is refused as stale (412) after everything else was checked.
    return int(match.group(1)) if match else NO_VERSION


def join_code() -> str | None:
    """A workshop group's join code, from ``X-Join-Code`` or ``?code=``, as the groups have it."""
    code = (request.headers.get("X-Join-Code") or request.args.get("code") or "").strip().upper()
    return code or None


def refuse_unusable_parameters() -> None:
    """A query parameter holding a NUL or half a surrogate is refused before any route reads
    it (PostgreSQL cannot even compare it)."""
    for name, value in request.args.items(multi=True):
        problem = text_problem(name + value, name)
        if problem:
            raise BadParameter(problem)
