"""Goal indicators through the API: the catalogue, a goal's indicators with their values and
lights, and planners adding, changing and deleting them over the version they read."""

import json
import re

from tests.conftest import snapshot

GOAL = "2020.hm3.d1.s1.a2"
"""«Lokalisere ny vekst der det er kort vei til tog og bane»: the demo gives it two indicators
(station share within 1 000 m at least 80 %, and within 500 m at least 75 %)."""


def body(response):
    return json.loads(response.data)


def listed(client, goal_id=GOAL, lang="nb"):
    response = client.get(f"/api/v1/goals/{goal_id}/indicators?lang={lang}")
    assert response.status_code == 200
    return body(response)["indicators"]


def test_the_list_gives_each_indicator_its_value_and_light(client):
    found = listed(client)
    assert [(i["measure"], i["parameter"], i["direction"]) for i in found] == [
        ("station_share", 1000, "at_least"),
        ("station_share", 500, "at_least"),
    ]
    near, close = found
    assert near["measure_label"] == "Andel av utviklingsarealet innen 1\u00a0000 m fra en stasjon"
    assert near["unit"] == "percent" and near["target"] == 80
    assert (near["baseline"], near["baseline_year"]) == (75, 2020)
    assert 84 < near["value"] < 86 and near["light"] == "met"
    assert 67 < close["value"] < 70 and close["light"] == "close"
    assert close["light_label"] == "Nær"
    english = listed(client, lang="en")[1]
    assert english["light_label"] == "Close"
    assert english["measure_label"].startswith("Share of the development area within 500 m")


def test_one_indicator_carries_its_version_in_its_etag_and_its_value_in_its_digest(client, planner):
    first = listed(client)[0]
    address = f"/api/v1/indicators/{first['id']}"
    response = client.get(address)
    etag = response.headers["ETag"]
    assert etag.startswith('"v1-')
    assert body(response) == first
    assert client.get(address, headers={"If-None-Match": etag}).status_code == 304
    # The plan changes under the indicator: same version, another value, no 304.
    zone = client.get("/api/v1/zones/fornebu")
    gone = client.delete(
        "/api/v1/zones/fornebu", headers={**planner["planner"], "If-Match": zone.headers["ETag"]}
    )
    assert gone.status_code in (200, 204)
    again = client.get(address, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"].startswith('"v1-')
    assert body(again)["value"] != first["value"]


def test_the_catalogue_lists_every_measure_and_the_rule_of_the_lights(client):
    found = body(client.get("/api/v1/indicators/measures?lang=en"))
    assert [m["measure"] for m in found["measures"]] == [
        "station_share",
        "protected_taken",
        "main_cycle_length",
        "cycle_reach_share",
        "development_area",
        "unbuilt_reserve",
    ]
    assert "10 %" in found["lights"] and "5 daa" in found["lights"]


def test_a_planner_adds_an_indicator_by_labels_in_any_case(client, planner):
    response = client.post(
        f"/api/v1/goals/{GOAL}/indicators",
        json={
            "measure": "UTVIKLINGSAREAL PÅ JORDVERN",
            "parameter": "Jordvern",
            "target": 0,
            "direction": "At most",
        },
        headers=planner["planner"],
    )
    assert response.status_code == 201, response.data
    made = body(response)
    assert (made["measure"], made["parameter"], made["direction"]) == (
        "protected_taken",
        "jordvern",
        "at_most",
    )
    assert response.headers["ETag"].startswith('"v1-')
    assert response.headers["Location"] == f"/api/v1/indicators/{made['id']}"
    assert [i["id"] for i in listed(client)][-1] == made["id"]
    assert listed(client)[-1]["light"] == "met"
    english = client.post(
        f"/api/v1/goals/{GOAL}/indicators",
        json={
            "measure": "share of the development area within 1,000 m of a station",
            "parameter": 800,
            "target": 50.5,
            "direction": "AT LEAST",
        },
        headers=planner["planner"],
    )
    assert english.status_code == 201, english.data
    assert (body(english)["measure"], body(english)["parameter"]) == ("station_share", 800)


def test_bad_input_is_refused_with_every_problem_in_the_senders_language(app, client, planner):
    before = snapshot(_store(app))
    sent = {"measure": "station_share", "parameter": 20, "target": 120, "direction": "at_least"}
    nb = client.post(f"/api/v1/goals/{GOAL}/indicators", json=sent, headers=planner["planner"])
    assert nb.status_code == 422
    messages = [p["message"] for p in body(nb)["error"]["problems"]]
    assert "avstanden må være et helt antall meter fra 50 til 5000" in messages
    assert "en andel kan ikke være over 100 %" in messages
    en = client.post(
        f"/api/v1/goals/{GOAL}/indicators?lang=en",
        json={**sent, "direction": "sideways", "parameter": 500, "target": 50},
        headers=planner["planner"],
    )
    assert en.status_code == 422
    assert "direction" in body(en)["error"]["message"]
    assert "at_least" in body(en)["error"]["message"]
    assert "unknown" in body(en)["error"]["message"]
    assert snapshot(_store(app)) == before


def test_a_goal_that_does_not_exist_has_no_indicators(client, planner):
    assert client.get("/api/v1/goals/no.such/indicators").status_code == 404
    sent = {"measure": "development_area", "target": 1, "direction": "at_most"}
    answer = client.post("/api/v1/goals/no.such/indicators", json=sent, headers=planner["planner"])
    assert answer.status_code == 404


def test_an_edit_needs_the_version_and_a_stale_one_is_refused(client, planner):
    first = listed(client)[0]
    address = f"/api/v1/indicators/{first['id']}"
    sent = {"measure": "station_share", "parameter": 800, "target": 85, "direction": "minst"}
    missing = client.put(address, json=sent, headers=planner["planner"])
    assert missing.status_code == 428
    done = client.put(address, json=sent, headers={**planner["planner"], "If-Match": '"v1"'})
    assert done.status_code == 200 and done.headers["ETag"].startswith('"v2-')
    assert (body(done)["parameter"], body(done)["target"]) == (800, 85)
    stale = client.put(
        address, json={**sent, "target": 10}, headers={**planner["planner"], "If-Match": '"v1"'}
    )
    assert stale.status_code == 412
    assert body(stale)["error"]["code"] == "precondition_failed"
    gone = client.delete(address, headers={**planner["planner"], "If-Match": '"v1"'})
    assert gone.status_code == 412
    stale_digest = client.put(
        address, json=sent, headers={**planner["planner"], "If-Match": '"v1-0123456789ab"'}
    )
    assert stale_digest.status_code == 412
    assert body(client.get(address))["target"] == 85
    deleted = client.delete(address, headers={**planner["planner"], "If-Match": '"v2"'})
    assert deleted.status_code == 200
    assert client.get(address).status_code == 404


def test_only_planners_write_indicators(client, planner):
    first = listed(client)[0]
    sent = {"measure": "development_area", "target": 1, "direction": "at_most"}
    council = client.post(f"/api/v1/goals/{GOAL}/indicators", json=sent, headers=planner["council"])
    assert council.status_code == 403
    anonymous = client.delete(f"/api/v1/indicators/{first['id']}", headers={"If-Match": '"v1"'})
    assert anonymous.status_code == 401


def test_a_session_write_needs_the_csrf_token(app, client):
    from arealweb.domain.accounts import Role
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_user

    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/logg-inn").data.decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    client.post(
        "/logg-inn", data={"name": "kari", "password": "et-langt-passord", "csrf_token": token}
    )
    sent = {"measure": "development_area", "target": 1, "direction": "at_most"}
    without = client.post(f"/api/v1/goals/{GOAL}/indicators", json=sent)
    assert without.status_code == 403
    assert body(without)["error"]["code"] == "csrf_failed"
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/").data.decode())
    with_token = client.post(
        f"/api/v1/goals/{GOAL}/indicators", json=sent, headers={"X-CSRFToken": meta.group(1)}
    )
    assert with_token.status_code == 201


def _store(app):
    from arealweb.http.store import current_store

    with app.app_context():
        return current_store()


def test_the_api_takes_json_numbers_only(app, client, planner):
    """A number written as text («1,500», «80,5», «1500») is refused naming its field, in no
    language's reading: JSON has its own numbers."""
    before = snapshot(_store(app))
    for written in ("1,500", "80,5", "1500", "1 500"):
        sent = {"measure": "development_area", "target": written, "direction": "at_most"}
        for path in (
            f"/api/v1/goals/{GOAL}/indicators?lang=en",
            f"/api/v1/goals/{GOAL}/indicators",
        ):
            refused = client.post(path, json=sent, headers=planner["planner"])
            assert refused.status_code == 422, written
            problems = body(refused)["error"]["problems"]
            assert [p["where"] for p in problems] == ["target"], problems
        english = client.post(f"/api/v1/goals/{GOAL}/indicators?lang=en", json=sent,
                              headers=planner["planner"])  # fmt: skip
        assert body(english)["error"]["problems"][0]["message"] == "target: must be a number"
    assert snapshot(_store(app)) == before


def test_an_id_past_the_columns_integers_is_not_found_rather_than_a_database_error(client, planner):
    """schemathesis sent 5959290298: PostgreSQL refused to compare it with an integer column."""
    kari = planner["planner"]
    for method in ("get", "delete"):
        answer = getattr(client, method)(
            "/api/v1/indicators/5959290298", headers={**kari, "If-Match": '"v1"'}
        )
        assert answer.status_code == 404, answer.get_json()
        assert answer.get_json()["error"]["code"] == "not_found"
