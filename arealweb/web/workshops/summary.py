"""The printable summary of a workshop: totals, maps of the sketches, comments per goal and
the word clouds."""

from __future__ import annotations

import shapely
from flask import render_template
from flask_babel import gettext

from arealweb.domain.workshops import SketchKind, Stance, Workshop
from arealweb.extensions import current_store
from arealweb.services import plan, workshops
from arealweb.svgmap import SvgLayer, svg_map
from arealweb.web import presentation, web
from arealweb.web.workshops.access import signed_in_page


def _sketch_layers(found: Workshop, sketches: list, wanted: set[str] | None = None) -> list:
    layers = []
    for group in found.groups:
        if wanted is not None and group.id not in wanted:
            continue
        mine = [s.geometry for s in sketches if s.group_id == group.id]
        layers.append(SvgLayer(mine, group.colour, group.name, fill=group.colour, width=3))
    return layers


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
    context = [
        SvgLayer(
            [boundary.geometry] if boundary else [],
            "#37474f",
            gettext("Kommunegrensen"),
            dash="6 4",
        ),
        SvgLayer(
            [z.geometry for z in zones],
            "#90a4ae",
            gettext("Soner i arealstrategien"),
            fill="#cfd8dc",
            width=1,
            opacity=0.5,
        ),
        SvgLayer(
            [s.geometry for s in stations], "#263238", gettext("Stasjoner"), width=1, radius=3
        ),
    ]
    if sketches:
        extent = shapely.union_all([s.geometry for s in sketches])
    else:
        extent = boundary.geometry if boundary else None
    north = gettext("N")
    overview = svg_map(
        [*context, *_sketch_layers(found, sketches)],
        gettext("Kart over alle gruppenes skisser"),
        extent=extent,
        north=north,
    )
    per_group = {}
    for group in found.groups:
        mine = [s for s in sketches if s.group_id == group.id]
        if mine:
            per_group[group.id] = svg_map(
                [*context, *_sketch_layers(found, mine, {group.id})],
                gettext("Kart over skissene fra %(group)s", group=group.name),
                extent=shapely.union_all([s.geometry for s in mine]),
                width=640,
                height=400,
                north=north,
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
