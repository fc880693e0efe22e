"""The printable summary of a workshop: totals, maps of the sketches, comments per goal and
the word clouds."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext

from arealweb.domain.errors import InvalidInput
from arealweb.domain.workshops import SketchKind, Stance
from arealweb.http import documents
from arealweb.http.access import signed_in_page
from arealweb.http.i18n import date_text
from arealweb.http.store import current_store
from arealweb.services import plan, workshops
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.errors import paper_refused


def _summary_context(workshop_id: str) -> dict:
    """What the summary's page and PDF show: totals, maps, comments per goal, word clouds,
    and the document's cover and contents."""
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
        zone_names=[z.name for z in zones],
        date=documents.today_text(),
    )
    clouds = workshops.word_cloud(current_store(), workshop_id)
    totals = {
        "sketches": len(sketches),
        "comments": len(comments),
        "words": sum(n for words in clouds.values() for _, n in words),
    }
    facts = [
        (gettext("Kommune"), gettext("Bærum kommune")),
        (gettext("Holdt"), date_text(found.held_on)),
        (gettext("Grupper"), str(len(found.groups))),
        (gettext("Dato"), documents.today_text()),
    ]
    toc = [
        ("map-heading", gettext("Alle skisser")),
        *((f"group-{g.id}", g.name) for g in found.groups),
        ("goals-heading", gettext("Mål for mål")),
        ("words-heading", gettext("Ordskyer")),
    ]
    return dict(
        facts=facts,
        toc=toc,
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


@web.get("/verksted/<workshop_id>/oppsummering")
@signed_in_page
def summary_page(workshop_id: str):
    """Everything the workshop received, printable, with a map of all sketches and one per
    group."""
    return render_template("workshop_summary.html", printed=False, **_summary_context(workshop_id))


@web.get("/verksted/<workshop_id>/oppsummering.pdf")
@signed_in_page
def summary_pdf_page(workshop_id: str):
    """The summary as PDF: the page's own body with cover, contents, header and footer."""
    try:
        sheet = documents.document_paper(request.args.get("paper"), request.args.get("orientation"))
    except InvalidInput as error:
        return paper_refused(error)
    context = _summary_context(workshop_id)
    title = f"{gettext('Oppsummering')}: {context['workshop'].title}"
    pdf = documents.document_pdf("_workshop_summary_body.html", title, title, sheet, **context)
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="oppsummering.pdf"'
    return response
