"""Importing a GIS file in the browser: upload, see every feature, error and conflict, confirm.

The uploaded file waits in the instance folder under a random token until the planner
confirms (or for an hour); the import itself is all or nothing, as from the command line.
A feature exported from an older version of its zone is shown with both sides and a choice;
each choice names the version it was made against, so a zone saved again between the preview
and the confirmation is shown again rather than overwritten.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from dataclasses import replace
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from arealweb.domain.errors import DomainError, StaleVersion
from arealweb.geo.files import FORMATS
from arealweb.http.access import editor_page
from arealweb.http.auth import actor_name
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.http.uploads import uploaded_file
from arealweb.services.import_versions import conflict_problems, parse_resolutions
from arealweb.services.transfer import import_zones, preview_import
from arealweb.web.blueprint import web

KEEP_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,60}$")
CHOICE_FIELD = "resolve-"
"""A conflicting feature's choice is the form field ``resolve-<zone id>``."""


def _uploads() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            shutil.rmtree(old, ignore_errors=True)
    return folder


def _limits() -> tuple[float, int]:
    config = current_app.config
    return config["BOUNDARY_TOLERANCE_M"], int(config["MAX_IMPORT_MB"]) * 1024 * 1024


@web.route("/arbeidsbenk/import", methods=["GET", "POST"])
@editor_page
def import_page():
    if request.method == "GET":
        return render_template("import.html", formats=FORMATS, reports=None)
    token = secrets.token_urlsafe(24)
    folder = _uploads() / token
    folder.mkdir()
    try:
        path = uploaded_file(folder)
        (folder / "name.txt").write_text(request.files["file"].filename[:200], encoding="utf-8")
        return _preview(path, token)
    except DomainError as error:
        shutil.rmtree(folder, ignore_errors=True)
        messages = [translate(p) for p in error.problems]
        return render_template(
            "import.html", formats=FORMATS, reports=None, file_errors=messages
        ), 422


def _preview(path: Path, token: str, refused: list[str] | None = None):
    """The preview page for the file waiting under ``token``; ``refused`` says why the import
    did not run (a conflict without a choice, or a zone saved again since the preview)."""
    tolerance, max_bytes = _limits()
    reports = preview_import(current_store(), path, tolerance_m=tolerance, max_bytes=max_bytes)
    name = path.parent / "name.txt"
    return render_template(
        "import.html",
        formats=FORMATS,
        reports=reports,
        valid=all(not r.problems for r in reports),
        conflicts=[r for r in reports if r.conflict is not None],
        conflict_lines={r.number: _conflict_lines(r) for r in reports if r.conflict},
        refused=refused or [],
        token=token,
        filename=name.read_text(encoding="utf-8") if name.is_file() else path.name,
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
    folder = _uploads() / token
    files = list(folder.glob("upload.*")) if folder.is_dir() else []
    if not files:
        flash(gettext("Filen er ikke lenger tilgjengelig; last den opp på nytt."), "error")
        return redirect(url_for("web.import_page"))
    tolerance, max_bytes = _limits()
    failure: DomainError | None = None
    try:
        choices = {
            key.removeprefix(CHOICE_FIELD): value
            for key, value in request.form.items()
            if key.startswith(CHOICE_FIELD)
        }
        report = import_zones(
            current_store(),
            files[0],
            tolerance_m=tolerance,
            max_bytes=max_bytes,
            actor=f"import:{actor_name()}",
            resolutions=parse_resolutions(choices),
        )
    except StaleVersion as conflict:
        refused = [translate(p) for p in conflict.problems]
        try:
            return _preview(files[0], token, refused), 409
        except DomainError as error:
            failure = error
    except DomainError as error:
        failure = error
    if failure is not None:
        shutil.rmtree(folder, ignore_errors=True)
        flash("; ".join(translate(p) for p in failure.problems), "error")
        return redirect(url_for("web.import_page"))
    shutil.rmtree(folder, ignore_errors=True)
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
