"""How goals and zones look in the API, and files to download."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from flask import Response

from arealweb.api.errors import GEOJSON
from arealweb.domain.goals import Goal
from arealweb.domain.zones import Zone
from arealweb.geo.crs import UTM32
from arealweb.geo.files import write_layer
from arealweb.geo.geojson import dumps, feature
from arealweb.geo.zone_json import zone_properties


def goal_brief(goal: Goal) -> dict:
    return {"id": goal.id, "level": goal.level.value, "title": goal.title}


def goal_fields(goal: Goal) -> dict:
    return {
        "id": goal.id,
        "plan_version_id": goal.plan_version_id,
        "parent_id": goal.parent_id,
        "level": goal.level.value,
        "title": goal.title,
        "description": goal.description,
        "order": goal.order,
        "dimension": goal.dimension.value if goal.dimension else None,
        "theme": goal.theme.value if goal.theme else None,
        "sdgs": list(goal.sdgs),
        "status": goal.status.value,
    }


def zone_etag(zone: Zone, body: bytes) -> str:
    """``"v<version>-<digest>"``: the version for If-Match, the digest for conditional GET."""
    return f'"v{zone.version}-{hashlib.sha1(body).hexdigest()[:12]}"'


def zone_response(zone: Zone, status: int = 200, extra: dict | None = None) -> Response:
    properties = zone_properties(zone)
    properties["description"] = zone.description
    if extra:
        properties.update(extra)
    body = dumps(feature(zone.id, zone.geometry, properties))
    response = Response(body, status=status, mimetype=GEOJSON)
    response.headers["ETag"] = zone_etag(zone, body)
    return response


def download(data: str | bytes, mimetype: str, filename: str) -> Response:
    """``data`` as a file the browser saves under ``filename``."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def geopackage_download(layer: str, geometries: list, rows: list[dict]) -> Response:
    """One layer in EPSG:25832, as a GeoPackage named after it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{layer}.gpkg"
        write_layer(path, "GPKG", layer, geometries, rows, UTM32)
        data = path.read_bytes()
    return download(data, "application/geopackage+sqlite3", f"{layer}.gpkg")
