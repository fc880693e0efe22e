"""Scenarios: /api/v1/scenarios — drafts of the plan, their zones, conflicts and promotion.

Reading is for anyone signed in (a scenario is work in progress, not the plan); every write is
for planners and admins, with a CSRF token from a browser. A scenario's ``ETag`` carries its
version (``"v<version>-<digest>"``); every write needs it back in ``If-Match`` (428 without it, 412
when someone else changed the scenario since). Promotion answers 409
``scenario_conflicts`` listing each conflict while the plan has moved under the scenario.
"""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request, url_for
from flask_babel import gettext

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import GEOJSON, JSON, error_response
from arealweb.domain.scenarios import Conflict, Scenario
from arealweb.domain.zones import Zone, category_label
from arealweb.geo.geojson import dumps, feature
from arealweb.geo.zone_json import zone_properties
from arealweb.http.access import account_required, editor_required
from arealweb.http.auth import actor_name
from arealweb.http.store import current_store
from arealweb.http.uploads import received_upload
from arealweb.schemas.base import parse
from arealweb.schemas.scenarios import ConflictChoice, NewScenario, ScenarioFromWorkshop
from arealweb.services import scenarios
from arealweb.services.scenarios import ScenarioConflicts

CODE_CONFLICTS = "scenario_conflicts"


def scenario_json(found: Scenario, found_conflicts: list[Conflict] | None = None) -> dict:
    counts = found.counts()
    body = {
        "id": found.id,
        "name": found.name,
        "description": found.description,
        "state": found.state.value,
        "origin": found.origin.value,
        "workshop_id": found.workshop_id,
        "version": found.version,
        "created_by": found.created_by,
        "created_at": found.created_at.isoformat() if found.created_at else None,
        "updated_at": found.updated_at.isoformat() if found.updated_at else None,
        "promoted_by": found.promoted_by,
        "promoted_at": found.promoted_at.isoformat() if found.promoted_at else None,
        "counts": {action.value: n for action, n in counts.items()},
        "changes": [
            {
                "zone_id": change.zone_id,
                "action": change.action.value,
                "base_version": change.base_version,
                "name": change.zone.name if change.zone else None,
                "kind": change.zone.kind.value if change.zone else None,
                "category": change.zone.category if change.zone else None,
            }
            for change in found.changes
        ],
    }
    if found_conflicts is not None:
        body["conflicts"] = [conflict_json(c) for c in found_conflicts]
    return body


def conflict_json(conflict: Conflict) -> dict:
    current = conflict.current
    return {
        "zone_id": conflict.change.zone_id,
        "action": conflict.change.action.value,
        "reason": conflict.reason.value,
        "message": gettext(conflict.reason.label),
        "base_version": conflict.change.base_version,
        "current_version": current.version if current else None,
        "current_name": current.name if current else None,
    }


def _etag(version: int, body: bytes) -> str:
    """``"v<version>-<digest>"``: the scenario's version for If-Match, and a digest of the body,
    which changes with the plan under the scenario too (its conflicts, its zones), for
    If-None-Match."""
    return f'"v{version}-{hashlib.sha1(body).hexdigest()[:12]}"'


def _answer(
    found: Scenario, status: int = 200, conflicts: list[Conflict] | None = None
) -> Response:
    """The scenario with its conflicts: ``conflicts`` as its write read them, else read now.

    An answer to a POST that makes a scenario is built from what its transaction read: a read
    after the commit that failed would answer 503 for a scenario that is there, and the planner
    asking again would make a second one."""
    if conflicts is None:
        conflicts = scenarios.scenario_conflicts(current_store(), found.id)
    body = dumps(scenario_json(found, conflicts))
    response = Response(body, status=status, mimetype=JSON)
    response.headers["ETag"] = _etag(found.version, body)
    return response


@api.get("/scenarios")
@account_required
def list_scenarios() -> Response:
    inputs.only([])
    body = {"scenarios": [scenario_json(s) for s in scenarios.scenarios(current_store())]}
    return Response(dumps(body), mimetype=JSON)


@api.post("/scenarios")
@editor_required
def create_scenario() -> Response:
    asked = parse(NewScenario, inputs.json_body(inputs.OBJECT_EXPECTED))
    made = scenarios.create_scenario(
        current_store(), asked.name, asked.description, actor=actor_name()
    )
    response = _answer(made, 201, conflicts=[])  # no change yet, so none in conflict
    response.headers["Location"] = url_for("api.get_scenario", scenario_id=made.id)
    return response


@api.get("/scenarios/<scenario_id>")
@account_required
def get_scenario(scenario_id: str) -> Response:
    return _answer(scenarios.scenario(current_store(), scenario_id))


@api.get("/scenarios/<scenario_id>/zones")
@account_required
def scenario_zones(scenario_id: str) -> Response:
    """The plan as the scenario would leave it, as a FeatureCollection: each zone's
    ``scenario_change`` says whether the scenario adds or changes it (null: the plan's as it
    is); the plan's zones it removes come last, marked ``remove``. With ``changes_only=1``,
    only the zones the scenario adds, changes or removes: a page that has the plan's zones
    already (the comparison's maps) draws the scenario from those and the changes."""
    inputs.only(["changes_only"])
    changes_only = inputs.flag("changes_only")
    found, zones, removed = scenarios.scenario_zones(current_store(), scenario_id)
    actions = {c.zone_id: c.action.value for c in found.changes}
    if changes_only:
        zones = [z for z in zones if z.id in actions]
    features = [_zone_feature(z, actions.get(z.id)) for z in zones]
    features += [_zone_feature(z, "remove") for z in removed]
    body = dumps({"type": "FeatureCollection", "features": features})
    response = Response(body, mimetype=GEOJSON)
    response.headers["ETag"] = _etag(found.version, body)
    return response


def _zone_feature(zone: Zone, change: str | None) -> dict:
    properties = zone_properties(zone)
    properties["description"] = zone.description
    properties["category_label"] = gettext(category_label(zone.kind, zone.category))
    properties["scenario_change"] = change
    return feature(zone.id, zone.geometry, properties)


def _saved(scenario_id: str, zone_id: str | None) -> Response:
    found, saved_id = scenarios.save_change(
        current_store(),
        scenario_id,
        zone_id,
        inputs.json_body(),
        expected_version=inputs.expected_version(required=True),
        actor=actor_name(),
        tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
        make_valid=inputs.flag("make_valid"),
    )
    response = _answer(found, 200 if zone_id else 201)
    response.headers["X-Arealweb-Zone-Id"] = saved_id
    return response


@api.post("/scenarios/<scenario_id>/zones")
@editor_required
def add_scenario_zone(scenario_id: str) -> Response:
    """A new zone in the scenario (it gets an id of its own, in ``X-Arealweb-Zone-Id``)."""
    return _saved(scenario_id, None)


@api.put("/scenarios/<scenario_id>/zones/<zone_id>")
@editor_required
def put_scenario_zone(scenario_id: str, zone_id: str) -> Response:
    return _saved(scenario_id, zone_id)


@api.delete("/scenarios/<scenario_id>/zones/<zone_id>")
@editor_required
def remove_scenario_zone(scenario_id: str, zone_id: str) -> Response:
    found = scenarios.remove_zone(
        current_store(),
        scenario_id,
        zone_id,
        expected_version=inputs.expected_version(required=True),
        actor=actor_name(),
    )
    return _answer(found)


@api.delete("/scenarios/<scenario_id>/changes/<zone_id>")
@editor_required
def drop_scenario_change(scenario_id: str, zone_id: str) -> Response:
    found = scenarios.drop_change(
        current_store(),
        scenario_id,
        zone_id,
        expected_version=inputs.expected_version(required=True),
        actor=actor_name(),
    )
    return _answer(found)


@api.post("/scenarios/<scenario_id>/conflicts/<zone_id>")
@editor_required
def resolve_scenario_conflict(scenario_id: str, zone_id: str) -> Response:
    choice = parse(ConflictChoice, inputs.json_body(inputs.OBJECT_EXPECTED))
    found = scenarios.resolve_conflict(
        current_store(),
        scenario_id,
        zone_id,
        choice.keep,
        expected_version=inputs.expected_version(required=True),
        actor=actor_name(),
    )
    return _answer(found)


@api.post("/scenarios/<scenario_id>/promote")
@editor_required
def promote_scenario(scenario_id: str) -> Response:
    try:
        found = scenarios.promote(
            current_store(),
            scenario_id,
            expected_version=inputs.expected_version(required=True),
            actor=actor_name(),
        )
    except ScenarioConflicts as error:
        response = error_response(409, CODE_CONFLICTS, error.problems)
        body = response.get_json()
        body["error"]["conflicts"] = [conflict_json(c) for c in error.conflicts]
        response.set_data(dumps(body))
        return response
    return _answer(found)


@api.post("/scenarios/<scenario_id>/discard")
@editor_required
def discard_scenario(scenario_id: str) -> Response:
    found = scenarios.discard(
        current_store(),
        scenario_id,
        expected_version=inputs.expected_version(required=True),
        actor=actor_name(),
    )
    return _answer(found)


@api.post("/scenarios/from-workshop")
@editor_required
def scenario_from_workshop() -> Response:
    asked = parse(ScenarioFromWorkshop, inputs.json_body(inputs.OBJECT_EXPECTED))
    made = scenarios.from_workshop(
        current_store(), asked.workshop_id, asked.name, actor=actor_name()
    )
    # Each change is made against its draft as the same transaction read it: none in conflict.
    response = _answer(made, 201, conflicts=[])
    response.headers["Location"] = url_for("api.get_scenario", scenario_id=made.id)
    return response


@api.post("/scenarios/import")
@editor_required
def import_scenario() -> Response:
    """A scenario of the zones in an uploaded file (multipart ``file``, with ``name``), all or
    nothing."""
    config = current_app.config
    asked = parse(NewScenario, dict(request.form), strict=False)
    with received_upload() as upload:
        imported = scenarios.import_scenario(
            current_store(),
            upload.path,
            asked.name,
            description=asked.description,
            actor=actor_name(),
            tolerance_m=config["BOUNDARY_TOLERANCE_M"],
            max_bytes=int(config["MAX_IMPORT_MB"]) * 1024 * 1024,
        )
    made = imported.scenario
    response = _answer(made, 201, conflicts=imported.conflicts)
    response.headers["Location"] = url_for("api.get_scenario", scenario_id=made.id)
    return response
