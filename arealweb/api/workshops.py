"""Council workshops through the API, so a workshop can be run by scripts too.

A planner or admin sets one up (POST /api/v1/workshops) and gets every group's join code. A
group's requests carry its code in ``X-Join-Code``. Reading needs an account or a code for that
workshop. Wrong codes are counted per client address and per workshop, and too many are
answered 429 (:func:`arealweb.http.ratelimit.join_attempt`). After POST …/close every post is
refused with 409, and the codes stop working: only accounts read a closed workshop, until
POST …/reopen opens it again.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, current_app, request, url_for

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import GEOJSON, JSON, unavailable_error
from arealweb.api.serialise import download, geopackage_download, zone_response
from arealweb.domain.workshops import Feed, GoalComment, Sketch, Word, Workshop, WorkshopClosed
from arealweb.geo.geojson import dumps, feature_collection
from arealweb.http.access import account_required, editor_required, may_edit, reads_workshop
from arealweb.http.auth import actor_name, current_account
from arealweb.http.ratelimit import join_attempt
from arealweb.http.store import current_store
from arealweb.http.streams import RETRY_STREAM_SECONDS, event_stream, last_event_id
from arealweb.schemas.base import parse
from arealweb.schemas.workshops import (
    DraftZone,
    FeedQuery,
    NewGoalComment,
    NewWord,
    NewWorkshop,
    new_sketch,
)
from arealweb.services import goals, live, workshops
from arealweb.services.spreadsheets import csv_text


def _readable(workshop_id: str, parameters: tuple[str, ...] = ("code",)) -> Workshop:
    """The workshop, for anyone signed in or, while it is open, for its groups by join code
    (a wrong code counts towards the join-code limit); no query parameters but
    ``parameters``."""
    inputs.only(parameters)
    code = inputs.join_code()
    if code is not None and current_account() is None:
        with join_attempt(code, workshop_id):
            found, _ = workshops.group_of_code(current_store(), workshop_id, code)
    else:
        found = workshops.workshop(current_store(), workshop_id)
    reads_workshop(found, code)
    return found


def _group_post(add: Callable, body: Callable[[object], object], fields: tuple[str, ...]):
    """A route for one kind of group input (a sketch, a goal comment, a word): sent with the
    group's join code, its JSON checked by ``body``, answered 201 with what the group screen
    needs to list it."""

    def post(workshop_id: str) -> Response:
        inputs.only(("code",))
        document = body(inputs.json_body())
        code = inputs.join_code()
        with join_attempt(code, workshop_id):
            posted = add(current_store(), workshop_id, code, document)
        return Response(dumps({f: getattr(posted, f) for f in fields}), status=201, mimetype=JSON)

    return post


for _endpoint, _what, _add, _body, _fields in (
    ("post_sketch", "sketches", workshops.add_sketch, new_sketch, ("id", "group_id", "seq")),
    (
        "post_workshop_comment",
        "comments",
        workshops.add_comment,
        lambda document: parse(NewGoalComment, document),
        ("id", "group_id", "seq"),
    ),
    (
        "post_word",
        "words",
        workshops.add_word,
        lambda document: parse(NewWord, document),
        ("prompt", "word", "seq"),
    ),
):
    api.add_url_rule(
        f"/workshops/<workshop_id>/{_what}",
        _endpoint,
        _group_post(_add, _body, _fields),
        methods=["POST"],
    )


def workshop_json(workshop: Workshop, with_codes: bool) -> dict:
    return {
        "id": workshop.id,
        "title": workshop.title,
        "held_on": workshop.held_on.isoformat(),
        "focus_goal_ids": list(workshop.focus_goal_ids),
        "prompts": list(workshop.prompts),
        "closed": workshop.closed,
        "revision": workshop.revision,
        "groups": [
            {
                "id": g.id,
                "name": g.name,
                "colour": g.colour,
                **({"code": g.code} if with_codes else {}),
            }
            for g in workshop.groups
        ],
    }


@api.post("/workshops")
@editor_required
def create_workshop() -> Response:
    inputs.only(())
    spec = parse(NewWorkshop, inputs.json_body())
    found = workshops.create_workshop(current_store(), spec, actor_name())
    return Response(dumps(workshop_json(found, with_codes=True)), status=201, mimetype=JSON)


@api.get("/workshops/<workshop_id>")
def get_workshop(workshop_id: str) -> Response:
    found = _readable(workshop_id)
    return Response(dumps(workshop_json(found, with_codes=may_edit())), mimetype=JSON)


@api.post("/workshops/<workshop_id>/close")
@editor_required
def close_workshop(workshop_id: str) -> Response:
    inputs.only(())
    found = workshops.close_workshop(current_store(), workshop_id, actor_name())
    return Response(dumps(workshop_json(found, with_codes=False)), mimetype=JSON)


@api.post("/workshops/<workshop_id>/reopen")
@editor_required
def reopen_workshop(workshop_id: str) -> Response:
    """Open a closed workshop again (an open one is left as it is): its codes work again."""
    inputs.only(())
    found = workshops.reopen_workshop(current_store(), workshop_id, actor_name())
    return Response(dumps(workshop_json(found, with_codes=False)), mimetype=JSON)


@api.get("/workshops/<workshop_id>/sketches")
def list_sketches(workshop_id: str) -> Response:
    _readable(workshop_id)
    return Response(
        _sketch_collection(workshops.sketches(current_store(), workshop_id)), mimetype=GEOJSON
    )


@api.get("/workshops/<workshop_id>/comments")
def list_workshop_comments(workshop_id: str) -> Response:
    _readable(workshop_id)
    body = {
        "comments": [_comment_json(c) for c in workshops.comments(current_store(), workshop_id)]
    }
    return Response(dumps(body), mimetype=JSON)


@api.get("/workshops/<workshop_id>/words")
def list_words(workshop_id: str) -> Response:
    _readable(workshop_id)
    clouds = workshops.word_cloud(current_store(), workshop_id)
    body = {
        "clouds": [
            {"prompt": prompt, "words": [{"word": w, "count": n} for w, n in words]}
            for prompt, words in clouds.items()
        ]
    }
    return Response(dumps(body), mimetype=JSON)


@api.get("/workshops/<workshop_id>/export.gpkg")
@account_required
def export_sketches(workshop_id: str) -> Response:
    """Every sketch as a GeoPackage in EPSG:25832, with its group's name."""
    inputs.only(())
    found = workshops.workshop(current_store(), workshop_id)
    names = {g.id: g.name for g in found.groups}
    sketches = workshops.sketches(current_store(), workshop_id)
    rows = [
        {
            "id": s.id,
            "group": names.get(s.group_id, s.group_id),
            "kind": s.kind.value,
            "note": s.note,
            "created_at": s.created_at.isoformat(),
        }
        for s in sketches
    ]
    return geopackage_download("skisser", [s.geometry for s in sketches], rows)


@api.get("/workshops/<workshop_id>/export.csv")
@account_required
def export_inputs(workshop_id: str) -> Response:
    """Every goal comment and every word, one row each (semicolons, BOM, cells defused)."""
    inputs.only(())
    found = workshops.workshop(current_store(), workshop_id)
    names = {g.id: g.name for g in found.groups}
    titles = {g.id: g.title for g in goals.goal_tree(current_store()).walk()}
    rows = [
        {
            "type": "comment",
            "group": names.get(c.group_id, c.group_id),
            "goal_id": c.goal_id,
            "goal": titles.get(c.goal_id, ""),
            "stance": c.stance.value,
            "prompt": "",
            "text": c.text,
            "created_at": c.created_at.isoformat(),
        }
        for c in workshops.comments(current_store(), workshop_id)
    ]
    rows += [
        {
            "type": "word",
            "group": names.get(w.group_id, w.group_id),
            "goal_id": "",
            "goal": "",
            "stance": "",
            "prompt": w.prompt,
            "text": w.word,
            "created_at": w.created_at.isoformat(),
        }
        for w in workshops.words(current_store(), workshop_id)
    ]
    columns = ["type", "group", "goal_id", "goal", "stance", "prompt", "text", "created_at"]
    return download(csv_text(columns, rows), "text/csv", "verksted.csv")


def _sketch_collection(found: list[Sketch]) -> bytes:
    return feature_collection(
        [s.id for s in found],
        [s.geometry for s in found],
        [
            {
                "id": s.id,
                "group_id": s.group_id,
                "kind": s.kind.value,
                "note": s.note,
                "created_at": s.created_at.isoformat(),
                "seq": s.seq,
                "zone_id": s.zone_id,
            }
            for s in found
        ],
    )


def _comment_json(c: GoalComment) -> dict:
    return {
        "id": c.id,
        "group_id": c.group_id,
        "goal_id": c.goal_id,
        "stance": c.stance.value,
        "text": c.text,
        "created_at": c.created_at.isoformat(),
        "seq": c.seq,
    }


def _word_json(w: Word) -> dict:
    return {"group_id": w.group_id, "prompt": w.prompt, "word": w.word, "seq": w.seq}


@api.get("/workshops")
@account_required
def list_workshops() -> Response:
    """Every workshop, newest first (signed-in users)."""
    inputs.only(())
    codes = may_edit()
    body = {
        "workshops": [workshop_json(w, codes) for w in workshops.all_workshops(current_store())]
    }
    return Response(dumps(body), mimetype=JSON)


@api.get("/workshops/<workshop_id>/feed")
def workshop_feed(workshop_id: str) -> Response:
    """Everything posted after revision ``after`` (default: everything), and the revision
    reached: the plenary screen polls this with the last revision it saw. Sketches come as a
    GeoJSON FeatureCollection. A group's code on a closed workshop gets only that: closed,
    with nothing posted (that is for accounts now), so its screen switches its forms off."""
    after = inputs.query(FeedQuery).after
    try:
        _readable(workshop_id, ("code", "after"))
    except WorkshopClosed:
        revision = workshops.workshop(current_store(), workshop_id).revision
        found = Feed(revision, True, [], [], [])
    else:
        found = workshops.feed(current_store(), workshop_id, after)
    return Response(_feed_json(found), mimetype=JSON)


@api.get("/workshops/<workshop_id>/events")
def workshop_events(workshop_id: str) -> Response:
    """The feed pushed as Server-Sent Events: one event per change, ``id`` its revision and
    ``data`` what ``/feed?after=`` the revision before gives. Same access as the feed; a
    reconnect sends ``Last-Event-ID`` (or ``?after=``) and resumes with nothing missed or
    repeated. A closed workshop sends its last event and ends the stream. 503 when this
    process holds as many streams as it may: the page then polls the feed."""
    after = inputs.query(FeedQuery).after
    store = current_store()
    try:
        _readable(workshop_id, ("code", "after"))
    except WorkshopClosed:
        revision = workshops.workshop(store, workshop_id).revision
        closed = _feed_json(Feed(revision, True, [], [], []))
        response = Response(b"id: %d\ndata: %s\n\n" % (revision, closed))
        response.mimetype = "text/event-stream"
        return response
    resumed = last_event_id(request.headers.get("Last-Event-ID"))
    if resumed is not None:
        after = resumed

    def read(seen: int) -> tuple[int, bytes | None, bool]:
        found = workshops.feed(store, workshop_id, seen)
        # A closed workshop always says so before the stream ends: its screens close the
        # stream, and ask again later whether it was reopened.
        news = found.revision > seen or found.closed
        return found.revision, _feed_json(found) if news else None, found.closed

    # A group's devices (by code) leave some streams for the signed-in plenary and presentation.
    keep = 0 if current_account() else int(current_app.config["STREAM_KEPT_FOR_ACCOUNTS"])
    stream = event_stream(live.workshop_news(store, workshop_id), read, after, keep=keep)
    return stream if stream is not None else unavailable_error(RETRY_STREAM_SECONDS)


def _feed_json(found: Feed) -> bytes:
    return b'{"revision":%d,"closed":%s,"sketches":%s,"comments":%s,"words":%s}' % (
        found.revision,
        b"true" if found.closed else b"false",
        _sketch_collection(found.sketches),
        dumps([_comment_json(c) for c in found.comments]),
        dumps([_word_json(w) for w in found.words]),
    )


@api.post("/workshops/<workshop_id>/sketches/<sketch_id>/zone")
@editor_required
def sketch_to_zone(workshop_id: str, sketch_id: str) -> Response:
    """Make a sketch a draft zone; body (optional): ``{"name": …, "category": …}``."""
    inputs.only(())
    chosen = parse(DraftZone, inputs.json_fields(required=False))
    zone = workshops.sketch_to_zone(
        current_store(),
        workshop_id,
        sketch_id,
        chosen,
        actor=actor_name(),
        tolerance_m=float(current_app.config["BOUNDARY_TOLERANCE_M"]),
    )
    response = zone_response(zone, status=201)
    response.headers["Location"] = url_for("api.get_zone", zone_id=zone.id)
    return response
