"""OGC API – Features Part 4 (draft): create, replace, update and delete zones.

On the zone collections only (``zones`` and one per kind), through the same editing services
as the workbench and /api/v1 — the same checks, goal links and history, the account as actor:

- ``POST …/items``: a GeoJSON Feature (``application/geo+json`` or ``application/json``)
  → 201 with the Feature, ``Location`` and ``ETag``;
- ``PUT …/items/{id}``: the whole Feature → 200 with the Feature as stored and its ``ETag``;
- ``PATCH …/items/{id}``: a JSON merge patch (RFC 7396, ``application/merge-patch+json``) of
  the Feature: properties merged, geometry replaced when given → 200 as PUT;
- ``DELETE …/items/{id}`` → 204; arealweb's soft delete, restorable from the history.

A body in a CRS other than CRS84 names it in a ``Content-Crs`` header (one of the collection's
CRSs, in that CRS's axis order). PUT, PATCH and DELETE need the ETag of the zone in
``If-Match`` (428 without, 412 when the zone has changed since); an ETag from any ``crs``
form of the same version will do, since only its version is compared. Planners and admins
write, by API token (Bearer, or Basic with the token as password) or by session with its
CSRF token in ``X-CSRFToken``. A kind's collection only takes zones of its kind.
"""

from __future__ import annotations

import copy

import numpy as np
import orjson
import shapely
import shapely.geometry
from flask import Response, current_app, request, url_for

from arealweb.api import inputs
from arealweb.api.errors import GEOJSON
from arealweb.api.inputs import BadParameter
from arealweb.api.ogc import params
from arealweb.api.ogc.blueprint import UnsupportedMediaType, ogc
from arealweb.api.ogc.collections import Collection
from arealweb.api.ogc.routes import find_collection, geojson_headers, with_links, zone_feature
from arealweb.domain.errors import InvalidInput, NotFound, Problem
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone
from arealweb.geo.crs import CRS84, OgcCrs, from_ogc_crs, to_wgs84
from arealweb.http.access import editor_required
from arealweb.http.auth import actor_name
from arealweb.http.store import current_store
from arealweb.services import editing
from arealweb.services import ogc as service

FEATURE_TYPES = ("application/geo+json", "application/json")
MERGE_PATCH = "application/merge-patch+json"


def _writable(collection_id: str) -> Collection:
    found = find_collection(collection_id)
    if not found.zones:
        raise NotFound(
            N_("samlingen %(id)s kan ikke endres; bare sonene kan det"), id=collection_id
        )
    return found


def _media_type(accepted: tuple[str, ...]) -> None:
    if request.mimetype not in accepted:
        raise UnsupportedMediaType(
            Problem(
                N_("innholdet må være en av %(types)s, ikke «%(given)s»"),
                {"types": ", ".join(accepted), "given": request.mimetype or "-"},
            )
        )


def _content_crs(found: Collection) -> OgcCrs:
    """The CRS of the body's coordinates: the request's ``Content-Crs`` (CRS84 without one)."""
    raw = request.headers.get("Content-Crs")
    if raw is None or not raw.strip():
        return CRS84
    crs = next((c for c in found.crs if c.uri == raw.strip().strip("<>").strip()), None)
    if crs is None:
        raise BadParameter(
            Problem(
                N_("Content-Crs %(value)s er ikke en av samlingens CRS: %(choices)s"),
                {"value": raw, "choices": ", ".join(c.uri for c in found.crs)},
            )
        )
    return crs


def _in_wgs84(document: object, crs: OgcCrs) -> object:
    """``document``'s geometry, sent in ``crs``, as RFC 7946 WGS84 (what the editing services
    read); a geometry that cannot be read is left for them to refuse with their message."""
    if crs == CRS84 or not isinstance(document, dict):
        return document
    geometry = document.get("geometry")
    if not isinstance(geometry, dict):
        return document
    try:
        shape = shapely.geometry.shape(geometry)
    except Exception:  # any unreadable geometry: read_feature says why
        return document
    wgs84 = to_wgs84(from_ogc_crs(shape, crs), None)
    if not np.isfinite(shapely.get_coordinates(wgs84)).all():
        raise InvalidInput(
            N_(
                "koordinatene kan ikke regnes om fra %(crs)s; står de i den rekkefølgen CRS-et har?"
            ),
            crs=crs.uri,
        )
    return {**document, "geometry": orjson.loads(shapely.to_geojson(wgs84))}


def _of_kind(found: Collection, document: object) -> object:
    """A kind's collection takes only zones of its kind; a Feature without ``kind`` is one."""
    if found.kind is None or not isinstance(document, dict):
        return document
    properties = document.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        return document
    given = properties.get("kind")
    if given in (None, ""):
        return {**document, "properties": {**properties, "kind": found.kind.value}}
    if given != found.kind.value:
        raise InvalidInput(
            N_(
                "samlingen %(collection)s har bare soner av typen %(kind)s; legg en sone av "
                "typen %(given)s i samlingen zones eller dens egen"
            ),
            collection=found.id,
            kind=found.kind.value,
            given=given,
        )
    return document


def _body(accepted: tuple[str, ...]) -> object:
    _media_type(accepted)
    return inputs.json_body()


def _answer_crs(found: Collection) -> OgcCrs:
    """The CRS the written zone is answered in (``crs``), checked before anything is written."""
    params.only(["crs"])
    return params.crs("crs", found.crs)


def _written(found: Collection, zone: Zone, status: int, crs: OgcCrs) -> Response:
    feature, etag = zone_feature(zone, crs)
    body = with_links(feature, found, zone.id, "ogc.item")
    response = Response(body, status=status, mimetype=GEOJSON)
    response.headers.update(geojson_headers(etag, crs))
    return response


def _tolerance() -> float:
    return current_app.config["BOUNDARY_TOLERANCE_M"]


@ogc.post("/collections/<collection_id>/items")
@editor_required
def create_item(collection_id: str) -> Response:
    found = _writable(collection_id)
    crs = _answer_crs(found)
    document = _body(FEATURE_TYPES)
    document = _of_kind(found, _in_wgs84(document, _content_crs(found)))
    zone = editing.create_zone(
        current_store(), document, actor=actor_name(), tolerance_m=_tolerance()
    )
    response = _written(found, zone, 201, crs)
    response.headers["Location"] = url_for(
        "ogc.item", collection_id=found.id, feature_id=zone.id, _external=True
    )
    return response


def _current(found: Collection, feature_id: str) -> Zone:
    """The live zone of the collection (404 otherwise), before If-Match is read."""
    return service.zone(current_store(), feature_id, found.kind)


@ogc.put("/collections/<collection_id>/items/<feature_id>")
@editor_required
def replace_item(collection_id: str, feature_id: str) -> Response:
    found = _writable(collection_id)
    crs = _answer_crs(found)
    _current(found, feature_id)
    document = _body(FEATURE_TYPES)
    expected = inputs.expected_version(required=True)
    document = _in_wgs84(document, _content_crs(found))
    return _replaced(found, feature_id, document, expected, crs)


def _replaced(found: Collection, feature_id: str, document, expected, crs) -> Response:
    """Save ``document`` (a Feature in WGS84) as the zone, as the workbench saves, and answer
    with the zone as stored (200)."""
    zone = editing.update_zone(
        current_store(),
        feature_id,
        _of_kind(found, document),
        expected_version=expected,
        actor=actor_name(),
        tolerance_m=_tolerance(),
    )
    return _written(found, zone, 200, crs)


def merge_patch(target: object, patch: object) -> object:
    """RFC 7396: ``patch`` applied to ``target`` (objects merged member by member, ``null``
    removes a member, anything else replaces)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    merged = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = merge_patch(merged.get(name), value)
    return merged


def _as_feature(zone: Zone) -> dict:
    """The zone as the Feature a merge patch applies to: every property a write reads
    (description and goal links with their rationales included), geometry in WGS84."""
    return {
        "type": "Feature",
        "id": zone.id,
        "properties": {
            "id": zone.id,
            "name": zone.name,
            "kind": zone.kind.value,
            "category": zone.category,
            "description": zone.description,
            "status": zone.status.value,
            "arealformal": zone.arealformal,
            "hensynssone": zone.hensynssone,
            "draft": zone.draft,
            "goal_links": [{"goal_id": l.goal_id, "rationale": l.rationale} for l in zone.links],
        },
        "geometry": orjson.loads(shapely.to_geojson(to_wgs84(zone.geometry, None))),
    }


@ogc.patch("/collections/<collection_id>/items/<feature_id>")
@editor_required
def update_item(collection_id: str, feature_id: str) -> Response:
    found = _writable(collection_id)
    crs = _answer_crs(found)
    zone = _current(found, feature_id)
    patch = _body((MERGE_PATCH,))
    expected = inputs.expected_version(required=True)
    if not isinstance(patch, dict):
        raise InvalidInput(N_("en merge patch (RFC 7396) av et objekt må være et JSON-objekt"))
    patch = _in_wgs84(patch, _content_crs(found))
    return _replaced(found, feature_id, merge_patch(_as_feature(zone), patch), expected, crs)


@ogc.delete("/collections/<collection_id>/items/<feature_id>")
@editor_required
def delete_item(collection_id: str, feature_id: str) -> Response:
    found = _writable(collection_id)
    params.only(())
    _current(found, feature_id)
    editing.delete_zone(
        current_store(),
        feature_id,
        expected_version=inputs.expected_version(required=True),
        actor=actor_name(),
    )
    return Response(status=204)
