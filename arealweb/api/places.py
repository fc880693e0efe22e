"""GET /api/v1/places (place search) and /api/v1/places/describe (where a point is, in words)."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_babel import gettext

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.inputs import BadParameter
from arealweb.domain.errors import Problem
from arealweb.domain.places import PlaceKind
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind, category_label
from arealweb.http.store import current_store
from arealweb.services import places
from arealweb.services.addresses import AddressSearch

SOURCE_LABELS = {
    "zone": N_("sone"),
    "station": N_("stasjon"),
    "goal": N_("mål"),
    "address": N_("adresse"),
}


def address_search() -> AddressSearch | None:
    """The app's address client when ``AREALWEB_ADDRESS_SEARCH`` is on, made once per app
    (so its cache is shared by every request of the process)."""
    config = current_app.config
    if not config.get("ADDRESS_SEARCH"):
        return None
    found = current_app.extensions.get("arealweb.addresses")
    if found is None:
        found = current_app.extensions.setdefault(
            "arealweb.addresses",
            AddressSearch(
                config["ADDRESS_API"],
                str(config.get("KOMMUNENUMMER", "3201")),
                float(config.get("ADDRESS_TIMEOUT_S", 2.0)),
            ),
        )
    return found


def _kind_label(hit) -> str:
    if hit.source == "place":
        return gettext(PlaceKind(hit.kind).label)
    if hit.source == "zone":
        return f"{gettext('sone')}: {gettext(category_label(ZoneKind(hit.kind), hit.detail))}"
    return gettext(SOURCE_LABELS[hit.source])


@api.get("/places")
def search_places():
    """Zones, goals' zones, stations, places (and addresses when turned on) matching ``q``."""
    inputs.only(("q", "limit"))
    query = inputs.text("q") or ""
    limit = int(inputs.number("limit", places.SEARCH_LIMIT, 1, 25))
    found = places.search(current_store(), query, limit, address_search())
    results = []
    for hit in found.hits:
        west, south, east, north = hit.bounds
        results.append(
            {
                "source": hit.source,
                "id": hit.id,
                "name": hit.name,
                "kind": hit.kind,
                "label": _kind_label(hit),
                "detail": hit.detail if hit.source != "zone" else "",
                "bounds": [west, south, east, north],
                "center": [round((west + east) / 2, 6), round((south + north) / 2, 6)],
            }
        )
    message = None
    if found.addresses == "unreachable":
        message = gettext("Adressesøket svarte ikke; viser bare steder og soner.")
    return jsonify(
        {"query": query, "results": results, "addresses": found.addresses, "message": message}
    )


@api.get("/places/describe")
def describe_place():
    """Where a point (``lon``, ``lat`` in WGS84) or a zone (``zone``) is, in words."""
    inputs.only(("lon", "lat", "zone"))
    zone_id = inputs.text("zone")
    lon = inputs.degrees("lon", -180.0, 180.0)
    lat = inputs.degrees("lat", -90.0, 90.0)
    if zone_id is not None and lon is None and lat is None:
        return jsonify({"text": places.describe_zone(current_store(), zone_id, gettext)})
    if lon is None or lat is None or zone_id is not None:
        raise BadParameter(Problem(N_("send enten lon og lat (WGS84) eller zone")))
    return jsonify({"text": places.describe_point(current_store(), lon, lat, gettext)})
