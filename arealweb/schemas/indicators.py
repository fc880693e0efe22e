"""The shape of a goal indicator as planners send it: from the API (JSON, strictly) or from the
goal page's form (text: numbers written as the reader's language writes them).

A measure, direction and protection category are given by code or by label in bokmål or
English, in any case (:mod:`arealweb.schemas.choices`); a measure's label is the one the pages
show with its default parameter («Andel av utviklingsarealet innen 1000 m fra en stasjon»).
Whether the parameter, target and earlier value make sense together is the domain's to say
(:func:`arealweb.domain.indicators.indicator_problems`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated

from babel.numbers import get_decimal_symbol, get_group_symbol
from pydantic import BeforeValidator, ValidationInfo

from arealweb.domain.indicators import CATALOGUE, NOTE_MAX, Direction, Measure, Parameter
from arealweb.domain.text import N_
from arealweb.domain.zones import CATEGORY_LABELS
from arealweb.schemas.base import LAX, Schema, Text, rule
from arealweb.schemas.choices import Choice, _key, _spellings, category_code


@cache
def _measures() -> dict[str, Measure]:
    """Each measure by its code and by its label in every interface language, as the pages and
    the API show it with the default parameter (``1000``, ``1 000`` or ``1,000`` m; a category
    by its code or its label)."""
    table: dict[str, Measure] = {}
    for measure, spec in CATALOGUE.items():
        default = spec.default_parameter
        if spec.parameter is Parameter.DISTANCE:
            fillings = [{"distance": f"{default}"}, {"distance": f"{default:,}"}]
            fillings.append({"distance": f"{default:,}".replace(",", " ")})
        elif spec.parameter is Parameter.CATEGORY:
            label = CATEGORY_LABELS.get(str(default), str(default))
            fillings = [{"category": default}]
            fillings += [{"category": s.lower()} for s in _spellings(label)]
        else:
            fillings = [{}]
        for template in _spellings(spec.label):
            for filling in fillings:
                table.setdefault(_key(template % filling if filling else template), measure)
    table.update({_key(m.value): m for m in Measure})
    return table


def _measure(given: object) -> object:
    if isinstance(given, str):
        return _measures().get(_key(given), given)
    return given


def _parameter(given: object) -> object:
    """A category's label becomes its code; a distance passes as it is."""
    return category_code(given) if isinstance(given, str) else given


def _blank_is_none(given: object) -> object:
    return None if isinstance(given, str) and not given.strip() else given


NOT_A_NUMBER = N_("må være et tall skrevet som 1500,5 eller 1 500,5")
"""A form's number that is no number as the reader's language writes it (the English
translation gives the English examples)."""
AMBIGUOUS = N_(
    "«%(input)s» kan leses både som desimaltall og som tusener: skriv desimaler med komma "
    "(1,5) og tusener uten punktum (1500 eller 1 500)"
)
"""A bokmål reader's «1.500»: 1,5 written with a point, or 1 500 grouped with one."""

FORM_LOCALE = "nb"
"""The language a form's numbers are read in when the caller names none."""

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def read_number(given: str, locale: str) -> float:
    """``given`` as ``locale`` writes a number: its decimal sign, digits grouped by threes with
    its group sign or a space (or not grouped). Bokmål: «1 500,5», «1500,5»; English:
    «1,500.5», «1500.5». A bokmål «1.5» is read as 1,5, but «1.500» (a decimal point or a
    thousands point?) is refused as ambiguous, and so is any other shape."""
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    text = _SPACES.sub(" ", given.strip()).translate(_MINUS)
    if decimal == "," and group != "." and "." in text:
        if "," in text or text.count(".") > 1 or re.search(r"\.[0-9]{3}$", text):
            raise rule(AMBIGUOUS, input=given.strip())
        text = text.replace(".", ",")
    groups = {" "} | ({group} if not group.isspace() else set())
    for sign in groups:
        shape = rf"[-+]?(?:[0-9]{{1,3}}(?:{re.escape(sign)}[0-9]{{3}})+|[0-9]+)"
        match = re.fullmatch(rf"({shape})(?:{re.escape(decimal)}([0-9]+))?", text)
        if match:
            whole = match.group(1).replace(sign, "")
            return float(f"{whole}.{match.group(2) or 0}")
    raise rule(NOT_A_NUMBER)


def _form_number(given: object, info: ValidationInfo) -> object:
    """A form's number, read in the language the context names; blank is none."""
    given = _blank_is_none(given)
    if isinstance(given, str):
        number = read_number(given, (info.context or {}).get("locale", FORM_LOCALE))
        return int(number) if number.is_integer() else number
    return given


MeasureChoice = Annotated[Measure, LAX, BeforeValidator(_measure)]


class IndicatorInput(Schema):
    """A new indicator, or every field of one an edit replaces."""

    measure: MeasureChoice
    target: float
    direction: Choice(Direction)
    parameter: Annotated[int | str | None, BeforeValidator(_parameter)] = None
    baseline: float | None = None
    baseline_year: int | None = None
    note: Text(NOTE_MAX) = ""

    def values(self) -> dict:
        """The fields as :func:`arealweb.services.indicators.add_indicator` takes them."""
        return self.model_dump()


FormNumber = Annotated[float | None, BeforeValidator(_form_number)]


class IndicatorForm(Schema):
    """The goal page's form: the parameter in ``distance`` or ``category`` (the one the measure
    takes is used), blank fields as none, numbers as the reader's language writes them (the
    validation context's ``locale``)."""

    measure: MeasureChoice
    target: Annotated[float, BeforeValidator(_form_number)]
    direction: Choice(Direction)
    distance: Annotated[int | None, BeforeValidator(_form_number)] = None
    category: Annotated[
        str | None, BeforeValidator(_blank_is_none), BeforeValidator(_parameter)
    ] = None
    baseline: FormNumber = None
    baseline_year: Annotated[int | None, BeforeValidator(_blank_is_none)] = None
    note: Text(NOTE_MAX) = ""

    def values(self) -> dict:
        parameter_kind = self.measure.spec.parameter
        if parameter_kind is None:
            parameter = None
        else:
            parameter = self.distance if parameter_kind.value == "distance" else self.category
        return {
            "measure": self.measure,
            "target": self.target,
            "direction": self.direction,
            "parameter": parameter,
            "baseline": self.baseline,
            "baseline_year": self.baseline_year,
            "note": self.note,
        }
