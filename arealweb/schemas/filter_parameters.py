"""Query parameters named after queryables (``?kind=development&arealformal=1130``), as a
filter: OGC API – Features Part 3, *queryables-query-parameters*."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from arealweb.domain.documents import text_problem
from arealweb.domain.errors import BadFilter, Problem
from arealweb.domain.filters import All, Compare, Filter, Queryable, Scalar
from arealweb.domain.text import N_
from arealweb.schemas.filters import MAX_INTEGER, FilterLimits


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


NOT_A_PARAMETER = N_("«%(name)s» er en geometri; velg med bbox eller filter i stedet")
PARAMETER_WANTS_INTEGER = N_("må være et heltall; fikk «%(value)s»")
PARAMETER_WANTS_NUMBER = N_("må være et tall; fikk «%(value)s»")
PARAMETER_WANTS_BOOLEAN = N_("må være true eller false; fikk «%(value)s»")
PARAMETER_WANTS_TIMESTAMP = N_("må være et tidspunkt som 2026-01-31T12:00:00Z; fikk «%(value)s»")
PARAMETER_NOT_IN_ENUM = N_("«%(value)s» er ukjent; bruk en av: %(allowed)s")
PARAMETER_TOO_LONG = N_("kan være høyst %(max)d tegn")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d{1,16}$")


def parse_property_filters(
    parameters: Mapping[str, str],
    queryables: tuple[Queryable, ...],
    limits: FilterLimits | None = None,
) -> Filter | None:
    """The query parameters named after queryables (``?kind=development&arealformal=1130``,
    OGC API – Features Part 3 *queryables-query-parameters*) as one filter: each property
    equals its value, all of them hold. Other parameters are left alone; None when there are
    none. A value that does not fit its queryable is :class:`BadFilter`, where = its name."""
    limits = limits or FilterLimits()
    parts: list[Filter] = []
    problems: list[Problem] = []
    for queryable in queryables:
        if queryable.name not in parameters:
            continue
        try:
            value = _parameter_value(queryable, parameters[queryable.name], limits)
        except _ParameterFault as fault:
            problems.append(Problem(fault.template, fault.params, queryable.name))
            continue
        parts.append(Compare("=", queryable.name, value))
    if problems:
        raise BadFilter.of(problems)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))


class _ParameterFault(Exception):
    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


def _parameter_value(queryable: Queryable, text: str, limits: FilterLimits) -> Scalar:
    shown = _shown(text)
    if queryable.type == "geometry":
        raise _ParameterFault(NOT_A_PARAMETER, name=queryable.name)
    if queryable.type == "string":
        if len(text) > limits.max_text:
            raise _ParameterFault(PARAMETER_TOO_LONG, max=limits.max_text)
        problem = text_problem(text)
        if problem is not None:
            raise _ParameterFault(problem.template)
        if queryable.enum is not None and text not in queryable.enum:
            allowed = ", ".join(str(v) for v in queryable.enum)
            raise _ParameterFault(PARAMETER_NOT_IN_ENUM, value=shown, allowed=allowed)
        return text
    if queryable.type == "integer":
        if not _WHOLE_NUMBER.match(text) or abs(int(text)) > MAX_INTEGER:
            raise _ParameterFault(PARAMETER_WANTS_INTEGER, value=shown)
        return int(text)
    if queryable.type == "number":
        try:
            number = float(text)
        except ValueError:
            raise _ParameterFault(PARAMETER_WANTS_NUMBER, value=shown) from None
        if not math.isfinite(number):
            raise _ParameterFault(PARAMETER_WANTS_NUMBER, value=shown)
        return number
    if queryable.type == "boolean":
        if text not in ("true", "false"):
            raise _ParameterFault(PARAMETER_WANTS_BOOLEAN, value=shown)
        return text == "true"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _ParameterFault(PARAMETER_WANTS_TIMESTAMP, value=shown) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
