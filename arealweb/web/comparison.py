"""The plan and scenarios side by side: the page, its CSV and PDF, and the council's
presentation of it. Every number is written in the reader's locale; areas in daa (km² beside
the totals), lengths in km."""

from __future__ import annotations

from dataclasses import replace

from flask import Response, render_template, request, url_for
from flask_babel import format_decimal, get_locale, gettext

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.indicators import CATALOGUE, CLOSE_FRACTION, Indicator, Light, Unit
from arealweb.domain.scenarios import CHANGE_LABELS, COMPARED_MAX, ChangeAction, ScenarioState
from arealweb.domain.zones import ZoneKind
from arealweb.http import documents
from arealweb.http.access import signed_in_page
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.services import scenarios as scenario_service
from arealweb.services.comparison import (
    GROUP_LABELS,
    Comparison,
    Figure,
    Group,
    column_name,
    compare,
    comparison_maps,
    figure_label,
    indicator_label,
    table_rows,
)
from arealweb.services.spreadsheets import csv_text
from arealweb.web.blueprint import web
from arealweb.web.errors import paper_refused

LIGHT_SYMBOLS = {Light.MET: "✓", Light.CLOSE: "≈", Light.NOT_MET: "✗"}
"""Each traffic light has a symbol and a word as well as its colour."""

UNIT_NAMES = {Unit.PERCENT: "%", Unit.DAA: "daa", Unit.KM: "km"}


def chosen_ids() -> list[str]:
    """The scenarios asked for: ``?s=a&s=b`` (or ``?s=a,b``), in order, each once."""
    found = [part.strip() for value in request.args.getlist("s") for part in value.split(",")]
    return list(dict.fromkeys(part for part in found if part))


def _number(value: float, digits: int = 1) -> str:
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")


def _signed(value: float, digits: int = 1) -> str:
    if abs(value) < 0.5 * 10**-digits:
        return "±0"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=f"+{pattern};−{pattern}")


def _amount(figure: Figure, value: float) -> float:
    """m² as daa, m as km."""
    return value / 1000


def _unit(figure: Figure) -> str:
    return "daa" if figure.unit == "m2" else "km"


def _indicator_value(indicator: Indicator, value: float) -> str:
    digits = 2 if indicator.unit is Unit.KM else 1
    return f"{_number(value, digits)} {UNIT_NAMES[indicator.unit]}"


def thresholds(found: Comparison) -> dict:
    """The sentence that states when a light is met, close or not met, and each measure's
    smallest miss still counted close."""
    measures = list(dict.fromkeys(row.indicator.measure for row in found.indicators))
    return {
        "sentence": gettext(
            "Nådd (✓): verdien ligger på riktig side av målet. Nær (≈): den bommer med høyst "
            "%(percent)s %% av målet, eller med høyst målets minste avvik når det er mer. "
            "Ikke nådd (✗): den bommer med mer."
        )
        % {"percent": format_decimal(CLOSE_FRACTION * 100, format="#,##0")},
        "floors": [
            (
                gettext(CATALOGUE[m].label) % {"distance": "…", "category": "…"},
                f"{_number(CATALOGUE[m].close_floor)} {UNIT_NAMES[CATALOGUE[m].unit]}",
            )
            for m in measures
        ],
    }


def _zones_url(key: str) -> str:
    """The plan's zones for the plan's map; for a scenario's, only what it changes (the page
    draws the rest from the plan's)."""
    if key == "plan":
        return url_for("api.list_zones")
    return url_for("api.scenario_zones", scenario_id=key, changes_only=1)


def view(found: Comparison) -> dict:
    """What the page, the PDF and the presentation show, in the reader's language."""
    columns = []
    for column in found.columns:
        counts = [
            f"{gettext(CHANGE_LABELS[action])}: {column.counts[action]}"
            for action in ChangeAction
            if column.counts[action]
        ]
        columns.append(
            {
                "key": column.key,
                "name": column_name(column, gettext),
                "promoted": column.promoted,
                "description": column.scenario.description if column.scenario else "",
                "counts": counts,
                "changed": sorted(column.changed),
                "zones": _zones_url(column.key),
            }
        )
    sections = []
    for group, figures in found.groups():
        rows = []
        for figure in figures:
            cells = []
            for n, value in enumerate(figure.values):
                amount = _amount(figure, value)
                if group == Group.KIND and figure.unit == "m2":
                    text = presentation_area(amount)
                elif figure.unit == "m":
                    text = f"{_number(amount, 2)} km"
                else:
                    text = f"{_number(amount)} daa"
                change = _amount(figure, figure.changes[n])
                cells.append(
                    {
                        "text": text,
                        "value": amount,
                        "change": (
                            f"{_signed(change, 2 if figure.unit == 'm' else 1)} {_unit(figure)}"
                            if n
                            else ""
                        ),
                    }
                )
            rows.append({"key": figure.key, "label": figure_label(figure, gettext), "cells": cells})
        sections.append({"group": group, "heading": gettext(GROUP_LABELS[group]), "rows": rows})
    indicators = []
    for row in found.indicators:
        indicator = row.indicator
        indicators.append(
            {
                "id": indicator.id,
                "goal_id": indicator.goal_id,
                "goal": row.goal_title,
                "label": indicator_label(indicator, gettext),
                "target": f"{gettext(indicator.direction.label)} "
                f"{_indicator_value(indicator, indicator.target)}",
                "baseline": (
                    ""
                    if indicator.baseline is None
                    else _indicator_value(indicator, indicator.baseline)
                    + (f" ({indicator.baseline_year})" if indicator.baseline_year else "")
                ),
                "cells": [
                    {
                        "text": _indicator_value(indicator, value),
                        "light": light.value,
                        "word": gettext(light.label),
                        "symbol": LIGHT_SYMBOLS[light],
                    }
                    for value, light in zip(row.values, row.lights, strict=True)
                ],
            }
        )
    names = [c["name"] for c in columns]
    goals: dict[str, dict] = {}
    for row in indicators:
        goals.setdefault(row["goal_id"], {"id": row["goal_id"], "title": row["goal"], "rows": []})
        goals[row["goal_id"]]["rows"].append(row)
    return {
        "goals": list(goals.values()),
        "columns": columns,
        "sections": sections,
        "indicators": indicators,
        "thresholds": thresholds(found),
        "charts": _charts(found, names),
        "ids": found.scenario_ids,
    }


def presentation_area(daa: float) -> str:
    from arealweb.web.presentation import area_text

    return area_text(daa)


def _charts(found: Comparison, names: list[str]) -> list[dict]:
    by_key = {f.key: f for f in found.figures}
    kinds = [by_key[f"kind.{k.value}"] for k in (ZoneKind.DEVELOPMENT, ZoneKind.PROTECTION)]
    taken = [f for f in found.figures if f.group == Group.TAKEN]
    charts = []
    for chart_id, title, heading, figures in (
        ("chart-kinds", gettext("Areal per type (daa)"), gettext("Type"), kinds),
        (
            "chart-taken",
            gettext("Utvikling på vernet areal (daa)"),
            gettext("Verneformål"),
            taken,
        ),
        (
            "chart-reserve",
            gettext("Ubebygd arealreserve (daa)"),
            gettext("Arealregnskap"),
            [by_key["reserve.framtidig"]],
        ),
    ):
        charts.append(
            {
                "id": chart_id,
                "title": title,
                "heading": heading,
                "labels": [figure_label(f, gettext) for f in figures],
                "series": [
                    (name, [round(f.values[n] / 1000, 1) for f in figures])
                    for n, name in enumerate(names)
                ],
                "unit": "daa",
            }
        )
    return charts


def _choices(chosen: list[str]) -> list[dict]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "state": gettext(s.state.label),
            "checked": s.id in chosen,
        }
        for s in scenario_service.scenarios(current_store())
        if s.state is not ScenarioState.DISCARDED
    ]


def _compared() -> tuple[Comparison | None, str | None, int]:
    ids = chosen_ids()
    if not ids:
        return None, None, 200
    try:
        return compare(current_store(), ids), None, 200
    except NotFound as error:
        return None, _message(error), 404
    except InvalidInput as error:
        return None, _message(error), 422


def _message(error: InvalidInput | NotFound) -> str:
    return "; ".join(translate(replace(problem, where=None)) for problem in error.problems)


def _links(ids: list[str]) -> dict:
    return {
        "csv": url_for("web.comparison_csv", s=ids),
        "pdf": url_for("web.comparison_pdf", s=ids),
        "presentation": url_for("web.comparison_presentation", s=ids),
        "page": url_for("web.comparison_page", s=ids),
    }


@web.get("/scenarioer/sammenligning")
@signed_in_page
def comparison_page():
    """Choose scenarios; with ``?s=…`` the plan and them side by side."""
    found, error, status = _compared()
    ids = chosen_ids()
    context = {
        "choices": _choices(ids),
        "error": error,
        "most": COMPARED_MAX,
        "printed": False,
    }
    if found is not None:
        context.update(view(found), links=_links(found.scenario_ids), day=documents.today_text())
    return render_template("comparison.html", comparison=found, **context), status


@web.get("/scenarioer/sammenligning/presentasjon")
@signed_in_page
def comparison_presentation():
    """The comparison for the council, a slide at a time."""
    found, error, status = _compared()
    if found is None:
        return render_template(
            "comparison.html",
            comparison=None,
            choices=_choices(chosen_ids()),
            error=error,
            most=COMPARED_MAX,
            printed=False,
        ), (status if error else 200)
    return render_template(
        "comparison_presentation.html", **view(found), links=_links(found.scenario_ids)
    )


@web.get("/scenarioer/sammenligning.csv")
@signed_in_page
def comparison_csv():
    found, error, status = _compared()
    if found is None:
        return Response(
            error or gettext("Velg scenarioer med ?s="),
            422 if not error else status,
            mimetype="text/plain",
        )
    header, rows = table_rows(found, gettext, lambda v: format_decimal(v, format="0.000"))
    delimiter = ";" if str(get_locale()) == "nb" else ","
    text = csv_text(header, [dict(zip(header, row, strict=True)) for row in rows], delimiter)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="sammenligning.csv"'
    return response


@web.get("/scenarioer/sammenligning.pdf")
@signed_in_page
def comparison_pdf():
    try:
        sheet = documents.document_paper(request.args.get("paper"), request.args.get("orientation"))
    except InvalidInput as error:
        return paper_refused(error)
    found, error, status = _compared()
    if found is None:
        return Response(
            error or gettext("Velg scenarioer med ?s="),
            422 if not error else status,
            mimetype="text/plain",
        )
    from arealweb.render.staticmap import inline_svg

    drawn = comparison_maps(
        current_store(),
        found,
        gettext,
        size=documents.map_size(sheet),
        date=documents.today_text(),
    )
    maps = {
        key: inline_svg(svg, gettext("Kart over planen slik scenarioet etterlater den"), f"m{n}-")
        for n, (key, svg) in enumerate(drawn.items())
    }
    title = gettext("Sammenligning av scenarioer")
    made = documents.document_pdf(
        "_comparison_body.html",
        f"{title} – {gettext('Langsiktig arealstrategi')}",
        title,
        sheet,
        comparison=found,
        maps=maps,
        day=documents.today_text(),
        **view(found),
    )
    response = Response(made, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="sammenligning.pdf"'
    return response
