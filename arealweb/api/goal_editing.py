"""Writing goals: POST/PUT/DELETE /api/v1/goals and moving a goal in the tree.

As for zones: planners and admins only, CSRF for session users, the goal's version in the
ETag and If-Match (428 without it on PUT, 412 when someone else got there first).
"""

from __future__ import annotations

from flask import Response, request, url_for

from arealweb.api import api
from arealweb.api.editing import editor_required, expected_version, json_body
from arealweb.api.errors import JSON, error_response
from arealweb.api.serialise import goal_fields
from arealweb.auth import actor_name
from arealweb.domain.errors import InvalidInput
from arealweb.domain.goals import Goal
from arealweb.domain.text import N_
from arealweb.extensions import current_store
from arealweb.geo.geojson import dumps
from arealweb.services import goal_editing


def goal_response(goal: Goal, status: int = 200) -> Response:
    response = Response(
        dumps({**goal_fields(goal), "version": goal.version}), status=status, mimetype=JSON
    )
    response.headers["ETag"] = f'"v{goal.version}"'
    return response


def _object() -> dict:
    document = json_body()
    if not isinstance(document, dict):
        raise InvalidInput(N_("forventet et JSON-objekt"))
    return document


@api.errorhandler(goal_editing.LinksNeedDecision)
def _links_need_decision(error: goal_editing.LinksNeedDecision) -> Response:
    return error_response(409, "links_need_decision", error.problems)


@api.post("/goals")
@editor_required
def create_goal() -> Response:
    goal = goal_editing.create_goal(current_store(), _object())
    response = goal_response(goal, 201)
    response.headers["Location"] = url_for("api.get_goal", goal_id=goal.id)
    return response


@api.put("/goals/<goal_id>")
@editor_required
def update_goal(goal_id: str) -> Response:
    expected = expected_version(required=True)
    return goal_response(goal_editing.update_goal(current_store(), goal_id, _object(), expected))


@api.post("/goals/<goal_id>/move")
@editor_required
def move_goal(goal_id: str) -> Response:
    body = _object()
    try:
        position = int(body.get("position", 0))
    except (TypeError, ValueError):
        raise InvalidInput(N_("position må være et heltall")) from None
    goal = goal_editing.move_goal(
        current_store(), goal_id, body.get("parent_id"), position, expected_version(required=False)
    )
    return goal_response(goal)


@api.delete("/goals/<goal_id>")
@editor_required
def delete_goal(goal_id: str) -> Response:
    changed = goal_editing.delete_goal(
        current_store(), goal_id, request.args.get("links"), actor_name()
    )
    return Response(dumps({"deleted": goal_id, "zones_changed": changed}), mimetype=JSON)
