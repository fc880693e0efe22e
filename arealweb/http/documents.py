"""The printed documents, put together from the same Jinja bodies their web pages show.

Pages (``web``) and the command line (``cli``) both print the golden-thread report, so its
assembly lives here, below both. Rendering needs a request context (the page context reads
who is asking); a drawing in a background thread or on the command line opens a bare one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import render_template
from flask_babel import format_date, gettext

from arealweb.domain.goals import DIMENSION_LABELS, LEVEL_LABELS, STATUS_LABELS, GoalLevel
from arealweb.domain.text import N_
from arealweb.domain.zones import CATEGORY_LABELS, KIND_LABELS
from arealweb.http.i18n import date_text
from arealweb.http.indicators import rows_by_goal, thresholds_text
from arealweb.http.store import current_store
from arealweb.render.documents import css_string, pdf_document
from arealweb.render.paper import MM_PER_INCH, Paper, paper
from arealweb.services import analysis, goals
from arealweb.services.progress import Progress, Silent
from arealweb.services.thread_report import ThreadReport, golden_thread, report_maps

LAYING_OUT = N_("Setter opp PDF-en")
"""The last step of a drawing (bokmål; translated where it is shown)."""


PORTRAIT_A4 = Paper("A4", "portrait")
"""What a document is printed on unless the reader chooses another sheet."""

MARGINS_MM = (22.0, 18.0, 20.0)
"""The pages' margins, top, sides and bottom (as ``@page`` in templates/document.html)."""


def document_paper(size: str | None, orientation: str | None) -> Paper:
    """The sheet a reader chose for a document (``?paper=a4|a3&orientation=portrait|
    landscape``); A4 portrait when left out; :class:`InvalidInput` for a sheet that does not
    exist."""
    return paper(size, orientation or "portrait")


def map_size(sheet: Paper) -> tuple[float, float]:
    """Inches: a map as wide as the text on ``sheet``, three quarters as high, and low enough
    to leave a page room for its heading and caption; drawn at the size it is printed, so the
    scale it states is true."""
    top, sides, bottom = MARGINS_MM
    width_mm, height_mm = sheet.millimetres
    text_width, text_height = width_mm - 2 * sides, height_mm - top - bottom
    height = min(text_width * 0.75, text_height - 60)
    return text_width / MM_PER_INCH, height / MM_PER_INCH


def today_text() -> str:
    return format_date(date.today(), "long")


def document_pdf(
    body: str, title: str, running_title: str, sheet: Paper = PORTRAIT_A4, **context
) -> bytes:
    """The Jinja ``body`` (a partial its web page includes too) as a PDF on ``sheet``: the
    cover on the first page, and on every page after it ``running_title``, the municipality,
    the date and «Side n av m»."""
    top, sides, bottom = MARGINS_MM
    doc = {
        "body": body,
        "size": sheet.size,
        "orientation": sheet.orientation,
        "margins": f"{top:g}mm {sides:g}mm {bottom:g}mm",
        "title": title,
        "running_title": css_string(running_title),
        "municipality": css_string(gettext("Bærum kommune")),
        "date_text": css_string(today_text()),
        "page_word": css_string(gettext("Side")),
        "of_word": css_string(gettext("av")),
    }
    html = render_template("document.html", doc=doc, printed=True, **context)
    return pdf_document(html)


def category_labels() -> dict[str, str]:
    return {code: gettext(label) for code, label in CATEGORY_LABELS.items()}


def kind_labels() -> dict[str, str]:
    return {kind.value: gettext(label) for kind, label in KIND_LABELS.items()}


def thread_report_context(report: ThreadReport, signature: str) -> dict:
    """What the golden-thread report's body needs besides the maps: the cover's facts, the
    contents (the visions and main goals), the labels, and each goal's indicators against
    their targets (they count in the plan's signature, so an edit draws the report anew)."""
    versions = goals.linked_tree(current_store()).versions
    facts = [(gettext("Kommune"), gettext("Bærum kommune"))]
    for version in versions:
        status = gettext(STATUS_LABELS[version.status])
        if version.adopted_on:
            status += f" {date_text(version.adopted_on)}"
        facts.append((gettext("Planversjon"), f"{version.title} ({status})"))
    facts += [
        (gettext("Planens tilstand"), signature[:12]),
        (gettext("Dato"), today_text()),
    ]
    toc = [
        (f"goal-{entry.goal.id}", entry.goal.title)
        for entry in report.goals
        if entry.goal.level in (GoalLevel.VISJON, GoalLevel.HOVEDMAL)
    ]
    return {
        "report": report,
        "facts": facts,
        "toc": toc,
        "categories": category_labels(),
        "indicators": rows_by_goal(),
        "indicator_thresholds": thresholds_text(),
    }


def thread_report_document(
    progress: Progress | None = None,
    step: Callable[[str], None] | None = None,
    sheet: Paper = PORTRAIT_A4,
) -> bytes:
    """The golden-thread report as PDF on ``sheet``, the maps inline (their legends as text)
    and as wide as the text; ``progress`` advances per map drawn, ``step`` is told when the
    PDF is being laid out."""
    from arealweb.render.staticmap import inline_svg

    store = current_store()
    signature = analysis.plan_signature(store)
    report = golden_thread(analysis.plan(store))
    drawn = report_maps(
        report,
        gettext,
        progress or Silent(),
        versions=goals.linked_tree(store).versions,
        date=today_text(),
        size=map_size(sheet),
        day_text=date_text,
    )
    if step is not None:
        step(LAYING_OUT)
    maps = {
        goal_id: inline_svg(svg, gettext("Kart over sonene som realiserer hovedmålet"), f"m{n}-")
        for n, (goal_id, svg) in enumerate(drawn.items())
    }
    title = gettext("Den gylne tråden")
    return document_pdf(
        "_thread_report_body.html",
        f"{title} – {gettext('Langsiktig arealstrategi')}",
        title,
        sheet,
        maps=maps,
        **thread_report_context(report, signature),
        **labels(),
    )


def labels() -> dict:
    """The labels of goal levels and dimensions, in the reader's language."""
    return {
        "levels": {level.value: gettext(label) for level, label in LEVEL_LABELS.items()},
        "dimensions": {d.value: gettext(label) for d, label in DIMENSION_LABELS.items()},
    }
