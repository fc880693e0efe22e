"""The OGC API's query parameters, each read into a typed value or a 400 naming it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

import shapely
from flask import current_app, request

from arealweb.api.inputs import BadParameter
from arealweb.api.ogc.blueprint import NotAcceptable
from arealweb.domain.errors import Problem
from arealweb.domain.text import N_
from arealweb.geo.crs import CRS84, OGC_CRSS, OgcCrs, from_ogc_crs

FILTER_PARAMETERS = ("filter", "filter-lang", "filter-crs")
"""Part 3's parameters: accepted (and not used yet), since GDAL copies the connection URL's
query parameters into every request."""
ITEMS_PARAMETERS = ("limit", "offset", "bbox", "bbox-crs", "datetime", "crs", *FILTER_PARAMETERS)
FORMATS = ("json", "html")


def _one(name: str) -> str | None:
    """``?name=`` as sent, None when absent or empty; sent twice with different values → 400
    (the same value twice is once: GDAL adds its connection URL's parameters to the ``next``
    links it follows, which carry them already)."""
    values = list(dict.fromkeys(request.args.getlist(name)))
    if len(values) > 1:
        raise BadParameter(Problem(N_("%(name)s kan bare sendes én gang"), {"name": name}))
    return values[0] if values and values[0] != "" else None


def only(allowed: Iterable[str]) -> None:
    """Refuse any query parameter but ``allowed``, ``f`` and ``lang``."""
    allowed = {*allowed, "f", "lang"}
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        raise BadParameter(
            Problem(
                N_("ukjent parameter %(names)s; tillatt er %(allowed)s"),
                {"names": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))},
            )
        )


def wants_html() -> bool:
    """``f=html``, or no ``f`` and an Accept header preferring HTML; ``f=json`` and ``*/*``
    (OWSLib's Accept) answer JSON. Another ``f`` → 406."""
    f = _one("f")
    if f is not None:
        if f not in FORMATS:
            raise NotAcceptable(
                Problem(
                    N_("f=%(value)s er ikke et format tjenesten har; bruk json eller html"),
                    {"value": f},
                )
            )
        return f == "html"
    best = request.accept_mimetypes.best_match(
        ["application/json", "application/geo+json", "text/html"]
    )
    return best == "text/html"


def _whole(name: str, default: int, low: int) -> int:
    raw = _one(name)
    if raw is None:
        return default
    message = Problem(
        N_("%(name)s må være et heltall fra %(low)d og oppover; fikk «%(value)s»"),
        {"name": name, "low": low, "value": raw},
    )
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise BadParameter(message)
    value = int(raw)
    if value < low:
        raise BadParameter(message)
    return value


def limit() -> int:
    """``limit``: from 1; the default and the maximum are settings, and a larger limit is
    clamped to the maximum (OGC API – Features Part 1, requirement 22 C)."""
    maximum = current_app.config["OGC_MAX_LIMIT"]
    return min(_whole("limit", min(current_app.config["OGC_DEFAULT_LIMIT"], maximum), 1), maximum)


def offset() -> int:
    return _whole("offset", 0, 0)


def crs(name: str, offered: Iterable[OgcCrs]) -> OgcCrs:
    """``crs`` or ``bbox-crs``: one of the collection's CRS URIs; CRS84 when absent."""
    raw = _one(name)
    if raw is None:
        return CRS84
    found = OGC_CRSS.get(raw.strip().strip("<>"))
    if found is None or found not in offered:
        raise BadParameter(
            Problem(
                N_("%(name)s=%(value)s er ikke en av samlingens CRS: %(choices)s"),
                {"name": name, "value": raw, "choices": ", ".join(c.uri for c in offered)},
            )
        )
    return found


def bbox(offered: Iterable[OgcCrs]):
    """``bbox`` (4 numbers, or 6 with heights, which are ignored) in ``bbox-crs``'s axis
    order, as a polygon in EPSG:25832; None when absent."""
    raw = _one("bbox")
    box_crs = crs("bbox-crs", offered)
    if raw is None:
        return None
    message = Problem(
        N_(
            "bbox må være fire tall: nedre hjørne og øvre hjørne i aksene til bbox-crs "
            "(CRS84: vest,sør,øst,nord i grader, f.eks. 10.50,59.88,10.60,59.93); fikk «%(value)s»"
        ),
        {"value": raw},
    )
    parts = raw.split(",")
    if len(parts) not in (4, 6):
        raise BadParameter(message)
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise BadParameter(message) from None
    if not all(math.isfinite(n) for n in numbers):
        raise BadParameter(message)
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    low_a, low_b, high_a, high_b = numbers
    if low_a > high_a or low_b > high_b:
        raise BadParameter(message)
    if box_crs.geographic:
        lon, lat = (1, 0) if box_crs.lat_first else (0, 1)
        west_east, south_north = (numbers[lon], numbers[lon + 2]), (numbers[lat], numbers[lat + 2])
        if not (west_east[0] >= -180 and west_east[1] <= 180):
            raise BadParameter(message)
        if not (south_north[0] >= -90 and south_north[1] <= 90):
            raise BadParameter(message)
    elif max(abs(n) for n in numbers) > 1e8:
        raise BadParameter(message)
    box = shapely.box(low_a, low_b, high_a, high_b)
    step = 0.01 if box_crs.geographic else 100.0
    return from_ogc_crs(shapely.segmentize(box, step), box_crs)


def datetime_range() -> tuple[datetime | None, datetime | None] | None:
    """``datetime``: an instant (a date is the whole day), or an interval ``a/b`` with ``..``
    (or nothing) for an open end; times without a zone are UTC."""
    raw = _one("datetime")
    if raw is None:
        return None
    message = Problem(
        N_(
            "datetime må være et tidspunkt eller et intervall etter RFC 3339, f.eks. "
            "2026-01-01T00:00:00Z, 2026-01-01/2026-06-30 eller 2026-01-01/..; fikk «%(value)s»"
        ),
        {"value": raw},
    )
    if "/" not in raw:
        start, end = _moment(raw, message)
        return start, end
    first, _, last = raw.partition("/")
    start = None if first in ("", "..") else _moment(first, message)[0]
    end = None if last in ("", "..") else _moment(last, message)[1]
    if start is None and end is None and first == last == "":
        raise BadParameter(message)
    if start is not None and end is not None and start > end:
        raise BadParameter(message)
    return start, end


def _moment(text: str, message: Problem) -> tuple[datetime, datetime]:
    """The first and last instant ``text`` names: a date names a whole day."""
    try:
        if len(text) == 10:
            day = datetime.fromisoformat(text).date()
            start = datetime.combine(day, time(), UTC)
            return start, start + timedelta(days=1) - timedelta(microseconds=1)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadParameter(message) from None
    if "T" not in text.upper():
        raise BadParameter(message)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment, moment
