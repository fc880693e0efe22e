"""GET /api/v1/zones and /api/v1/zones/<id>."""

from __future__ import annotations

import hashlib

from flask import Response, request

from arealweb import __version__
from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import GEOJSON
from arealweb.api.features import feature_cache
from arealweb.api.inputs import BadParameter
from arealweb.api.serialise import goal_brief, zone_response
from arealweb.domain.errors import NotFound, Problem
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.http.store import current_store
from arealweb.services import listing, plan
from arealweb.services.queries import ZoneFilter

LEFT_OUT_HEADER = "X-Arealweb-Zones-Left-Out"
"""How many zone rows the listing left out because they break a rule of the plan."""


@api.get("/zones")
def list_zones() -> Response:
    """Zones as a FeatureCollection; filters ``kind``, ``goal`` (with every goal below it) and
    ``bbox`` (west,south,east,north in WGS84)."""
    inputs.only(["kind", "goal", "bbox"])
    selection = ZoneFilter(
        kind=inputs.choice("kind", ZoneKind),
        goal_id=inputs.text("goal"),
        bbox=inputs.bbox(),
    )
    cache = feature_cache()
    view = cache.view()
    try:
        found = listing.list_zones(current_store(), selection, view.knows, cold=view.empty())
    except NotFound:
        raise BadParameter(
            Problem(
                N_("goal=%(goal)s: det finnes ikke noe mål med den id-en"),
                {"goal": selection.goal_id},
            )
        ) from None
    etag = _listing_etag(found)
    # Rows that break a rule of the plan are left out; planners see them on /soner-med-feil.
    left_out = {LEFT_OUT_HEADER: str(found.skipped)}
    if etag in request.if_none_match:
        return Response(
            status=304, headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache", **left_out}
        )
    body = cache.collection(found, view)
    if selection == ZoneFilter():
        cache.keep_only({zone_id for zone_id, _ in found.rows})
    response = Response(body, mimetype=GEOJSON, headers=left_out)
    response.set_etag(etag)
    return response


def _listing_etag(found: listing.Listing) -> str:
    """The body follows from each zone's id, version and goal links (the cached Features are
    keyed by version) and the code that serialises them: hashing those is as strong a
    validator as hashing the 7 MB body, at a fraction of the cost."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{request.query_string.decode()}".encode())
    links = found.goal_ids
    # One string hashed at once (the same bytes as zone by zone, in a third of the time).
    digest.update(
        "".join(
            f"\x1e{zone_id}\x1f{version}\x1f{','.join(links.get(zone_id, ()))}"
            for zone_id, version in found.rows
        ).encode()
    )
    return digest.hexdigest()


@api.get("/zones/<zone_id>")
def get_zone(zone_id: str) -> Response:
    """One zone as a Feature, with each goal it realises and the chain up to the vision.

    Its ETag carries the zone's version: send it back in If-Match to edit the zone."""
    thread = plan.zone_thread(current_store(), zone_id)
    goals = [
        {
            **goal_brief(chain.goal),
            "rationale": chain.rationale,
            "chain": [goal_brief(g) for g in chain.chain],
        }
        for chain in thread.chains
    ]
    return zone_response(thread.zone, extra={"goals": goals})
