"""Council workshops through the API, so a workshop can be run by scripts too.

A planner or admin sets one up (POST /api/v1/workshops) and gets every group's join code. A
group's requests carry its code in ``X-Join-Code``. Reading needs an account or a code for that
workshop. After POST …/close every post is refused with 409.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Response, abort, request

from arealweb.api import api
from arealweb.api.editing import editor_required, json_body
from arealweb.api.errors import GEOJSON, JSON, error_response
from arealweb.auth import actor_name, current_account
from arealweb.domain.workshops import Workshop
from arealweb.extensions import current_store
from arealweb.geo.crs import UTM32
from arealweb.geo.files import write_layer
from arealweb.geo.geojson import dumps, feature_collection
from arealweb.services import workshops
from arealweb.services.spreadsheets import csv_text


def _code() -> str | None:
    return request.headers.get("X-Join-Code") or request.args.get("code")


def _readable(workshop_id: str) -> Workshop:
    found = workshops.workshop(current_store(), workshop_id)
    code = (_code() or "").strip().upper()
    if current_account() is None and code not in {g.code for g in found.groups}:
        abort(401)
    return found


def workshop_json(workshop: Workshop, with_codes: bool) -> dict:
    return {
        "id": workshop.id,
        "title": workshop.title,
        "held_on": workshop.held_on.isoformat(),
        "focus_goal_ids": list(workshop.focus_goal_ids),
        "prompts": list(workshop.prompts),
        "closed": workshop.closed,
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


@api.errorhandler(workshops.WorkshopClosed)
def _closed(error: workshops.WorkshopClosed) -> Response:
    return error_response(409, "workshop_closed", error.problems)


@api.post("/workshops")
@editor_required
def create_workshop() -> Response:
    values = json_body()
    found = workshops.create_workshop(
        current_store(), values if isinstance(values, dict) else {}, actor_name()
    )
    return Response(dumps(workshop_json(found, with_codes=True)), status=201, mimetype=JSON)


@api.get("/workshops/<workshop_id>")
def get_workshop(workshop_id: str) -> Response:
    found = _readable(workshop_id)
    account = current_account()
    codes = account is not None and account.role.edits_plan
    return Response(dumps(workshop_json(found, with_codes=codes)), mimetype=JSON)


@api.post("/workshops/<workshop_id>/close")
@editor_required
def close_workshop(workshop_id: str) -> Response:
    found = workshops.close_workshop(current_store(), workshop_id)
    return Response(dumps(workshop_json(found, with_codes=False)), mimetype=JSON)


@api.post("/workshops/<workshop_id>/sketches")
def post_sketch(workshop_id: str) -> Response:
    sketch = workshops.add_sketch(current_store(), workshop_id, _code(), json_body())
    return Response(
        dumps({"id": sketch.id, "group_id": sketch.group_id}), status=201, mimetype=JSON
    )


@api.get("/workshops/<workshop_id>/sketches")
def list_sketches(workshop_id: str) -> Response:
    _readable(workshop_id)
    found = workshops.sketches(current_store(), workshop_id)
    body = feature_collection(
        [s.id for s in found],
        [s.geometry for s in found],
        [
            {
                "id": s.id,
                "group_id": s.group_id,
                "kind": s.kind.value,
                "note": s.note,
                "created_at": s.created_at.isoformat(),
            }
            for s in found
        ],
    )
    return Response(body, mimetype=GEOJSON)


@api.post("/workshops/<workshop_id>/comments")
def post_workshop_comment(workshop_id: str) -> Response:
    values = json_body()
    comment = workshops.add_comment(
        current_store(), workshop_id, _code(), values if isinstance(values, dict) else {}
    )
    return Response(
        dumps({"id": comment.id, "group_id": comment.group_id}), status=201, mimetype=JSON
    )


@api.get("/workshops/<workshop_id>/comments")
def list_workshop_comments(workshop_id: str) -> Response:
    _readable(workshop_id)
    body = {
        "comments": [
            {
                "id": c.id,
                "group_id": c.group_id,
                "goal_id": c.goal_id,
                "stance": c.stance.value,
                "text": c.text,
                "created_at": c.created_at.isoformat(),
            }
            for c in workshops.comments(current_store(), workshop_id)
        ]
    }
    return Response(dumps(body), mimetype=JSON)


@api.post("/workshops/<workshop_id>/words")
def post_word(workshop_id: str) -> Response:
    values = json_body()
    word = workshops.add_word(
        current_store(), workshop_id, _code(), values if isinstance(values, dict) else {}
    )
    return Response(dumps({"prompt": word.prompt, "word": word.word}), status=201, mimetype=JSON)


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


def _account_required(workshop_id: str) -> Workshop:
    if current_account() is None:
        abort(401)
    return workshops.workshop(current_store(), workshop_id)


@api.get("/workshops/<workshop_id>/export.gpkg")
def export_sketches(workshop_id: str) -> Response:
    """Every sketch as a GeoPackage in EPSG:25832, with its group's name."""
    found = _account_required(workshop_id)
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
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "skisser.gpkg"
        write_layer(path, "GPKG", "skisser", [s.geometry for s in sketches], rows, UTM32)
        data = path.read_bytes()
    response = Response(data, mimetype="application/geopackage+sqlite3")
    response.headers["Content-Disposition"] = 'attachment; filename="skisser.gpkg"'
    return response


@api.get("/workshops/<workshop_id>/export.csv")
def export_inputs(workshop_id: str) -> Response:
    """Every goal comment and every word, one row each (semicolons, BOM, cells defused)."""
    found = _account_required(workshop_id)
    names = {g.id: g.name for g in found.groups}
    rows = [
        {
            "type": "comment",
            "group": names.get(c.group_id, c.group_id),
            "goal_id": c.goal_id,
            "stance": c.stance.value,
            "prompt": "",
            "text": c.text,
            "created_at": c.created_at.isoformat(),
        }
        for c in workshops.comments(current_store(), workshop_id)
    ]
    with current_store().read() as repo:
        words = repo.workshops.words(workshop_id)
    rows += [
        {
            "type": "word",
            "group": names.get(w.group_id, w.group_id),
            "goal_id": "",
            "stance": "",
            "prompt": w.prompt,
            "text": w.word,
            "created_at": w.created_at.isoformat(),
        }
        for w in words
    ]
    columns = ["type", "group", "goal_id", "stance", "prompt", "text", "created_at"]
    response = Response(csv_text(columns, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="verksted.csv"'
    return response
