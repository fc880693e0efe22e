"""Who sees what through the OGC API: exactly what they may see through the site and /api/v1."""

import json

from tests.api.ogc.conftest import every_page, read
from tests.comments import POINT
from tests.comments import feature as comment
from tests.places import HASLUM


def _comment(client, text: str) -> str:
    document = comment(text=text, name="Ola Nordmann", age_group="13–17")
    response = client.post("/api/v1/comments", json=document)
    assert response.status_code == 201, response.data
    return json.loads(response.data)["id"]


def test_comments_are_the_publics_view_published_only_without_names(client, planner):
    shown = _comment(client, "Trygg skolevei trengs her")
    waiting = _comment(client, "Ikke moderert ennå")
    refused = _comment(client, "Avvist")
    for comment_id, action in ((shown, "approve"), (refused, "hide")):
        moderated = client.post(
            f"/api/v1/comments/{comment_id}/moderation",
            json={"action": action, "reason": "test"},
            headers=planner["planner"],
        )
        assert moderated.status_code == 200, moderated.data
    public = read(client.get("/api/v1/comments"))["features"]
    for headers in ({}, planner["planner"]):
        features, _ = every_page(client, "/ogc/collections/comments/items?limit=1", headers)
        assert [f["id"] for f in features] == [f["id"] for f in public] == [shown]
        assert features[0]["properties"] == public[0]["properties"]
        properties = features[0]["properties"]
        assert "name" not in properties and "age_group" not in properties
        assert "state" not in properties and "moderation_reason" not in properties
        assert "Ola" not in json.dumps(features)
    listed = {c["id"]: c for c in read(client.get("/ogc/collections"))["collections"]}
    west, south, east, north = listed["comments"]["extent"]["spatial"]["bbox"][0]
    assert (west, south) == (east, north) == tuple(POINT["coordinates"])
    for hidden in (waiting, refused):
        assert client.get(f"/ogc/collections/comments/items/{hidden}").status_code == 404
    assert client.get(f"/ogc/collections/comments/items/{shown}").status_code == 200


def _sketch(client, planner) -> str:
    values = {"title": "Verksted", "held_on": "2026-11-20", "groups": ["Gruppe 1"]}
    workshop = json.loads(
        client.post("/api/v1/workshops", json=values, headers=planner["planner"]).data
    )
    code = workshop["groups"][0]["code"]
    sketch = {
        "type": "Feature",
        "properties": {"kind": "new development", "note": "Boliger ved stasjonen"},
        "geometry": HASLUM,
    }
    posted = client.post(
        f"/api/v1/workshops/{workshop['id']}/sketches", json=sketch, headers={"X-Join-Code": code}
    )
    assert posted.status_code == 201, posted.data
    return json.loads(posted.data)["id"]


def test_sketches_are_only_for_signed_in_accounts(client, planner):
    sketch_id = _sketch(client, planner)
    anonymous = read(client.get("/ogc/collections"))["collections"]
    assert "sketches" not in {c["id"] for c in anonymous}
    for path in (
        "/ogc/collections/sketches",
        "/ogc/collections/sketches/items",
        f"/ogc/collections/sketches/items/{sketch_id}",
    ):
        assert client.get(path).status_code == 404, path
    bad_token = {"Authorization": "Bearer not-a-token"}
    assert client.get("/ogc/collections/sketches/items", headers=bad_token).status_code == 404

    for who in ("planner", "council"):
        listed = read(client.get("/ogc/collections", headers=planner[who]))["collections"]
        assert "sketches" in {c["id"] for c in listed}
        items = read(client.get("/ogc/collections/sketches/items", headers=planner[who]))
        assert [f["id"] for f in items["features"]] == [sketch_id]
        properties = items["features"][0]["properties"]
        assert properties["note"] == "Boliger ved stasjonen" and properties["group"] == "Gruppe 1"


def test_drafts_show_as_in_the_zone_api_and_deleted_zones_not_at_all(client, planner):
    api = {f["id"]: f for f in read(client.get("/api/v1/zones"))["features"]}
    ogc = {f["id"]: f for f in every_page(client, "/ogc/collections/zones/items?limit=50")[0]}
    assert ogc == api
    current = client.get("/api/v1/zones/sandvika")
    deleted = client.delete(
        "/api/v1/zones/sandvika",
        headers={**planner["planner"], "If-Match": current.headers["ETag"]},
    )
    assert deleted.status_code in (200, 204), deleted.data
    assert client.get("/ogc/collections/zones/items/sandvika").status_code == 404
    after = every_page(client, "/ogc/collections/zones/items?limit=50")[0]
    assert "sandvika" not in {f["id"] for f in after} and len(after) == len(api) - 1
    links = every_page(client, "/ogc/collections/goal-links/items?limit=100")[0]
    assert "sandvika" not in {f["properties"]["zone_id"] for f in links}
