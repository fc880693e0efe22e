"""Reading and writing zones as GIS files: GeoJSON and GeoPackage, chosen by file extension.

Reading returns the raw features in EPSG:25832 with their properties, or raises
:class:`InvalidInput` when the file as a whole cannot be used (broken JSON, unknown CRS,
projected numbers in a file that claims WGS84). Per-feature checks are the caller's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.text import N_
from arealweb.geo.archives import check_zip
from arealweb.geo.crs import (
    UTM32,
    WGS84,
    epsg_code,
    from_utm,
    is_geographic,
    looks_projected,
    parse_crs,
    transformer,
)
from arealweb.geo.crs import to_utm as _to_utm
from arealweb.geo.geojson import feature_collection
from arealweb.schemas.geometry import ALL_TYPES, MAX_ZONE_VERTICES, checked_geometry

FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GPKG",
    ".fgb": "FlatGeobuf",
    ".kml": "KML",
    ".zip": "ESRI Shapefile",
}
"""The formats arealweb reads and writes, by file extension (.zip: a zipped Shapefile)."""

FORMAT_NAMES = {
    "GeoJSON": "GeoJSON",
    "GPKG": "GeoPackage",
    "FlatGeobuf": "FlatGeobuf",
    "KML": "KML",
    "ESRI Shapefile": "Shapefile",
}

ALIASES = {
    "descriptio": "description",
    "arealforma": "arealformal",
    "hensynsson": "hensynssone",
    "Name": "name",
    "Description": "description",
    "zone_id": "id",
}
"""Field names other formats force on us: Shapefile's 10 characters, KML's Name/Description."""

KML_OWN_FIELDS = {
    "id",
    "timestamp",
    "begin",
    "end",
    "altitudeMode",
    "tessellate",
    "extrude",
    "visibility",
    "drawOrder",
    "icon",
}


@dataclass
class RawFeature:
    """A feature as read from a file: its place in the file, properties and geometry (25832)."""

    number: int
    properties: dict
    geometry: BaseGeometry | None
    layer: str | None = None
    problem: Problem | None = None
    strict: bool = False
    """Sent as JSON to the API (types checked strictly), not read from a file."""

    @property
    def where(self) -> str:
        name = self.properties.get("name")
        place = f"objekt {self.number}"
        if isinstance(name, str) and name.strip():
            place += f" «{name.strip()[:60]}»"
        if self.layer:
            place += f" i laget {self.layer}"
        return place


def file_format(path: Path) -> str:
    """The format for ``path`` from its extension; InvalidInput for anything else."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InvalidInput(
            N_("ukjent filtype «%(suffix)s»; bruk %(choices)s"),
            suffix=path.suffix or path.name,
            choices=", ".join(FORMATS),
        ) from None


def read_features(path: Path, max_unpacked: int = 500 * 1024 * 1024) -> list[RawFeature]:
    """Every feature in ``path`` with its geometry in EPSG:25832."""
    fmt = file_format(path)
    if fmt == "GeoJSON":
        return _read_geojson(path)
    if fmt == "ESRI Shapefile":
        check_zip(path, max_unpacked)
        return _read_with_gdal(f"/vsizip/{path}", fmt)
    return _read_with_gdal(str(path), fmt)


def _read_geojson(path: Path) -> list[RawFeature]:
    try:
        document = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise InvalidInput(N_("filen er ikke gyldig JSON: %(reason)s"), reason=str(error)) from None
    if not isinstance(document, dict) or document.get("type") not in (
        "FeatureCollection",
        "Feature",
    ):
        raise InvalidInput(N_("filen er ikke en GeoJSON FeatureCollection eller Feature"))
    items = document.get("features") if document["type"] == "FeatureCollection" else [document]
    if not isinstance(items, list):
        raise InvalidInput(N_("«features» i filen er ikke en liste"))
    crs = _geojson_crs(document)
    features = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            features.append(
                RawFeature(
                    number, {}, None, problem=Problem(N_("objektet er ikke en GeoJSON Feature"))
                )
            )
            continue
        properties = item.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        if "id" in item and "id" not in properties:
            properties = {"id": item["id"], **properties}
        geometry, problem = _shape(item.get("geometry"))
        features.append(RawFeature(number, properties, geometry, problem=problem))
    return _to_utm32(features, crs)


def read_feature(document: object) -> RawFeature:
    """One GeoJSON Feature as an API receives it (RFC 7946: WGS84), geometry in EPSG:25832."""
    if not isinstance(document, dict) or document.get("type") != "Feature":
        raise InvalidInput(N_("forventet en GeoJSON Feature"))
    properties = document.get("properties") or {}
    if not isinstance(properties, dict):
        raise InvalidInput(N_("«properties» må være et objekt"))
    if "id" in document and "id" not in properties:
        properties = {"id": document["id"], **properties}
    geometry, problem = _shape(document.get("geometry"))
    feature = RawFeature(1, properties, geometry, problem=problem, strict=True)
    if isinstance(geometry, shapely.Point) and not geometry.is_empty:
        feature.geometry = _point_to_utm32(geometry, feature)
        return feature
    [feature] = _to_utm32([feature], WGS84)
    return feature


def _point_to_utm32(point: shapely.Point, feature: RawFeature) -> shapely.Point:
    """One WGS84 point in EPSG:25832, checked as :func:`_to_utm32` checks a file's features
    but without their arrays: a citizen's comment is one point, and in a busy server the
    arrays' round trip cost a tenth of posting it."""
    x, y = point.x, point.y
    if abs(x) > 180 or abs(y) > 90:
        raise _metres_said_to_be_degrees(feature)
    east, north = transformer(WGS84, UTM32).transform(x, y)
    if not (math.isfinite(east) and math.isfinite(north)):
        raise _cannot_project()
    return shapely.Point(east, north)


def _metres_said_to_be_degrees(feature: RawFeature) -> InvalidInput:
    return InvalidInput(
        N_(
            "filen sier at koordinatene er lengde- og breddegrader (WGS84), men %(feature)s "
            "har tall som ser ut som meter i et projisert system; oppgi koordinatsystemet "
            "i filen (f.eks. EPSG:25832)"
        ),
        feature=feature.where,
    )


def _cannot_project() -> InvalidInput:
    return InvalidInput(
        N_("koordinatene i filen kan ikke regnes om til EPSG:25832 fra dens koordinatsystem")
    )


def _geojson_crs(document: dict) -> int | str:
    """The CRS a GeoJSON file names in the old ``crs`` member; none means WGS84 (RFC 7946)."""
    member = document.get("crs")
    if member is None:
        return WGS84
    name = (member.get("properties") or {}).get("name") if isinstance(member, dict) else None
    if not isinstance(name, str):
        raise InvalidInput(N_("filen har et «crs» uten navn; oppgi f.eks. EPSG:25832"))
    try:
        crs = parse_crs(name)
    except ValueError:
        raise InvalidInput(N_("ukjent koordinatsystem «%(crs)s» i filen"), crs=name) from None
    if not (crs.is_geographic or crs.is_projected):
        raise InvalidInput(
            N_(
                "koordinatsystemet «%(crs)s» i filen er verken geografisk eller projisert; "
                "oppgi f.eks. EPSG:25832"
            ),
            crs=name,
        )
    return epsg_code(crs) or crs.to_wkt()


def _shape(geometry: object) -> tuple[BaseGeometry | None, Problem | None]:
    """A GeoJSON geometry as shapely's, after the schema's check of its shape (known type,
    finite positions, closed rings, at most MAX_ZONE_VERTICES positions)."""
    if geometry is None:
        return None, None
    try:
        checked_geometry(geometry, ALL_TYPES, MAX_ZONE_VERTICES)
    except InvalidInput as error:
        return None, error.problems[0]
    try:
        return shape(geometry), None
    except (
        AttributeError,
        KeyError,
        TypeError,
        ValueError,
        IndexError,
        shapely.errors.ShapelyError,
    ):
        return None, Problem(N_("geometrien kan ikke leses som GeoJSON"))


def _read_with_gdal(source: str, fmt: str) -> list[RawFeature]:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(source)]
    except (DataSourceError, DataLayerError) as error:
        raise InvalidInput(
            N_("filen kan ikke åpnes som %(format)s: %(reason)s"),
            format=FORMAT_NAMES[fmt],
            reason=str(error),
        ) from None
    features: list[RawFeature] = []
    for layer in layers:
        try:
            frame = pyogrio.read_dataframe(source, layer=layer)
        except (DataSourceError, DataLayerError) as error:
            raise InvalidInput(
                N_("laget %(layer)s kan ikke leses: %(reason)s"), layer=layer, reason=str(error)
            ) from None
        if "geometry" not in frame:
            continue
        if frame.crs is None and fmt == "ESRI Shapefile":
            raise InvalidInput(
                N_("laget %(layer)s har ikke noe koordinatsystem (.prj)"), layer=layer
            )
        crs = frame.crs.to_wkt() if frame.crs is not None else WGS84
        columns = [c for c in frame.columns if c != "geometry"]
        if fmt == "KML":
            columns = [c for c in columns if c not in KML_OWN_FIELDS]
        part = []
        for offset, (geometry, values) in enumerate(
            zip(frame.geometry, frame[columns].itertuples(index=False), strict=True)
        ):
            properties = {
                ALIASES.get(c, c): _plain(v) for c, v in zip(columns, values, strict=True)
            }
            part.append(RawFeature(len(features) + offset + 1, properties, geometry, layer=layer))
        features.extend(_to_utm32(part, crs))
    return features


def _plain(value: object) -> object:
    """numpy and pandas scalars → plain Python; NaN and NA → None."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
        return None if isinstance(value, float) and math.isnan(value) else value
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _to_utm32(features: list[RawFeature], crs: int | str) -> list[RawFeature]:
    geometries = np.array([f.geometry for f in features], dtype=object)
    if epsg_code(crs) == UTM32 or not features:
        return features
    if is_geographic(crs) and looks_projected(geometries):
        first = next(
            f for f in features if f.geometry is not None and looks_projected([f.geometry])
        )
        raise _metres_said_to_be_degrees(first)
    projected = _to_utm(geometries, crs)
    present = [g for g in projected if g is not None]
    if present and not np.isfinite(shapely.get_coordinates(present)).all():
        raise _cannot_project()
    for feature, geometry in zip(features, projected, strict=True):
        feature.geometry = geometry
    return features


EXPORT_CRS = (25832, 25833, 4258, 4326)
"""The coordinate systems arealweb writes: UTM 32 and 33 (EUREF89), EUREF89 and WGS84 degrees."""


def write_geojson(
    path: Path,
    ids: Sequence[str],
    geometries_utm: Sequence,
    properties: Sequence[dict],
    crs: int = WGS84,
) -> None:
    """A FeatureCollection, coordinates rounded (6 decimals in degrees, 3 in metres): in WGS84
    as RFC 7946 says, or in ``crs`` named in the older ``crs`` member when asked for."""
    if crs == WGS84:
        path.write_bytes(feature_collection(ids, geometries_utm, properties))
        return
    array = np.asarray(geometries_utm, dtype=object)
    decimals = 6 if is_geographic(crs) else 3
    projected = from_utm(array, crs, decimals) if crs != UTM32 else array
    geometries = [orjson.Fragment(t) for t in shapely.to_geojson(projected)] if len(array) else []
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs}"}},
        "features": [
            {"type": "Feature", "id": i, "geometry": g, "properties": p}
            for i, g, p in zip(ids, geometries, properties, strict=True)
        ],
    }
    path.write_bytes(orjson.dumps(document))


def write_layer(
    target: str | Path,
    driver: str,
    layer: str,
    geometries: Sequence,
    rows: list[dict],
    crs: int,
    types: dict[str, str] | None = None,
) -> None:
    """Write one layer (geometries in EPSG:25832, projected to ``crs``) with GDAL.

    ``types`` gives each field's type ("int", "bool", "float" or "str"), so a field has the
    same type in every layer whatever its values (all empty, say); booleans become 0/1
    integers where the format has none (Shapefile)."""
    import geopandas as gpd
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else list(types or ()))
    for column, kind in (types or {}).items():
        if column not in frame:
            continue
        if kind == "bool" and driver == "ESRI Shapefile":
            kind = "int"
        if kind == "int":
            frame[column] = pd.array(
                [None if pd.isna(v) else int(v) for v in frame[column]], dtype="Int32"
            )
        elif kind == "bool":
            frame[column] = frame[column].astype(bool)
        elif kind == "float":
            frame[column] = frame[column].astype("float64")
        else:
            frame[column] = frame[column].astype(object)
    if types is None:
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, int) or v is None).all() and (
                frame[column].map(lambda v: isinstance(v, int)).any()
            ):
                frame[column] = frame[column].astype("Int64")
    table = gpd.GeoDataFrame(frame, geometry=list(geometries), crs=f"EPSG:{UTM32}")
    if crs != UTM32:
        table = table.to_crs(crs)
    table.to_file(target, layer=layer, driver=driver, engine="pyogrio")


def write_geopackage(
    path: Path,
    layers: dict[str, tuple[Sequence, list[dict]]],
    crs: int = UTM32,
    types: dict[str, str] | None = None,
) -> None:
    """Add one layer per entry of ``layers`` (geometries in EPSG:25832, property rows)."""
    for name, (geometries, rows) in layers.items():
        write_layer(path, "GPKG", name, geometries, rows, crs, types)


LAYER_STYLES_TABLE = """CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
    f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
    useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)"""
"""The table QGIS keeps layer styles in, and reads a GeoPackage's default style from."""


def write_layer_styles(path: Path, styles: Sequence[tuple[str, str, str, str]]) -> None:
    """Store (layer, style name, QML, SLD) as each layer's default style in the GeoPackage."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(LAYER_STYLES_TABLE)
            geometry_columns = dict(
                connection.execute("SELECT table_name, column_name FROM gpkg_geometry_columns")
            )
            for layer, name, qml, sld in styles:
                connection.execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                    "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,"
                    " owner, ui) VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, '', NULL)",
                    (layer, geometry_columns.get(layer, "geom"), name, qml, sld, name),
                )
            connection.execute(
                "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier) "
                "VALUES ('layer_styles', 'attributes', 'layer_styles')"
            )
    finally:
        connection.close()
