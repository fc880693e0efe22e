"""Joining a workshop with a group's code, and the group screen where the group sketches,
comments on the goals in focus and gives words.

The code is kept in the session, so the address bar never shows it.
"""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext

from arealweb.domain.errors import NotFound
from arealweb.domain.workshops import REMINDERS, SketchKind, Stance
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.services import workshops
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.pages import map_config
from arealweb.web.workshops.live import api_urls, labels

SESSION_CODE = "workshop_code"


@web.route("/verksted/bli-med", methods=["GET", "POST"])
def join_page():
    error = None
    if request.method == "POST":
        try:
            workshops.join(current_store(), request.form.get("code"))
        except NotFound as problem:
            error = translate(problem.problems[0])
        else:
            return _joined(request.form["code"])
    return render_template("workshop_join.html", error=error), (404 if error else 200)


@web.get("/verksted/bli-med/<code>")
def join_with_code(code: str):
    """Where a group's QR code leads."""
    workshops.join(current_store(), code)
    return _joined(code)


def _joined(code: str):
    session[SESSION_CODE] = code.strip().upper()
    return redirect(url_for("web.group_page"))


@web.get("/verksted/gruppe")
def group_page():
    code = session.get(SESSION_CODE)
    if not code:
        return redirect(url_for("web.join_page"))
    try:
        found, group = workshops.join(current_store(), code)
    except NotFound:
        session.pop(SESSION_CODE, None)
        return redirect(url_for("web.join_page"))
    parts, config = map_config("workshop")
    config["workshop"] = {
        "id": found.id,
        "code": group.code,
        "group": {"id": group.id, "name": group.name, "colour": group.colour},
        "closed": found.closed,
        "api": api_urls(found.id),
        **labels(),
        "text": {
            "sent": gettext("Sendt: {what}"),
            "failed": gettext("Ble ikke sendt:"),
            "drawFirst": gettext("Tegn et område, en linje eller et punkt i kartet først."),
            "drawn": gettext("Skissen er tegnet. Velg hva den er, skriv et notat og send."),
            "closed": gettext("Verkstedet er avsluttet. Takk for innspillene!"),
            "sketch": gettext("Skisse"),
            "nothing": gettext("Dere har ikke sendt noe ennå."),
        },
    }
    return render_template(
        "workshop_group.html",
        workshop=found,
        group=group,
        reminders=REMINDERS,
        focus=workshops.focus_goals(current_store(), found),
        levels=presentation.level_labels(),
        kinds=list(SketchKind),
        stances=list(Stance),
        map=parts,
        config=config,
    )


@web.post("/verksted/forlat")
def leave_group_page():
    session.pop(SESSION_CODE, None)
    return redirect(url_for("web.join_page"))
