"""Replacing the municipal boundary, from a file or from Geonorge's kommuneinfo API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, shape
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import InvalidInput
from arealweb.domain.reference import Boundary
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone
from arealweb.geo.crs import epsg_code, parse_crs, to_utm
from arealweb.geo.files import read_features
from arealweb.geo.validation import invalidity, outside_distance_m
from arealweb.store.repository import Store

MIN_AREA_KM2 = 1.0
FETCH_TIMEOUT_S = 20


@dataclass
class BoundaryReport:
    outcome: str
    area_km2: float
    parts: int
    zones_outside: list[str]


def boundary_from_file(path: Path, kommunenummer: str, name: str = "Bærum") -> Boundary:
    """Read a boundary from a GeoJSON (FeatureCollection, Feature, bare geometry or Geonorge's
    ``{omrade: …}`` answer) or GeoPackage file; every polygon in it becomes one MultiPolygon."""
    if not path.is_file():
        raise InvalidInput(N_("fant ikke filen %(path)s"), path=str(path))
    if path.suffix.lower() in (".json", ".geojson"):
        try:
            document = json.loads(path.read_bytes())
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise InvalidInput(
                N_("filen er ikke gyldig JSON: %(reason)s"), reason=str(error)
            ) from None
        if isinstance(document, dict) and ("omrade" in document or "coordinates" in document):
            return boundary_from_geonorge(document, kommunenummer, f"fil: {path.name}")
    geometries = [f.geometry for f in read_features(path) if f.geometry is not None]
    return _boundary(shapely.union_all(geometries), kommunenummer, name, f"fil: {path.name}")


def boundary_from_geonorge(document: dict, kommunenummer: str, source: str) -> Boundary:
    """A boundary from kommuneinfo's answer, a bare GeoJSON geometry with an optional ``crs``."""
    geometry_doc = document.get("omrade", document)
    if not isinstance(geometry_doc, dict) or "coordinates" not in geometry_doc:
        raise InvalidInput(N_("svaret inneholder ingen geometri («omrade»)"))
    crs = 4326
    crs_name = ((geometry_doc.get("crs") or {}).get("properties") or {}).get("name")
    if crs_name:
        crs = epsg_code(parse_crs(crs_name)) or crs_name
    try:
        geometry = shape(geometry_doc)
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError):
        raise InvalidInput(N_("geometrien i svaret kan ikke leses")) from None
    name = document.get("kommunenavn") or "Bærum"
    return _boundary(
        to_utm(geometry, crs), document.get("kommunenummer") or kommunenummer, name, source
    )


def _boundary(geometry: BaseGeometry, kommunenummer: str, name: str, source: str) -> Boundary:
    if geometry is None or geometry.is_empty:
        raise InvalidInput(N_("filen inneholder ingen flater"))
    polygons = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon"]
    if not polygons:
        raise InvalidInput(N_("kommunegrensen må være en flate (Polygon eller MultiPolygon)"))
    multi = MultiPolygon(polygons)
    problem = invalidity(multi)
    if problem is not None:
        multi = shapely.make_valid(multi)
        if multi.geom_type == "Polygon":
            multi = MultiPolygon([multi])
        if multi.geom_type != "MultiPolygon":
            raise InvalidInput(problem.template, **problem.params)
    if multi.area / 1e6 < MIN_AREA_KM2:
        raise InvalidInput(
            N_("flaten er bare %(area).2f km²; er koordinatsystemet riktig?"), area=multi.area / 1e6
        )
    return Boundary(str(kommunenummer), name, multi, source)


def replace_boundary(store: Store, new: Boundary, tolerance_m: float) -> BoundaryReport:
    """Make ``new`` the boundary; report the zones that now reach outside it."""
    with store.write() as repo:
        outcome = repo.reference.save_boundary(new)
        outside = [z.name for z in repo.zones.all() if _outside(z, new.geometry, tolerance_m)]
    return BoundaryReport(outcome, new.geometry.area / 1e6, len(new.geometry.geoms), outside)


def _outside(zone: Zone, boundary: BaseGeometry, tolerance_m: float) -> bool:
    return outside_distance_m(zone.geometry, boundary) > tolerance_m


def fetch_boundary(url: str, kommunenummer: str) -> Boundary:
    """Download the official boundary from Geonorge's kommuneinfo API."""
    address = url.format(kommunenummer=kommunenummer)
    request = urllib.request.Request(address, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            document = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise InvalidInput(
            N_("Geonorge svarte %(status)s for %(url)s"), status=error.code, url=address
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise InvalidInput(
            N_(
                "kunne ikke hente kommunegrensen fra %(url)s (%(reason)s). Uten internett: "
                "last ned grensen et annet sted og bruk «arealweb boundary FIL»"
            ),
            url=address,
            reason=str(reason),
        ) from None
    except json.JSONDecodeError:
        raise InvalidInput(N_("svaret fra %(url)s er ikke JSON"), url=address) from None
    return boundary_from_geonorge(document, kommunenummer, f"Geonorge kommuneinfo: {address}")
