"""Writing goals: POST/PUT/DELETE /api/v1/goals and moving a goal in the tree.

As for zones: planners and admins only, the goal's version in the ETag and If-Match (428
without it on PUT, 412 when someone else got there first).
"""

from __future__ import annotations

from flask import Response, url_for

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.api.serialise import goal_fields
from arealweb.domain.goals import Goal
from arealweb.geo.geojson import dumps
from arealweb.http.access import editor_required
from arealweb.http.auth import actor_name
from arealweb.http.store import current_store
from arealweb.schemas.base import parse
from arealweb.schemas.goals import GoalDeletion, GoalInput, GoalMove
from arealweb.services import goal_editing


def goal_response(goal: Goal, status: int = 200) -> Response:
    response = Response(
        dumps({**goal_fields(goal), "version": goal.version}), status=status, mimetype=JSON
    )
    response.headers["ETag"] = f'"v{goal.version}"'
    return response


@api.post("/goals")
@editor_required
def create_goal() -> Response:
    values = parse(GoalInput, inputs.json_object()).values()
    goal = goal_editing.create_goal(current_store(), values)
    response = goal_response(goal, 201)
    response.headers["Location"] = url_for("api.get_goal", goal_id=goal.id)
    return response


@api.put("/goals/<goal_id>")
@editor_required
def update_goal(goal_id: str) -> Response:
    expected = inputs.expected_version(required=True)
    values = parse(GoalInput, inputs.json_object()).values()
    return goal_response(goal_editing.update_goal(current_store(), goal_id, values, expected))


@api.post("/goals/<goal_id>/move")
@editor_required
def move_goal(goal_id: str) -> Response:
    move = parse(GoalMove, inputs.json_object())
    goal = goal_editing.move_goal(
        current_store(),
        goal_id,
        move.parent_id,
        move.position,
        inputs.expected_version(required=False),
    )
    return goal_response(goal)


@api.delete("/goals/<goal_id>")
@editor_required
def delete_goal(goal_id: str) -> Response:
    links = inputs.query(GoalDeletion).links
    changed = goal_editing.delete_goal(current_store(), goal_id, links, actor_name())
    return Response(dumps({"deleted": goal_id, "zones_changed": changed}), mimetype=JSON)
