"""The printable summary of a workshop: totals, maps of the sketches, comments per goal and
the word clouds."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext

from arealweb.domain.workshops import SketchKind, Stance
from arealweb.http.access import signed_in_page
from arealweb.http.store import current_store
from arealweb.services import plan, workshops
from arealweb.web import presentation
from arealweb.web.blueprint import web


@web.get("/verksted/<workshop_id>/oppsummering")
@signed_in_page
def summary_page(workshop_id: str):
    """Everything the workshop received, printable, with a map of all sketches and one per
    group."""
    found = workshops.workshop(current_store(), workshop_id)
    sketches = workshops.sketches(current_store(), workshop_id)
    comments = workshops.comments(current_store(), workshop_id)
    layers = plan.reference_layers(current_store())
    boundary, stations = layers.boundary, layers.stations
    zones = plan.zones(current_store())
    from arealweb.render.planmaps import sketch_maps  # matplotlib: only for the summary

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
        focus={g.id: g for g in workshops.focus_goals(current_store(), found)},
        clouds=clouds,
        groups={g.id: g for g in found.groups},
        kinds={k.value: gettext(k.label) for k in SketchKind},
        stances=list(Stance),
        levels=presentation.level_labels(),
    )
