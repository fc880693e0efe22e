"""Joining a workshop with a group's code, and the group screen where the group sketches,
comments on the goals in focus and gives words.

The code is kept in the session, so the address bar never shows it. Wrong codes count towards
a limit per client address (right ones do not); a closed workshop's codes stop working.
"""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.text import N_
from arealweb.domain.workshops import REMINDERS, SketchKind, Stance, WorkshopClosed
from arealweb.http.i18n import translate
from arealweb.http.ratelimit import JOINED_CODE, TooManyAttempts, join_attempt
from arealweb.http.store import current_store
from arealweb.schemas.base import parse
from arealweb.schemas.workshops import JoinForm
from arealweb.services import workshops
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.pages import map_config
from arealweb.web.workshops.live import POLL_INTERVAL_MS, api_urls, labels, polling_note


@web.route("/verksted/bli-med", methods=["GET", "POST"])
def join_page():
    if request.method == "POST":
        try:
            typed = parse(JoinForm, request.form.to_dict(), strict=False)
        except InvalidInput as error:
            said = translate(error.problems[0], {"code": N_("Gruppekode")})
            return render_template("workshop_join.html", error=said), 422
        return _join(typed.code)
    return render_template("workshop_join.html", error=None)


@web.get("/verksted/bli-med/<code>")
def join_with_code(code: str):
    """Where a group's QR code leads."""
    return _join(code)


def _join(code: str):
    """Join with ``code``, or say on the join page why not: a wrong code (404; too many of
    them, 429) or a closed workshop (409)."""
    try:
        with join_attempt(code.strip().upper()):
            workshops.join(current_store(), code)
    except (NotFound, WorkshopClosed, TooManyAttempts) as problem:
        return _refused(problem)
    session[JOINED_CODE] = code.strip().upper()
    return redirect(url_for("web.group_page"))


def _refused(problem: NotFound | WorkshopClosed | TooManyAttempts):
    status = {NotFound: 404, WorkshopClosed: 409, TooManyAttempts: 429}[type(problem)]
    error = translate(problem.problems[0])
    headers = {"Retry-After": str(problem.retry_after)} if status == 429 else {}
    return render_template("workshop_join.html", error=error), status, headers


@web.get("/verksted/gruppe")
def group_page():
    code = session.get(JOINED_CODE)
    if not code:
        return redirect(url_for("web.join_page"))
    try:
        found, group = workshops.join(current_store(), code)
    except NotFound:
        session.pop(JOINED_CODE, None)
        return redirect(url_for("web.join_page"))
    except WorkshopClosed as closed:
        session.pop(JOINED_CODE, None)
        return _refused(closed)
    parts, config = map_config("workshop")
    config["workshop"] = {
        "id": found.id,
        "code": group.code,
        "group": {"id": group.id, "name": group.name, "colour": group.colour},
        "closed": found.closed,
        "api": api_urls(found.id),
        "interval": POLL_INTERVAL_MS,
        **labels(),
        "text": {
            "sent": gettext("Sendt: {what}"),
            "failed": gettext("Ble ikke sendt:"),
            "drawFirst": gettext("Tegn et område, en linje eller et punkt i kartet først."),
            "drawn": gettext("Skissen er tegnet. Velg hva den er, skriv et notat og send."),
            "closed": gettext("Verkstedet er avsluttet. Takk for innspillene!"),
            "reopened": gettext("Verkstedet er åpnet igjen. Dere kan sende mer."),
            "sketch": gettext("Skisse"),
            "nothing": gettext("Dere har ikke sendt noe ennå."),
            "polling": polling_note(),
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
    session.pop(JOINED_CODE, None)
    return redirect(url_for("web.join_page"))
