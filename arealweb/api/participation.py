"""Citizens' input through the API: consultations, comments, moderation, answers, receipts.

Anyone may post a comment while its consultation is open and agree with a published one.
Everyone, signed-in planners included, sees the public's view: published comments only.
Planners and admins (session or token) ask for ``view=moderation`` to see every comment with
its moderation state, and moderate and answer.
"""

from __future__ import annotations

import dataclasses
import secrets
from datetime import date
from enum import StrEnum

from flask import Response, after_this_request, current_app, request, url_for
from flask_babel import gettext

from arealweb.api import inputs, revisioned
from arealweb.api.blueprint import api
from arealweb.api.errors import GEOJSON, JSON, unavailable_error
from arealweb.api.serialise import download, geopackage_download
from arealweb.domain.errors import NotFound, Problem
from arealweb.domain.goals import Theme
from arealweb.domain.participation import Comment, CommentKind, CommentState
from arealweb.domain.text import N_
from arealweb.geo.geojson import dumps, feature, feature_collection
from arealweb.http.access import Forbidden, editor_required, signed_in
from arealweb.http.auth import actor_name
from arealweb.http.mail import (
    answer_mail,
    current_language,
    mail_configured,
    mailed_receipt_link,
    receipt_link,
)
from arealweb.http.ratelimit import comment_limit
from arealweb.http.store import current_store
from arealweb.http.streams import RETRY_STREAM_SECONDS, event_stream
from arealweb.services import live, participation
from arealweb.services.spreadsheets import csv_text

VOTER_COOKIE = "arealweb_voter"


def comment_properties(comment: Comment, full: bool) -> dict:
    """What the public sees of a comment; ``full`` adds moderation and personal fields."""
    properties = {
        "id": comment.id,
        "consultation_id": comment.consultation_id,
        "kind": comment.kind.value,
        "theme": comment.theme.value,
        "text": comment.text,
        "zone_id": comment.zone_id,
        "goal_id": comment.goal_id,
        "group": comment.group,
        "created_at": comment.created_at.isoformat(),
        "agreements": comment.agreements,
        "response": None,
    }
    if comment.response:
        properties["response"] = {
            "status": comment.response.status.value,
            "text": comment.response.text,
            "zone_id": comment.response.zone_id,
            "goal_id": comment.response.goal_id,
            "at": comment.response.at.isoformat(),
        }
    if full:
        properties.update(
            state=comment.state.value,
            moderation_reason=comment.moderation_reason,
            name=comment.name,
            age_group=comment.age_group.value if comment.age_group else None,
        )
    return properties


@api.get("/consultations")
def list_consultations() -> Response:
    today = date.today()
    body = {
        "consultations": [
            {
                "id": c.id,
                "title": c.title,
                "introduction": c.introduction,
                "opens_on": c.opens_on.isoformat(),
                "closes_on": c.closes_on.isoformat(),
                "open": c.is_open(today),
                "moderation": c.moderation.value,
                "zone_ids": list(c.zone_ids),
                "goal_ids": list(c.goal_ids),
            }
            for c in participation.consultations(current_store())
        ]
    }
    return Response(dumps(body), mimetype=JSON)


@api.post("/consultations")
@editor_required
def open_consultation() -> Response:
    consultation = participation.open_consultation(current_store(), inputs.json_fields())
    body = {
        "id": consultation.id,
        "title": consultation.title,
        "open": consultation.is_open(date.today()),
    }
    return Response(dumps(body), status=201, mimetype=JSON)


@api.post("/comments")
def post_comment() -> Response:
    mailing = mail_configured()
    with comment_limit():
        posted = participation.post_comment(
            current_store(),
            inputs.json_body(),
            today=date.today(),
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
            receipt_link=mailed_receipt_link if mailing else None,
            # the language of the answer's mail: Babel is asked only when a mail can go
            language=current_language() if mailing else None,
        )
    body = {
        "id": posted.comment.id,
        "state": posted.comment.state.value,
        "receipt": receipt_link(posted.receipt),
        "receipt_token": posted.receipt,
        "receipt_api": url_for("api.receipt"),
    }
    return Response(dumps(body), status=201, mimetype=JSON)


class View(StrEnum):
    """Whose view of the comments ``GET /comments`` gives."""

    PUBLIC = "public"
    """Published comments without moderation or personal fields, for everyone: the comments
    map's view, the same for a signed-in planner as for anyone else."""
    MODERATION = "moderation"
    """Every comment with its state and personal fields: planners and admins only."""


def _moderation_view() -> bool:
    """Whether ``?view=moderation`` was asked for, by someone who may see it (401/403 else)."""
    if inputs.choice("view", View) is not View.MODERATION:
        return False
    account = signed_in()
    if not account.role.edits_plan:
        raise Forbidden(Problem(N_("bare planleggere og administratorer ser moderasjonskøen")))
    return True


@api.get("/comments")
def list_comments() -> Response:
    """Comments as GeoJSON: the public's view (published ones) for everyone, planners too;
    ``view=moderation`` gives planners and admins every comment with its state."""
    inputs.only(["consultation", "kind", "theme", "zone", "goal", "status", "view"])
    full = _moderation_view()
    filters = {
        "consultation_id": inputs.text("consultation"),
        "kind": inputs.choice("kind", CommentKind),
        "theme": inputs.choice("theme", Theme),
        "zone_id": inputs.text("zone"),
        "goal_id": inputs.text("goal"),
    }
    state = inputs.choice("status", CommentState)
    store = current_store()
    revision = participation.comments_revision(store)
    asked = (View.MODERATION if full else View.PUBLIC).value, state, *filters.values()
    etag = revisioned.etag_of("comments", revision, asked)
    if (unchanged := revisioned.not_modified(etag, revisioned.VARY)) is not None:
        return unchanged

    def build() -> bytes:
        found = participation.list_comments(store, public=not full, **filters)
        if state is not None:
            found = [c for c in found if c.state is state]
        return feature_collection(
            [c.id for c in found],
            [c.geometry for c in found],
            [comment_properties(c, full) for c in found],
        )

    body = revisioned.cache("comments").get(revision, asked, build)
    return revisioned.revalidated(Response(body, mimetype=GEOJSON), etag, revisioned.VARY)


@api.get("/comments/events")
def moderation_events() -> Response:
    """The moderation queue's news as Server-Sent Events, for planners and admins: an event
    whenever what awaits moderation changes, ``data`` the number waiting and the newest ids
    (the page compares them with its cards), ``id`` that state, so a reconnect with
    ``Last-Event-ID`` hears only of a change it has not seen. 503 when this process holds as
    many streams as it may."""
    inputs.only(())
    _moderator()
    store = current_store()

    def read(seen: object) -> tuple[object, bytes | None, bool]:
        count, ids = participation.awaiting_moderation(store)
        state = f"{count}.{ids[0] if ids else '-'}"
        if state == seen:
            return state, None, False
        return state, dumps({"pending": count, "ids": ids}), False

    seen = request.headers.get("Last-Event-ID", "")[:200] or None
    stream = event_stream(live.moderation_news(store), read, seen)
    return stream if stream is not None else unavailable_error(RETRY_STREAM_SECONDS)


@api.get("/comments/pending")
def moderation_queue() -> Response:
    """What awaits moderation, for planners and admins: how many, and the newest ids — what
    ``/comments/events`` pushes, for a moderation page that cannot hold the stream and asks."""
    inputs.only(())
    _moderator()
    count, ids = participation.awaiting_moderation(current_store())
    return Response(dumps({"pending": count, "ids": ids}), mimetype=JSON)


def _moderator() -> None:
    """Only planners and admins see the moderation queue (401 signed out, 403 else)."""
    if not signed_in().role.edits_plan:
        raise Forbidden(Problem(N_("bare planleggere og administratorer ser moderasjonskøen")))


@api.get("/comments/counts")
def comment_counts() -> Response:
    """How many published comments, by kind, theme, zone, goal and group; how many young."""
    inputs.only(["consultation"])
    consultation_id = inputs.text("consultation")
    store = current_store()
    revision = participation.comments_revision(store)
    etag = revisioned.etag_of("counts", revision, consultation_id)
    if (unchanged := revisioned.not_modified(etag)) is not None:
        return unchanged
    body = revisioned.cache("counts").get(
        revision,
        consultation_id,
        lambda: dumps(dataclasses.asdict(participation.counts(store, consultation_id))),
    )
    return revisioned.revalidated(Response(body, mimetype=JSON), etag)


@api.get("/comments.csv")
def comments_csv() -> Response:
    """Published comments as CSV (semicolons, BOM; formula-looking cells defused)."""
    inputs.only(["consultation"])
    found = participation.list_comments(
        current_store(), public=True, consultation_id=inputs.text("consultation")
    )
    text = csv_text(
        participation.EXPORT_COLUMNS, participation.export_rows(current_store(), found, gettext)
    )
    return download(text, "text/csv", "innspill.csv")


@api.get("/comments.gpkg")
def comments_geopackage() -> Response:
    """Published comments as a GeoPackage in EPSG:25832 (one layer, points and areas)."""
    inputs.only(["consultation"])
    found = participation.list_comments(
        current_store(), public=True, consultation_id=inputs.text("consultation")
    )
    return geopackage_download(
        "innspill",
        [c.geometry for c in found],
        participation.export_rows(current_store(), found, gettext),
    )


@api.post("/comments/<comment_id>/moderation")
@editor_required
def moderate_comment(comment_id: str) -> Response:
    comment = participation.moderate(
        current_store(), comment_id, inputs.json_fields(), actor_name()
    )
    return Response(dumps(comment_properties(comment, True)), mimetype=JSON)


@api.post("/comments/<comment_id>/response")
@editor_required
def respond_to_comment(comment_id: str) -> Response:
    comment = participation.respond(
        current_store(), comment_id, inputs.json_fields(), actor_name(), tell=answer_mail
    )
    return Response(dumps(comment_properties(comment, True)), mimetype=JSON)


@api.post("/comments/<comment_id>/agree")
def agree_with_comment(comment_id: str) -> Response:
    """One "enig" per browser: a random id in a cookie, kept only as a keyed digest."""
    voter = request.cookies.get(VOTER_COOKIE) or secrets.token_urlsafe(18)

    @after_this_request
    def remember(response: Response) -> Response:
        # On every answer, errors too: a click again after a failure whose "enig" was counted
        # after all (a commit's answer lost) is the same person's, and is not counted twice.
        response.set_cookie(
            VOTER_COOKIE, voter, max_age=2 * 365 * 86_400, httponly=True, samesite="Lax"
        )
        return response

    counted, total = participation.agree(
        current_store(),
        comment_id,
        participation.voter_digest(current_app.config["SECRET_KEY"], voter),
    )
    return Response(dumps({"agreed": counted, "agreements": total}), mimetype=JSON)


RECEIPT_HEADER = "X-Receipt-Token"
"""Where the author's receipt travels: a header, so that it stays out of every logged path."""


def _receipt_token() -> str:
    token = request.headers.get(RECEIPT_HEADER, "").strip()
    if not token:
        raise NotFound(N_("kvitteringen finnes ikke, eller innspillet er slettet"))
    return token


def _own_comment(token: str) -> Response:
    comment = participation.by_receipt(current_store(), token)
    properties = comment_properties(comment, False)
    properties["state"] = comment.state.value
    return Response(dumps(feature(comment.id, comment.geometry, properties)), mimetype=GEOJSON)


@api.get("/receipt")
def receipt() -> Response:
    """The author's own view of their comment: its state, and the answer when it comes. The
    receipt is sent in ``X-Receipt-Token``, never in the address."""
    response = _own_comment(_receipt_token())
    response.headers["Vary"] = RECEIPT_HEADER
    return response


@api.delete("/receipt")
def delete_own_comment() -> Response:
    participation.delete_by_receipt(current_store(), _receipt_token())
    return Response(status=204)


@api.get("/receipts/<token>")
def receipt_by_address(token: str) -> Response:
    """Deprecated: the receipt in the address, as first handed out; it lands in access logs.
    Kept so that clients holding such an address keep working; use ``GET /receipt``."""
    response = _own_comment(token)
    response.headers["Deprecation"] = "true"
    response.headers["Link"] = f'<{url_for("api.receipt")}>; rel="successor-version"'
    return response


@api.delete("/receipts/<token>")
def delete_own_comment_by_address(token: str) -> Response:
    """Deprecated: see :func:`receipt_by_address`; use ``DELETE /receipt``."""
    participation.delete_by_receipt(current_store(), token)
    return Response(status=204, headers={"Deprecation": "true"})
