"""The golden-thread report: the page, and the PDF drawn once per state of the plan (a map per
main goal; drawn in the background while a page shows how far it has come, see
:mod:`arealweb.web.drawn_pdf`)."""

from __future__ import annotations

from flask import render_template

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.http import documents
from arealweb.http.store import current_store
from arealweb.services import analysis
from arealweb.services.thread_report import golden_thread
from arealweb.web import drawn_pdf
from arealweb.web.blueprint import web
from arealweb.web.drawn_pdf import DrawnPdf
from arealweb.web.errors import paper_refused

thread_report_document = documents.thread_report_document
"""The drawing (a name here so tests can count the drawings)."""

REPORT = DrawnPdf(
    kind="gyllen-trad",
    heading=N_("Den gylne tråden tegnes"),
    intro=N_(
        "Rapporten tegnes én gang for hver tilstand av planen, med et kart per hovedmål. Det tar "
        "noen sekunder; siden åpner PDF-en når den er klar."
    ),
    failed=N_("Rapporten kunne ikke tegnes."),
    ready=N_("Rapporten er klar. Den åpnes nå."),
    pdf_endpoint="web.thread_report_pdf_page",
    progress_endpoint="web.thread_report_progress",
    page_endpoint="web.thread_report_page",
    page_link=N_("Les rapporten som nettside mens du venter"),
)


@web.get("/rapport/gyllen-trad")
def thread_report_page():
    """From the vision down to the zones, with a map per main goal; printable."""
    store = current_store()
    report = golden_thread(analysis.plan(store))
    return render_template(
        "thread_report.html",
        printed=False,
        **documents.thread_report_context(report, analysis.plan_signature(store)),
        **documents.labels(),
    )


@web.get("/rapport/gyllen-trad.pdf")
def thread_report_pdf_page():
    """The report as PDF when it is drawn for the plan as it stands; else the drawing starts
    and a page shows its progress (202)."""
    try:
        sheet = drawn_pdf.asked_sheet()
    except InvalidInput as error:
        return paper_refused(error)
    store = current_store()
    return drawn_pdf.pdf_or_waiting(
        REPORT,
        analysis.plan_signature(store),
        sheet,
        drawn_pdf.sheet_arguments(sheet),
        lambda drawing: thread_report_document(drawing, drawing.step, sheet),
        lambda: analysis.plan_signature(store),
    )


@web.get("/rapport/gyllen-trad/framdrift")
def thread_report_progress():
    """How far the drawing of the PDF has come, as JSON for the waiting page."""
    try:
        sheet = drawn_pdf.asked_sheet()
    except InvalidInput as error:
        return paper_refused(error)
    return drawn_pdf.progress(REPORT, analysis.plan_signature(current_store()), sheet)
