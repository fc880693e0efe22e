"""Writing zones: POST/PUT/DELETE /api/v1/zones, the history and restoring a version.

Writing is for planners and admins only (see :func:`arealweb.http.access.editor_required`);
the history, like its page, for anyone signed in: it names accounts and keeps deleted zones.
Each answer carries the zone's version in its ``ETag``; PUT needs it back in ``If-Match``
(428 without it, 412 when the zone has changed since: the stale edit is refused).
POST and PUT ask before saving a development zone over protected land or a zone linked to no
goal: they answer 409 ``confirmation_required`` naming what and how much, and save when sent
again with ``?confirm=true``.
"""

from __future__ import annotations

from flask import Response, current_app, url_for
from flask_babel import format_decimal, gettext

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.api.serialise import zone_properties, zone_response
from arealweb.domain.zones import ZoneKind, category_label
from arealweb.geo.geojson import dumps, feature
from arealweb.http.access import account_required, editor_required
from arealweb.http.auth import actor_name
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.schemas.base import parse
from arealweb.schemas.zones import GeometryCheck
from arealweb.services import editing
from arealweb.services.editing import NeedsConfirmation


def _asked(error: NeedsConfirmation) -> NeedsConfirmation:
    """The question in the reader's words: protection categories by their translated labels,
    areas as the reader's language writes numbers."""

    def daa(value: float) -> str:
        return format_decimal(value, format="#,##0.0")

    for problem in error.problems:
        if "areas" in problem.params:
            problem.params["areas"] = ", ".join(
                f"{gettext(category_label(ZoneKind.PROTECTION, category))} {daa(amount)} daa"
                for category, amount in error.protected.items()
            )
            problem.params["total"] = daa(error.total_daa)
    return error


@api.post("/zones")
@editor_required
def create_zone() -> Response:
    try:
        zone = editing.create_zone(
            current_store(),
            inputs.json_body(),
            actor=actor_name(),
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
            make_valid=inputs.flag("make_valid"),
            ask=not inputs.flag("confirm"),
        )
    except NeedsConfirmation as error:
        raise _asked(error) from None
    response = zone_response(zone, 201)
    response.headers["Location"] = url_for("api.get_zone", zone_id=zone.id)
    return response


@api.put("/zones/<zone_id>")
@editor_required
def update_zone(zone_id: str) -> Response:
    try:
        zone = editing.update_zone(
            current_store(),
            zone_id,
            inputs.json_body(),
            expected_version=inputs.expected_version(required=True),
            actor=actor_name(),
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
            make_valid=inputs.flag("make_valid"),
            ask=not inputs.flag("confirm"),
        )
    except NeedsConfirmation as error:
        raise _asked(error) from None
    return zone_response(zone)


@api.delete("/zones/<zone_id>")
@editor_required
def delete_zone(zone_id: str) -> Response:
    editing.delete_zone(
        current_store(),
        zone_id,
        expected_version=inputs.expected_version(required=False),
        actor=actor_name(),
    )
    return Response(status=204)


@api.post("/zones/<zone_id>/versions/<int:version>/restore")
@editor_required
def restore_version(zone_id: str, version: int) -> Response:
    zone = editing.restore_version(
        current_store(),
        zone_id,
        version,
        expected_version=inputs.expected_version(required=False),
        actor=actor_name(),
        tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
    )
    return zone_response(zone)


@api.post("/zones/check")
@editor_required
def check_zone_geometry() -> Response:
    """Measure a geometry being drawn: area or length, problems, overlaps with protected land.

    Body: ``{"geometry": <GeoJSON geometry in WGS84>, "kind": "development", "exclude": id}``.
    Changes nothing."""
    asked = parse(GeometryCheck, inputs.json_body())
    kind = asked.kind
    result = editing.check_geometry(
        current_store(),
        asked.geometry,
        kind,
        tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
        exclude=asked.exclude,
    )
    body = {
        "area_daa": None if result.area_daa is None else round(result.area_daa, 3),
        "length_m": None if result.length_m is None else round(result.length_m, 1),
        "outside_m": round(result.outside_m, 1),
        "problems": [translate(p) for p in result.problems],
        "overlaps": [
            {
                "id": o.zone_id,
                "name": o.name,
                "category": o.category,
                "overlap_daa" if kind.is_area else "overlap_m": round(
                    o.amount, 3 if kind.is_area else 1
                ),
            }
            for o in result.overlaps
        ],
    }
    return Response(dumps(body), mimetype=JSON)


@api.get("/zones/<zone_id>/history")
@account_required
def zone_history(zone_id: str) -> Response:
    """Every version of a zone, oldest first: who, when, what changed, and the zone then."""
    versions = editing.zone_history(current_store(), zone_id)
    body = {
        "zone_id": zone_id,
        "versions": [
            {
                "version": v.version,
                "action": v.action.value,
                "actor": v.actor,
                "source": v.source.value,
                "scenario": v.scenario,
                "at": v.at.isoformat(),
                "changes": v.changes,
                "feature": feature(
                    v.zone.id,
                    v.zone.geometry,
                    {**zone_properties(v.zone), "deleted": v.zone.deleted},
                ),
            }
            for v in versions
        ],
    }
    return Response(dumps(body), mimetype=JSON)
