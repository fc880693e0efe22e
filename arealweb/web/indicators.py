"""A goal's indicators on its page, and the planners' forms for them (new, edit, delete).

The forms work without JavaScript: each posts with its CSRF token and the version the planner
read in a hidden field. A refusal shows the form again with every problem beside it and the
values as sent; an edit made on a stale copy keeps what the planner wrote, shows what is stored
now, and carries the stored version so a second save is a deliberate one.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext

from arealweb.domain.errors import DomainError, InvalidInput, StaleVersion
from arealweb.domain.indicators import (
    CATALOGUE,
    PROTECTION_CATEGORIES,
    Direction,
    Indicator,
    Parameter,
)
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind, category_label
from arealweb.http.access import editor_page
from arealweb.http.indicators import (
    input_number,
    label_of,
    measure_template,
    rows_by_goal,
    target_text,
    thresholds_text,
)
from arealweb.http.store import current_store
from arealweb.schemas.indicators import IndicatorForm
from arealweb.services import goals, indicators
from arealweb.web.blueprint import web
from arealweb.web.forms import form_model, refusals

LABELS = {
    "measure": N_("Hva måles"),
    "target": N_("Målverdi"),
    "direction": N_("Minst eller høyst"),
    "distance": N_("Avstand i meter"),
    "category": N_("Vernekategori"),
    "parameter": N_("Avstand eller vernekategori"),
    "baseline": N_("Tidligere verdi"),
    "baseline_year": N_("Året for tidligere verdi"),
    "note": N_("Merknad"),
    "version": N_("Versjonen du leste"),
}
"""The indicator form's fields as the page labels them (what a refusal names)."""

ANCHOR = "indikatorer"

STALE = N_(
    "Noen andre har endret indikatoren siden du åpnet skjemaet, så ingenting er lagret. "
    "Det du skrev står i skjemaet; det som er lagret nå, står over det. Lagre igjen for å "
    "erstatte det lagrede med ditt."
)
NO_VERSION = N_("skjemaet mangler indikatorens versjon; last siden på nytt")
STALE_DELETE = N_(
    "Noen andre har endret indikatoren siden du åpnet siden, så den er ikke slettet. "
    "Se over det som er lagret nå, og slett igjen om du fortsatt vil."
)


def _choices() -> dict:
    return {
        "measures": [
            {
                "value": measure.value,
                "label": measure_template(measure),
                "explanation": gettext(spec.explanation),
                "parameter": spec.parameter.value if spec.parameter else None,
            }
            for measure, spec in CATALOGUE.items()
        ],
        "categories": [
            (code, gettext(category_label(ZoneKind.PROTECTION, code)))
            for code in PROTECTION_CATEGORIES
        ],
        "directions": [(d.value, gettext(d.label)) for d in Direction],
        "default_distances": {
            measure.value: spec.default_parameter
            for measure, spec in CATALOGUE.items()
            if spec.parameter is Parameter.DISTANCE
        },
    }


def _values_of(indicator: Indicator | None) -> dict[str, str]:
    """What the form shows for ``indicator`` (a blank form without one)."""
    if indicator is None:
        return {"measure": "", "direction": Direction.AT_LEAST.value, "category": ""}
    parameter = indicator.spec.parameter
    return {
        "measure": indicator.measure.value,
        "target": input_number(indicator.target),
        "direction": indicator.direction.value,
        "distance": str(indicator.parameter) if parameter is Parameter.DISTANCE else "",
        "category": str(indicator.parameter) if parameter is Parameter.CATEGORY else "",
        "baseline": input_number(indicator.baseline),
        "baseline_year": "" if indicator.baseline_year is None else str(indicator.baseline_year),
        "note": indicator.note,
    }


def _version() -> int:
    """The indicator's version the form was made from; a form without one (or with a garbled
    one) changes nothing."""
    sent = request.form.get("version", "")
    if not (sent.isascii() and sent.isdigit()):
        raise InvalidInput(NO_VERSION)
    return int(sent)


def _read_form() -> IndicatorForm:
    """The form's fields, its numbers read as the reader's language writes them."""
    return form_model(IndicatorForm, context={"locale": str(get_locale())})


def _sent() -> dict[str, str]:
    return {name: request.form.get(name, "") for name in IndicatorForm.model_fields}


def section(goal_id: str) -> dict:
    """What the goal page needs for its section «Indikatorer»."""
    return {
        "indicator_rows": rows_by_goal().get(goal_id, []),
        "indicator_thresholds": thresholds_text(),
        "indicator_choices": {**_choices(), "values": _values_of(None)},
    }


def _form_page(goal_id, indicator=None, values=None, errors=(), stale=None, status=200):
    goal = goals.goal(current_store(), goal_id)
    return render_template(
        "indicator_form.html",
        goal=goal,
        indicator=indicator,
        version=(stale or indicator).version if indicator else None,
        stored=row_of_stored(stale) if stale else None,
        errors=list(errors),
        form={**_choices(), "values": values or _values_of(indicator)},
        thresholds=thresholds_text(),
    ), status


def row_of_stored(indicator: Indicator) -> dict:
    return {
        "label": label_of(indicator),
        "target": target_text(indicator),
        "note": indicator.note,
    }


def _goal_address(goal_id: str) -> str:
    return url_for("web.goal_page", goal_id=goal_id, _anchor=ANCHOR)


@web.post("/mal/<goal_id>/indikatorer")
@editor_page
def new_indicator(goal_id: str):
    goals.goal(current_store(), goal_id)
    try:
        sent = _read_form()
        indicators.add_indicator(current_store(), goal_id, **sent.values())
    except DomainError as error:
        return _form_page(goal_id, values=_sent(), errors=refusals(error, LABELS), status=422)
    flash(gettext("Indikatoren er lagt til."), "info")
    return redirect(_goal_address(goal_id))


def _indicator_of(goal_id: str, indicator_id: int) -> Indicator:
    found = indicators.indicator(current_store(), indicator_id)
    if found.goal_id != goal_id:
        return redirect(
            url_for("web.edit_indicator", goal_id=found.goal_id, indicator_id=indicator_id)
        )
    return found


@web.route("/mal/<goal_id>/indikatorer/<int:indicator_id>/endre", methods=["GET", "POST"])
@editor_page
def edit_indicator(goal_id: str, indicator_id: int):
    current = _indicator_of(goal_id, indicator_id)
    if not isinstance(current, Indicator):
        return current
    if request.method == "GET":
        return _form_page(goal_id, current)
    try:
        version = _version()
        sent = _read_form()
        indicators.update_indicator(
            current_store(), indicator_id, **sent.values(), expected_version=version
        )
    except StaleVersion:
        return _form_page(
            goal_id,
            current,
            _sent(),
            [gettext(STALE)],
            stale=indicators.indicator(current_store(), indicator_id),
            status=409,
        )
    except DomainError as error:
        errors = refusals(error, LABELS)
        return _form_page(goal_id, current, _sent(), errors, status=422)
    flash(gettext("Indikatoren er lagret."), "info")
    return redirect(_goal_address(goal_id))


@web.post("/mal/<goal_id>/indikatorer/<int:indicator_id>/slett")
@editor_page
def delete_indicator_form(goal_id: str, indicator_id: int):
    current = _indicator_of(goal_id, indicator_id)
    if not isinstance(current, Indicator):
        return current
    try:
        indicators.delete_indicator(current_store(), indicator_id, expected_version=_version())
    except StaleVersion:
        message = gettext(STALE_DELETE)
        return _form_page(goal_id, current, errors=[message], stale=current, status=409)
    except DomainError as error:
        errors = refusals(error, LABELS)
        return _form_page(goal_id, current, errors=errors, status=422)
    flash(gettext("Indikatoren «%(label)s» er slettet.", label=label_of(current)), "info")
    return redirect(_goal_address(goal_id))
