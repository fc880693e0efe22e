"""Goal indicators in the reader's words: the measure with its parameter, numbers with their
unit, the direction, the traffic light and the sentence stating its thresholds. The API and the
pages both say them this way."""

from __future__ import annotations

from babel.numbers import format_decimal
from flask_babel import get_locale, gettext

from arealweb.domain.indicators import (
    CATALOGUE,
    CLOSE_FRACTION,
    Indicator,
    Light,
    Measure,
    Parameter,
    Unit,
)
from arealweb.domain.zones import ZoneKind, category_label
from arealweb.http.store import current_store
from arealweb.services import indicators
from arealweb.services.indicators import IndicatorValue

LIGHT_SYMBOLS = {Light.MET: "●", Light.CLOSE: "◐", Light.NOT_MET: "○"}
"""A shape beside the word, so a light is never told by its colour alone."""


def measure_label(measure: Measure, parameter: int | str | None) -> str:
    """«Andel av utviklingsarealet innen 1 000 m fra en stasjon», «Utviklingsareal på dyrka
    mark»: the measure's name with its parameter, translated."""
    spec = CATALOGUE[measure]
    if spec.parameter is Parameter.CATEGORY:
        shown = gettext(category_label(ZoneKind.PROTECTION, str(parameter))).lower()
        return gettext(spec.label, category=shown)
    if spec.parameter is Parameter.DISTANCE:
        return gettext(spec.label, distance=number_text(parameter or 0, digits=0))
    return gettext(spec.label)


def label_of(indicator: Indicator) -> str:
    return measure_label(indicator.measure, indicator.parameter)


def number_text(value: float, unit: Unit | None = None, digits: int = 1) -> str:
    """A number as the reader writes it (``80``, ``12,5``), with the unit's symbol."""
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    text = format_decimal(value, format=pattern, locale=str(get_locale()))
    return text if unit is None else f"{text} {unit.symbol}"


def target_text(indicator: Indicator) -> str:
    """«minst 80 %», «høyst 0 daa»."""
    return f"{gettext(indicator.direction.label)} {number_text(indicator.target, indicator.unit)}"


def light_text(light: Light) -> str:
    """The light's word with its symbol: «● Nådd»."""
    return f"{LIGHT_SYMBOLS[light]} {gettext(light.label)}"


def thresholds_text() -> str:
    """The rule the lights follow, in one sentence."""
    return gettext(
        "Lyset: «Nådd» når verdien er på riktig side av målet; «Nær» når den bommer med høyst "
        "%(percent)s %% av målet, eller med høyst %(floors)s (etter enheten) når det er mer; "
        "ellers «Ikke nådd».",
        percent=number_text(CLOSE_FRACTION * 100, digits=0),
        floors=" / ".join(
            number_text(floor, unit)
            for unit, floor in sorted(
                {(spec.unit, spec.close_floor) for spec in CATALOGUE.values()},
                key=lambda pair: list(Unit).index(pair[0]),
            )
        ),
    )


def measure_choices() -> list[dict]:
    """The catalogue for a form or a client: each measure's code, label (with its default
    parameter), explanation, unit and what parameter it takes."""
    return [
        {
            "measure": measure.value,
            "label": measure_label(measure, spec.default_parameter),
            "template": gettext(spec.label),
            "explanation": gettext(spec.explanation),
            "unit": spec.unit.value,
            "unit_symbol": spec.unit.symbol,
            "parameter": spec.parameter.value if spec.parameter else None,
            "default_parameter": spec.default_parameter,
            "close_floor": spec.close_floor,
        }
        for measure, spec in CATALOGUE.items()
    ]


def input_number(value: float | int | None) -> str:
    """A number as a form field shows it: no grouping, the reader's decimal sign."""
    if value is None:
        return ""
    return format_decimal(value, format="0.######", locale=str(get_locale()))


def measure_template(measure: Measure) -> str:
    """The measure's name with its parameter left open («… innen … m fra en stasjon»)."""
    return gettext(CATALOGUE[measure].label, distance="…", category="…")


def row(measured: IndicatorValue) -> dict:
    """One indicator as the pages' tables show it."""
    indicator = measured.indicator
    baseline = None
    if indicator.baseline is not None:
        baseline = number_text(indicator.baseline, indicator.unit)
        if indicator.baseline_year is not None:
            baseline = f"{baseline} ({indicator.baseline_year})"
    return {
        "indicator": indicator,
        "label": label_of(indicator),
        "target": target_text(indicator),
        "baseline": baseline,
        "value": number_text(measured.value, indicator.unit),
        "light": measured.light.value,
        "light_word": gettext(measured.light.label),
        "light_symbol": LIGHT_SYMBOLS[measured.light],
        "light_text": light_text(measured.light),
    }


def rows_by_goal() -> dict[str, list[dict]]:
    """Every goal's indicators as rows, measured on the plan as it stands."""
    found: dict[str, list[dict]] = {}
    for measured in indicators.indicator_values(current_store()):
        found.setdefault(measured.indicator.goal_id, []).append(row(measured))
    return found
