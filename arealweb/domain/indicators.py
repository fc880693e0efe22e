"""Goal indicators: what a goal's realisation is measured by on the map, and its target.

An indicator ties a goal to one measure from a fixed catalogue, each computed by the analyses
over the whole plan in EPSG:25832 (areas in daa, lengths in km, shares in per cent of the
development area): a target, a direction (the value must be at least / at most the target) and,
optionally, an earlier value to compare with. A value then gets a traffic light: met, close
(missing the target by at most :data:`CLOSE_FRACTION` of it, or by the measure's
:attr:`MeasureSpec.close_floor` when that is more), or not met.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from arealweb.domain.errors import Problem
from arealweb.domain.text import N_
from arealweb.domain.zones import CATEGORIES, ZoneKind

NOTE_MAX = 1_000
DISTANCE_MIN_M = 50
DISTANCE_MAX_M = 5_000
CLOSE_FRACTION = 0.10
"""A value missing its target by at most this share of the target is «close»."""


class Unit(StrEnum):
    PERCENT = "percent"
    DAA = "daa"
    KM = "km"

    @property
    def symbol(self) -> str:
        return {Unit.PERCENT: "%", Unit.DAA: "daa", Unit.KM: "km"}[self]


class Parameter(StrEnum):
    """What a measure needs to be told: a distance in metres, or a protection category."""

    DISTANCE = "distance"
    CATEGORY = "category"


class Measure(StrEnum):
    STATION_SHARE = "station_share"
    PROTECTED_TAKEN = "protected_taken"
    MAIN_CYCLE_LENGTH = "main_cycle_length"
    CYCLE_REACH_SHARE = "cycle_reach_share"
    DEVELOPMENT_AREA = "development_area"
    UNBUILT_RESERVE = "unbuilt_reserve"

    @property
    def spec(self) -> MeasureSpec:
        return CATALOGUE[self]


@dataclass(frozen=True)
class MeasureSpec:
    """One measure of the catalogue: its name (a template taking the parameter), its unit and
    what it needs to be told."""

    measure: Measure
    label: str
    """Template; ``%(distance)s`` or ``%(category)s`` is the indicator's parameter."""
    explanation: str
    unit: Unit
    parameter: Parameter | None
    default_parameter: int | str | None
    close_floor: float
    """The smallest miss still counted «close», in the unit (so a target of 0 can be close)."""


PROTECTION_CATEGORIES = tuple(CATEGORIES[ZoneKind.PROTECTION])

CATALOGUE: dict[Measure, MeasureSpec] = {
    spec.measure: spec
    for spec in (
        MeasureSpec(
            Measure.STATION_SHARE,
            N_("Andel av utviklingsarealet innen %(distance)s m fra en stasjon"),
            N_(
                "Utviklingsområdenes areal (overlapp telt én gang) som ligger innenfor avstanden "
                "fra en jernbane- eller T-banestasjon, i prosent av hele utviklingsarealet."
            ),
            Unit.PERCENT,
            Parameter.DISTANCE,
            1000,
            1.0,
        ),
        MeasureSpec(
            Measure.PROTECTED_TAKEN,
            N_("Utviklingsareal på %(category)s"),
            N_(
                "Arealet der utviklingsområder overlapper vernede områder av kategorien, "
                "telt én gang."
            ),
            Unit.DAA,
            Parameter.CATEGORY,
            "jordvern",
            5.0,
        ),
        MeasureSpec(
            Measure.MAIN_CYCLE_LENGTH,
            N_("Lengde på hovedsykkelveinettet"),
            N_("Samlet lengde av korridorene i kategorien hovedsykkelvei, overlapp telt én gang."),
            Unit.KM,
            None,
            None,
            0.5,
        ),
        MeasureSpec(
            Measure.CYCLE_REACH_SHARE,
            N_("Andel av utviklingsarealet innen %(distance)s m fra hovedsykkelveinettet"),
            N_(
                "Utviklingsområdenes areal som ligger innenfor avstanden fra en hovedsykkelvei, "
                "i prosent av hele utviklingsarealet."
            ),
            Unit.PERCENT,
            Parameter.DISTANCE,
            500,
            1.0,
        ),
        MeasureSpec(
            Measure.DEVELOPMENT_AREA,
            N_("Samlet utviklingsareal"),
            N_("Arealet av alle utviklingsområder, overlapp telt én gang."),
            Unit.DAA,
            None,
            None,
            5.0,
        ),
        MeasureSpec(
            Measure.UNBUILT_RESERVE,
            N_("Ubebygd arealreserve"),
            N_(
                "Arealet av utviklingsområder med arealbruksstatus framtidig (avsatt, men ikke "
                "bygget ut), overlapp telt én gang."
            ),
            Unit.DAA,
            None,
            None,
            5.0,
        ),
    )
}


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @property
    def label(self) -> str:
        return N_("minst") if self is Direction.AT_LEAST else N_("høyst")


class Light(StrEnum):
    """How a value stands against its target."""

    MET = "met"
    CLOSE = "close"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self]


LIGHT_LABELS = {
    Light.MET: N_("Nådd"),
    Light.CLOSE: N_("Nær"),
    Light.NOT_MET: N_("Ikke nådd"),
}


@dataclass(frozen=True)
class Indicator:
    """A goal's indicator: ``measure`` (with ``parameter``, when the measure takes one) should be
    ``direction`` ``target``; ``baseline`` is an earlier value (of ``baseline_year``)."""

    goal_id: str
    measure: Measure
    target: float
    direction: Direction
    parameter: int | str | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    note: str = ""
    id: int | None = None
    version: int = 1

    @property
    def spec(self) -> MeasureSpec:
        return CATALOGUE[self.measure]

    @property
    def unit(self) -> Unit:
        return self.spec.unit

    @property
    def label_params(self) -> dict[str, object]:
        """The parameters of the measure's label (``distance`` or ``category``)."""
        parameter = self.spec.parameter
        return {} if parameter is None else {parameter.value: self.parameter}

    @property
    def key(self) -> tuple[Measure, int | str | None]:
        """What is measured: two indicators with the same key read the same value."""
        return self.measure, self.parameter

    def light(self, value: float) -> Light:
        return light(self.target, self.direction, value, self.spec.close_floor)


def light(target: float, direction: Direction, value: float, close_floor: float = 0.0) -> Light:
    """Met when ``value`` is on the right side of ``target``; close when it misses by at most
    :data:`CLOSE_FRACTION` of the target (or ``close_floor``, whichever is more)."""
    miss = target - value if direction is Direction.AT_LEAST else value - target
    if miss <= 1e-9:
        return Light.MET
    if miss <= max(abs(target) * CLOSE_FRACTION, close_floor):
        return Light.CLOSE
    return Light.NOT_MET


def with_default_parameter(indicator: Indicator) -> Indicator:
    """``indicator`` with its measure's default parameter when it names none (and none when the
    measure takes none)."""
    spec = indicator.spec
    if spec.parameter is None:
        parameter = None
    elif indicator.parameter is None:
        parameter = spec.default_parameter
    else:
        parameter = indicator.parameter
    if parameter == indicator.parameter:
        return indicator
    return replace(indicator, parameter=parameter)


def indicator_problems(indicator: Indicator, where: str | None = None) -> list[Problem]:
    """What is wrong with an indicator; empty when all is well."""
    spec = indicator.spec
    problems = []
    if spec.parameter is Parameter.DISTANCE:
        distance = indicator.parameter
        if (
            not isinstance(distance, int)
            or isinstance(distance, bool)
            or not DISTANCE_MIN_M <= distance <= DISTANCE_MAX_M
        ):
            problems.append(
                Problem(
                    N_("avstanden må være et helt antall meter fra %(min)d til %(max)d"),
                    {"min": DISTANCE_MIN_M, "max": DISTANCE_MAX_M},
                    where,
                )
            )
    elif spec.parameter is Parameter.CATEGORY:
        if indicator.parameter not in PROTECTION_CATEGORIES:
            problems.append(
                Problem(
                    N_("vernekategorien «%(category)s» finnes ikke; velg en av: %(choices)s"),
                    {
                        "category": indicator.parameter,
                        "choices": ", ".join(PROTECTION_CATEGORIES),
                    },
                    where,
                )
            )
    elif indicator.parameter is not None:
        problems.append(Problem(N_("dette målet på arealet tar ingen parameter"), where=where))
    for name, value in (("target", indicator.target), ("baseline", indicator.baseline)):
        if value is None and name == "baseline":
            continue
        problem = _value_problem(spec.unit, value, where)
        if problem is not None:
            problems.append(problem)
    if indicator.baseline_year is not None and not 1900 <= indicator.baseline_year <= 2200:
        problems.append(Problem(N_("året må ligge mellom 1900 og 2200"), where=where))
    if indicator.baseline_year is not None and indicator.baseline is None:
        problems.append(Problem(N_("et år uten tidligere verdi sier ingenting"), where=where))
    if len(indicator.note) > NOTE_MAX:
        problems.append(
            Problem(N_("merknaden er lengre enn %(max)d tegn"), {"max": NOTE_MAX}, where)
        )
    return problems


def _value_problem(unit: Unit, value: object, where: str | None) -> Problem | None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return Problem(N_("verdien må være et tall"), where=where)
    if value < 0:
        return Problem(N_("verdien kan ikke være negativ"), where=where)
    if unit is Unit.PERCENT and value > 100:
        return Problem(N_("en andel kan ikke være over %(max)d %%"), {"max": 100}, where)
    return None
