"""Council workshops through the API: set-up, groups posting by join code, closing."""

import json
import re

from tests.places import HASLUM


def body(response):
    return json.loads(response.data)


def setup(client, planner, **extra):
    values = {
        "title": "Målverksted 2026",
        "held_on": "2026-11-20",
        "groups": ["Gruppe 1", "Gruppe 2"],
        "prompts": ["Bærum 2040", "Bærekraft", "Klimaklok"],
        "focus_goal_ids": ["2020.hm3", "2020.hm3.d1.s1.a1"],
        **extra,
    }
    response = client.post("/api/v1/workshops", json=values, headers=planner["planner"])
    assert response.status_code == 201, response.data
    return body(response)


def test_a_planner_sets_up_a_workshop_and_gets_a_join_code_per_group(client, planner):
    assert client.post("/api/v1/workshops", json={"title": "X", "groups": ["A"]}).status_code == 401
    assert (
        client.post(
            "/api/v1/workshops", json={"title": "X", "groups": ["A"]}, headers=planner["council"]
        ).status_code
        == 403
    )
    workshop = setup(client, planner)
    codes = [g["code"] for g in workshop["groups"]]
    assert len(set(codes)) == 2
    assert all(re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", c) for c in codes)
    assert [g["name"] for g in workshop["groups"]] == ["Gruppe 1", "Gruppe 2"]
    assert client.get(f"/api/v1/workshops/{workshop['id']}").status_code == 401
    seen = body(
        client.get(f"/api/v1/workshops/{workshop['id']}", headers={"X-Join-Code": codes[0]})
    )
    assert "code" not in seen["groups"][0]


def test_groups_sketch_comment_and_add_words_by_their_code(client, planner):
    workshop = setup(client, planner)
    one, two = (g["code"] for g in workshop["groups"])
    url = f"/api/v1/workshops/{workshop['id']}"
    sketch = {
        "type": "Feature",
        "properties": {"kind": "new development", "note": "Boliger ved stasjonen"},
        "geometry": HASLUM,
    }
    assert (
        client.post(url + "/sketches", json=sketch, headers={"X-Join-Code": one}).status_code == 201
    )
    line = {
        "type": "Feature",
        "properties": {"kind": "missing corridor", "note": "Sykkelvei hit"},
        "geometry": {"type": "LineString", "coordinates": [[10.55, 59.91], [10.56, 59.915]]},
    }
    assert (
        client.post(url + "/sketches", json=line, headers={"X-Join-Code": two.lower()}).status_code
        == 201
    )
    assert (
        client.post(url + "/sketches", json=sketch, headers={"X-Join-Code": "AAAAAA"}).status_code
        == 404
    )
    sketches = body(client.get(url + "/sketches", headers={"X-Join-Code": one}))["features"]
    assert [f["properties"]["kind"] for f in sketches] == ["new development", "missing corridor"]
    assert {f["properties"]["group_id"] for f in sketches} == {g["id"] for g in workshop["groups"]}

    comment = {"goal_id": "2020.hm3", "stance": "change", "text": "Mer om klimatilpasning"}
    assert (
        client.post(url + "/comments", json=comment, headers={"X-Join-Code": one}).status_code
        == 201
    )
    off_focus = client.post(
        url + "/comments", json={**comment, "goal_id": "2020.hm1"}, headers={"X-Join-Code": one}
    )
    assert (
        off_focus.status_code == 422
        and "målene verkstedet arbeider med" in body(off_focus)["error"]["message"]
    )

    for word in ["Grønn", "grønn ", "Trygg", "GRØNN"]:
        assert (
            client.post(
                url + "/words",
                json={"prompt": "Bærekraft", "word": word},
                headers={"X-Join-Code": two},
            ).status_code
            == 201
        )
    clouds = {
        c["prompt"]: c["words"]
        for c in body(client.get(url + "/words", headers={"X-Join-Code": one}))["clouds"]
    }
    assert clouds["Bærekraft"] == [{"word": "grønn", "count": 3}, {"word": "trygg", "count": 1}]
    assert clouds["Klimaklok"] == []


def test_a_closed_workshop_refuses_every_post_with_409_and_keeps_what_it_has(client, planner):
    workshop = setup(client, planner)
    code = workshop["groups"][0]["code"]
    url = f"/api/v1/workshops/{workshop['id']}"
    client.post(
        url + "/words",
        json={"prompt": "Bærum 2040", "word": "levende"},
        headers={"X-Join-Code": code},
    )
    assert client.post(url + "/close", headers=planner["council"]).status_code == 403
    closed = client.post(url + "/close", headers=planner["planner"])
    assert closed.status_code == 200 and body(closed)["closed"] is True
    posts = [
        client.post(
            url + "/words",
            json={"prompt": "Bærum 2040", "word": "sen"},
            headers={"X-Join-Code": code},
        ),
        client.post(
            url + "/comments",
            json={"goal_id": "2020.hm3", "stance": "keep", "text": "x"},
            headers={"X-Join-Code": code},
        ),
        client.post(
            url + "/sketches",
            json={"type": "Feature", "properties": {"kind": "other"}, "geometry": HASLUM},
            headers={"X-Join-Code": code},
        ),
    ]
    assert [p.status_code for p in posts] == [409, 409, 409]
    assert body(posts[0])["error"]["message"] == "verkstedet er avsluttet og tar ikke imot mer"
    clouds = body(client.get(url + "/words", headers=planner["planner"]))["clouds"]
    assert clouds[0]["words"] == [{"word": "levende", "count": 1}]


def test_the_export_holds_every_sketch_comment_and_word(client, planner, tmp_path):
    import csv
    import io

    import pyogrio

    workshop = setup(client, planner)
    code = workshop["groups"][1]["code"]
    url = f"/api/v1/workshops/{workshop['id']}"
    headers = {"X-Join-Code": code}
    client.post(
        url + "/sketches",
        json={
            "type": "Feature",
            "properties": {"kind": "protect", "note": "Skogen her"},
            "geometry": HASLUM,
        },
        headers=headers,
    )
    client.post(
        url + "/comments",
        json={"goal_id": "2020.hm3.d1.s1.a1", "stance": "keep", "text": "=Viktig"},
        headers=headers,
    )
    client.post(url + "/words", json={"prompt": "Klimaklok", "word": "sykkel"}, headers=headers)
    assert client.get(url + "/export.csv").status_code == 401
    text = client.get(url + "/export.csv", headers=planner["planner"]).data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [(r["type"], r["group"], r["text"]) for r in rows] == [
        ("comment", "Gruppe 2", "'=Viktig"),
        ("word", "Gruppe 2", "sykkel"),
    ]
    path = tmp_path / "skisser.gpkg"
    path.write_bytes(client.get(url + "/export.gpkg", headers=planner["planner"]).data)
    frame = pyogrio.read_dataframe(path)
    assert frame.crs.to_epsg() == 25832
    assert list(frame["note"]) == ["Skogen her"] and list(frame["group"]) == ["Gruppe 2"]


def test_the_feed_gives_what_came_after_the_revision_a_screen_saw(client, planner):
    workshop = setup(client, planner)
    code = workshop["groups"][0]["code"]
    url = f"/api/v1/workshops/{workshop['id']}"
    headers = {"X-Join-Code": code}
    word = body(
        client.post(url + "/words", json={"prompt": "Klimaklok", "word": "sol"}, headers=headers)
    )
    sketch = body(
        client.post(
            url + "/sketches",
            json={"type": "Feature", "properties": {"kind": "protect"}, "geometry": HASLUM},
            headers=headers,
        )
    )
    assert (word["seq"], sketch["seq"]) == (1, 2)
    assert client.get(url + "/feed").status_code == 401
    everything = client.get(url + "/feed", headers=headers)
    feed = body(everything)
    assert feed["revision"] == 2 and feed["closed"] is False
    assert [w["word"] for w in feed["words"]] == ["sol"]
    assert feed["sketches"]["type"] == "FeatureCollection"
    assert feed["sketches"]["features"][0]["geometry"]["type"] == "Polygon"
    later = body(client.get(url + "/feed?after=1", headers=headers))
    assert later["words"] == [] and [f["id"] for f in later["sketches"]["features"]] == [
        sketch["id"]
    ]
    nothing = body(client.get(url + "/feed?after=2", headers=headers))
    assert nothing["revision"] == 2 and nothing["sketches"]["features"] == []
    bad = client.get(url + "/feed?after=x", headers=headers)
    assert bad.status_code == 422 and "after må være et heltall" in body(bad)["error"]["message"]
    client.post(url + "/close", headers=planner["planner"])
    assert body(client.get(url + "/feed?after=2", headers=headers))["closed"] is True


def test_signed_in_users_list_workshops_and_only_planners_see_codes(client, planner):
    workshop = setup(client, planner)
    assert client.get("/api/v1/workshops").status_code == 401
    listed = body(client.get("/api/v1/workshops", headers=planner["council"]))["workshops"]
    assert [w["id"] for w in listed] == [workshop["id"]]
    assert "code" not in listed[0]["groups"][0]
    mine = body(client.get("/api/v1/workshops", headers=planner["planner"]))["workshops"]
    assert mine[0]["groups"][0]["code"] == workshop["groups"][0]["code"]


def test_a_planner_turns_a_sketch_into_a_draft_zone_once(client, planner, app):
    from arealweb.http.store import current_store
    from tests.conftest import snapshot

    workshop = setup(client, planner)
    code = workshop["groups"][0]["code"]
    url = f"/api/v1/workshops/{workshop['id']}"
    sketch = body(
        client.post(
            url + "/sketches",
            json={
                "type": "Feature",
                "properties": {"kind": "new development", "note": "Boliger"},
                "geometry": HASLUM,
            },
            headers={"X-Join-Code": code},
        )
    )
    point = body(
        client.post(
            url + "/sketches",
            json={
                "type": "Feature",
                "properties": {"kind": "other"},
                "geometry": {"type": "Point", "coordinates": [10.56, 59.915]},
            },
            headers={"X-Join-Code": code},
        )
    )
    target = f"{url}/sketches/{sketch['id']}/zone"
    with app.app_context():
        before = snapshot(current_store())
    assert client.post(target).status_code == 401
    assert client.post(target, headers={"X-Join-Code": code}).status_code == 401
    assert client.post(target, headers=planner["council"]).status_code == 403
    refused = client.post(f"{url}/sketches/{point['id']}/zone", headers=planner["planner"])
    assert (
        refused.status_code == 422
        and "et punkt kan ikke bli en sone" in body(refused)["error"]["message"]
    )
    with app.app_context():
        assert snapshot(current_store()) == before

    made = client.post(target, json={"name": "Haslum, nye boliger"}, headers=planner["planner"])
    assert made.status_code == 201, made.data
    zone = body(made)
    assert made.headers["Location"].endswith(f"/api/v1/zones/{zone['id']}")
    assert zone["properties"]["draft"] is True and zone["properties"]["kind"] == "development"
    assert zone["properties"]["name"] == "Haslum, nye boliger"
    assert zone["properties"]["description"] == "Målverksted 2026 (2026-11-20), Gruppe 1. Boliger"
    listed = body(client.get("/api/v1/zones"))["features"]
    assert next(f for f in listed if f["id"] == zone["id"])["properties"]["draft"] is True
    sketches = body(client.get(url + "/sketches", headers=planner["planner"]))["features"]
    assert (
        next(f for f in sketches if f["id"] == sketch["id"])["properties"]["zone_id"] == zone["id"]
    )
    again = client.post(target, headers=planner["planner"])
    assert (
        again.status_code == 409 and "allerede gjort til sonen" in body(again)["error"]["message"]
    )
