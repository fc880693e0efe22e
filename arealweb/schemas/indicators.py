"""The shape of a goal indicator as planners send it: from the API (JSON, strictly) or from the
goal page's form (text, with a decimal comma allowed).

A measure, direction and protection category are given by code or by label in bokmål or
English, in any case (:mod:`arealweb.schemas.choices`); a measure's label is the one the pages
show with its default parameter («Andel av utviklingsarealet innen 1000 m fra en stasjon»).
Whether the parameter, target and earlier value make sense together is the domain's to say
(:func:`arealweb.domain.indicators.indicator_problems`).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import BeforeValidator

from arealweb.domain.indicators import CATALOGUE, NOTE_MAX, Direction, Measure, Parameter
from arealweb.domain.zones import CATEGORY_LABELS
from arealweb.schemas.base import LAX, Count, Schema, Text
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


def _decimal_comma(given: object) -> object:
    """A form's «80,5» is 80.5 (Norwegian writes a decimal comma); blank is none."""
    given = _blank_is_none(given)
    if isinstance(given, str):
        return given.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
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


FormNumber = Annotated[float | None, BeforeValidator(_decimal_comma)]


class IndicatorForm(Schema):
    """The goal page's form: the parameter in ``distance`` or ``category`` (the one the measure
    takes is used), blank fields as none, and the version the planner read."""

    measure: MeasureChoice
    target: Annotated[float, BeforeValidator(_decimal_comma)]
    direction: Choice(Direction)
    distance: Annotated[int | None, BeforeValidator(_blank_is_none)] = None
    category: Annotated[
        str | None, BeforeValidator(_blank_is_none), BeforeValidator(_parameter)
    ] = None
    baseline: FormNumber = None
    baseline_year: Annotated[int | None, BeforeValidator(_blank_is_none)] = None
    note: Text(NOTE_MAX) = ""
    version: Count | None = None

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
