"""A GeoJSON geometry (RFC 7946) checked before shapely reads it.

Every geometry anyone can send — a zone, a citizen's comment, a workshop sketch, a feature in
an imported GeoJSON file — passes :func:`checked_geometry`: a known type, positions of two or
three finite numbers, linear rings closed and of at least four positions, no more vertices
than the caller allows, and only the types the caller allows (a GeometryCollection is never
one). Validity (self-intersection) and place are shapely's and :mod:`arealweb.geo`'s to check.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, TypeAdapter

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.schemas.base import Schema, parse, rule

Position = Annotated[list[float], Field(min_length=2, max_length=3)]
Line = Annotated[list[Position], Field(min_length=2)]


def _closed(ring: list[list[float]]) -> list[list[float]]:
    if ring[0] != ring[-1]:
        raise rule(N_("ringen er ikke lukket: første og siste punkt må være like (RFC 7946)"))
    return ring


Ring = Annotated[list[Position], Field(min_length=4), AfterValidator(_closed)]


class Point(Schema):
    type: Literal["Point"]
    coordinates: Position


class MultiPoint(Schema):
    type: Literal["MultiPoint"]
    coordinates: Annotated[list[Position], Field(min_length=1)]


class LineString(Schema):
    type: Literal["LineString"]
    coordinates: Line


class MultiLineString(Schema):
    type: Literal["MultiLineString"]
    coordinates: Annotated[list[Line], Field(min_length=1)]


class Polygon(Schema):
    type: Literal["Polygon"]
    coordinates: Annotated[list[Ring], Field(min_length=1)]


class MultiPolygon(Schema):
    type: Literal["MultiPolygon"]
    coordinates: Annotated[list[Annotated[list[Ring], Field(min_length=1)]], Field(min_length=1)]


GEOMETRY = TypeAdapter(
    Annotated[
        Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon,
        Field(discriminator="type"),
    ]
)

AREAS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")
POINTS = ("Point", "MultiPoint")
ALL_TYPES = POINTS + LINES + AREAS

MAX_ZONE_VERTICES = 50_000
"""A zone's outline: detailed enough for Marka's border as municipal maps draw it."""
MAX_DRAWN_VERTICES = 2_000
"""What a citizen or a workshop group draws by hand on a map."""


def vertex_count(coordinates: list) -> int:
    """The number of positions in a GeoJSON ``coordinates`` array, however deeply nested."""
    if coordinates and isinstance(coordinates[0], float | int):
        return 1
    return sum(vertex_count(part) for part in coordinates)


def checked_geometry(
    document: object,
    allowed: tuple[str, ...],
    max_vertices: int,
    where: str | None = "geometry",
) -> dict:
    """``document`` if it is a GeoJSON geometry of an ``allowed`` type with at most
    ``max_vertices`` positions; InvalidInput saying what is wrong otherwise."""
    geometry = parse(GEOMETRY, document, where)
    if geometry.type not in allowed:
        raise InvalidInput(
            N_("geometritypen %(actual)s kan ikke brukes her; bruk %(expected)s"),
            where,
            actual=geometry.type,
            expected=", ".join(allowed),
        )
    count = vertex_count(geometry.coordinates)
    if count > max_vertices:
        raise InvalidInput(
            N_("geometrien har %(count)d punkter; høyst %(max)d er tillatt her"),
            where,
            count=count,
            max=max_vertices,
        )
    return document
