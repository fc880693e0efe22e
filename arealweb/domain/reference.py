"""Reference layers: the municipal boundary and the stations of rail and metro."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import MultiPolygon, Point


@dataclass(frozen=True)
class Boundary:
    """The municipality's outline in EPSG:25832 (a MultiPolygon: Bærum has islands)."""

    kommunenummer: str
    name: str
    geometry: MultiPolygon
    source: str = ""


@dataclass(frozen=True)
class Station:
    """A rail, metro or planned Fornebu line station; ``geometry`` in EPSG:25832."""

    id: str
    name: str
    line: str
    geometry: Point
    planned: bool = False
    approximate: bool = False
