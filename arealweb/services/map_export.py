"""The plan as a printed map for case documents (``/kart.png``, ``/kart.pdf``, ``arealweb
map``): on A4 or A3, either way up, with the plan version and the date in the title block.
The drawing is :mod:`arealweb.render`'s; this gathers what to draw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from arealweb.domain.errors import NotFound
from arealweb.domain.goals import LEVEL_LABELS, GoalStatus, PlanVersion
from arealweb.domain.text import N_
from arealweb.render.paper import Paper
from arealweb.services.analysis import Plan, plan
from arealweb.store.repository import Store

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Translate = Callable[[str], str]


def plan_version_text(
    versions: list[PlanVersion],
    version_id: str | None = None,
    day_text: Callable[[str], str] | None = None,
) -> str:
    """The plan version a map shows: the goal's own, else the newest adopted one (else the
    newest), by title and the day it was adopted (written by ``day_text`` in the reader's
    language; ISO without it, as the command line prints it)."""
    chosen = [v for v in versions if v.id == version_id]
    if not chosen:
        adopted = [v for v in versions if v.status is GoalStatus.VEDTATT and v.adopted_on]
        chosen = sorted(adopted, key=lambda v: v.adopted_on or "") or sorted(
            versions, key=lambda v: v.id
        )
    if not chosen:
        return ""
    version = chosen[-1]
    if not version.adopted_on:
        return version.title
    return f"{version.title} ({day_text(version.adopted_on) if day_text else version.adopted_on})"


def export_map(
    store: Store,
    goal_id: str | None,
    fmt: str,
    translate: Translate,
    *,
    paper: Paper | None = None,
    today: dt.date | None = None,
    day_text: Callable[[dt.date | str], str] | None = None,
) -> bytes:
    """The plan as a PNG or PDF map on ``paper`` (A4 landscape unless told), a goal's zones
    highlighted when ``goal_id`` is given; NotFound for a goal that does not exist. Days are
    written by ``day_text`` (the page's language), ISO without it."""
    from arealweb.render.staticmap import map_bytes  # matplotlib: only to draw

    figure = map_figure(store, goal_id, translate, paper=paper, today=today, day_text=day_text)
    return map_bytes(figure, fmt)


def map_figure(
    store: Store,
    goal_id: str | None,
    translate: Translate,
    *,
    paper: Paper | None = None,
    today: dt.date | None = None,
    day_text: Callable[[dt.date | str], str] | None = None,
) -> Figure:
    """:func:`export_map`'s drawing, before it is saved as a file."""
    from arealweb.analysis.areas import goal_members
    from arealweb.render.planmaps import plan_map_figure  # matplotlib: only to draw

    found: Plan = plan(store)
    with store.read() as repo:
        versions = repo.goals.plan_versions()
    title, highlight, version_id = (
        translate(N_("Langsiktig arealstrategi – Bærum kommune")),
        None,
        None,
    )
    if goal_id:
        if goal_id not in found.tree:
            raise NotFound(N_("fant ikke målet %(id)s"), id=goal_id)
        goal = found.tree.get(goal_id)
        title = f"{translate(LEVEL_LABELS[goal.level])}: {goal.title}"
        highlight = set(goal_members(found.zones, found.tree)[goal_id])
        version_id = goal.plan_version_id
    return plan_map_figure(
        found.zones,
        title,
        translate,
        boundary=found.boundary.geometry if found.boundary else None,
        stations=found.stations,
        highlight=highlight,
        paper=paper or Paper(),
        plan_version=plan_version_text(versions, version_id, day_text),
        date=(day_text or dt.date.isoformat)(today or dt.date.today()),
        boundary_source=found.boundary.source if found.boundary else "",
    )
