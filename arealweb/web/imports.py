"""Importing a GIS file in the browser: upload, see every feature, error and conflict, confirm.

The uploaded file waits in the uploads folder under a random token until the planner
confirms (or for an hour, see :mod:`arealweb.http.uploads`); the import itself is all or
nothing, as from the command line.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from arealweb.domain.errors import DomainError
from arealweb.geo.files import FORMATS
from arealweb.http.access import editor_page
from arealweb.http.auth import actor_name
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.http.uploads import TOKEN, kept_upload, received_upload
from arealweb.services.transfer import import_zones, preview_import
from arealweb.web.blueprint import web


def _limits() -> tuple[float, int]:
    config = current_app.config
    return config["BOUNDARY_TOLERANCE_M"], int(config["MAX_IMPORT_MB"]) * 1024 * 1024


@web.route("/arbeidsbenk/import", methods=["GET", "POST"])
@editor_page
def import_page():
    if request.method == "GET":
        return render_template("import.html", formats=FORMATS, reports=None)
    tolerance, max_bytes = _limits()
    try:
        with received_upload(keep=True) as upload:
            reports = preview_import(
                current_store(), upload.path, tolerance_m=tolerance, max_bytes=max_bytes
            )
    except DomainError as error:
        messages = [translate(p) for p in error.problems]
        return render_template(
            "import.html", formats=FORMATS, reports=None, file_errors=messages
        ), 422
    return render_template(
        "import.html",
        formats=FORMATS,
        reports=reports,
        valid=all(not r.problems for r in reports),
        token=upload.token,
        filename=upload.filename,
    )


@web.post("/arbeidsbenk/import/<token>")
@editor_page
def confirm_import(token: str):
    if not TOKEN.match(token):
        abort(404)
    tolerance, max_bytes = _limits()
    try:
        with kept_upload(token) as path:
            if path is None:
                flash(gettext("Filen er ikke lenger tilgjengelig; last den opp på nytt."), "error")
                return redirect(url_for("web.import_page"))
            report = import_zones(
                current_store(),
                path,
                tolerance_m=tolerance,
                max_bytes=max_bytes,
                actor=f"import:{actor_name()}",
            )
    except DomainError as error:
        flash("; ".join(translate(p) for p in error.problems), "error")
        return redirect(url_for("web.import_page"))
    flash(
        gettext(
            "Importert: %(created)d nye, %(updated)d endret, %(unchanged)d uendret.",
            created=len(report.created),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
        ),
        "info",
    )
    return redirect(url_for("web.workbench"))
