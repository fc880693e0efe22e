"""Writing zones: POST/PUT/DELETE /api/v1/zones, the history and restoring a version.

Planners and admins only: anonymous → 401, other roles → 403. With a session cookie every
write needs the CSRF token in ``X-CSRFToken``; with ``Authorization: Bearer`` it does not.
Each answer carries the zone's version in its ``ETag``; PUT needs it back in ``If-Match``
(428 without it, 412 when the zone has changed since: the stale edit is refused).
"""

from __future__ import annotations

import functools
import re

from flask import Response, current_app, request, url_for
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from arealweb.api import api
from arealweb.api.errors import JSON, error_response
from arealweb.api.serialise import zone_properties, zone_response
from arealweb.auth import actor_name, by_token, csrf, current_account
from arealweb.domain.errors import AlreadyExists, InvalidInput, Problem, StaleVersion
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.extensions import current_store
from arealweb.geo.geojson import dumps, feature
from arealweb.i18n import translate
from arealweb.services import editing

csrf.exempt(api)

_ETAG = re.compile(r'^(?:W/)?"v(\d+)(?:-[0-9a-f]+)?"$')


def editor_required(view):
    """Only planners and admins; CSRF checked for session users."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        account = current_account()
        if account is None:
            response = error_response(
                401,
                "unauthorized",
                [Problem(N_("logg inn eller send et API-token (Authorization: Bearer)"))],
            )
            response.headers["WWW-Authenticate"] = 'Bearer realm="arealweb"'
            return response
        if not account.role.edits_plan:
            return error_response(
                403,
                "forbidden",
                [
                    Problem(
                        N_("rollen %(role)s kan ikke endre planen"), {"role": account.role.value}
                    )
                ],
            )
        if not by_token():
            try:
                validate_csrf(request.headers.get("X-CSRFToken"))
            except (ValidationError, CSRFError):
                return error_response(
                    403,
                    "csrf_failed",
                    [Problem(N_("CSRF-token mangler eller er ugyldig; last siden på nytt"))],
                )
        return view(*args, **kwargs)

    return wrapper


def json_body() -> object:
    document = request.get_json(silent=True)
    if document is None:
        raise InvalidInput(N_("forespørselen må ha en GeoJSON Feature som JSON"))
    return document


def expected_version(required: bool) -> int | None:
    header = request.headers.get("If-Match")
    if header is None:
        if required:
            raise _PreconditionRequired()
        return None
    if header.strip() == "*":
        return None
    match = _ETAG.match(header.strip())
    if not match:
        raise InvalidInput(N_("If-Match må være ETag-en sonen ble hentet med"))
    return int(match.group(1))


class _PreconditionRequired(Exception):
    pass


@api.errorhandler(_PreconditionRequired)
def _precondition_required(_error) -> Response:
    return error_response(
        428,
        "precondition_required",
        [Problem(N_("send sonens ETag i If-Match, så ingen endring går tapt"))],
    )


@api.errorhandler(StaleVersion)
def _stale(error: StaleVersion) -> Response:
    return error_response(412, "precondition_failed", error.problems)


@api.errorhandler(AlreadyExists)
def _exists(error: AlreadyExists) -> Response:
    return error_response(409, "conflict", error.problems)


def _make_valid() -> bool:
    return request.args.get("make_valid", "").lower() in ("1", "true", "yes")


@api.post("/zones")
@editor_required
def create_zone() -> Response:
    zone = editing.create_zone(
        current_store(),
        json_body(),
        actor=actor_name(),
        tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
        make_valid=_make_valid(),
    )
    response = zone_response(zone, 201)
    response.headers["Location"] = url_for("api.get_zone", zone_id=zone.id)
    return response


@api.put("/zones/<zone_id>")
@editor_required
def update_zone(zone_id: str) -> Response:
    zone = editing.update_zone(
        current_store(),
        zone_id,
        json_body(),
        expected_version=expected_version(required=True),
        actor=actor_name(),
        tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
        make_valid=_make_valid(),
    )
    return zone_response(zone)


@api.delete("/zones/<zone_id>")
@editor_required
def delete_zone(zone_id: str) -> Response:
    editing.delete_zone(
        current_store(),
        zone_id,
        expected_version=expected_version(required=False),
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
        expected_version=expected_version(required=False),
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
    document = json_body()
    if not isinstance(document, dict):
        raise InvalidInput(N_("forventet et objekt med «geometry» og «kind»"))
    kind = params_kind(document.get("kind"))
    result = editing.check_geometry(
        current_store(),
        document.get("geometry"),
        kind,
        tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
        exclude=document.get("exclude"),
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


def params_kind(value: object) -> ZoneKind:
    try:
        return ZoneKind(value)
    except ValueError:
        raise InvalidInput(
            N_("kind «%(kind)s» er ukjent; bruk development, protection eller corridor"), kind=value
        ) from None


@api.get("/zones/<zone_id>/history")
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
