"""Council workshops in the browser: set-up, the facilitator's page, the group screen, the
plenary screen, presentation mode and the printable summary.

Groups join with their code (typed, or a QR code scanned); the code is kept in the session, so
the address bar never shows it. Everything else is for signed-in users; setting up, closing
and turning sketches into draft zones is for planners and admins.
"""

from __future__ import annotations

import functools
from datetime import date

import segno
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, gettext

from arealweb.auth import actor_name, current_account
from arealweb.domain.errors import DomainError, NotFound
from arealweb.domain.goals import GoalLevel
from arealweb.domain.workshops import (
    REMINDERS,
    SketchKind,
    Stance,
    Workshop,
    presentation_steps,
)
from arealweb.extensions import current_store
from arealweb.i18n import translate
from arealweb.render.planmaps import sketch_maps
from arealweb.services import workshops
from arealweb.services.threads import goal_stats
from arealweb.web import editor_page, presentation, web
from arealweb.web.pages import map_config

SESSION_CODE = "workshop_code"
DEFAULT_PROMPTS = ("Bærum 2040", "Bærekraft", "Klimaklok")


def signed_in_page(view):
    """Pages for anyone with an account (the council included); others sign in first."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if current_account() is None:
            return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return guarded


def _api_urls(workshop_id: str) -> dict:
    return {
        "feed": url_for("api.workshop_feed", workshop_id=workshop_id),
        "sketches": url_for("api.post_sketch", workshop_id=workshop_id),
        "comments": url_for("api.post_workshop_comment", workshop_id=workshop_id),
        "words": url_for("api.post_word", workshop_id=workshop_id),
    }


def _labels() -> dict:
    return {
        "kinds": {k.value: gettext(k.label) for k in SketchKind},
        "stances": {s.value: gettext(s.label) for s in Stance},
    }


def _focus_goals(found: Workshop) -> list:
    with current_store().read() as repo:
        tree = repo.goal_tree()
    return [tree.get(g) for g in found.focus_goal_ids if g in tree]


# Set-up and the facilitator's page ---------------------------------------------------------


@web.get("/verksted")
@signed_in_page
def workshops_page():
    return render_template("workshops.html", workshops=workshops.all_workshops(current_store()))


def _goal_choices():
    with current_store().read() as repo:
        tree = repo.goal_tree()
    return [
        (goal, len(tree.ancestors(goal.id)))
        for goal in tree.walk()
        if goal.level is not GoalLevel.VISJON
    ]


@web.route("/verksted/nytt", methods=["GET", "POST"])
@editor_page
def new_workshop_page():
    form = request.form
    values = {
        "title": form.get("title", ""),
        "held_on": form.get("held_on", date.today().isoformat()),
        "groups": form.get("groups", "\n".join(f"Gruppe {n}" for n in range(1, 6))),
        "prompts": form.get("prompts", "\n".join(DEFAULT_PROMPTS)),
        "focus_goal_ids": form.getlist("focus_goal_ids"),
    }
    errors = []
    if request.method == "POST":
        try:
            created = workshops.create_workshop(
                current_store(),
                {
                    "title": values["title"],
                    "held_on": values["held_on"],
                    "groups": values["groups"].splitlines(),
                    "prompts": values["prompts"].splitlines(),
                    "focus_goal_ids": values["focus_goal_ids"],
                },
                actor_name(),
            )
        except DomainError as error:
            errors = [translate(p) for p in error.problems]
        else:
            flash(gettext("Verkstedet er opprettet. Del gruppekodene med gruppene."), "info")
            return redirect(url_for("web.workshop_page", workshop_id=created.id))
    return render_template(
        "workshop_form.html",
        values=values,
        errors=errors,
        goals=_goal_choices(),
        levels=presentation.level_labels(),
    ), (422 if errors else 200)


def _qr_svg(code: str) -> str:
    """A QR code that opens the group screen for ``code`` (an absolute address, to scan)."""
    target = url_for("web.join_with_code", code=code, _external=True)
    return segno.make(target, error="m").svg_inline(
        scale=4, title=gettext("QR-kode for å bli med med koden %(code)s", code=code)
    )


@web.get("/verksted/<workshop_id>")
@signed_in_page
def workshop_page(workshop_id: str):
    found = workshops.workshop(current_store(), workshop_id)
    editor = current_account().role.edits_plan
    sketches = workshops.sketches(current_store(), workshop_id)
    return render_template(
        "workshop.html",
        workshop=found,
        editor=editor,
        qr={g.code: _qr_svg(g.code) for g in found.groups} if editor else {},
        join_url=url_for("web.join_page", _external=True),
        focus=_focus_goals(found),
        levels=presentation.level_labels(),
        sketches=sketches,
        groups={g.id: g for g in found.groups},
        kinds={k.value: gettext(k.label) for k in SketchKind},
    )


@web.post("/verksted/<workshop_id>/avslutt")
@editor_page
def close_workshop_page(workshop_id: str):
    workshops.close_workshop(current_store(), workshop_id)
    flash(gettext("Verkstedet er avsluttet. Det tar ikke imot mer, men alt kan leses."), "info")
    return redirect(url_for("web.workshop_page", workshop_id=workshop_id))


@web.post("/verksted/<workshop_id>/skisser/<sketch_id>/sone")
@editor_page
def sketch_to_zone_page(workshop_id: str, sketch_id: str):
    try:
        zone = workshops.sketch_to_zone(
            current_store(),
            workshop_id,
            sketch_id,
            {"name": request.form.get("name", ""), "category": request.form.get("category", "")},
            actor=actor_name(),
            tolerance_m=float(current_app.config["BOUNDARY_TOLERANCE_M"]),
        )
    except DomainError as error:
        flash("; ".join(translate(p) for p in error.problems), "error")
    else:
        flash(gettext("Utkastet «%(name)s» er laget.", name=zone.name), "info")
    return redirect(url_for("web.workshop_page", workshop_id=workshop_id) + "#skisser")


# Joining and the group screen --------------------------------------------------------------


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
        "api": _api_urls(found.id),
        "geomanLanguage": "no" if str(get_locale()) == "nb" else "en",
        **_labels(),
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
        focus=_focus_goals(found),
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


# Plenary, presentation and summary ---------------------------------------------------------


@web.get("/verksted/<workshop_id>/plenum")
@signed_in_page
def plenary_page(workshop_id: str):
    found = workshops.workshop(current_store(), workshop_id)
    parts, config = map_config("plenary")
    config["workshop"] = {
        "id": found.id,
        "api": _api_urls(found.id),
        "groups": {g.id: {"name": g.name, "colour": g.colour} for g in found.groups},
        "prompts": list(found.prompts),
        "interval": 2000,
        **_labels(),
        "text": {
            "updated": gettext("Oppdatert {time}: {count} innspill i alt."),
            "closed": gettext("Verkstedet er avsluttet."),
            "offline": gettext("Mistet kontakten med serveren; prøver igjen …"),
            "noWords": gettext("Ingen ord ennå."),
        },
    }
    return render_template(
        "workshop_plenary.html",
        workshop=found,
        focus=_focus_goals(found),
        levels=presentation.level_labels(),
        stances=list(Stance),
        map=parts,
        config=config,
    )


@web.get("/verksted/<workshop_id>/presentasjon")
@signed_in_page
def presentation_page(workshop_id: str):
    found = workshops.workshop(current_store(), workshop_id)
    with current_store().read() as repo:
        tree = repo.goal_tree()
        zones = repo.zones()
    stats = goal_stats(tree, zones)
    comments = workshops.comments(current_store(), workshop_id)
    levels = presentation.level_labels()
    steps = []
    for goal in presentation_steps(tree, found.focus_goal_ids):
        parent = tree.get(goal.parent_id) if goal.parent_id else None
        steps.append(
            {
                "id": goal.id,
                "level": levels[goal.level.value],
                "title": goal.title,
                "strategy": parent.title if parent and parent.level is GoalLevel.STRATEGI else "",
                "main": (tree.main_goal_of(goal.id) or goal).title,
                "zones": stats[goal.id].count,
                "comments": sum(1 for c in comments if c.goal_id == goal.id),
            }
        )
    parts, config = map_config("presentation")
    config["presentation"] = {
        "steps": steps,
        "text": {
            "step": gettext("Steg {n} av {total}"),
            "zones": gettext("{count} soner i kartet realiserer dette"),
            "noZones": gettext("Ingen soner realiserer dette ennå – tråden mangler."),
            "comments": gettext("{count} kommentarer fra gruppene"),
            "therefore": gettext("Derfor skal vi …"),
        },
    }
    return render_template(
        "workshop_presentation.html", workshop=found, steps=steps, map=parts, config=config
    )


@web.get("/verksted/<workshop_id>/oppsummering")
@signed_in_page
def summary_page(workshop_id: str):
    """Everything the workshop received, printable, with a map of all sketches and one per
    group."""
    found = workshops.workshop(current_store(), workshop_id)
    sketches = workshops.sketches(current_store(), workshop_id)
    comments = workshops.comments(current_store(), workshop_id)
    with current_store().read() as repo:
        boundary = repo.boundary()
        zones = repo.zones()
        stations = repo.stations()
    overview, per_group = sketch_maps(
        found.groups,
        sketches,
        gettext,
        boundary=boundary.geometry if boundary else None,
        zones=[z.geometry for z in zones],
        stations=[s.geometry for s in stations],
    )
    clouds = workshops.word_cloud(current_store(), workshop_id)
    totals = {
        "sketches": len(sketches),
        "comments": len(comments),
        "words": sum(n for words in clouds.values() for _, n in words),
    }
    return render_template(
        "workshop_summary.html",
        workshop=found,
        totals=totals,
        overview=overview,
        per_group=per_group,
        sketches=sketches,
        summaries=workshops.goal_summaries(found, comments),
        focus={g.id: g for g in _focus_goals(found)},
        clouds=clouds,
        groups={g.id: g for g in found.groups},
        kinds={k.value: gettext(k.label) for k in SketchKind},
        stances=list(Stance),
        levels=presentation.level_labels(),
    )
