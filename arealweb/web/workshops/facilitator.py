"""Setting up a workshop and the facilitator's page: groups and their codes (typed or scanned
as QR codes), what was sent, closing (after a confirmation) and reopening, and turning sketches
into draft zones."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import segno
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from arealweb.domain.errors import DomainError, Problem
from arealweb.domain.goals import GoalLevel
from arealweb.domain.text import N_
from arealweb.domain.workshops import SketchKind, WorkshopAction
from arealweb.http.access import editor_page, may_edit, signed_in_page
from arealweb.http.auth import actor_name
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.schemas.base import parse
from arealweb.schemas.workshops import DraftZone, NewWorkshop
from arealweb.services import goals, workshops
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.forms import refusals

DEFAULT_PROMPTS = ("Bærum 2040", "Bærekraft", "Klimaklok")


@web.get("/verksted")
@signed_in_page
def workshops_page():
    return render_template("workshops.html", workshops=workshops.all_workshops(current_store()))


def _goal_choices():
    tree = goals.goal_tree(current_store())
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
            spec = parse(
                NewWorkshop,
                {
                    **values,
                    "groups": values["groups"].splitlines(),
                    "prompts": values["prompts"].splitlines(),
                },
                strict=False,
            )
            created = workshops.create_workshop(current_store(), spec, actor_name())
        except DomainError as error:
            errors = [_in_form_words(p) for p in error.problems]
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


FORM_FIELDS = {
    "title": N_("Tittel"),
    "held_on": N_("Dato"),
    "groups": N_("Grupper"),
    "prompts": N_("Ordskyer"),
    "focus_goal_ids": N_("Mål i fokus"),
}
"""The new-workshop form's fields as its labels name them, for its error messages."""

DRAFT_FIELDS = {"name": N_("Navn på utkastet"), "category": N_("Kategori")}
"""The sketch's draft-zone form's fields as the page labels them."""


def _in_form_words(problem: Problem) -> str:
    """The problem, translated, with the field named as the form labels it (``groups[2]`` is
    line 3 of «Grupper»)."""
    field, _, rest = (problem.where or "").partition("[")
    if rest and field in ("groups", "prompts"):
        line = gettext("linje %(n)d", n=int(rest.split("]")[0]) + 1)
        return translate(replace(problem, where=f"{gettext(FORM_FIELDS[field])} {line}"))
    return translate(problem, FORM_FIELDS)


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
    editor = may_edit()
    sketches = workshops.sketches(current_store(), workshop_id)
    return render_template(
        "workshop.html",
        workshop=found,
        editor=editor,
        qr={g.code: _qr_svg(g.code) for g in found.groups} if editor else {},
        join_url=url_for("web.join_page", _external=True),
        focus=workshops.focus_goals(current_store(), found),
        levels=presentation.level_labels(),
        sketches=sketches,
        groups={g.id: g for g in found.groups},
        kinds={k.value: gettext(k.label) for k in SketchKind},
        events=workshops.workshop_events(current_store(), workshop_id),
        actions={a.value: gettext(a.label) for a in WorkshopAction},
    )


CONFIRMED = "ja"
"""What the confirmation page's button sends: a close without it asks first."""


@web.route("/verksted/<workshop_id>/avslutt", methods=["GET", "POST"])
@editor_page
def close_workshop_page(workshop_id: str):
    """Closing asks first, on a page of its own (so it works without JavaScript): what stops,
    what stays, and that it can be undone. A post without the page's confirmation is sent to
    the page; a closed workshop has nothing to confirm."""
    store = current_store()
    found = workshops.workshop(store, workshop_id)
    back = url_for("web.workshop_page", workshop_id=workshop_id)
    if found.closed:
        return redirect(back)
    if request.method == "POST" and request.form.get("confirmed") == CONFIRMED:
        workshops.close_workshop(store, workshop_id, actor_name())
        flash(
            gettext(
                "Verkstedet er avsluttet. Det tar ikke imot mer, men alt kan leses. "
                "Du kan åpne det igjen nederst på siden."
            ),
            "info",
        )
        return redirect(back)
    if request.method == "POST":
        return redirect(url_for("web.close_workshop_page", workshop_id=workshop_id), 303)
    return render_template(
        "workshop_close.html",
        workshop=found,
        confirmed=CONFIRMED,
        received=workshops.received(store, workshop_id),
    )


@web.post("/verksted/<workshop_id>/gjenapne")
@editor_page
def reopen_workshop_page(workshop_id: str):
    """Open a closed workshop again: the groups' codes work once more; recorded."""
    found = workshops.workshop(current_store(), workshop_id)
    if found.closed:
        workshops.reopen_workshop(current_store(), workshop_id, actor_name())
        flash(
            gettext("Verkstedet er åpnet igjen. Gruppene kan bruke kodene sine og sende innspill."),
            "info",
        )
    return redirect(url_for("web.workshop_page", workshop_id=workshop_id))


@web.post("/verksted/<workshop_id>/skisser/<sketch_id>/sone")
@editor_page
def sketch_to_zone_page(workshop_id: str, sketch_id: str):
    try:
        chosen = parse(DraftZone, request.form.to_dict(), strict=False)
        zone = workshops.sketch_to_zone(
            current_store(),
            workshop_id,
            sketch_id,
            chosen,
            actor=actor_name(),
            tolerance_m=float(current_app.config["BOUNDARY_TOLERANCE_M"]),
        )
    except DomainError as error:
        flash("; ".join(refusals(error, DRAFT_FIELDS)), "error")
    else:
        flash(gettext("Utkastet «%(name)s» er laget.", name=zone.name), "info")
    return redirect(url_for("web.workshop_page", workshop_id=workshop_id) + "#skisser")
