"""Planners' pages for keeping the goal tree: new goal, edit, move, delete."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext

from arealweb.domain.errors import DomainError, NotFound
from arealweb.domain.goals import SDG_NAMES, Dimension, GoalLevel, GoalStatus, Theme
from arealweb.domain.text import N_
from arealweb.http.access import editor_page
from arealweb.http.auth import actor_name
from arealweb.http.store import current_store
from arealweb.schemas.base import parse
from arealweb.schemas.goals import GoalDeletion, GoalForm, GoalMoveForm
from arealweb.services import goal_editing, goals
from arealweb.services.goal_editing import EDITABLE
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.forms import form_model, refusals

LABELS = {
    "title": N_("Tittel"),
    "description": N_("Beskrivelse"),
    "dimension": N_("Bærekraftsdimensjon"),
    "theme": N_("Tema"),
    "sdgs": N_("FNs bærekraftsmål"),
    "status": N_("Status"),
    "parent_id": N_("Under"),
    "plan_version_id": N_("Planversjon"),
    "position": N_("Plass blant målene der"),
    "links": N_("Lenkene"),
    "target": N_("Målet lenkene flyttes til"),
    "version": N_("Versjonen du leste"),
}
"""The goal forms' fields as the pages label them (what a refusal names)."""


def _goal_form() -> GoalForm:
    return form_model(GoalForm, "sdgs")


def _form(goal=None, parent=None, errors=None, status=200):
    tree, linked = goals.tree_and_linked_zones(current_store(), goal.id if goal else None)
    level = goal.level if goal else list(GoalLevel)[parent.level.depth + 1]
    parents = [
        g
        for g in tree.walk()
        if goal and g.plan_version_id == goal.plan_version_id and g.level is level.parent_level
    ]
    targets = [g for g in tree.walk() if goal and g.id != goal.id and g.level is goal.level]
    return render_template(
        "goal_form.html",
        goal=goal,
        parent=parent,
        level=level,
        parents=parents,
        siblings=tree.children_of(goal.parent_id) if goal and goal.parent_id else [],
        targets=targets,
        linked=linked,
        has_children=bool(goal and tree.children_of(goal.id)),
        dimensions=list(Dimension),
        themes=list(Theme),
        statuses=list(GoalStatus),
        sdg_names=SDG_NAMES,
        levels=presentation.level_labels(),
        errors=errors or [],
    ), status


def _submitted(change: Callable[[], tuple[str, str]], goal=None, parent=None):
    """Carry out a form's change, which returns what was done and the page to go to next; when
    the plan refuses it, the form again with every problem (422)."""
    try:
        done, target = change()
    except DomainError as error:
        return _form(goal, parent, refusals(error, LABELS), 422)
    flash(done, "info")
    return redirect(target)


@web.route("/mal/<parent_id>/nytt", methods=["GET", "POST"])
@editor_page
def new_goal(parent_id: str):
    parent = goals.goal(current_store(), parent_id)
    if parent.level is GoalLevel.AREALSTRATEGI:
        raise NotFound(N_("en arealstrategi kan ikke ha mål under seg"))
    if request.method == "GET":
        return _form(parent=parent)

    def change():
        values = {**_goal_form().values(), "parent_id": parent_id}
        goal = goal_editing.create_goal(current_store(), values)
        return gettext("Målet er lagt til."), url_for("web.goal_page", goal_id=goal.id)

    return _submitted(change, parent=parent)


@web.route("/mal/<goal_id>/endre", methods=["GET", "POST"])
@editor_page
def edit_goal(goal_id: str):
    goal = goals.goal(current_store(), goal_id)
    if request.method == "GET":
        return _form(goal)

    def change():
        sent = _goal_form()
        values = {name: value for name, value in sent.values().items() if name in EDITABLE}
        goal_editing.update_goal(current_store(), goal_id, values, sent.version or goal.version)
        return gettext("Målet er lagret."), url_for("web.goal_page", goal_id=goal_id)

    return _submitted(change, goal)


@web.post("/mal/<goal_id>/flytt")
@editor_page
def move_goal_form(goal_id: str):
    goal = goals.goal(current_store(), goal_id)

    def change():
        move = form_model(GoalMoveForm)
        version = move.version or goal.version
        goal_editing.move_goal(current_store(), goal_id, move.parent_id, move.position - 1, version)
        return gettext("Målet er flyttet."), url_for("web.goal_page", goal_id=goal_id)

    return _submitted(change, goal)


@web.post("/mal/<goal_id>/slett")
@editor_page
def delete_goal_form(goal_id: str):
    goal = goals.goal(current_store(), goal_id)

    def change():
        links = request.form.get("links") or None
        if links == "move":
            links = f"move:{request.form.get('target', '')}"
        links = parse(GoalDeletion, {"links": links} if links else {}, strict=False).links
        changed = goal_editing.delete_goal(current_store(), goal_id, links, actor_name())
        done = ngettext(
            "Målet «%(title)s» er slettet; %(num)d sone fikk nye lenker.",
            "Målet «%(title)s» er slettet; %(num)d soner fikk nye lenker.",
            len(changed),
            title=goal.title,
        )
        return done, url_for("web.goal_tree_page")

    return _submitted(change, goal)
