"""A citizen's comment for tests: the Feature the API takes, posted through the service below
the HTTP layer or through the API by a test client."""

import copy
import json
from datetime import date

from arealweb.http.store import current_store
from arealweb.services import participation

POINT = {"type": "Point", "coordinates": [10.5635, 59.9150]}
"""Near Sandvika station, inside Bærum."""


def feature(geometry: dict | None = POINT, **props) -> dict:
    """A comment on the demo's open consultation at ``geometry`` (None: on a zone, with
    ``zone_id``), asking for a safe way to school; ``props`` change its properties."""
    properties = {
        "consultation_id": "baerum-2040",
        "text": "Trygg skolevei trengs her",
        "kind": "problem her",
        "theme": "by- og stedsutvikling",
        **props,
    }
    return {"type": "Feature", "properties": properties, "geometry": copy.deepcopy(geometry)}


def post(store, **props):
    """Post a comment through the service; ``props`` as for :func:`feature`."""
    return participation.post_comment(store, feature(**props), today=date.today(), tolerance_m=50)


def sent(app, client, text: str, **extra) -> str:
    """Post a suggestion on climate and environment through the API — on a zone when ``extra``
    names one, else at ``POINT`` — and return its id (found by its receipt)."""
    geometry = None if "zone_id" in extra else POINT
    document = feature(geometry, text=text, kind="forslag", theme="klima og miljø", **extra)
    posted = json.loads(client.post("/api/v1/comments", json=document).data)
    with app.app_context():
        return participation.by_receipt(current_store(), posted["receipt_token"]).id
