"""The zone FeatureCollection, with each zone's Feature serialised once per version.

A cached Feature is complete but for its ``goal_ids``, which live in their own table and are
read fresh on every request; the document is then joined from bytes. In WGS84 (CRS84) the cache
is filled from the Features stored in the database with each zone (``zone_features``, read by
:mod:`arealweb.services.listing`), so a new process starts warm; the OGC API's other CRSs are
kept in this process's memory only.
"""

from __future__ import annotations

import threading

import orjson
from flask import current_app

from arealweb.domain.zones import Zone
from arealweb.geo.crs import CRS84, OgcCrs
from arealweb.geo.zone_json import feature_heads
from arealweb.http.store import current_store
from arealweb.services.listing import Listing, stored_heads

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

    def empty(self) -> bool:
        """Nothing kept yet (a new process): the listing reads every stored Feature at once."""
        return not self._entries

    def knows(self, zone_id: str, version: int) -> bool:
        entry = self._entries.get(zone_id)
        return entry is not None and entry[0] == version

    def add(self, zones: list[Zone]) -> None:
        made = dict(zip([z.id for z in zones], feature_heads(zones, self.crs), strict=True))
        with self._lock:
            self._entries.update({z.id: (z.version, made[z.id]) for z in zones})

    def put(self, heads: dict[str, tuple[int, bytes]]) -> None:
        """Keep heads made elsewhere (read from the database, or by the listing service)."""
        with self._lock:
            self._entries.update(heads)

    def collection(self, listing: Listing) -> bytes:
        return _OPEN + self.features(listing) + _CLOSE

    def features(self, listing: Listing) -> bytes:
        """The Features of ``listing.rows``, comma-separated (the inside of a JSON array)."""
        if listing.heads:
            self.put(listing.heads)
        self.add([zone for zone in listing.changed if zone.id not in listing.heads])
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


def keep_stored_features() -> int:
    """Fill the app's WGS84 cache with the Features stored with the zones, before the process's
    first request (:func:`~arealweb.app.prepare_worker`), so that its first listing is as quick
    as any later one; returns how many. A zone saved since is read at its new version by the
    listing, as always."""
    heads = stored_heads(current_store())
    feature_cache().put(heads)
    return len(heads)


def feature_cache(crs: OgcCrs | None = None) -> FeatureCache:
    """The app's cache of zone Features in WGS84 (what /api/v1/zones and the OGC API's CRS84
    share), or in ``crs``."""
    if crs is None or crs == CRS84:
        return current_app.extensions.setdefault(_KEY, FeatureCache())
    return current_app.extensions.setdefault(
        f"{_KEY}.{crs.code}.{crs.lat_first}", FeatureCache(crs)
    )
