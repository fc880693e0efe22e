"""Citizens comment ("Si din mening"), read the privacy notice; planners moderate and answer."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from markupsafe import Markup

from arealweb.domain.errors import DomainError, InvalidInput
from arealweb.domain.goals import Theme
from arealweb.domain.participation import (
    AgeGroup,
    CommentKind,
    CommentState,
    Consultation,
    ResponseStatus,
)
from arealweb.domain.text import N_
from arealweb.geo.crs import to_wgs84
from arealweb.http import documents
from arealweb.http.access import editor_page
from arealweb.http.auth import actor_name
from arealweb.http.i18n import date_text, plural_forms
from arealweb.http.mail import answer_mail, mail_configured
from arealweb.http.store import current_store
from arealweb.render.spotmaps import spot_svg
from arealweb.schemas.base import parse
from arealweb.schemas.participation import ConsultationInput, ModerationInput, ResponseInput
from arealweb.services import mail, moderation, participation, places, plan
from arealweb.services.report import build_report
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.errors import paper_refused
from arealweb.web.forms import refusals
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
        ask_email=mail_configured(),
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
            "%(num)d innspill er publisert, og %(answered)d er besvart.",
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


CONSULTATION_LABELS = {
    "title": N_("Tittel"),
    "introduction": N_("Innledning"),
    "opens_on": N_("Åpner"),
    "closes_on": N_("Stenger"),
    "moderation": N_("Kontroll"),
    "zone_ids": N_("Soner runden gjelder"),
    "goal_ids": N_("Mål runden gjelder"),
}
"""The consultation form's fields as the page labels them (what a refusal names)."""

MODERATION_LABELS = {
    "action": N_("Handling"),
    "reason": N_("Grunn til å skjule"),
    "status": N_("Behandling"),
    "text": N_("Svar til innsenderen"),
    "zone_id": N_("Sone"),
    "goal_id": N_("Mål"),
}
"""The moderation queue's forms' fields as the page labels them."""

MODERATION_POLL_MS = 10_000
"""How often the moderation page asks for news when the server cannot push them."""


@web.get("/innspill/moderering")
@editor_page
def moderation_page():
    """The moderation queue: each comment with a small map and the place in words, numbered,
    filtered by a GET form (it works without JavaScript and keeps its values), counted per
    state."""
    wanted, consultation = _queue_filter()
    found = moderation.queue(current_store(), wanted)
    pages = max(1, -(-len(found.comments) // QUEUE_PAGE))
    page = min(_page_number(), pages)
    shown = found.comments[(page - 1) * QUEUE_PAGE : page * QUEUE_PAGE]
    comments = [c for _, c in shown]
    contents = plan.contents(current_store())
    zones = {z.id: z for z in contents.zones}
    where = places.describe_comments(current_store(), comments, gettext)
    maps = {
        c.id: Markup(
            spot_svg(
                c.geometry,
                c.kind,
                zones.values(),
                gettext(
                    "Kart: %(place)s", place=where.get(c.id, gettext("stedet innspillet gjelder"))
                ),
            )
        )
        for c in comments
        if c.geometry is not None and not c.geometry.is_empty
    }
    tree = contents.tree
    chosen = {
        "consultation": ALL
        if request.args.get("consultation") == ALL
        else (consultation.id if consultation and request.args.get("consultation") else None),
        "status": wanted.status.value if wanted.status else None,
        "kind": wanted.kind.value if wanted.kind else None,
        "theme": wanted.theme.value if wanted.theme else None,
        "zone": wanted.zone_id,
        "goal": wanted.goal_id,
    }
    chosen = {name: value for name, value in chosen.items() if value}
    count_links = {
        status: url_for("web.moderation_page", **{**chosen, "status": status or None})
        for status in ["", "answered", *(s.value for s in CommentState)]
    }
    pager = {
        "page": page,
        "pages": pages,
        "first": (page - 1) * QUEUE_PAGE + 1,
        "last": (page - 1) * QUEUE_PAGE + len(shown),
        "total": len(found.comments),
        "previous": url_for("web.moderation_page", **chosen, side=page - 1) if page > 1 else None,
        "next": url_for("web.moderation_page", **chosen, side=page + 1) if page < pages else None,
    }
    if page > 1:
        chosen["side"] = str(page)
    return render_template(
        "moderation.html",
        shown=shown,
        pager=pager,
        chosen=chosen,
        count_links=count_links,
        undelivered=mail.given_up(current_store()),
        consultation=consultation,
        consultations=participation.consultations(current_store()),
        queue=found,
        filters=wanted,
        statuses_shown=list(moderation.Status),
        kinds=list(CommentKind),
        themes=list(Theme),
        goals=[(g, len(tree.ancestors(g.id))) for g in tree.walk()],
        levels=presentation.level_labels(),
        zones=zones,
        where=where,
        maps=maps,
        statuses=list(ResponseStatus),
        live={
            "events": url_for("api.moderation_events"),
            "pending": url_for("api.moderation_queue"),
            "interval": MODERATION_POLL_MS,
            # Waiting comments the page knew of (shown, on another page or filtered out):
            # only others are news.
            "known": participation.awaiting_moderation(current_store())[1],
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


ALL = "alle"
"""The consultation filter's value for every consultation."""
QUEUE_FILTERS = ("consultation", "status", "kind", "theme", "zone", "goal", "side")
"""The queue's filters (and page), as its address names them; a form on the queue sends them
back."""
QUEUE_PAGE = 50
"""Comments on one page of the queue: 500 cards took 2.4 s to draw (README, "Benchmarks")."""


def _page_number() -> int:
    text = request.args.get("side", "1")
    return int(text) if text.isdigit() and 0 < len(text) < 6 and int(text) > 0 else 1


def _queue_filter() -> tuple[moderation.QueueFilter, Consultation | None]:
    """The queue's filters from the query string; a value no filter knows lets all through.
    Without a consultation named, the queue shows the open one (as before there were filters)."""
    args = request.args
    if args.get("consultation") == ALL:
        chosen = None
    else:
        chosen, _ = _consultation()

    def choice(name: str, enum):
        try:
            return enum(args.get(name, ""))
        except ValueError:
            return None

    def named(name: str) -> str | None:
        value = args.get(name, "").strip()
        return value if value and len(value) <= 64 and value.isprintable() else None

    return moderation.QueueFilter(
        consultation_id=chosen.id if chosen else None,
        status=choice("status", moderation.Status),
        kind=choice("kind", CommentKind),
        theme=choice("theme", Theme),
        zone_id=named("zone"),
        goal_id=named("goal"),
    ), chosen


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
            errors = refusals(error, CONSULTATION_LABELS)
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
        flash("; ".join(refusals(error, MODERATION_LABELS)), "error")
    return _back_to(comment_id)


@web.post("/innspill/<comment_id>/svar")
@editor_page
def respond_form(comment_id: str):
    try:
        wanted = parse(ResponseInput, request.form.to_dict(), strict=False)
        done = participation.respond(
            current_store(), comment_id, wanted, actor_name(), tell=answer_mail
        )
        flash(gettext("Svaret er lagret."), "info")
        if done.email and mail_configured():
            flash(gettext("Innsenderen får svaret på e-post."), "info")
    except DomainError as error:
        flash("; ".join(refusals(error, MODERATION_LABELS)), "error")
    return _back_to(comment_id)


def _back_to(comment_id: str):
    """The moderation queue at the comment's card (its id quoted: an address may hold anything),
    with the filters the form was sent from."""
    query = {
        name: value
        for name in QUEUE_FILTERS
        if (value := request.form.get("back_" + name, "")) and len(value) <= 64
    }
    return redirect(
        url_for("web.moderation_page", **query) + "#innspill-" + quote(comment_id, safe="")
    )
