"""The plan and scenarios side by side: the page, its CSV and PDF, and the council's
presentation of it. Every number is written in the reader's locale; areas in daa (km² beside
the totals), lengths in km."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask import Response, make_response, render_template, request, url_for
from flask_babel import format_decimal, get_locale, gettext, ngettext

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.indicators import Indicator, Unit
from arealweb.domain.scenarios import COMPARED_MAX, ChangeAction, ScenarioState
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.http import documents
from arealweb.http.access import signed_in_page
from arealweb.http.i18n import translate
from arealweb.http.indicators import LIGHT_SYMBOLS, thresholds_text
from arealweb.http.store import current_store
from arealweb.render.paper import Paper
from arealweb.services import scenarios as scenario_service
from arealweb.services.comparison import (
    GROUP_LABELS,
    PLAN,
    Comparison,
    Group,
    column_name,
    compare,
    comparison_maps,
    figure_label,
    indicator_label,
    table_rows,
)
from arealweb.services.drawn import FileProgress
from arealweb.services.spreadsheets import csv_table
from arealweb.web import drawn_pdf
from arealweb.web.blueprint import web
from arealweb.web.drawn_pdf import DrawnPdf
from arealweb.web.errors import paper_refused


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


def _indicator_value(indicator: Indicator, value: float) -> str:
    digits = 2 if indicator.unit is Unit.KM else 1
    return f"{_number(value, digits)} {indicator.unit.symbol}"


def change_counts(counts: dict[ChangeAction, int]) -> list[str]:
    """«3 nye soner», «1 endret sone», «2 fjernede soner»: what a scenario does to the plan."""
    said = {
        ChangeAction.ADD: lambda n: ngettext("%(num)d ny sone", "%(num)d nye soner", n),
        ChangeAction.CHANGE: lambda n: ngettext("%(num)d endret sone", "%(num)d endrede soner", n),
        ChangeAction.REMOVE: lambda n: ngettext(
            "%(num)d fjernet sone", "%(num)d fjernede soner", n
        ),
    }
    return [said[action](counts[action]) for action in ChangeAction if counts.get(action)]


def _zones_url(key: str) -> str:
    """The plan's zones for the plan's map; for a scenario's, only what it changes (the page
    draws the rest from the plan's)."""
    if key == PLAN:
        return url_for("api.list_zones")
    return url_for("api.scenario_zones", scenario_id=key, changes_only=1)


def view(found: Comparison) -> dict:
    """What the page, the PDF and the presentation show, in the reader's language."""
    columns = []
    for column in found.columns:
        columns.append(
            {
                "key": column.key,
                "name": column_name(column, gettext),
                "promoted": column.promoted,
                "description": column.scenario.description if column.scenario else "",
                "counts": change_counts(column.counts),
                "changed": sorted(column.changed),
                "changed_names": list(column.changed_names),
                "zones": _zones_url(column.key),
            }
        )
    sections = []
    for group, figures in found.groups():
        rows = []
        for figure in figures:
            cells = []
            for n, value in enumerate(figure.values):
                amount = figure.shown(value)
                if group == Group.KIND and figure.unit == "m2":
                    text = presentation_area(amount)
                elif figure.unit == "m":
                    text = f"{_number(amount, 2)} km"
                else:
                    text = f"{_number(amount)} daa"
                change = figure.shown(figure.changes[n])
                cells.append(
                    {
                        "text": text,
                        "value": amount,
                        "change": (
                            f"{_signed(change, 2 if figure.unit == 'm' else 1)} {figure.shown_unit}"
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
        "thresholds": thresholds_text(),
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
                    (name, [round(f.shown(f.values[n]), 1) for f in figures])
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
        return compare(current_store(), ids, "s"), None, 200
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
    text = csv_table(header, rows, delimiter)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="sammenligning.csv"'
    return response


COMPARISON = DrawnPdf(
    kind="sammenligning",
    heading=N_("Sammenligningen tegnes"),
    intro=N_(
        "PDF-en tegnes én gang for hver tilstand av planen og scenarioene, med et kart per "
        "kolonne. Det tar noen sekunder; siden åpner PDF-en når den er klar."
    ),
    failed=N_("Sammenligningen kunne ikke tegnes."),
    ready=N_("Sammenligningen er klar. PDF-en åpnes nå."),
    pdf_endpoint="web.comparison_pdf",
    progress_endpoint="web.comparison_progress",
    page_endpoint="web.comparison_page",
    page_link=N_("Les sammenligningen som nettside mens du venter"),
)


def _drawn_comparison(sheet: Paper, found: Comparison) -> Callable[[FileProgress], bytes]:
    """What draws the comparison's PDF: its maps (a step each), then the document."""

    def draw(drawing: FileProgress) -> bytes:
        from arealweb.render.staticmap import inline_svg

        drawn = comparison_maps(
            current_store(),
            found,
            gettext,
            size=documents.map_size(sheet),
            date=documents.today_text(),
            progress=drawing,
        )
        drawing.step(documents.LAYING_OUT)
        alt = gettext("Kart over planen slik scenarioet etterlater den")
        maps = {key: inline_svg(svg, alt, f"m{n}-") for n, (key, svg) in enumerate(drawn.items())}
        title = gettext("Sammenligning av scenarioer")
        return documents.document_pdf(
            "_comparison_body.html",
            f"{title} – {gettext('Langsiktig arealstrategi')}",
            title,
            sheet,
            comparison=found,
            maps=maps,
            day=documents.today_text(),
            **view(found),
        )

    return draw


def _state_now(store, ids: list[str]) -> str:
    """What the comparison of ``ids`` is made of now ("" when it can no longer be made)."""
    try:
        return compare(store, ids, "s").signature
    except (InvalidInput, NotFound):
        return ""


def _asked_pdf() -> tuple[Paper, Comparison] | Response:
    """The sheet and the comparison the PDF's address asks for, or the answer refusing them."""
    try:
        sheet = drawn_pdf.asked_sheet()
    except InvalidInput as error:
        return make_response(paper_refused(error))
    found, error, status = _compared()
    if found is None:
        return Response(
            error or gettext("Velg scenarioer med ?s="),
            422 if not error else status,
            mimetype="text/plain",
        )
    return sheet, found


@web.get("/scenarioer/sammenligning.pdf")
@signed_in_page
def comparison_pdf():
    """The comparison as PDF when it is drawn for the plan and scenarios as they stand; else
    the drawing starts and a page shows its progress (202)."""
    asked = _asked_pdf()
    if isinstance(asked, Response):
        return asked
    sheet, found = asked
    store, ids = current_store(), found.scenario_ids
    return drawn_pdf.pdf_or_waiting(
        COMPARISON,
        found.signature,
        sheet,
        {"s": ids, **drawn_pdf.sheet_arguments(sheet)},
        _drawn_comparison(sheet, found),
        lambda: _state_now(store, ids),
    )


@web.get("/scenarioer/sammenligning/framdrift")
@signed_in_page
def comparison_progress():
    """How far the drawing of the comparison's PDF has come, as JSON for the waiting page."""
    asked = _asked_pdf()
    if isinstance(asked, Response):
        return asked
    sheet, found = asked
    return drawn_pdf.progress(COMPARISON, found.signature, sheet)
