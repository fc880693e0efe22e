"""A QGIS project file for editing the plan in QGIS: open one file and work.

The project (``.qgs``, QGIS 3.22 XML) holds the three editing layers (the ``editing`` schema's
views, one per kind, whose ``INSTEAD OF`` triggers keep arealweb's rules and write history),
the municipal boundary and the stations (read-only), in EPSG:25832, opening on Bærum, drawn
as the web map draws them (:mod:`arealweb.services.export_styles`). The code lists become
QGIS value maps, so a planner picks a category, status, KpArealformål or hensynssone from a
list; ``version`` and ``updated_at`` are read-only, and a new feature gets an id as arealweb
gives one.

The project is written without QGIS: plain XML, checked against Debian's QGIS 3.22 in
``tests/qgis``. No password is written unless asked for: QGIS asks for it, or reads it from
a ``pg_service.conf`` service or ``~/.pgpass``.
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyproj

from arealweb.domain.codes import AREALFORMAL, HENSYNSSONER
from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.domain.zones import CATEGORIES, ZoneKind, ZoneStatus
from arealweb.services import export_styles
from arealweb.store.repository import Store

Translate = Callable[[str], str]

SRID = 25832
EDITING_SCHEMA = "editing"
EDITING_VIEWS = {
    ZoneKind.DEVELOPMENT: "development_zones",
    ZoneKind.PROTECTION: "protection_zones",
    ZoneKind.CORRIDOR: "corridors",
}
LAYER_NAMES = {
    ZoneKind.DEVELOPMENT: N_("Utviklingsområder"),
    ZoneKind.PROTECTION: N_("Vernede områder"),
    ZoneKind.CORRIDOR: N_("Korridorer"),
}
BOUNDARY_NAME = N_("Kommunegrensen")
STATIONS_NAME = N_("Stasjoner")

BAERUM_EXTENT = (575_000.0, 6_635_000.0, 592_000.0, 6_656_500.0)
"""Bærum in EPSG:25832, for a database without a boundary yet."""
EXTENT_MARGIN = 0.05

NEW_ID = "replace(uuid('WithoutBraces'), '-', '')"
"""A new feature's id, as arealweb makes one (32 hexadecimal digits)."""
VALUE_MAP_NULL = "{2839923C-8B7D-419E-B84B-CA2FE9B80EC7}"
"""QGIS's value standing for NULL in a value map."""
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")

FIELD_ALIASES = {
    "id": N_("Id"),
    "name": N_("Navn"),
    "category": N_("Kategori"),
    "status": N_("Status"),
    "arealformal": N_("Arealformål"),
    "hensynssone": N_("Hensynssone"),
    "description": N_("Beskrivelse"),
    "draft": N_("Utkast"),
    "version": N_("Versjon"),
    "updated_at": N_("Endret"),
}
"""The editing views' columns, in their order, with the names a planner sees."""
READ_ONLY_FIELDS = ("version", "updated_at")
REQUIRED_FIELDS = ("id", "name", "category", "status")


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Connection:
    """How QGIS reaches the database: a ``pg_service.conf`` service, or host, port and name."""

    dbname: str | None
    host: str | None
    port: int | None
    user: str | None
    password: str | None
    sslmode: str
    service: str | None = None

    def uri(self) -> str:
        """The connection part of a QGIS PostgreSQL datasource, as QGIS writes it."""
        parts = []
        if self.service:
            parts.append(f"service={_quote(self.service)}")
        if self.dbname:
            parts.append(f"dbname={_quote(self.dbname)}")
        if self.host:
            parts.append(f"host={self.host}")
        if self.port:
            parts.append(f"port={self.port}")
        if self.user:
            parts.append(f"user={_quote(self.user)}")
        if self.password is not None:
            parts.append(f"password={_quote(self.password)}")
        parts.append(f"sslmode={self.sslmode}")
        return " ".join(parts)


def _quote(value: str) -> str:
    """A value quoted as QGIS's ``QgsDataSourceUri`` quotes it."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class Layer:
    id: str
    name: str
    schema: str
    table: str
    key: str
    wkb_type: str
    renderer: str
    editable: bool
    kind: ZoneKind | None = None

    @property
    def geometry(self) -> str:
        return {"MultiPolygon": "Polygon", "MultiLineString": "Line", "Point": "Point"}[
            self.wkb_type
        ]

    def datasource(self, connection: Connection) -> str:
        return (
            f"{connection.uri()} key='{self.key}' srid={SRID} type={self.wkb_type} "
            f"checkPrimaryKeyUnicity='0' "
            f'table="{self.schema}"."{self.table}" (geom)'
        )


@dataclass(frozen=True)
class ProjectSummary:
    path: Path
    layers: list[str]
    database: str
    user: str | None
    service: str | None
    password_written: bool


def connection_of(
    store: Store,
    *,
    user: str | None = None,
    service: str | None = None,
    with_password: bool = False,
) -> Connection:
    """How QGIS is to reach ``store``'s database, as ``user`` (default: the store's own) or
    through the ``pg_service.conf`` service ``service``; a password only ``with_password``."""
    url = store.engine.url
    if url.get_backend_name() != "postgresql":
        raise InvalidInput(
            N_(
                "QGIS-prosjektet trenger PostGIS: databasen er %(backend)s. Bruk "
                "--database-url postgresql+psycopg://…"
            ),
            backend=url.get_backend_name(),
        )
    sslmode = url.query.get("sslmode", "prefer")
    if isinstance(sslmode, tuple):
        sslmode = sslmode[-1]
    if sslmode not in SSL_MODES:
        raise InvalidInput(N_("ukjent sslmode: %(mode)s"), mode=sslmode)
    if service:
        if with_password:
            raise InvalidInput(
                N_("med --service står passordet i pg_service.conf; dropp --with-password")
            )
        return Connection(None, None, None, user, None, sslmode, service)
    role = user or url.username
    password = None
    if with_password:
        if role != url.username or not url.password:
            raise InvalidInput(
                N_(
                    "kjenner ikke passordet til %(user)s: --with-password skriver bare "
                    "passordet fra --database-url, for brukeren der"
                ),
                user=role or "",
            )
        password = url.password
    return Connection(url.database, url.host, url.port, role, password, sslmode)


def project_layers(translate: Translate = _same) -> list[Layer]:
    """The project's layers, top of the map first: stations, the three kinds, the boundary."""
    zones = [
        Layer(
            id=f"arealweb_{kind.value}",
            name=translate(LAYER_NAMES[kind]),
            schema=EDITING_SCHEMA,
            table=EDITING_VIEWS[kind],
            key="id",
            wkb_type="MultiPolygon" if kind.is_area else "MultiLineString",
            renderer=export_styles.renderer(kind, translate),
            editable=True,
            kind=kind,
        )
        for kind in (ZoneKind.CORRIDOR, ZoneKind.DEVELOPMENT, ZoneKind.PROTECTION)
    ]
    stations = Layer(
        "arealweb_stations",
        translate(STATIONS_NAME),
        "public",
        "stations",
        "id",
        "Point",
        export_styles.stations_renderer(translate),
        editable=False,
    )
    boundary = Layer(
        "arealweb_boundary",
        translate(BOUNDARY_NAME),
        "public",
        "boundary",
        "kommunenummer",
        "MultiPolygon",
        export_styles.boundary_renderer(),
        editable=False,
    )
    return [stations, *zones, boundary]


def plan_extent(store: Store) -> tuple[float, float, float, float]:
    """The municipal boundary's extent with a margin (Bærum's when there is no boundary)."""
    with store.read() as repo:
        boundary = repo.reference.boundary()
    xmin, ymin, xmax, ymax = boundary.geometry.bounds if boundary else BAERUM_EXTENT
    dx, dy = (xmax - xmin) * EXTENT_MARGIN, (ymax - ymin) * EXTENT_MARGIN
    return xmin - dx, ymin - dy, xmax + dx, ymax + dy


def write_qgis_project(
    store: Store,
    path: Path,
    *,
    user: str | None = None,
    service: str | None = None,
    with_password: bool = False,
    translate: Translate = _same,
) -> ProjectSummary:
    """Write the QGIS project for editing ``store``'s plan to ``path``."""
    connection = connection_of(store, user=user, service=service, with_password=with_password)
    layers = project_layers(translate)
    document = project_xml(connection, layers, plan_extent(store), translate)
    if connection.password is None:
        path.write_bytes(document)
    else:
        _write_private(path, document)
    return ProjectSummary(
        path=path,
        layers=[layer.name for layer in layers],
        database=store.engine.url.render_as_string(hide_password=True),
        user=connection.user,
        service=service,
        password_written=connection.password is not None,
    )


def _write_private(path: Path, data: bytes) -> None:
    """A file holding a password, readable by its owner only (0600), also when it was there."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


# The XML ---------------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


@functools.cache
def _wkt() -> str:
    return pyproj.CRS.from_epsg(SRID).to_wkt()


def _crs(parent: ET.Element) -> None:
    """EPSG:25832 as QGIS writes a CRS (without the WKT, QGIS takes the PROJ string for
    EPSG:6707)."""
    srs = _sub(parent, "spatialrefsys")
    _sub(srs, "wkt", _wkt())
    _sub(srs, "proj4", "+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs")
    _sub(srs, "srid", str(SRID))
    _sub(srs, "authid", f"EPSG:{SRID}")
    _sub(srs, "description", "ETRS89 / UTM zone 32N")
    _sub(srs, "projectionacronym", "utm")
    _sub(srs, "ellipsoidacronym", "EPSG:7019")
    _sub(srs, "geographicflag", "false")


def _option(parent: ET.Element, value, name: str | None = None) -> None:
    """A QGIS ``Option`` (a variant): a map from a dict, a list from a list, else a value."""
    attributes = {} if name is None else {"name": name}
    if isinstance(value, dict):
        element = _sub(parent, "Option", type="Map", **attributes)
        for key, item in value.items():
            _option(element, item, key)
    elif isinstance(value, list):
        element = _sub(parent, "Option", type="List", **attributes)
        for item in value:
            _option(element, item)
    elif isinstance(value, bool):
        _sub(parent, "Option", type="bool", value="true" if value else "false", **attributes)
    elif isinstance(value, int):
        _sub(parent, "Option", type="int", value=str(value), **attributes)
    else:
        _sub(parent, "Option", type="QString", value=str(value), **attributes)


def _value_map(entries: list[tuple[str, str]], nullable: bool, translate: Translate) -> dict:
    values = [{translate(label): code} for code, label in entries]
    if nullable:
        values.insert(0, {translate(N_("(ingen)")): VALUE_MAP_NULL})
    return {"map": values}


def _widgets(kind: ZoneKind, translate: Translate) -> dict[str, tuple[str, dict]]:
    return {
        "category": ("ValueMap", _value_map(list(CATEGORIES[kind].items()), False, translate)),
        "status": (
            "ValueMap",
            _value_map([(s.value, s.label) for s in ZoneStatus], False, translate),
        ),
        "arealformal": (
            "ValueMap",
            _value_map(
                [(str(code), f"{code} {translate(label)}") for code, label in AREALFORMAL.items()],
                True,
                _same,
            ),
        ),
        "hensynssone": (
            "ValueMap",
            _value_map(
                [(code, f"{code} {translate(label)}") for code, label in HENSYNSSONER.items()],
                True,
                _same,
            ),
        ),
        "description": ("TextEdit", {"IsMultiline": True, "UseHtml": False}),
        "draft": ("CheckBox", {"CheckedState": "", "UncheckedState": "", "TextDisplayMethod": 0}),
        "updated_at": (
            "DateTime",
            {
                "allow_null": True,
                "calendar_popup": False,
                "display_format": "yyyy-MM-dd HH:mm:ss",
                "field_format": "yyyy-MM-dd HH:mm:ss",
                "field_iso_format": False,
            },
        ),
    }


DEFAULTS = {
    "id": NEW_ID,
    "status": f"'{ZoneStatus.FRAMTIDIG.value}'",
    "description": "''",
    "draft": "false",
}


def _editing_fields(element: ET.Element, kind: ZoneKind, translate: Translate) -> None:
    widgets = _widgets(kind, translate)
    configuration = _sub(element, "fieldConfiguration")
    for name in FIELD_ALIASES:
        field = _sub(configuration, "field", name=name, configurationFlags="None")
        widget, config = widgets.get(name, ("TextEdit", {"IsMultiline": False, "UseHtml": False}))
        edit = _sub(field, "editWidget", type=widget)
        _option(_sub(edit, "config"), config)
    aliases = _sub(element, "aliases")
    for index, (name, alias) in enumerate(FIELD_ALIASES.items()):
        _sub(aliases, "alias", field=name, index=str(index), name=translate(alias))
    defaults = _sub(element, "defaults")
    for name in FIELD_ALIASES:
        _sub(defaults, "default", field=name, expression=DEFAULTS.get(name, ""), applyOnUpdate="0")
    constraints = _sub(element, "constraints")
    for name in FIELD_ALIASES:
        required = name in REQUIRED_FIELDS
        flags = (1 if required else 0) | (2 if name == "id" else 0)
        _sub(
            constraints,
            "constraint",
            field=name,
            constraints=str(flags),
            notnull_strength="1" if required else "0",
            unique_strength="1" if name == "id" else "0",
            exp_strength="0",
        )
    editable = _sub(element, "editable")
    for name in FIELD_ALIASES:
        _sub(editable, "field", name=name, editable="0" if name in READ_ONLY_FIELDS else "1")
    _sub(element, "previewExpression", '"name"')


def _map_layer(parent: ET.Element, layer: Layer, connection: Connection, translate) -> None:
    element = _sub(
        parent,
        "maplayer",
        type="vector",
        geometry=layer.geometry,
        wkbType=layer.wkb_type,
        readOnly="0" if layer.editable else "1",
        autoRefreshEnabled="0",
        refreshOnNotifyEnabled="0",
        hasScaleBasedVisibilityFlag="0",
        minScale="100000000",
        maxScale="0",
        labelsEnabled="0",
        styleCategories="AllStyleCategories",
    )
    _sub(element, "id", layer.id)
    _sub(element, "datasource", layer.datasource(connection))
    _sub(element, "layername", layer.name)
    _crs(_sub(element, "srs"))
    _sub(element, "provider", "postgres", encoding="")
    flags = _sub(element, "flags")
    for flag, value in (("Identifiable", "1"), ("Removable", "1"), ("Searchable", "1")):
        _sub(flags, flag, value)
    element.append(ET.fromstring(layer.renderer))
    _sub(element, "blendMode", "0")
    _sub(element, "featureBlendMode", "0")
    _sub(element, "layerOpacity", "1")
    if layer.kind is not None:
        _editing_fields(element, layer.kind, translate)
    else:
        _sub(element, "previewExpression", '"name"')


def project_xml(
    connection: Connection,
    layers: list[Layer],
    extent: tuple[float, float, float, float],
    translate: Translate = _same,
) -> bytes:
    """The project document (UTF-8 XML) with ``layers``, opening on ``extent``."""
    root = ET.Element("qgis", version="3.22.0", projectname=translate(N_("arealweb: planen")))
    _sub(root, "homePath", path="")
    _sub(root, "title", translate(N_("arealweb: planen")))
    _sub(root, "autotransaction", active="0")
    _sub(root, "evaluateDefaultValues", active="0")
    _sub(root, "trust", active="0")
    _crs(_sub(root, "projectCrs"))
    tree = _sub(root, "layer-tree-group")
    for layer in layers:
        _sub(
            tree,
            "layer-tree-layer",
            id=layer.id,
            name=layer.name,
            providerKey="postgres",
            source=layer.datasource(connection),
            checked="Qt::Checked",
            expanded="1" if layer.kind is not None else "0",
        )
    project_layers_element = _sub(root, "projectlayers")
    for layer in layers:
        _map_layer(project_layers_element, layer, connection, translate)
    order = _sub(root, "layerorder")
    for layer in layers:
        _sub(order, "layer", id=layer.id)
    properties = _sub(root, "properties")
    _sub(_sub(properties, "SpatialRefSys"), "ProjectionsEnabled", "1", type="int")
    _sub(_sub(properties, "Paths"), "Absolute", "false", type="bool")
    view = _sub(root, "ProjectViewSettings", UseProjectScales="0", rotation="0")
    _sub(view, "Scales")
    xmin, ymin, xmax, ymax = (f"{value:.0f}" for value in extent)
    default_extent = _sub(view, "DefaultViewExtent", xmin=xmin, ymin=ymin, xmax=xmax, ymax=ymax)
    _crs(default_extent)
    ET.indent(root)
    return (
        b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        + ET.tostring(root, encoding="utf-8", xml_declaration=False)
        + b"\n"
    )
