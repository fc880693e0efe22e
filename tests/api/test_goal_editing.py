"""Keeping the goal tree through the API: add, edit, move, reorder, status, delete."""

import json

from arealweb.http.store import current_store
from tests.conftest import snapshot


def body(response):
    return json.loads(response.data)


def goal(client, goal_id):
    response = client.get(f"/api/v1/goals/{goal_id}")
    return body(response), response.headers["ETag"]


def test_a_new_goal_takes_its_level_from_its_parent_and_goes_last(client, planner):
    response = client.post(
        "/api/v1/goals",
        json={"parent_id": "2020.hm4.d1", "title": "Åpne data om arealbruken", "status": "høring"},
        headers=planner["planner"],
    )
    assert response.status_code == 201
    created = body(response)
    assert created["level"] == "strategi"
    assert created["plan_version_id"] == "ksd-2020"
    assert response.headers["Location"] == f"/api/v1/goals/{created['id']}"
    parent, _ = goal(client, "2020.hm4.d1")
    assert [c["id"] for c in parent["children"]][-1] == created["id"]


def test_editing_a_goal_needs_its_version_and_refuses_a_stale_edit(client, planner):
    _, etag = goal(client, "2020.hm3")
    first = client.put(
        "/api/v1/goals/2020.hm3",
        json={"status": "vedtatt", "sdgs": [11, 13]},
        headers={**planner["planner"], "If-Match": etag},
    )
    assert first.status_code == 200
    assert body(first)["status"] == "vedtatt" and body(first)["sdgs"] == [11, 13]
    stale = client.put(
        "/api/v1/goals/2020.hm3",
        json={"title": "Noe annet"},
        headers={**planner["planner"], "If-Match": etag},
    )
    assert stale.status_code == 412
    assert (
        goal(client, "2020.hm3")[0]["title"]
        == "Bærum er ledende i arbeidet for et klima- og miljøvennlig samfunn"
    )
    missing = client.put("/api/v1/goals/2020.hm3", json={"title": "X"}, headers=planner["planner"])
    assert missing.status_code == 428


def test_the_nesting_rules_hold_for_every_change(client, planner, app):
    before = snapshot(_store(app))
    _, etag = goal(client, "2020.hm3")
    cases = [
        client.put(
            "/api/v1/goals/2020.hm3",
            json={"dimension": None},
            headers={**planner["planner"], "If-Match": etag},
        ),
        client.put(
            "/api/v1/goals/2020.hm3",
            json={"sdgs": [18]},
            headers={**planner["planner"], "If-Match": etag},
        ),
        client.post(
            "/api/v1/goals/2020.hm3.d1/move",
            json={"parent_id": "2020.visjon"},
            headers=planner["planner"],
        ),
        client.post(
            "/api/v1/goals/2020.hm3.d1/move",
            json={"parent_id": "2021.hm3"},
            headers=planner["planner"],
        ),
        client.post(
            "/api/v1/goals",
            json={"parent_id": "2020.hm3.d1.s1.a1", "title": "Under en arealstrategi"},
            headers=planner["planner"],
        ),
        client.post(
            "/api/v1/goals", json={"parent_id": "2020.hm1", "title": ""}, headers=planner["planner"]
        ),
    ]
    messages = [body(r)["error"]["message"] for r in cases]
    assert all(r.status_code == 422 for r in cases), messages
    assert "hovedmål må ha en bærekraftsdimensjon" in messages[0]
    assert "bærekraftsmål" in messages[1] or "sdgs" in messages[1]
    assert "delmål kan ikke ligge under et visjon" in messages[2]
    assert "ulike planversjoner" in messages[3]
    assert "arealstrategi kan ikke ha mål under seg" in messages[4]
    assert "mangler tittel" in messages[5]
    assert snapshot(_store(app)) == before


def _store(app):
    with app.app_context():
        return current_store()


def test_moving_and_reordering_goals(client, planner):
    moved = client.post(
        "/api/v1/goals/2020.hm3.d2/move",
        json={"parent_id": "2020.hm1", "position": 0},
        headers=planner["planner"],
    )
    assert moved.status_code == 200
    hm1, _ = goal(client, "2020.hm1")
    assert [c["id"] for c in hm1["children"]] == ["2020.hm3.d2", "2020.hm1.d1", "2020.hm1.d2"]
    hm3, _ = goal(client, "2020.hm3")
    assert [c["id"] for c in hm3["children"]] == ["2020.hm3.d1"]
    assert "marka" in goal(client, "2020.hm1")[0]["zone_ids_total"]
    client.post(
        "/api/v1/goals/2020.hm3.d2/move",
        json={"parent_id": "2020.hm1", "position": 2},
        headers=planner["planner"],
    )
    assert [c["id"] for c in goal(client, "2020.hm1")[0]["children"]] == [
        "2020.hm1.d1",
        "2020.hm1.d2",
        "2020.hm3.d2",
    ]


def test_deleting_a_goal_that_zones_realise_asks_what_becomes_of_the_links(client, planner):
    asked = client.delete("/api/v1/goals/2020.hm3.d2.s1.a2", headers=planner["planner"])
    assert asked.status_code == 409
    assert (
        "si om lenkene skal flyttes til et annet mål eller fjernes"
        in body(asked)["error"]["message"]
    )
    moved = client.delete(
        "/api/v1/goals/2020.hm3.d2.s1.a2?links=move:2020.hm1.d2.s1.a1", headers=planner["planner"]
    )
    assert moved.status_code == 200
    assert "Bærums Verk kulturmiljø" in body(moved)["zones_changed"]
    assert client.get("/api/v1/goals/2020.hm3.d2.s1.a2").status_code == 404
    zone = body(client.get("/api/v1/zones/kulturmiljo-baerums-verk"))
    assert [g["id"] for g in zone["properties"]["goals"]] == ["2020.hm1.d2.s1.a1"]
    assert (
        zone["properties"]["goals"][0]["rationale"]
        == "Verkstedet og arbeiderboligene fra jernverkstiden bevares."
    )
    history = body(
        client.get("/api/v1/zones/kulturmiljo-baerums-verk/history", headers=planner["planner"])
    )["versions"]
    assert history[-1]["actor"] == "kari" and history[-1]["changes"] == ["goals"]


def test_a_goal_with_goals_below_it_is_not_deleted(client, planner):
    response = client.delete("/api/v1/goals/2020.hm3.d1?links=remove", headers=planner["planner"])
    assert response.status_code == 422
    assert "har mål under seg" in body(response)["error"]["message"]


def test_only_editors_change_goals(client, planner):
    assert (
        client.post("/api/v1/goals", json={"parent_id": "2020.hm1", "title": "X"}).status_code
        == 401
    )
    assert (
        client.post(
            "/api/v1/goals",
            json={"parent_id": "2020.hm1", "title": "X"},
            headers=planner["council"],
        ).status_code
        == 403
    )
    assert client.delete("/api/v1/goals/2021.hm4", headers=planner["council"]).status_code == 403
