"""Exporting zones: GeoJSON in WGS84, GeoPackage, FlatGeobuf, KML and zipped Shapefiles.

A file arealweb exports carries each zone's id and goal links, so it can be edited in QGIS and
imported back (see :mod:`arealweb.services.transfer`).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone, ZoneKind
from arealweb.geo.crs import UTM32, WGS84
from arealweb.geo.files import (
    EXPORT_CRS,
    file_format,
    write_geojson,
    write_geopackage,
    write_layer,
    write_layer_styles,
)
from arealweb.services.export_styles import layer_style
from arealweb.services.progress import Progress, Silent
from arealweb.store.repository import Store

FIELD_TYPES: dict[str, str] = {
    "id": "str",
    "version": "int",
    "created_at": "str",
    "updated_at": "str",
    "name": "str",
    "kind": "str",
    "category": "str",
    "status": "str",
    "description": "str",
    "arealformal": "int",
    "hensynssone": "str",
    "draft": "bool",
    "goal_ids": "str",
    "goal_links": "str",
    "area_daa": "float",
    "length_m": "float",
}
"""Every exported field and its type, the same in every layer and format (README.md lists
them): timestamps are ISO 8601 text in UTC, lists JSON text (arrays in GeoJSON), ``draft`` a
boolean (0/1 in a Shapefile, which has none)."""


def zone_record(zone: Zone, times: tuple[datetime, datetime] | None = None) -> dict:
    """The properties a zone is exported with (and imported from).

    ``version`` (an integer) lets an import find what changed since the export;
    ``created_at`` and ``updated_at`` (ISO 8601 text in UTC, the same in every format) are for
    people to read."""
    created_at, updated_at = times or (None, None)
    record = {
        "id": zone.id,
        "version": zone.version,
        "created_at": _time(created_at),
        "updated_at": _time(updated_at),
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


def _time(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime(TIME_FORMAT) if moment else None


TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

SHAPEFILE_TEXT_MAX = 254
"""A Shapefile text field holds 254 characters; longer rationales are left out there."""

SHAPEFILE_NAMES = {
    "description": "descriptio",
    "arealformal": "arealforma",
    "hensynssone": "hensynsson",
    "created_at": "created_at",
    "updated_at": "updated_at",
}


@dataclass(frozen=True)
class ExportFilter:
    """Which zones to export and in which coordinate system (None: the format's default)."""

    kind: ZoneKind | None = None
    goal_id: str | None = None
    crs: int | None = None


def export_zones(
    store: Store,
    path: Path,
    progress: Progress | None = None,
    selection: ExportFilter | None = None,
) -> int:
    """Write the zones ``selection`` picks (every zone by default) to ``path``; the extension
    picks the format:

    - .geojson/.json: WGS84 (RFC 7946), one FeatureCollection; another CRS is named in a
      ``crs`` member;
    - .gpkg: EPSG:25832, one layer per kind, each with its QGIS style (``layer_styles``);
    - .fgb: FlatGeobuf, EPSG:25832, one layer;
    - .kml: WGS84 (as KML must be), one layer;
    - .zip: zipped Shapefiles, EPSG:25832, one per kind (field names cut to 10 characters).

    Returns the number of zones written.
    """
    progress = progress or Silent()
    selection = selection or ExportFilter()
    fmt = file_format(path)
    crs = _crs(fmt, selection.crs)
    with store.read() as repo:
        goal_ids = None
        if selection.goal_id is not None:
            try:
                goal_ids = repo.goals.tree().subtree_ids(selection.goal_id)
            except NotFound:
                raise InvalidInput(
                    N_("det finnes ikke noe mål med id %(goal)s"), goal=selection.goal_id
                ) from None
        zones = repo.zones.all(kind=selection.kind, goal_ids=goal_ids)
        times = repo.zones.saved_times()
    if not zones and (selection.kind or selection.goal_id):
        raise InvalidInput(N_("ingen soner passer til utvalget; ingen fil er skrevet"))
    progress.start(N_("Eksporterer"), len(zones))
    if fmt == "GeoJSON":
        records = [zone_record(z, times.get(z.id)) for z in zones]
        write_geojson(path, [z.id for z in zones], [z.geometry for z in zones], records, crs)
        progress.advance(len(zones))
    elif fmt in ("GPKG", "ESRI Shapefile"):
        _export_per_kind(path, fmt, zones, times, progress, crs)
    else:
        rows = [_flat_record(z, fmt, times.get(z.id)) for z in zones]
        if path.exists():
            path.unlink()
        geometries = [z.geometry for z in zones]
        write_layer(path, fmt, "zones", geometries, rows, crs, _types(fmt))
        progress.advance(len(zones))
    progress.finish()
    return len(zones)


def _crs(fmt: str, asked: int | None) -> int:
    if asked is None:
        return WGS84 if fmt in ("GeoJSON", "KML") else UTM32
    if asked not in EXPORT_CRS:
        raise InvalidInput(
            N_("kan ikke skrive EPSG:%(crs)s; velg en av %(choices)s"),
            crs=asked,
            choices=", ".join(f"EPSG:{c}" for c in EXPORT_CRS),
        )
    if fmt == "KML" and asked != WGS84:
        raise InvalidInput(N_("KML er alltid i WGS84 (EPSG:4326)"))
    return asked


def _types(fmt: str) -> dict[str, str]:
    """The field types as the format names its fields."""
    names = {"id": "zone_id"} if fmt == "KML" else {}
    if fmt == "ESRI Shapefile":
        names = SHAPEFILE_NAMES
    return {names.get(k, k): v for k, v in FIELD_TYPES.items()}


def _flat_record(zone: Zone, fmt: str, times: tuple[datetime, datetime] | None) -> dict:
    """A zone's record with lists as JSON text, field names fitted to the format."""
    record = zone_record(zone, times)
    if fmt in ("FlatGeobuf", "KML"):
        record.setdefault("area_daa", None)
        record.setdefault("length_m", None)
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
    path: Path,
    fmt: str,
    zones: list[Zone],
    times: dict[str, tuple[datetime, datetime]],
    progress: Progress,
    crs: int,
) -> None:
    layers: dict[str, tuple[list, list[dict]]] = defaultdict(lambda: ([], []))
    for zone in zones:
        geometries, rows = layers[zone.kind.value]
        geometries.append(zone.geometry)
        rows.append(_flat_record(zone, fmt, times.get(zone.id)))
    if path.exists():
        path.unlink()
    types = _types(fmt)
    if fmt == "GPKG":
        for name, layer in layers.items():
            write_geopackage(path, {name: layer}, crs, types)
            progress.advance(len(layer[1]))
        if layers:
            write_layer_styles(path, [layer_style(ZoneKind(name)) for name in layers])
        return
    with (
        tempfile.TemporaryDirectory() as folder,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, (geometries, rows) in layers.items():
            write_layer(Path(folder) / f"{name}.shp", fmt, name, geometries, rows, crs, types)
            progress.advance(len(rows))
        for part in sorted(Path(folder).iterdir()):
            archive.write(part, part.name)
