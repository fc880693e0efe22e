"""The golden-thread report: the page, and the PDF drawn once per state of the plan.

The PDF takes seconds to draw the first time (a map per main goal). Asked for while it is not
drawn, the address starts the drawing in the background and answers with a page that shows
how far it has come: with JavaScript it asks ``…/framdrift`` every second and opens the PDF
when it is ready; without, the page reloads itself every two seconds. The drawn PDF is kept on
disk (``DRAWINGS_FOLDER``) under the plan's signature, so every process serves it.
"""

from __future__ import annotations

import threading

from flask import current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import force_locale, get_locale, gettext

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.http import documents
from arealweb.http.store import current_store
from arealweb.render.paper import Paper
from arealweb.services import analysis
from arealweb.services.drawn import DrawnDocuments, FileProgress
from arealweb.services.thread_report import golden_thread
from arealweb.web.blueprint import web
from arealweb.web.errors import paper_refused

REFRESH_SECONDS = 2
"""How often the waiting page reloads itself when it runs without JavaScript."""

thread_report_document = documents.thread_report_document
"""The drawing (a name here so tests can count the drawings)."""


def _folder() -> DrawnDocuments:
    return DrawnDocuments(current_app.config["DRAWINGS_FOLDER"], "gyllen-trad")


def _sheet() -> Paper:
    """The sheet asked for (``?paper=a4|a3&orientation=portrait|landscape``; A4 portrait
    without); InvalidInput for one that does not exist."""
    return documents.document_paper(request.args.get("paper"), request.args.get("orientation"))


def _sheet_arguments(sheet: Paper) -> dict[str, str]:
    """The query that asks for ``sheet`` (none for the default, so the plain address stays)."""
    if sheet == documents.PORTRAIT_A4:
        return {}
    return {"paper": sheet.size.lower(), "orientation": sheet.orientation}


def _name(sheet: Paper, signature: str) -> str:
    """The drawing's key: the database, the state of the plan, the reader's language and the
    sheet."""
    return _folder().name(
        str(current_app.config["DATABASE_URL"]), signature, str(get_locale()), sheet.slug
    )


def _start(folder: DrawnDocuments, name: str, sheet: Paper, signature: str) -> None:
    """Draw the report in a background thread, unless another request (in any process) is
    drawing it already. A drawing made while the plan moved away from ``signature`` (the
    state its name holds) is not kept under that name: it may show either state, and an edit
    undone later would bring the first state back. The waiting page, finding nothing underway
    for the plan as it now stands, asks again and so starts that drawing."""
    if not folder.claim(name):
        return
    app, locale = current_app._get_current_object(), str(get_locale())
    store = current_store()

    def draw() -> None:
        with app.test_request_context(), force_locale(locale):
            progress = FileProgress(folder, name)
            try:
                made = thread_report_document(progress, progress.step, sheet)
            except Exception:
                app.logger.exception("drawing the golden-thread report failed")
                folder.fail(name, N_("Rapporten kunne ikke tegnes."))
                return
            if analysis.plan_signature(store) != signature:
                folder.forget(name)  # asked for again, it is drawn again
                return
            folder.put(name, made)

    threading.Thread(target=draw, name="arealweb-report", daemon=True).start()


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
    """The report as PDF when it is drawn; else the drawing starts and a page shows its
    progress (202)."""
    try:
        sheet = _sheet()
    except InvalidInput as error:
        return paper_refused(error)
    signature = analysis.plan_signature(current_store())
    folder, name = _folder(), _name(sheet, signature)
    made = folder.get(name)
    if made is not None:
        response = current_app.response_class(made, mimetype="application/pdf")
        filename = (
            "gyllen-trad.pdf" if sheet == documents.PORTRAIT_A4 else f"gyllen-trad-{sheet.slug}.pdf"
        )
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
        response.headers["Cache-Control"] = "no-cache"
        response.set_etag(name)
        return response.make_conditional(request)
    underway = folder.underway(name)
    if underway is None or (underway.failed and request.args.get("igjen")):
        _start(folder, name, sheet, signature)
        underway = folder.underway(name)
    asked = _sheet_arguments(sheet)
    page = render_template(
        "report_waiting.html",
        underway=underway,
        label=gettext(underway.label) if underway and underway.label else "",
        refresh=REFRESH_SECONDS,
        pdf=url_for("web.thread_report_pdf_page", **asked),
        retry=url_for("web.thread_report_pdf_page", igjen=1, **asked),
        progress=url_for("web.thread_report_progress", **asked),
    )
    response = make_response(page, 202)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = str(REFRESH_SECONDS)
    return response


@web.get("/rapport/gyllen-trad/framdrift")
def thread_report_progress():
    """How far the drawing of the PDF has come, as JSON for the waiting page."""
    try:
        sheet = _sheet()
    except InvalidInput as error:
        return paper_refused(error)
    folder, name = _folder(), _name(sheet, analysis.plan_signature(current_store()))
    underway = folder.underway(name)
    ready = folder.get(name) is not None
    answer = {
        "ready": ready,
        "failed": bool(underway and underway.failed),
        # Nothing underway for the plan as it now stands (it changed while the page waited):
        # the page asks again, which starts that drawing.
        "underway": underway is not None,
        "done": underway.done if underway else 0,
        "total": underway.total if underway else 0,
        "label": gettext(underway.label) if underway and underway.label else "",
    }
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response
