"""The scenario API on SQLite and PostGIS: what a planner sends and what comes back — the
scenario's zones with their changes marked, versions in ETags, stale writes refused, conflicts
answered 409 with each conflict, promotion with the scenario's name in the history."""

from __future__ import annotations

import copy
import io
import json

import pytest

from arealweb.http.store import current_store
from tests.conftest import snapshot
from tests.places import HASLUM

GOAL = "2020.hm2.d2.s1.a1"


def haslum(**props):
    properties = {
        "name": "Haslum stasjonsby",
        "kind": "development",
        "category": "vekstområde",
        "goal_ids": [GOAL],
        **props,
    }
    return {"type": "Feature", "properties": properties, "geometry": copy.deepcopy(HASLUM)}


def made(client, headers, name="Vekst på Haslum"):
    answer = client.post("/api/v1/scenarios", json={"name": name}, headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"], answer.headers["ETag"]


def test_a_planner_makes_a_scenario_and_the_plan_stays_as_it_is(app, client, planner):
    kari = planner["planner"]
    with app.app_context():
        plan_before = snapshot(
            current_store(), skip=("api_tokens", "scenarios", "scenario_changes")
        )
    scenario_id, etag = made(client, kari)
    assert etag == '"v1"'

    added = client.post(
        f"/api/v1/scenarios/{scenario_id}/zones",
        json=haslum(),
        headers={**kari, "If-Match": etag},
    )
    assert added.status_code == 201
    new_id = added.headers["X-Arealweb-Zone-Id"]
    sandvika = client.get("/api/v1/zones/sandvika").get_json()
    properties = {k: v for k, v in sandvika["properties"].items() if k in ("kind", "category")}
    changed = client.put(
        f"/api/v1/scenarios/{scenario_id}/zones/sandvika",
        json={
            "type": "Feature",
            "properties": {**properties, "name": "Sandvika by", "goal_ids": [GOAL]},
            "geometry": sandvika["geometry"],
        },
        headers={**kari, "If-Match": added.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.get_json()
    removed = client.delete(
        f"/api/v1/scenarios/{scenario_id}/zones/jordvern-grini",
        headers={**kari, "If-Match": changed.headers["ETag"]},
    )
    body = removed.get_json()
    assert removed.headers["ETag"] == '"v4"'
    assert body["counts"] == {"add": 1, "change": 1, "remove": 1}
    assert body["conflicts"] == []

    zones = client.get(f"/api/v1/scenarios/{scenario_id}/zones", headers=kari).get_json()
    marked = {f["id"]: f["properties"]["scenario_change"] for f in zones["features"]}
    assert marked[new_id] == "add"
    assert marked["sandvika"] == "change"
    assert marked["jordvern-grini"] == "remove"
    assert {f["properties"]["name"] for f in zones["features"] if f["id"] == "sandvika"} == {
        "Sandvika by"
    }
    changes = client.get(
        f"/api/v1/scenarios/{scenario_id}/zones?changes_only=1", headers=kari
    ).get_json()
    assert {f["id"]: f["properties"]["scenario_change"] for f in changes["features"]} == {
        new_id: "add",
        "sandvika": "change",
        "jordvern-grini": "remove",
    }
    with app.app_context():
        assert (
            snapshot(current_store(), skip=("api_tokens", "scenarios", "scenario_changes"))
            == plan_before
        )
    assert client.get("/api/v1/zones/sandvika").get_json()["properties"]["name"] != "Sandvika by"


def test_writes_need_a_planner_the_version_and_fresh_data(client, planner):
    kari, rita = planner["planner"], planner["council"]
    assert client.post("/api/v1/scenarios", json={"name": "x"}).status_code == 401
    assert client.post("/api/v1/scenarios", json={"name": "x"}, headers=rita).status_code == 403
    scenario_id, etag = made(client, kari)
    assert client.get(f"/api/v1/scenarios/{scenario_id}", headers=rita).status_code == 200
    url = f"/api/v1/scenarios/{scenario_id}/zones"
    assert client.post(url, json=haslum(), headers=kari).status_code == 428
    assert client.post(url, json=haslum(), headers={**kari, "If-Match": etag}).status_code == 201
    stale = client.post(url, json=haslum(name="Ola"), headers={**kari, "If-Match": etag})
    assert stale.status_code == 412
    assert "endret av noen andre" in stale.get_json()["error"]["message"]
    wrong = client.post(url, json=haslum(category="marka"), headers={**kari, "If-Match": '"v2"'})
    assert wrong.status_code == 422
    assert "kategorien «marka» finnes ikke" in wrong.get_json()["error"]["message"]
    english = client.post("/api/v1/scenarios?lang=en", json={"name": " "}, headers=kari)
    assert english.status_code == 422
    assert "name" in english.get_json()["error"]["message"]
    assert client.get("/api/v1/scenarios/finnes-ikke", headers=kari).status_code == 404


def test_promotion_answers_409_with_the_conflicts_then_promotes_with_the_name_in_history(
    app, client, planner
):
    kari = planner["planner"]
    scenario_id, etag = made(client, kari, "Sandvika vokser")
    sandvika = client.get("/api/v1/zones/sandvika")
    feature = sandvika.get_json()
    feature["properties"] = {
        k: v
        for k, v in feature["properties"].items()
        if k in ("name", "kind", "category", "status", "description", "goal_ids")
    }
    feature["properties"]["name"] = "Sandvika by"
    answer = client.put(
        f"/api/v1/scenarios/{scenario_id}/zones/sandvika",
        json=feature,
        headers={**kari, "If-Match": etag},
    )
    etag = answer.headers["ETag"]
    # The plan moves under the scenario.
    plan_edit = copy.deepcopy(feature)
    plan_edit["properties"]["name"] = "Sandvika sentrum"
    assert (
        client.put(
            "/api/v1/zones/sandvika",
            json=plan_edit,
            headers={**kari, "If-Match": sandvika.headers["ETag"]},
        ).status_code
        == 200
    )
    refused = client.post(
        f"/api/v1/scenarios/{scenario_id}/promote", headers={**kari, "If-Match": etag}
    )
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "scenario_conflicts"
    assert [(c["zone_id"], c["reason"], c["current_name"]) for c in error["conflicts"]] == [
        ("sandvika", "changed", "Sandvika sentrum")
    ]
    kept = client.post(
        f"/api/v1/scenarios/{scenario_id}/conflicts/sandvika",
        json={"keep": True},
        headers={**kari, "If-Match": etag},
    )
    assert kept.status_code == 200 and kept.get_json()["conflicts"] == []
    promoted = client.post(
        f"/api/v1/scenarios/{scenario_id}/promote",
        headers={**kari, "If-Match": kept.headers["ETag"]},
    )
    assert promoted.status_code == 200
    assert promoted.get_json()["state"] == "promoted"
    assert client.get("/api/v1/zones/sandvika").get_json()["properties"]["name"] == "Sandvika by"
    history = client.get("/api/v1/zones/sandvika/history", headers=kari).get_json()
    assert [v["scenario"] for v in history["versions"]][-3:] == [None, None, "Sandvika vokser"]
    again = client.post(
        f"/api/v1/scenarios/{scenario_id}/promote",
        headers={**kari, "If-Match": promoted.headers["ETag"]},
    )
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "scenario_closed"


def test_an_uploaded_file_becomes_a_scenario_or_nothing(app, client, planner):
    kari = planner["planner"]
    collection = {"type": "FeatureCollection", "features": [haslum()]}
    answer = client.post(
        "/api/v1/scenarios/import",
        data={
            "name": "Fra QGIS",
            "file": (io.BytesIO(json.dumps(collection).encode()), "forslag.geojson"),
        },
        headers=kari,
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["origin"] == "import"
    assert answer.get_json()["counts"]["add"] == 1
    broken = client.post(
        "/api/v1/scenarios/import",
        data={"name": "Ødelagt", "file": (io.BytesIO(b"{not json"), "forslag.geojson")},
        headers=kari,
        content_type="multipart/form-data",
    )
    assert broken.status_code == 422
    names = [
        s["name"] for s in client.get("/api/v1/scenarios", headers=kari).get_json()["scenarios"]
    ]
    assert names == ["Fra QGIS"]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_scenario_from_a_workshop_without_drafts_says_what_to_do_first(client, planner, language):
    kari = planner["planner"]
    workshop = client.post(
        "/api/v1/workshops",
        json={"title": "Målverksted", "groups": ["A"], "focus_goal_ids": ["2020.hm1"]},
        headers=kari,
    ).get_json()
    answer = client.post(
        f"/api/v1/scenarios/from-workshop?lang={language}",
        json={"workshop_id": workshop["id"], "name": "Fra verkstedet"},
        headers=kari,
    )
    assert answer.status_code == 422
    message = answer.get_json()["error"]["message"]
    assert ("utkast til soner" if language == "nb" else "draft") in message
