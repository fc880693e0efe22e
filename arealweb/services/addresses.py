"""Addresses from Kartverket's open address API (``adresser/v1/sok``), asked by the server.

Optional (``AREALWEB_ADDRESS_SEARCH``) and never needed: a place search answers with its own
results when the API is slow, down or unreachable, and says so. Answers are kept for a while
(``ttl_s``), so typing the same prefix again, or many people looking up the same street, asks
the API once.

The API answers ``{"metadata": {…}, "adresser": [{"adressetekst": "Sandviksveien 1",
"postnummer": "1337", "poststed": "SANDVIKA", "kommunenummer": "3201",
"representasjonspunkt": {"epsg": "EPSG:4258", "lat": 59.89, "lon": 10.52}, …}, …]}``; a
point in EPSG:4258 (ETRS89) is within a metre of WGS84.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict

from arealweb.domain.places import Hit


class AddressesUnreachable(Exception):
    """The address API did not answer in time, or answered with something unusable."""


class AddressSearch:
    """A small client for ``adresser/v1/sok`` with a timeout and a cache of recent answers."""

    def __init__(
        self,
        url: str,
        kommunenummer: str,
        timeout_s: float = 2.0,
        ttl_s: float = 600.0,
        size: int = 500,
    ) -> None:
        self.url = url
        self.kommunenummer = kommunenummer
        self.timeout_s = timeout_s
        self.ttl_s = ttl_s
        self.size = size
        self._cache: OrderedDict[tuple[str, int], tuple[float, list[Hit]]] = OrderedDict()
        self._lock = threading.Lock()

    def search(self, query: str, limit: int) -> list[Hit]:
        """Addresses in the municipality matching ``query``; :class:`AddressesUnreachable`
        when the API cannot be asked."""
        key = (query.strip().casefold(), limit)
        now = time.monotonic()
        with self._lock:
            kept = self._cache.get(key)
            if kept is not None and now - kept[0] < self.ttl_s:
                self._cache.move_to_end(key)
                return kept[1]
        hits = self._ask(query.strip(), limit)
        with self._lock:
            self._cache[key] = (now, hits)
            self._cache.move_to_end(key)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return hits

    def _ask(self, query: str, limit: int) -> list[Hit]:
        parameters = urllib.parse.urlencode(
            {
                "sok": query,
                "kommunenummer": self.kommunenummer,
                "treffPerSide": limit,
                "side": 0,
                "asciiKompatibel": "true",
                "utkoordsys": 4258,
            }
        )
        request = urllib.request.Request(
            f"{self.url}?{parameters}", headers={"Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as answer:
                document = json.loads(answer.read())
        except (OSError, ValueError, urllib.error.URLError) as error:
            raise AddressesUnreachable(str(error)) from error
        try:
            return [_hit(entry) for entry in document.get("adresser", [])][:limit]
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise AddressesUnreachable(f"unexpected answer: {error}") from error


def _hit(entry: dict) -> Hit:
    point = entry["representasjonspunkt"]
    lon, lat = float(point["lon"]), float(point["lat"])
    text = str(entry["adressetekst"])
    where = " ".join(
        part for part in (entry.get("postnummer"), str(entry.get("poststed") or "").title()) if part
    )
    return Hit(
        source="address",
        id=f"{text}, {where}" if where else text,
        name=text,
        kind="address",
        score=1,
        bounds=(lon, lat, lon, lat),
        detail=where,
    )
