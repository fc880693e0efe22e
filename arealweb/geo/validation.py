"""Checks every zone geometry must pass, with messages that say where the fault is."""

from __future__ import annotations

import re

import shapely
from shapely.geometry import MultiLineString, MultiPolygon
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import Problem
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.geo.crs import to_wgs84
from arealweb.schemas.geometry import MAX_ZONE_VERTICES

MIN_AREA_M2 = 100.0
MIN_LENGTH_M = 20.0

_REASON = re.compile(r"^(?P<what>[^\[]+)\[(?P<x>[-\d.e+]+) (?P<y>[-\d.e+]+)\]")
_REASONS = {
    "Self-intersection": N_("krysser seg selv"),
    "Ring Self-intersection": N_("en ring krysser seg selv"),
    "Too few points in geometry component": N_("har for få punkter"),
    "Hole lies outside shell": N_("har et hull utenfor ytterkanten"),
    "Nested shells": N_("har ytterkanter inni hverandre"),
    "Interior is disconnected": N_("har et innside som er delt i to"),
    "Nested holes": N_("har hull inni hull"),
    "Invalid Coordinate": N_("har en ugyldig koordinat"),
}


def where_in_wgs84(x: float, y: float) -> str:
    """A spot in EPSG:25832 written as latitude, longitude for a person to look up."""
    point = to_wgs84(shapely.Point(x, y), decimals=5)
    return f"{point.y:.5f} N, {point.x:.5f} Ø"


def invalidity(geometry: BaseGeometry) -> Problem | None:
    """Why ``geometry`` (EPSG:25832) is not valid, and where, or None when it is valid."""
    if shapely.is_valid(geometry):
        return None
    reason = shapely.is_valid_reason(geometry)
    match = _REASON.match(reason)
    if not match:
        return Problem(N_("geometrien er ugyldig (%(reason)s)"), {"reason": reason})
    what = match["what"].strip()
    return Problem(
        N_("geometrien %(what)s ved %(place)s"),
        {
            "what": _REASONS.get(what, what),
            "place": where_in_wgs84(float(match["x"]), float(match["y"])),
        },
    )


def as_multi(geometry: BaseGeometry) -> BaseGeometry:
    """Polygon → MultiPolygon and LineString → MultiLineString; others unchanged."""
    if geometry.geom_type == "Polygon":
        return MultiPolygon([geometry])
    if geometry.geom_type == "LineString":
        return MultiLineString([geometry])
    return geometry


def geometry_problems(
    geometry: BaseGeometry | None,
    kind: ZoneKind,
    boundary: BaseGeometry | None,
    tolerance_m: float,
    where: str | None = None,
) -> list[Problem]:
    """Everything wrong with a zone geometry in EPSG:25832; empty when it may be stored."""

    def problem(template: str, **params: object) -> list[Problem]:
        return [Problem(template, params, where)]

    if geometry is None or geometry.is_empty:
        return problem(N_("geometrien er tom"))
    if geometry.geom_type not in kind.geometry_types:
        return problem(
            N_("en sone av typen %(kind)s må være %(expected)s, ikke %(actual)s"),
            kind=kind.value,
            expected=" eller ".join(kind.geometry_types),
            actual=geometry.geom_type,
        )
    vertices = shapely.get_num_coordinates(geometry)
    if vertices > MAX_ZONE_VERTICES:
        return problem(
            N_("geometrien har %(count)d punkter; høyst %(max)d er tillatt her"),
            count=vertices,
            max=MAX_ZONE_VERTICES,
        )
    invalid = invalidity(geometry)
    if invalid:
        invalid.where = where
        return [invalid]
    if kind.is_area and geometry.area < MIN_AREA_M2:
        return problem(
            N_("området er bare %(area).0f m²; minste areal er %(min).0f m²"),
            area=geometry.area,
            min=MIN_AREA_M2,
        )
    if not kind.is_area and geometry.length < MIN_LENGTH_M:
        return problem(
            N_("linjen er bare %(length).1f m; minste lengde er %(min).0f m"),
            length=geometry.length,
            min=MIN_LENGTH_M,
        )
    if boundary is not None:
        outside = outside_distance_m(geometry, boundary)
        if outside > tolerance_m:
            return problem(
                N_("ligger utenfor Bærum kommune (opptil %(metres).0f m utenfor kommunegrensen)"),
                metres=outside,
            )
    return []


def outside_distance_m(geometry: BaseGeometry, boundary: BaseGeometry) -> float:
    """How far the farthest point of ``geometry`` lies outside ``boundary`` (0 if inside).

    Edges are cut into pieces of at most 10 m first, so an edge that bulges out past a corner of
    the boundary counts too, not only the vertices.
    """
    if shapely.covers(boundary, geometry):
        return 0.0
    outside = shapely.difference(shapely.segmentize(geometry, 10.0), boundary)
    points = shapely.points(shapely.get_coordinates(outside))
    return float(shapely.distance(boundary, points).max())
