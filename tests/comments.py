"""A citizen's comment posted straight through the service, for tests below the HTTP layer."""

from datetime import date

from arealweb.services import participation

POINT = {"type": "Point", "coordinates": [10.5635, 59.9150]}
"""Near Sandvika station, inside Bærum."""


def post(store, **props):
    """Post a comment on the demo's open consultation at ``POINT``; ``props`` change its fields."""
    document = {
        "type": "Feature",
        "geometry": POINT,
        "properties": {
            "consultation_id": "baerum-2040",
            "text": "Trygg skolevei trengs her",
            "kind": "problem her",
            "theme": "by- og stedsutvikling",
            **props,
        },
    }
    return participation.post_comment(store, document, today=date.today(), tolerance_m=50)
