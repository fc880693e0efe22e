"""The zone FeatureCollection, with each zone's Feature serialised once per version.

A cached Feature is complete but for its ``goal_ids``, which live in their own table and are
read fresh on every request; the document is then joined from bytes. In WGS84 (CRS84) the cache
is filled from the Features stored in the database with each zone (``zone_features``, read by
:mod:`arealweb.services.listing`), so a new process starts warm; the OGC API's other CRSs are
kept in this process's memory only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import orjson
from flask import current_app

from arealweb.geo.crs import CRS84, OgcCrs
from arealweb.geo.zone_json import feature_heads
from arealweb.http.store import current_store
from arealweb.services.listing import Listing, stored_heads

_KEY = "arealweb.feature_cache"
_OPEN = b'{"type":"FeatureCollection","features":['
_CLOSE = b"]}"


class FeatureCache:
    """(zone id → version, Feature bytes up to its goal ids); shared by request threads.

    Geometries are in WGS84 (RFC 7946), or in ``crs`` for the OGC API's other CRSs. A request
    reads through a :meth:`view` taken before it asks what is known, and zones are forgotten by
    replacing the entries, never by deleting from them: a listing that counted on a zone still
    finds it however many listings forget it meanwhile."""

    def __init__(self, crs: OgcCrs | None = None) -> None:
        self.crs = crs
        self._entries: dict[str, tuple[int, bytes]] = {}
        self._lock = threading.Lock()

    def view(self) -> CacheView:
        return CacheView(self._entries)

    def put(self, heads: dict[str, tuple[int, bytes]]) -> None:
        """Keep heads made elsewhere (read from the database, or by the listing service)."""
        with self._lock:
            self._entries.update(heads)

    def collection(self, listing: Listing, view: CacheView) -> bytes:
        return _OPEN + self.features(listing, view) + _CLOSE

    def features(self, listing: Listing, view: CacheView) -> bytes:
        """The Features of ``listing.rows``, comma-separated (the inside of a JSON array): those
        ``view`` knew at their version, and those the listing read or made, kept from now on."""
        made = dict(listing.heads)
        new = [zone for zone in listing.changed if zone.id not in made]
        if new:
            heads = feature_heads(new, self.crs)
            made.update({z.id: (z.version, head) for z, head in zip(new, heads, strict=True)})
        entries = view.entries
        if made:
            self.put(made)
            if self._entries is not entries:  # forgotten meanwhile: put went to the new ones
                entries = {**entries, **made}
        return b",".join(
            entries[zone_id][1] + orjson.dumps(listing.goal_ids.get(zone_id, [])) + b"}}"
            for zone_id, _ in listing.rows
        )

    def keep_only(self, zone_ids: set[str]) -> None:
        """Forget zones that no longer exist."""
        with self._lock:
            if not self._entries.keys() <= zone_ids:
                self._entries = {k: v for k, v in self._entries.items() if k in zone_ids}


@dataclass(frozen=True)
class CacheView:
    """A :class:`FeatureCache`'s entries as a request began (the same dict while nothing is
    forgotten: what is kept meanwhile shows too)."""

    entries: dict[str, tuple[int, bytes]]

    def empty(self) -> bool:
        """Nothing kept (a process whose preparation did not keep the stored Features): the
        listing reads every stored Feature at once."""
        return not self.entries

    def knows(self, zone_id: str, version: int) -> bool:
        entry = self.entries.get(zone_id)
        return entry is not None and entry[0] == version


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
