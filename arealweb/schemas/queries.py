"""The shape of the API's query parameters: a map's extent, distances, numbers in a range,
yes-or-no flags, choices and short texts.

Every value of a query string is text, so these are read in pydantic's lax mode (``"500"`` is
the number 500); numbers must still be finite and within their range (``1e400``, ``nan`` and
``10**30`` are refused), and a repeated parameter is never read as one value.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, TypeAdapter, model_validator

from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.schemas.base import Identifier, Schema, Text, rule
from arealweb.schemas.choices import Choice

QUERY_TEXT = 500
"""Longer than any id or name a parameter names (ids are at most 64 characters)."""

WHOLE = 2**53
"""The largest whole number JSON and both databases hold exactly."""

Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]


class Bbox(Schema):
    """``bbox=west,south,east,north`` in WGS84 degrees, west of east and south of north."""

    west: Longitude
    south: Latitude
    east: Longitude
    north: Latitude

    @model_validator(mode="after")
    def _ordered(self) -> Bbox:
        if not (self.west < self.east and self.south < self.north):
            raise rule(N_("vest må være mindre enn øst og sør mindre enn nord"))
        return self


DISTANCES = TypeAdapter(
    Annotated[list[Annotated[int, Field(ge=50, le=5000)]], Field(min_length=1, max_length=5)]
)
"""``distances=500,1000``: one to five distances in whole metres."""


_NORWEGIAN = {"ja": "true", "nei": "false"}


def _yes_or_no(value: object) -> object:
    if isinstance(value, str):
        return _NORWEGIAN.get(value.strip().lower(), value.strip().lower())
    return value


FLAG = TypeAdapter(Annotated[bool, BeforeValidator(_yes_or_no)])
"""``1``, ``true``, ``yes``, ``ja``, ``on`` or ``0``, ``false``, ``no``, ``nei``, ``off``."""

WHOLE_NUMBER = TypeAdapter(Annotated[int, Field(ge=-WHOLE, le=WHOLE)])
"""A whole number both databases can compare with a column."""

PAGE_NUMBER = TypeAdapter(Annotated[int, Field(ge=1, le=WHOLE)])
"""A page of a long list, counted from 1."""

TEXT = TypeAdapter(Text(QUERY_TEXT))
"""An id, name or code sent as a parameter."""


@cache
def number_from(low: float, high: float) -> TypeAdapter:
    """A finite number from ``low`` to ``high``."""
    return TypeAdapter(Annotated[float, Field(ge=low, le=high, allow_inf_nan=False)])


@cache
def choice_of(enum: type) -> TypeAdapter:
    """One of the members of ``enum``, by value or by label, in any case."""
    return TypeAdapter(Choice(enum))


DEGREES_ONLY = ("geojson", "kml")
"""Formats written in WGS84 degrees whatever is asked: GeoJSON (RFC 7946) and KML."""


class ZoneExport(Schema):
    """``GET /api/v1/exports/zones``: the file's ``format``, its ``crs`` (an EPSG code; GeoJSON
    and KML are always in EPSG:4326) and which zones: of one ``kind``, realising ``goal`` or a
    goal below it."""

    format: Literal["gpkg", "geojson", "fgb", "kml", "shp"]
    crs: Literal["25832", "25833", "4258", "4326"] | None = None
    kind: Choice(ZoneKind) | None = None
    goal: Identifier | None = None

    @model_validator(mode="after")
    def _degrees(self) -> ZoneExport:
        if self.format in DEGREES_ONLY and self.crs not in (None, "4326"):
            raise rule(
                N_("%(format)s er alltid i WGS84 (EPSG:4326); send crs=4326 eller ingen crs"),
                format="GeoJSON" if self.format == "geojson" else "KML",
            )
        return self
