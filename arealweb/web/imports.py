"""Importing a GIS file in the browser: upload, see every feature, error and conflict, confirm.

The uploaded file waits in the uploads folder under a random token until the planner
confirms (or for an hour, see :mod:`arealweb.http.uploads`); the import itself is all or
nothing, as from the command line.
A feature exported from an older version of its zone is shown with both sides and a choice;
each choice names the version it was made against, so a zone saved again between the preview
and the confirmation is shown again rather than overwritten.
"""

from __future__ import annotations

from dataclasses import replace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from arealweb.domain.errors import DomainError, StaleVersion
from arealweb.geo.files import FORMATS
from arealweb.http.access import editor_page
from arealweb.http.auth import actor_name
from arealweb.http.i18n import new_count, translate
from arealweb.http.store import current_store
from arealweb.http.uploads import TOKEN, Upload, kept_upload, received_upload
from arealweb.services.import_versions import conflict_problems, parse_resolutions
from arealweb.services.transfer import import_zones, preview_import
from arealweb.web.blueprint import web

CHOICE_FIELD = "resolve-"
"""A conflicting feature's choice is the form field ``resolve-<zone id>``."""


def _limits() -> tuple[float, int]:
    config = current_app.config
    return config["BOUNDARY_TOLERANCE_M"], int(config["MAX_IMPORT_MB"]) * 1024 * 1024


@web.route("/arbeidsbenk/import", methods=["GET", "POST"])
@editor_page
def import_page():
    if request.method == "GET":
        return render_template("import.html", formats=FORMATS, reports=None)
    try:
        with received_upload() as upload:
            page = _preview(upload)
            upload.keep()
            return page
    except DomainError as error:
        messages = [translate(p) for p in error.problems]
        return render_template(
            "import.html", formats=FORMATS, reports=None, file_errors=messages
        ), 422


def _preview(upload: Upload, refused: list[str] | None = None):
    """The preview page for the upload; ``refused`` says why the import did not run (a
    conflict without a choice, or a zone saved again since the preview)."""
    tolerance, max_bytes = _limits()
    reports = preview_import(
        current_store(), upload.path, tolerance_m=tolerance, max_bytes=max_bytes
    )
    return render_template(
        "import.html",
        formats=FORMATS,
        reports=reports,
        valid=all(not r.problems for r in reports),
        conflicts=[r for r in reports if r.conflict is not None],
        conflict_lines={r.number: _conflict_lines(r) for r in reports if r.conflict},
        refused=refused or [],
        token=upload.token,
        filename=upload.filename,
    )


def _conflict_lines(report) -> list[str]:
    """What each side changed, a line each (the headline is the page's own)."""
    problems = conflict_problems(report.conflict, "")[1:]
    return [translate(replace(p, where=None)) for p in problems]


@web.post("/arbeidsbenk/import/<token>")
@editor_page
def confirm_import(token: str):
    if not TOKEN.match(token):
        abort(404)
    tolerance, max_bytes = _limits()
    try:
        with kept_upload(token) as upload:
            if upload is None:
                flash(gettext("Filen er ikke lenger tilgjengelig; last den opp på nytt."), "error")
                return redirect(url_for("web.import_page"))
            choices = {
                key.removeprefix(CHOICE_FIELD): value
                for key, value in request.form.items()
                if key.startswith(CHOICE_FIELD)
            }
            try:
                report = import_zones(
                    current_store(),
                    upload.path,
                    tolerance_m=tolerance,
                    max_bytes=max_bytes,
                    actor=f"import:{actor_name()}",
                    resolutions=parse_resolutions(choices),
                )
            except StaleVersion as conflict:
                # Shown again with what changed; the file waits for new choices.
                page = _preview(upload, [translate(p) for p in conflict.problems])
                upload.keep()
                return page, 409
    except DomainError as error:
        flash("; ".join(translate(p) for p in error.problems), "error")
        return redirect(url_for("web.import_page"))
    flash(
        gettext(
            "Importert: %(created)s, %(updated)d endret, %(unchanged)d uendret.",
            created=new_count(len(report.created)),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
        ),
        "info",
    )
    return redirect(url_for("web.workbench"))
