"""A zone's GeoJSON Feature as bytes, complete but for its ``goal_ids``, and the format mark
that tells whether bytes made by another release may be served.

A zone listing joins these heads with each zone's goal ids (read fresh on every request):
``head + orjson.dumps(goal_ids) + b"}}"``. The heads depend on the zone's row alone, so they are
kept per (zone, version): in each process's memory and, in WGS84, in the database
(``zone_features``), written with the zone and repaired by the listing that finds one missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache

import numpy as np
import shapely

from arealweb.domain.codes import AREALFORMAL, HENSYNSSONER
from arealweb.domain.zones import (
    CATEGORIES,
    SQUARE_METRES_PER_DAA,
    GoalLink,
    Zone,
    ZoneKind,
    ZoneStatus,
)
from arealweb.geo.crs import OgcCrs
from arealweb.geo.geojson import dumps, geometries_json

FORMAT_REVISION = 1
"""Bump when what a zone's Feature says changes in a way the canary zones below would not show
(for example a property only some zones carry, or a rule that now leaves rows out)."""

GOAL_IDS = b',"goal_ids":'
"""How every head ends: the listing appends the goal ids and closes properties and Feature."""


def zone_properties(zone: Zone, measure: float | None = None) -> dict:
    """The properties every zone Feature carries; areas and lengths computed in EPSG:25832.

    ``measure`` is the zone's area in daa or length in m when the caller computed it already
    (vectorised, for many zones at once).
    """
    properties = {
        "id": zone.id,
        "name": zone.name,
        "kind": zone.kind.value,
        "category": zone.category,
        "status": zone.status.value,
        "arealformal": zone.arealformal,
        "hensynssone": zone.hensynssone,
        "goal_ids": zone.goal_ids,
        "draft": zone.draft,
        "version": zone.version,
    }
    if zone.kind.is_area:
        properties["area_daa"] = round(zone.area_daa() if measure is None else measure, 3)
    else:
        properties["length_m"] = round(zone.length_m() if measure is None else measure, 1)
    return properties


def feature_heads(zones: Sequence[Zone], crs: OgcCrs | None = None) -> list[bytes]:
    """Each zone's Feature up to its goal ids (ending in :data:`GOAL_IDS`), geometries in
    WGS84 (RFC 7946) or in ``crs``; projected, measured and serialised in one vectorised pass."""
    if not zones:
        return []
    geometries = np.array([z.geometry for z in zones], dtype=object)
    fragments = geometries_json(geometries, crs)
    areas = shapely.area(geometries) / SQUARE_METRES_PER_DAA
    lengths = shapely.length(geometries)
    heads = []
    for n, (zone, geometry) in enumerate(zip(zones, fragments, strict=True)):
        properties = zone_properties(zone, float(areas[n] if zone.kind.is_area else lengths[n]))
        del properties["goal_ids"]
        document = {
            "type": "Feature",
            "id": zone.id,
            "geometry": geometry,
            "properties": properties,
        }
        heads.append(dumps(document)[:-2] + GOAL_IDS)
    return heads


@cache
def feature_format() -> str:
    """The mark stored with each head: :data:`FORMAT_REVISION` and a digest of the heads of
    two canary zones (an area and a line with every property set) and of the code lists a zone
    row is checked against, so that a release whose serialisation differs — in code, in
    rounding, in shapely, pyproj or orjson — or that accepts other codes never serves heads an
    older one stored."""
    canaries = [
        Zone(
            id="canary-area",
            kind=ZoneKind.DEVELOPMENT,
            category="vekstområde",
            name="Kanarifugl – «æøå»",
            geometry=shapely.MultiPolygon(
                [shapely.box(590_000.123456, 6_640_000.654321, 590_321.5, 6_640_250.25)]
            ),
            status=ZoneStatus.FRAMTIDIG,
            arealformal=1800,
            hensynssone=None,
            links=[GoalLink("goal", "")],
            version=7,
            draft=True,
        ),
        Zone(
            id="canary-line",
            kind=ZoneKind.CORRIDOR,
            category="grønnstruktur",
            name="Kanarilinje",
            geometry=shapely.MultiLineString(
                [[(590_000.5, 6_640_000.5), (591_234.987, 6_641_000)]]
            ),
            status=ZoneStatus.FRAMTIDIG,
            arealformal=None,
            hensynssone="H560",
            version=3,
        ),
    ]
    made = b"\n".join([*feature_heads(canaries), _accepted_rows()])
    return f"{FORMAT_REVISION}:{hashlib.blake2b(made, digest_size=8).hexdigest()}"


def _accepted_rows() -> bytes:
    """The code lists the rules for reading a zone row check (``zone_row_problems`` in
    ``arealweb/store/rows.py``): kinds and their categories, statuses, land-use and
    consideration codes. A release that takes a code out leaves the rows that use it out of
    listings; a head an older release stored for such a row must not be served instead."""
    return dumps(
        {
            "categories": {kind.value: sorted(CATEGORIES[kind]) for kind in ZoneKind},
            "statuses": [status.value for status in ZoneStatus],
            "arealformal": sorted(AREALFORMAL),
            "hensynssoner": sorted(HENSYNSSONER),
        }
    )
