"""Parsing query parameters into domain values, with a 400 that says what was wrong."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from flask import request

from arealweb.api.errors import BadParameter
from arealweb.domain.errors import Problem
from arealweb.domain.text import N_

E = TypeVar("E", bound=StrEnum)


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


def choice(name: str, enum: type[E]) -> E | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return enum(raw)
    except ValueError:
        raise BadParameter(
            Problem(
                N_("%(name)s=%(value)s er ukjent; bruk en av: %(choices)s"),
                {"name": name, "value": raw, "choices": ", ".join(e.value for e in enum)},
            )
        ) from None


def bbox(name: str = "bbox") -> tuple[float, float, float, float] | None:
    """``bbox=west,south,east,north`` in WGS84 degrees."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    message = N_(
        "bbox må være fire tall vest,sør,øst,nord i grader (WGS84), f.eks. "
        "10.50,59.88,10.60,59.93; fikk «%(value)s»"
    )
    try:
        west, south, east, north = (float(part) for part in raw.split(","))
    except ValueError:
        raise BadParameter(Problem(message, {"value": raw})) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise BadParameter(Problem(message, {"value": raw}))
    return west, south, east, north
