"""The zone FeatureCollection, with each zone's Feature serialised once per version.

A cached Feature is complete but for its ``goal_ids``, which live in their own table and are
read fresh on every request; the document is then joined from bytes.
"""

from __future__ import annotations

import threading

import numpy as np
import orjson
import shapely
from flask import current_app

from arealweb.api.serialise import zone_properties
from arealweb.domain.zones import SQUARE_METRES_PER_DAA, Zone
from arealweb.geo.crs import CRS84, OgcCrs
from arealweb.geo.geojson import dumps, geometries_json
from arealweb.services.listing import Listing

_KEY = "arealweb.feature_cache"
_OPEN = b'{"type":"FeatureCollection","features":['
_CLOSE = b"]}"


class FeatureCache:
    """(zone id → version, Feature bytes up to its goal ids); shared by request threads.

    Geometries are in WGS84 (RFC 7946), or in ``crs`` for the OGC API's other CRSs."""

    def __init__(self, crs: OgcCrs | None = None) -> None:
        self.crs = crs
        self._entries: dict[str, tuple[int, bytes]] = {}
        self._lock = threading.Lock()

    def knows(self, zone_id: str, version: int) -> bool:
        entry = self._entries.get(zone_id)
        return entry is not None and entry[0] == version

    def add(self, zones: list[Zone]) -> None:
        geometries = np.array([z.geometry for z in zones], dtype=object)
        fragments = geometries_json(geometries, self.crs)
        areas = shapely.area(geometries) / SQUARE_METRES_PER_DAA
        lengths = shapely.length(geometries)
        made = {}
        for n, (zone, geometry) in enumerate(zip(zones, fragments, strict=True)):
            properties = zone_properties(zone, float(areas[n] if zone.kind.is_area else lengths[n]))
            del properties["goal_ids"]
            feature = dumps(
                {"type": "Feature", "id": zone.id, "geometry": geometry, "properties": properties}
            )
            made[zone.id] = (zone.version, feature[:-2] + b',"goal_ids":')
        with self._lock:
            self._entries.update(made)

    def collection(self, listing: Listing) -> bytes:
        return _OPEN + self.features(listing) + _CLOSE

    def features(self, listing: Listing) -> bytes:
        """The Features of ``listing.rows``, comma-separated (the inside of a JSON array)."""
        self.add(listing.changed)
        entries = self._entries
        return b",".join(
            entries[zone_id][1] + orjson.dumps(listing.goal_ids.get(zone_id, [])) + b"}}"
            for zone_id, _ in listing.rows
        )

    def keep_only(self, zone_ids: set[str]) -> None:
        """Forget zones that no longer exist."""
        with self._lock:
            for gone in set(self._entries) - zone_ids:
                del self._entries[gone]


def feature_cache(crs: OgcCrs | None = None) -> FeatureCache:
    """The app's cache of zone Features in WGS84 (what /api/v1/zones and the OGC API's CRS84
    share), or in ``crs``."""
    if crs is None or crs == CRS84:
        return current_app.extensions.setdefault(_KEY, FeatureCache())
    return current_app.extensions.setdefault(
        f"{_KEY}.{crs.code}.{crs.lat_first}", FeatureCache(crs)
    )
