"""POST /api/v1/imports: upload a GIS file and import its zones (all or none), or preview it.

Multipart form with the file in ``file``; ``?dry_run=1`` answers what would happen to every
feature and writes nothing. Planners and admins only, as every write.

A feature exported from an older version of its zone (someone edited or deleted it since) is a
conflict: the preview lists it with what each side changed, and the import answers 412 unless
the form field ``resolutions`` holds a JSON object with a choice for each, by zone id:
``{"sandvika": "file", "fornebu": "skip"}`` (``file``/``current``; for a deleted zone also
``restore``/``skip``), optionally pinned to the current version seen (``"file@5"``).
"""

from __future__ import annotations

import json

from flask import Response, current_app, request

from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.domain.documents import check_document
from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.geo.geojson import dumps
from arealweb.http.access import editor_required
from arealweb.http.auth import actor_name
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.http.uploads import received_upload
from arealweb.services.import_versions import (
    Conflict,
    Resolution,
    Side,
    conflict_problems,
    parse_resolutions,
)
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
        "version": report.file_version,
        "changes": report.changes,
        "conflict": conflict_json(report.conflict, report.where) if report.conflict else None,
        "problems": [translate(p) for p in report.problems],
        "protected_overlaps": [
            {"name": name, "overlap_daa": round(daa, 3)} for name, daa in report.protected_overlaps
        ],
    }


def conflict_json(conflict: Conflict, where: str) -> dict:
    return {
        "file_version": conflict.file_version,
        "current_version": conflict.current_version,
        "deleted": conflict.deleted,
        "by": conflict.by,
        "at": conflict.at.isoformat(),
        "file": side_json(conflict.file),
        "current": side_json(conflict.current),
        "messages": [translate(p) for p in conflict_problems(conflict, where)],
    }


def side_json(side: Side) -> dict:
    return {
        "fields": [{"field": c.field, "before": c.before, "after": c.after} for c in side.fields],
        "geometry_changed": side.geometry_changed,
        "area_change_daa": side.area_change_daa,
        "length_change_m": side.length_change_m,
    }


def resolutions() -> dict[str, Resolution]:
    """The form field ``resolutions``: a JSON object of choices by zone id (none: {})."""
    text = request.form.get("resolutions", "")
    if not text.strip():
        return {}
    try:
        choices = json.loads(text)
    except (ValueError, RecursionError):
        choices = None
    if not isinstance(check_document(choices), dict):
        raise InvalidInput(
            N_("resolutions må være et JSON-objekt med et valg per sone-id, f.eks. %(example)s"),
            example='{"sandvika": "file"}',
        )
    return parse_resolutions(choices)


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
                "conflicts": [r.zone.id for r in reports if r.conflict is not None],
                "features": [report_json(r) for r in reports],
            }
            return Response(dumps(body), mimetype=JSON)
        result = import_zones(
            current_store(),
            path,
            tolerance_m=config["BOUNDARY_TOLERANCE_M"],
            max_bytes=max_bytes,
            actor=f"import:{actor_name()}",
            resolutions=resolutions(),
        )
    body = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    return Response(dumps(body), mimetype=JSON)
