"""POST /api/v1/imports: upload a GIS file and import its zones (all or none), or preview it.

Multipart form with the file in ``file``; ``?dry_run=1`` answers what would happen to every
feature and writes nothing. Planners and admins only, as every write.
"""

from __future__ import annotations

from flask import Response, current_app, request

from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.geo.geojson import dumps
from arealweb.http.access import editor_required
from arealweb.http.auth import actor_name
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.http.uploads import received_upload
from arealweb.services.transfer import FeatureReport, import_zones, preview_import


def report_json(report: FeatureReport) -> dict:
    zone = report.zone
    return {
        "number": report.number,
        "name": zone.name if zone else report.where,
        "id": zone.id if zone else None,
        "kind": zone.kind.value if zone else None,
        "category": zone.category if zone else None,
        "outcome": report.outcome,
        "changes": report.changes,
        "problems": [translate(p) for p in report.problems],
        "protected_overlaps": [
            {"name": name, "overlap_daa": round(daa, 3)} for name, daa in report.protected_overlaps
        ],
    }


@api.post("/imports")
@editor_required
def import_file() -> Response:
    config = current_app.config
    max_bytes = int(config["MAX_IMPORT_MB"]) * 1024 * 1024
    with received_upload() as upload:
        path = upload.path
        if request.args.get("dry_run", "").lower() in ("1", "true", "yes"):
            reports = preview_import(
                current_store(),
                path,
                tolerance_m=config["BOUNDARY_TOLERANCE_M"],
                max_bytes=max_bytes,
            )
            body = {
                "dry_run": True,
                "valid": all(not r.problems for r in reports),
                "features": [report_json(r) for r in reports],
            }
            return Response(dumps(body), mimetype=JSON)
        result = import_zones(
            current_store(),
            path,
            tolerance_m=config["BOUNDARY_TOLERANCE_M"],
            max_bytes=max_bytes,
            actor=f"import:{actor_name()}",
        )
    body = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    return Response(dumps(body), mimetype=JSON)
