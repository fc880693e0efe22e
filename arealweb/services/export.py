"""Exporting zones: GeoJSON in WGS84, GeoPackage, FlatGeobuf, KML and zipped Shapefiles.

A file arealweb exports carries each zone's id and goal links, so it can be edited in QGIS and
imported back (see :mod:`arealweb.services.transfer`).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from arealweb.domain.text import N_
from arealweb.domain.zones import Zone
from arealweb.geo.crs import UTM32, WGS84
from arealweb.geo.files import file_format, write_geojson, write_geopackage, write_layer
from arealweb.services.progress import Progress, Silent
from arealweb.store.repository import Store


def zone_record(zone: Zone, updated_at: datetime | None = None) -> dict:
    """The properties a zone is exported with (and imported from).

    ``version`` (an integer) lets an import find what changed since the export;
    ``updated_at`` (ISO 8601 text in UTC, the same in every format) is for people to read."""
    record = {
        "id": zone.id,
        "version": zone.version,
        "updated_at": updated_at.astimezone(UTC).strftime(TIME_FORMAT) if updated_at else None,
        "name": zone.name,
        "kind": zone.kind.value,
        "category": zone.category,
        "status": zone.status.value,
        "description": zone.description,
        "arealformal": zone.arealformal,
        "hensynssone": zone.hensynssone,
        "draft": zone.draft,
        "goal_ids": zone.goal_ids,
        "goal_links": [{"goal_id": l.goal_id, "rationale": l.rationale} for l in zone.links],
    }
    if zone.kind.is_area:
        record["area_daa"] = round(zone.area_daa(), 3)
    else:
        record["length_m"] = round(zone.length_m(), 1)
    return record


TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

SHAPEFILE_TEXT_MAX = 254
"""A Shapefile text field holds 254 characters; longer rationales are left out there."""

SHAPEFILE_NAMES = {
    "description": "descriptio",
    "arealformal": "arealforma",
    "hensynssone": "hensynsson",
}


def export_zones(store: Store, path: Path, progress: Progress | None = None) -> int:
    """Write every zone to ``path``; the extension picks the format:

    - .geojson/.json: WGS84 (RFC 7946), one FeatureCollection;
    - .gpkg: EPSG:25832, one layer per kind;
    - .fgb: FlatGeobuf, EPSG:25832, one layer;
    - .kml: WGS84 (as KML must be), one layer;
    - .zip: zipped Shapefiles, EPSG:25832, one per kind (field names cut to 10 characters).

    Returns the number of zones written.
    """
    progress = progress or Silent()
    fmt = file_format(path)
    with store.read() as repo:
        zones = repo.zones.all()
        times = repo.zones.updated_times()
    progress.start(N_("Eksporterer"), len(zones))
    if fmt == "GeoJSON":
        records = [zone_record(z, times.get(z.id)) for z in zones]
        write_geojson(path, [z.id for z in zones], [z.geometry for z in zones], records)
        progress.advance(len(zones))
    elif fmt in ("GPKG", "ESRI Shapefile"):
        _export_per_kind(path, fmt, zones, times, progress)
    else:
        rows = [_flat_record(z, fmt, times.get(z.id)) for z in zones]
        if path.exists():
            path.unlink()
        crs = WGS84 if fmt == "KML" else UTM32
        write_layer(path, fmt, "zones", [z.geometry for z in zones], rows, crs)
        progress.advance(len(zones))
    progress.finish()
    return len(zones)


def _flat_record(zone: Zone, fmt: str, updated_at: datetime | None) -> dict:
    """A zone's record with lists as JSON text, field names fitted to the format."""
    record = zone_record(zone, updated_at)
    record["goal_ids"] = json.dumps(record["goal_ids"], ensure_ascii=False)
    record["goal_links"] = json.dumps(record["goal_links"], ensure_ascii=False)
    if fmt == "KML":
        record["zone_id"] = record.pop("id")
    if fmt == "ESRI Shapefile":
        if len(record["goal_links"]) > SHAPEFILE_TEXT_MAX:
            record["goal_links"] = ""
        record["description"] = record["description"][:SHAPEFILE_TEXT_MAX]
        record = {SHAPEFILE_NAMES.get(k, k): v for k, v in record.items()}
    return record


def _export_per_kind(
    path: Path, fmt: str, zones: list[Zone], times: dict[str, datetime], progress: Progress
) -> None:
    layers: dict[str, tuple[list, list[dict]]] = defaultdict(lambda: ([], []))
    for zone in zones:
        geometries, rows = layers[zone.kind.value]
        geometries.append(zone.geometry)
        rows.append(_flat_record(zone, fmt, times.get(zone.id)))
    if path.exists():
        path.unlink()
    if fmt == "GPKG":
        for name, layer in layers.items():
            write_geopackage(path, {name: layer})
            progress.advance(len(layer[1]))
        return
    with (
        tempfile.TemporaryDirectory() as folder,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, (geometries, rows) in layers.items():
            write_layer(Path(folder) / f"{name}.shp", fmt, name, geometries, rows, UTM32)
            progress.advance(len(rows))
        for part in sorted(Path(folder).iterdir()):
            archive.write(part, part.name)
