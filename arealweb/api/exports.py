"""GET /api/v1/exports/zones: the zones as a file, as the map and the workbench offer them."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Response, request, send_file

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import unavailable_error
from arealweb.api.inputs import BadParameter
from arealweb.api.zones import LEFT_OUT_HEADER
from arealweb.domain.errors import InvalidInput
from arealweb.domain.zones import ZoneKind
from arealweb.http.slots import Busy, export_slots
from arealweb.http.store import current_store
from arealweb.schemas.queries import ZoneExport
from arealweb.services.export import ExportFilter
from arealweb.services.zone_download import zone_file

FORMATS: dict[str, tuple[str, str]] = {
    "gpkg": (".gpkg", "application/geopackage+sqlite3"),
    "geojson": (".geojson", "application/geo+json"),
    "fgb": (".fgb", "application/flatgeobuf"),
    "kml": (".kml", "application/vnd.google-earth.kml+xml"),
    "shp": (".zip", "application/zip"),
}
"""Each format the download offers: the file's extension (which picks the writer) and MIME type."""

BUSY_RETRY_SECONDS = 10
"""What a 503 asks a download to wait while MAX_EXPORTS files are being written."""


@api.get("/exports/zones")
def export_zones_file() -> Response:
    """The zones as a file to save: ``format`` (gpkg, geojson, fgb, kml, shp: zipped
    Shapefiles), ``crs`` (25832 by default; GeoJSON and KML are always 4326), ``kind`` and
    ``goal`` (that goal and every goal below it), the same for everyone who may see the map.

    ``X-Arealweb-Zones-Left-Out`` says how many rows of the selection were left out because
    they break a rule of the plan. Nothing is kept on the server once the file is sent."""
    inputs.only(["format", "crs", "kind", "goal"])
    asked = inputs.query(ZoneExport)
    suffix, mimetype = FORMATS[asked.format]
    selection = ExportFilter(
        kind=ZoneKind(asked.kind) if asked.kind else None,
        goal_id=asked.goal,
        crs=int(asked.crs) if asked.crs else None,
    )
    folder = Path(tempfile.mkdtemp(prefix="arealweb-export-"))
    try:
        with export_slots().held():
            made = zone_file(current_store(), folder, suffix, selection)
        handle = made.path.open("rb")
    except InvalidInput as error:
        raise BadParameter(*error.problems) from None
    except Busy:
        return unavailable_error(BUSY_RETRY_SECONDS)
    finally:
        # The open handle keeps the file's bytes until the answer is sent; nothing stays on disk.
        shutil.rmtree(folder, ignore_errors=True)
    digest = hashlib.file_digest(handle, "sha256").hexdigest()[:32]
    handle.seek(0)
    response = send_file(
        handle,
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"arealweb-soner-{_today()}{suffix}",
        etag=digest,
        conditional=False,
    )
    response.content_length = os.fstat(handle.fileno()).st_size
    response.headers[LEFT_OUT_HEADER] = str(made.left_out)
    response.headers["X-Arealweb-Zones"] = str(made.count)
    return response.make_conditional(request)


def _today() -> str:
    """Today's date in Bærum (UTC where the time zone database is missing)."""
    try:
        zone = ZoneInfo("Europe/Oslo")
    except ZoneInfoNotFoundError:
        zone = UTC
    return datetime.now(zone).date().isoformat()
