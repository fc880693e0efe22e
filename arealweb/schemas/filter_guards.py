"""Guards a CQL2 filter passes before ``cql2`` reads it.

``cql2`` 0.6 reads cql2-text recursively and overflows its stack (SIGSEGV: the process dies,
no exception) on input nested about 2000 levels deep: parentheses, NOTs, signs, or chains of
operators such as ``a = 1 = 1 …`` and ``1 - 1 - 1 …``. The text is scanned for those first, and
``cql2`` then runs on a thread with a stack deep enough for anything the length limit lets
through, as a second guard. CQL2-JSON is read with :func:`json.loads` first and its nesting
counted.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable

from arealweb.domain.errors import BadFilter, Problem
from arealweb.domain.text import N_

MAX_SIGNS = 2
"""Signs in a row (``1 - -1``); ``cql2`` reads each as one more level."""

TOO_DEEP = N_(
    "filteret er nestet for dypt: høyst %(max)d nivåer av parenteser, og høyst %(max)d NOT"
)
TOO_MANY_SIGNS = N_("filteret har for mange fortegn etter hverandre")
NOT_JSON = N_("filteret er ikke gyldig JSON: %(reason)s")
TOO_MANY_NODES = N_("filteret har for mange ledd: høyst %(max)d")


def _fault(template: str, **params: object) -> BadFilter:
    return BadFilter.of([Problem(template, params, "filter")])


_STRING_OR_IDENTIFIER = re.compile(r"'[^']*'?|\"[^\"]*\"?")
_NOT = re.compile(r"\bnot\b", re.IGNORECASE)
_SIGNS = re.compile(r"[-+](?:\s*[-+])*")
_GEOMETRY = re.compile(
    r"\b(?:point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection"
    r"|bbox)\b\s*(?:zm|z|m)?\s*\(",
    re.IGNORECASE,
)
_OPERATOR = re.compile(r"[<>=]+|[-+*/^%]|\b(?:and|or|not|like|in|between|is|div)\b", re.IGNORECASE)


def check_text_nesting(text: str, max_nesting: int, max_nodes: int) -> None:
    """Refuse cql2-text nested deeper than ``cql2`` survives before it reads it.

    Quoted texts and identifiers are blanked first (a ``''`` inside a text closes and reopens
    it, which blanks the same characters); then the deepest parenthesis, every NOT and the
    longest run of signs (``- - -1``) are counted, each a level of cql2's recursion. With the
    geometry literals blanked too, the operators are counted: a chain such as ``a = 1 = 1 …``
    or ``1 - 1 - 1 …`` is as deep in cql2 as it is long."""
    code = _STRING_OR_IDENTIFIER.sub(" ", text)
    depth = deepest = 0
    for char in code:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    if deepest > max_nesting or len(_NOT.findall(code)) > max_nesting:
        raise _fault(TOO_DEEP, max=max_nesting)
    signs = max((len(re.sub(r"\s", "", m.group())) for m in _SIGNS.finditer(code)), default=0)
    if signs > MAX_SIGNS:
        raise _fault(TOO_MANY_SIGNS)
    if len(_OPERATOR.findall(_without_geometries(code))) > 2 * max_nodes:
        raise _fault(TOO_MANY_NODES, max=max_nodes)


def _without_geometries(code: str) -> str:
    """``code`` with every geometry literal (``POLYGON((…))``, ``BBOX(…)`` …) blanked, so
    that the minus signs of its coordinates are not counted as operators."""
    kept, end = [], 0
    for found in _GEOMETRY.finditer(code):
        if found.start() < end:
            continue
        depth, position = 1, found.end()
        while position < len(code) and depth:
            depth += {"(": 1, ")": -1}.get(code[position], 0)
            position += 1
        kept.append(code[end : found.start()])
        end = position
    kept.append(code[end:])
    return " ".join(kept)


_STACK_BYTES = 256 * 1024 * 1024
_stack_size = threading.Lock()


def on_a_deep_stack(function: Callable[[str], object], argument: str) -> object:
    """``function(argument)`` in a thread with a 256 MB stack (reserved, not used): a second
    guard, should the pre-scan miss a construct that ``cql2`` reads recursively. 20 000
    characters nested as deep as they can go fit in it (measured: 10 000 levels)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function(argument)
        except Exception as error:
            outcome["error"] = error

    with _stack_size:
        previous = threading.stack_size(_STACK_BYTES)
        try:
            worker = threading.Thread(target=run, name="cql2-parse", daemon=True)
            worker.start()
        except RuntimeError:
            # No room for such a stack (a tight ulimit -v): the pre-scan is the guard then.
            worker = None
        finally:
            threading.stack_size(previous)
    if worker is None:
        run()
    else:
        worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _refuse_constant(name: str) -> object:
    raise ValueError(name)


def check_json_nesting(text: str, max_nesting: int) -> None:
    """Refuse CQL2-JSON that is no JSON, or whose objects nest deeper than ``max_nesting``."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise _fault(TOO_DEEP, max=max_nesting) from None
    except ValueError as error:
        raise _fault(NOT_JSON, reason=str(error)[:120]) from None
    stack: list[tuple[object, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            depth += 1
            if depth > max_nesting:
                raise _fault(TOO_DEEP, max=max_nesting)
            stack.extend((item, depth) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth) for item in value)
