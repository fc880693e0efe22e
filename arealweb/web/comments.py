"""Citizens comment ("Si din mening"), read the privacy notice; planners moderate and answer."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext

from arealweb.domain.errors import DomainError, InvalidInput
from arealweb.domain.goals import Theme
from arealweb.domain.participation import AgeGroup, CommentKind, CommentState, ResponseStatus
from arealweb.geo.crs import to_wgs84
from arealweb.http import documents
from arealweb.http.access import editor_page
from arealweb.http.auth import actor_name
from arealweb.http.i18n import date_text, plural_forms, translate
from arealweb.http.store import current_store
from arealweb.schemas.base import parse
from arealweb.schemas.participation import ConsultationInput, ModerationInput, ResponseInput
from arealweb.services import participation, places, plan
from arealweb.services.report import build_report
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.errors import paper_refused
from arealweb.web.pages import map_config


def _consultation():
    wanted = request.args.get("consultation")
    found = participation.consultations(current_store())
    today = date.today()
    open_ones = [c for c in found if c.is_open(today)]
    chosen = next((c for c in found if c.id == wanted), None) if wanted else None
    return chosen or (open_ones[0] if open_ones else None), open_ones


@web.get("/innspill")
def comment_page():
    """Say what you think about a place: on the map, or by choosing a place or a zone."""
    consultation, open_ones = _consultation()
    found = plan.contents(current_store())
    zones, tree = found.zones, found.tree
    stations = plan.reference_layers(current_store()).stations
    parts, config = map_config("comment")
    config["comments"] = {
        "post": url_for("api.post_comment"),
        "describe": url_for("api.describe_place"),
        "text": {
            "chosen": gettext("Valgt sted: {place}"),
            "chosenWords": gettext("Valgt sted: {place}, {words}"),
            "mapPoint": gettext("punktet du klikket på i kartet"),
            "area": gettext("området du tegnet"),
            "thanks": gettext("Takk! Innspillet ditt er mottatt."),
            "follow": gettext(
                "Følg innspillet ditt og les kommunens svar på kvitteringssiden din:"
            ),
            "keep": gettext(
                "Lenken vises bare nå, og den er eneste vei til svaret: bokmerk den eller "
                "kopier den. Med den kan du også slette innspillet."
            ),
            "failed": gettext("Innspillet ble ikke sendt:"),
            "tooMany": gettext("Du har sendt mange innspill på kort tid. Vent litt og prøv igjen."),
            "left": plural_forms("{count} tegn igjen", "{count} tegn igjen"),
        },
        "stations": {
            s.id: [round(p.x, 6), round(p.y, 6)]
            for s, p in zip(stations, to_wgs84([s.geometry for s in stations]), strict=True)
        },
    }
    about = set()
    for goal_id in consultation.goal_ids if consultation else ():
        if goal_id in tree:
            about |= tree.subtree_ids(goal_id)
    goals = [
        (goal, len(tree.ancestors(goal.id)))
        for goal in tree.walk()
        if not about or goal.id in about
    ]
    return render_template(
        "comment.html",
        consultation=consultation,
        open_ones=open_ones,
        kinds=list(CommentKind),
        themes=list(Theme),
        age_groups=list(AgeGroup),
        zones=zones,
        stations=stations,
        goals=goals,
        levels=presentation.level_labels(),
        map=parts,
        config=config,
    )


@web.get("/innspill/kart")
def comments_map_page():
    """Everyone's published comments: on the map (clusters, heatmap), as a list, and counted."""
    consultation, _ = _consultation()
    parts, config = map_config("comments")
    config["comments"] = {
        "list": url_for("api.list_comments"),
        "counts": url_for("api.comment_counts"),
        "agree": url_for("api.agree_with_comment", comment_id="__id__"),
        "consultation": consultation.id if consultation else None,
        "kinds": {k.value: gettext(k.label) for k in CommentKind},
        "themes": {t.value: gettext(t.label) for t in Theme},
        "responses": {r.value: gettext(r.label) for r in ResponseStatus},
        "text": {
            "agree": gettext("Enig"),
            "agreed": gettext("Du er enig"),
            "agreements": plural_forms("{count} enig", "{count} enige"),
            "answer": gettext("Svar: {status}"),
            "shown": plural_forms("{count} innspill vises.", "{count} innspill vises."),
            "more": gettext("Vis {count} til"),
            "none": gettext("Ingen innspill ennå."),
            "young": plural_forms(
                "{count} innspill fra barn og unge under 18.",
                "{count} innspill fra barn og unge under 18.",
            ),
        },
    }
    return render_template(
        "comments_map.html",
        consultation=consultation,
        kinds=list(CommentKind),
        themes=list(Theme),
        map=parts,
        config=config,
    )


def _report_labels() -> dict[str, str]:
    return {"zone": gettext("Sone"), "goal": gettext("Mål"), "other": gettext("Andre innspill")}


def _report_context() -> dict:
    """What the merknadsbehandling's page, PDF and Word document show, gathered once."""
    consultation, _ = _consultation()
    report = build_report(
        current_store(), consultation.id if consultation else None, _report_labels()
    )
    facts = [(gettext("Kommune"), gettext("Bærum kommune"))]
    if consultation:
        facts += [
            (gettext("Innspillsrunde"), consultation.title),
            (
                gettext("Periode"),
                f"{date_text(consultation.opens_on)} – {date_text(consultation.closes_on)}",
            ),
        ]
    facts += [
        (
            gettext("Innspill"),
            gettext(
                "%(total)d publisert, %(answered)d besvart",
                total=report.total,
                answered=report.answered,
            ),
        ),
        (gettext("Dato"), documents.today_text()),
    ]
    comments = [c for section in report.sections for c in section.comments]
    return {
        "report": report,
        "consultation": consultation,
        "places": places.describe_comments(current_store(), comments, gettext),
        "facts": facts,
        "toc": [(f"section-{n}", s.title) for n, s in enumerate(report.sections, 1)],
        "kinds": {k.value: gettext(k.label) for k in CommentKind},
        "statuses": {r.value: gettext(r.label) for r in ResponseStatus},
        "pass_on": {"consultation": consultation.id} if consultation else {},
    }


def _report_title(consultation) -> str:
    title = gettext("Merknadsbehandling")
    return f"{title}: {consultation.title}" if consultation else title


def _download(data: bytes, mimetype: str, filename: str):
    response = current_app.response_class(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@web.get("/innspill/rapport")
def report_page():
    """The merknadsbehandling: every published comment, by zone and goal, with its answer."""
    return render_template("report.html", printed=False, **_report_context())


@web.get("/innspill/rapport.pdf")
def report_pdf_page():
    """The merknadsbehandling as PDF: the page's own body, with cover, contents, running
    header and footer."""
    try:
        sheet = documents.document_paper(request.args.get("paper"), request.args.get("orientation"))
    except InvalidInput as error:
        return paper_refused(error)
    context = _report_context()
    title = _report_title(context["consultation"])
    pdf = documents.document_pdf("_comment_report_body.html", title, title, sheet, **context)
    return _download(pdf, "application/pdf", "merknadsbehandling.pdf")


@web.get("/innspill/rapport.docx")
def report_docx_page():
    """The merknadsbehandling as a Word document, grouped as the PDF is."""
    from arealweb.render.documents import WordTexts, comment_report_docx

    context = _report_context()
    report = context["report"]
    texts = WordTexts(
        title=_report_title(context["consultation"]),
        kicker=gettext("Langsiktig arealstrategi – Bærum kommune"),
        intro=ngettext(
            "%(num)d innspill er publisert, og %(answered)d av dem er besvart.",
            "%(num)d innspill er publisert, og %(answered)d av dem er besvart.",
            report.total,
            answered=report.answered,
        ),
        contents=gettext("Innhold"),
        answer=gettext("Kommunens vurdering"),
        unanswered=gettext("Ikke besvart ennå."),
        group=gettext("Gruppe"),
        page=gettext("Side"),
        of=gettext("av"),
        date=documents.today_text(),
        municipality=gettext("Bærum kommune"),
    )
    made = comment_report_docx(
        report.sections,
        texts,
        context["facts"],
        context["kinds"],
        context["statuses"],
        context["places"],
        date_text,
    )
    return _download(
        made,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "merknadsbehandling.docx",
    )


@web.get("/personvern")
def privacy_page():
    return render_template("privacy.html")


MODERATION_POLL_MS = 10_000
"""How often the moderation page asks for news when the server cannot push them."""


@web.get("/innspill/moderering")
@editor_page
def moderation_page():
    consultation, _ = _consultation()
    found = participation.list_comments(
        current_store(), public=False, consultation_id=consultation.id if consultation else None
    )
    order = {CommentState.PENDING: 0, CommentState.PUBLISHED: 1, CommentState.HIDDEN: 2}
    found.sort(key=lambda c: (order[c.state], c.created_at))
    zones = {z.id: z for z in plan.zones(current_store())}
    return render_template(
        "moderation.html",
        consultation=consultation,
        comments=found,
        zones=zones,
        where=places.describe_comments(current_store(), found, gettext),
        statuses=list(ResponseStatus),
        live={
            "events": url_for("api.moderation_events"),
            "pending": url_for("api.moderation_queue"),
            "interval": MODERATION_POLL_MS,
            "text": {
                "news": plural_forms(
                    "{count} nytt innspill venter på moderering.",
                    "{count} nye innspill venter på moderering.",
                ),
                "polling": gettext(
                    "Direkte oppdatering er ikke tilgjengelig; siden ser etter nye innspill "
                    "hvert 10. sekund."
                ),
            },
        },
        states={
            CommentState.PENDING: gettext("Venter"),
            CommentState.PUBLISHED: gettext("Publisert"),
            CommentState.HIDDEN: gettext("Skjult"),
        },
    )


@web.route("/innspill/runder/ny", methods=["GET", "POST"])
@editor_page
def new_consultation_page():
    errors = []
    if request.method == "POST":
        values = {
            **request.form.to_dict(),
            "zone_ids": request.form.getlist("zone_ids"),
            "goal_ids": request.form.getlist("goal_ids"),
        }
        try:
            wanted = parse(ConsultationInput, values, strict=False)
            consultation = participation.open_consultation(current_store(), wanted)
        except DomainError as error:
            errors = [translate(p) for p in error.problems]
        else:
            flash(
                gettext("Innspillsrunden «%(title)s» er opprettet.", title=consultation.title),
                "info",
            )
            return redirect(url_for("web.moderation_page", consultation=consultation.id))
    found = plan.contents(current_store())
    zones, tree = found.zones, found.tree
    return render_template(
        "consultation_form.html",
        errors=errors,
        zones=zones,
        goals=[(g, len(tree.ancestors(g.id))) for g in tree.walk()],
        levels=presentation.level_labels(),
    ), (422 if errors else 200)


@web.post("/innspill/<comment_id>/moderering")
@editor_page
def moderate_form(comment_id: str):
    try:
        wanted = parse(ModerationInput, request.form.to_dict(), strict=False)
        participation.moderate(current_store(), comment_id, wanted, actor_name())
        flash(gettext("Innspillet er oppdatert."), "info")
    except DomainError as error:
        flash("; ".join(translate(p) for p in error.problems), "error")
    return _back_to(comment_id)


@web.post("/innspill/<comment_id>/svar")
@editor_page
def respond_form(comment_id: str):
    try:
        wanted = parse(ResponseInput, request.form.to_dict(), strict=False)
        participation.respond(current_store(), comment_id, wanted, actor_name())
        flash(gettext("Svaret er lagret."), "info")
    except DomainError as error:
        flash("; ".join(translate(p) for p in error.problems), "error")
    return _back_to(comment_id)


def _back_to(comment_id: str):
    """The moderation queue at the comment's card (its id quoted: an address may hold anything)."""
    return redirect(url_for("web.moderation_page") + "#innspill-" + quote(comment_id, safe=""))
