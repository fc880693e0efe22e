"""Checks every document sent to arealweb passes before anything reads its fields.

A JSON body, a form or a query parameter may hold things no field of the plan can use and that
a database would choke on: a NUL character (PostgreSQL refuses it in text), half of a
surrogate pair (not text at all), numbers that are not finite, or nesting far deeper than any
GeoJSON. Each is refused with a message that says where, so that nothing reaches a service,
and nothing answers with a server error.
"""

from __future__ import annotations

import math
import re

from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.text import N_

MAX_DEPTH = 32
"""Deeper than any document arealweb reads (a GeoJSON MultiPolygon in a Feature is 6)."""

HAS_NUL = N_("teksten inneholder et NUL-tegn (\\u0000), som ikke kan lagres")
HALF_SURROGATE = N_("teksten inneholder et ugyldig tegn (en halv surrogat)")
NOT_FINITE = N_("tall må være endelige")
TOO_DEEP = N_("dokumentet er nestet dypere enn %(max)d nivåer")


_UNUSABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str, where: str | None = None) -> Problem | None:
    """What makes ``value`` unusable as text, if anything: a NUL or a lone surrogate."""
    found = _UNUSABLE.search(value)
    if found is None:
        return None
    return Problem(HAS_NUL if found.group() == "\x00" else HALF_SURROGATE, {}, where)


def _place(path: tuple[object, ...]) -> str | None:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or None


def check_document(document: object, max_depth: int = MAX_DEPTH) -> object:
    """Return ``document`` if every key and string in it is text, every number finite and its
    nesting at most ``max_depth``; else raise :class:`InvalidInput` naming each place."""
    problems: list[Problem] = []
    stack: list[tuple[object, tuple[object, ...]]] = [(document, ())]
    while stack and len(problems) < 10:
        value, path = stack.pop()
        if len(path) > max_depth:
            problems.append(Problem(TOO_DEEP, {"max": max_depth}))
            break
        if isinstance(value, str):
            # The place is spelled out only for a problem (most documents have none).
            if _UNUSABLE.search(value):
                problems.append(text_problem(value, _place(path)))
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(NOT_FINITE, {}, _place(path)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if _UNUSABLE.search(str(key)):
                    problems.append(text_problem(str(key), _place(path)))
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, n)) for n, item in enumerate(value))
    if problems:
        raise InvalidInput.of(problems)
    return document
