"""Reading Kartverket's place names (Stedsnavn) as a user downloads them from Geonorge.

Two shapes are read:

* **GML** (SOSI product specification «Stedsnavn for vanlig bruk», GML 3.2): ``Sted``
  features holding ``stedsnummer``, ``navneobjekttype``, a ``posisjon`` (a ``gml:Point`` or
  ``gml:MultiPoint``, EPSG:25833 by default, the axis order of its CRS) and one or more
  ``stedsnavn/Stedsnavn`` with ``navnestatus``, ``språk`` and
  ``skrivemåte/Skrivemåte/komplettskrivemåte``. Elements are matched by local name, so each
  version of the schema's namespace reads.
* **GeoJSON**: Features whose properties carry ``stedsnummer``, ``navneobjekttype`` and the
  name as ``komplettskrivemåte`` (a text or a list) or nested as in the GML
  (``stedsnavn[].skrivemåte[].komplettskrivemåte``); coordinates in WGS84, or in the CRS the
  collection's ``crs`` member names (Geonorge's files use EPSG:25833).

Each name becomes a :class:`~arealweb.domain.places.Place` in EPSG:25832 with the kind its
``navneobjekttype`` maps to (:data:`KINDS`); lines and areas are placed at a point inside them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import orjson
import shapely
from pyproj import CRS
from shapely.geometry import Point

from arealweb.domain.errors import InvalidInput
from arealweb.domain.places import Place, PlaceKind
from arealweb.domain.text import N_
from arealweb.geo.crs import to_utm

DEFAULT_CRS = 25833
"""Kartverket's national sets are in ETRS89 / UTM 33N unless a file says otherwise."""

KINDS: dict[str, PlaceKind] = {
    **dict.fromkeys(
        ("by", "tettsted", "tettbebyggelse", "bygdelagBygd", "grend", "bydel"), PlaceKind.VILLAGE
    ),
    **dict.fromkeys(
        ("boligfelt", "tettstedsdel", "bebyggelse", "boligområde", "strøk"),
        PlaceKind.NEIGHBOURHOOD,
    ),
    **dict.fromkeys(("gard", "gård", "bruk", "seter", "setervoll"), PlaceKind.FARM),
    **dict.fromkeys(("innsjø", "vann", "tjern", "dam", "pytt", "vannISeriePlural"), PlaceKind.LAKE),
    **dict.fromkeys(("elv", "bekk", "elvesving", "foss"), PlaceKind.RIVER),
    **dict.fromkeys(
        ("øy", "øyISjø", "holme", "holmeISjø", "skjær", "øygruppeISjø", "halvøy", "halvøyISjø"),
        PlaceKind.ISLAND,
    ),
    **dict.fromkeys(("ås", "fjell", "topp", "høyde", "haug", "berg", "kolle"), PlaceKind.HILL),
    **dict.fromkeys(("skole", "skolekrets"), PlaceKind.SCHOOL),
    **dict.fromkeys(("park", "friområde", "idrettsanlegg"), PlaceKind.PARK),
    **dict.fromkeys(
        ("skog", "myr", "dal", "naturreservat", "vik", "bukt", "kile", "odde", "nes"),
        PlaceKind.NATURE,
    ),
    **dict.fromkeys(
        ("kirke", "bygning", "museum", "stasjon", "sykehus", "fyr", "bru", "kapell"),
        PlaceKind.LANDMARK,
    ),
    **dict.fromkeys(("senter", "forretningsbygg", "torg"), PlaceKind.CENTRE),
}


def read_place_names(path: Path) -> list[Place]:
    """Every name in the Stedsnavn file at ``path`` (``.gml``/``.xml`` or ``.geojson``/
    ``.json``) as places in EPSG:25832. InvalidInput when the file cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".gml", ".xml"):
            places = list(_from_gml(path))
        elif suffix in (".geojson", ".json"):
            places = list(_from_geojson(path))
        else:
            raise InvalidInput(
                N_("%(name)s: stedsnavn leses fra .gml eller .geojson"), name=path.name
            )
    except (
        ET.ParseError,
        orjson.JSONDecodeError,
        AttributeError,
        KeyError,
        TypeError,
        ValueError,
    ) as error:
        raise InvalidInput(
            N_("%(name)s kan ikke leses som Kartverkets stedsnavn: %(error)s"),
            name=path.name,
            error=str(error),
        ) from error
    return places


def _kind(navneobjekttype: str | None) -> PlaceKind:
    return KINDS.get((navneobjekttype or "").strip(), PlaceKind.OTHER)


def _place(number: str, name: str, kind: str | None, point: Point) -> Place:
    return Place(
        id=f"ssr-{number}",
        name=name.strip()[:200],
        kind=_kind(kind),
        geometry=point,
        source="stedsnavn",
    )


# GeoJSON --------------------------------------------------------------------------------------


def _from_geojson(path: Path) -> Iterator[Place]:
    document = orjson.loads(path.read_bytes())
    # A FeatureCollection, or (as some of Geonorge's downloads hold several feature types)
    # an object with one FeatureCollection per type: {"Sted": {...}, "Stedsnavn": {...}}.
    collections = (
        [document]
        if "features" in document
        else [v for v in document.values() if isinstance(v, dict) and "features" in v]
    )
    if not collections:
        raise ValueError("no FeatureCollection in the file")
    for collection in collections:
        crs = _crs_name(collection) or _crs_name(document) or 4326
        for number, feature in enumerate(collection["features"]):
            props = feature.get("properties") or {}
            name = _geojson_name(props)
            if not name or not feature.get("geometry"):
                continue
            geometry = shapely.geometry.shape(feature["geometry"])
            point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
            if point.is_empty:
                continue
            ident = props.get("stedsnummer") or props.get("lokalId") or f"{path.stem}-{number}"
            yield _place(str(ident), name, props.get("navneobjekttype"), to_utm(point, crs))


def _crs_name(collection: dict) -> str | None:
    return ((collection.get("crs") or {}).get("properties") or {}).get("name")


def _geojson_name(props: dict) -> str | None:
    flat = props.get("komplettskrivemåte") or props.get("stedsnavn_komplettskrivemåte")
    if isinstance(flat, list):
        flat = flat[0] if flat else None
    if isinstance(flat, str):
        return flat
    names = props.get("stedsnavn")
    if isinstance(names, dict):
        names = [names]
    if isinstance(names, list) and names:
        chosen = next((n for n in names if n.get("navnestatus") == "hovednavn"), names[0])
        spellings = chosen.get("skrivemåte")
        if isinstance(spellings, dict):
            spellings = [spellings]
        if spellings:
            return spellings[0].get("komplettskrivemåte")
    return None


# GML ------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_gml(path: Path) -> Iterator[Place]:
    for _event, element in ET.iterparse(path, events=("end",)):
        if _local(element.tag) != "Sted":
            continue
        place = _gml_place(element, path.stem)
        element.clear()
        if place is not None:
            yield place


def _gml_place(sted: ET.Element, stem: str) -> Place | None:
    number, kind, position, srs = None, None, None, None
    names: list[tuple[str | None, str]] = []
    for child in sted.iter():
        local = _local(child.tag)
        if local == "stedsnummer" and number is None:
            number = (child.text or "").strip()
        elif local == "navneobjekttype" and kind is None:
            kind = (child.text or "").strip()
        elif local in ("Point", "MultiPoint", "LineString", "Curve", "Polygon", "Surface"):
            srs = srs or child.get("srsName")
        elif local in ("pos", "posList") and position is None:
            position = (child.text or "").split()
        elif local == "Stedsnavn":
            status = next((c.text for c in child.iter() if _local(c.tag) == "navnestatus"), None)
            spelling = next(
                (c.text for c in child.iter() if _local(c.tag) == "komplettskrivemåte"), None
            )
            if spelling:
                names.append((status, spelling))
    if not names or not position or len(position) < 2:
        return None
    name = next((n for s, n in names if s == "hovednavn"), names[0][1])
    crs = CRS.from_user_input(srs) if srs else CRS.from_epsg(DEFAULT_CRS)
    first, second = float(position[0]), float(position[1])
    # The axis order is the CRS's: northing first for geographic CRSs (lat lon), easting
    # first for Kartverket's UTM zones.
    north_first = crs.axis_info and crs.axis_info[0].direction.lower() == "north"
    point = Point(second, first) if north_first else Point(first, second)
    source = crs.to_epsg() or DEFAULT_CRS
    return _place(number or f"{stem}-{id(sted)}", name, kind, to_utm(point, source))
