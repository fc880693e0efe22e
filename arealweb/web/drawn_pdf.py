"""A PDF drawn in the background once per state of what it shows, and the page that waits for it.

A printed document with maps takes seconds to draw the first time (the golden-thread report: a
map per main goal; the comparison of scenarios: a map per column). Asked for while it is not
drawn, its address starts the drawing in a background thread and answers 202 with a page that
shows how far it has come: with JavaScript it asks the progress address every second and opens
the PDF when it is ready; without, the page reloads itself every two seconds. The drawn PDF is
kept on disk (``DRAWINGS_FOLDER``) under a digest of the database, the state it shows, the
reader's language and the sheet, so every process serves it and nobody draws it twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import Response, current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import force_locale, get_locale, gettext

from arealweb.http import documents
from arealweb.render.paper import Paper
from arealweb.services.drawn import DrawnDocuments, FileProgress

REFRESH_SECONDS = 2
"""How often the waiting page reloads itself when it runs without JavaScript."""

DRAWING = "arealweb-drawing-"
"""How the threads that draw a PDF are named."""


@dataclass(frozen=True)
class DrawnPdf:
    """One kind of drawn document: where it is kept, what it is called and what the waiting
    page says (message ids, translated when shown)."""

    kind: str
    """The prefix of its files in ``DRAWINGS_FOLDER`` (and of the PDF's file name)."""
    heading: str
    intro: str
    failed: str
    ready: str
    """What the waiting page says once the PDF is drawn, just before it opens it."""
    pdf_endpoint: str
    progress_endpoint: str
    page_endpoint: str
    page_link: str
    """The text of the link to the same document as a web page, to read while waiting."""

    def documents(self) -> DrawnDocuments:
        return DrawnDocuments(current_app.config["DRAWINGS_FOLDER"], self.kind)

    def name(self, state: str, sheet: Paper) -> str:
        """The drawing's key: the database, the state it shows, the language and the sheet."""
        return self.documents().name(
            str(current_app.config["DATABASE_URL"]), state, str(get_locale()), sheet.slug
        )


def asked_sheet() -> Paper:
    """The sheet asked for (``?paper=a4|a3&orientation=portrait|landscape``; A4 portrait
    without); InvalidInput for one that does not exist."""
    return documents.document_paper(request.args.get("paper"), request.args.get("orientation"))


def sheet_arguments(sheet: Paper) -> dict[str, str]:
    """The query that asks for ``sheet`` (none for the default, so the plain address stays)."""
    if sheet == documents.PORTRAIT_A4:
        return {}
    return {"paper": sheet.size.lower(), "orientation": sheet.orientation}


def pdf_or_waiting(
    spec: DrawnPdf,
    state: str,
    sheet: Paper,
    arguments: Mapping[str, object],
    draw: Callable[[FileProgress], bytes],
    state_now: Callable[[], str],
) -> Response:
    """The PDF showing ``state`` when it is drawn; else its drawing starts (``draw``, in the
    background) and the waiting page answers 202. ``arguments`` are the query that asks for
    this document (the sheet's included); ``state_now`` reads the state again once drawn."""
    folder, name = spec.documents(), spec.name(state, sheet)
    made = folder.get(name)
    if made is not None:
        response = current_app.response_class(made, mimetype="application/pdf")
        suffix = "" if sheet == documents.PORTRAIT_A4 else f"-{sheet.slug}"
        response.headers["Content-Disposition"] = f'inline; filename="{spec.kind}{suffix}.pdf"'
        response.headers["Cache-Control"] = "no-cache"
        response.set_etag(name)
        return response.make_conditional(request)
    underway = folder.underway(name)
    if underway is None or (underway.failed and request.args.get("igjen")):
        _start(spec, folder, name, draw, lambda: state_now() == state)
        underway = folder.underway(name)
    page = render_template(
        "report_waiting.html",
        spec=spec,
        underway=underway,
        label=gettext(underway.label) if underway and underway.label else "",
        refresh=REFRESH_SECONDS,
        pdf=url_for(spec.pdf_endpoint, **arguments),
        retry=url_for(spec.pdf_endpoint, igjen=1, **arguments),
        progress=url_for(spec.progress_endpoint, **arguments),
        page=url_for(
            spec.page_endpoint,
            **{k: v for k, v in arguments.items() if k not in ("paper", "orientation")},
        ),
    )
    response = make_response(page, 202)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = str(REFRESH_SECONDS)
    return response


def progress(spec: DrawnPdf, state: str, sheet: Paper) -> Response:
    """How far the drawing of the PDF showing ``state`` has come, as JSON for the waiting
    page."""
    folder, name = spec.documents(), spec.name(state, sheet)
    underway = folder.underway(name)
    answer = {
        "ready": folder.get(name) is not None,
        "failed": bool(underway and underway.failed),
        # Nothing underway for the state as it now is (it changed while the page waited): the
        # page asks again, which starts that drawing.
        "underway": underway is not None,
        "done": underway.done if underway else 0,
        "total": underway.total if underway else 0,
        "label": gettext(underway.label) if underway and underway.label else "",
    }
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store"
    return response


def _start(
    spec: DrawnPdf,
    folder: DrawnDocuments,
    name: str,
    draw: Callable[[FileProgress], bytes],
    still_current: Callable[[], bool],
) -> None:
    """Draw in a background thread, unless another request (in any process) is drawing it
    already. A drawing made while the state moved away from the one its name holds is not kept
    under that name: it may show either state, and a change undone later would bring the first
    state back. The waiting page, finding nothing underway for the state as it now is, asks
    again and so starts that drawing."""
    if not folder.claim(name):
        return
    app, locale = current_app._get_current_object(), str(get_locale())

    def run() -> None:
        with app.test_request_context(), force_locale(locale):
            drawing = FileProgress(folder, name)
            try:
                made = draw(drawing)
            except Exception:
                app.logger.exception("drawing %s failed", spec.kind)
                folder.fail(name, spec.failed)
                return
            if not still_current():
                folder.forget(name)  # asked for again, it is drawn again
                return
            folder.put(name, made)

    # Not a daemon: a process that ends (a worker stopped, a test run over) lets the drawing
    # finish and keeps it, instead of killing the thread inside the map renderer's C code,
    # which aborted the whole process on its way out and left the claim for others to wait on.
    threading.Thread(target=run, name=DRAWING + spec.kind).start()


def wait_for_drawings(timeout: float = 120) -> None:
    """Until every PDF drawing under way in this process has ended (before its database goes
    away: a test's, for one)."""
    for thread in threading.enumerate():
        if thread.name.startswith(DRAWING):
            thread.join(timeout)
