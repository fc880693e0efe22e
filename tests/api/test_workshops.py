"""Council workshops through the API: set-up, groups posting by join code, closing."""

import json
import math
import re

import pytest

from arealweb.http.store import current_store
from tests.conftest import snapshot
from tests.places import HASLUM, HASLUM_BOWTIE


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


def test_a_planner_reopens_a_closed_workshop_and_its_codes_take_input_again(client, planner):
    workshop = setup(client, planner)
    code = workshop["groups"][0]["code"]
    url = f"/api/v1/workshops/{workshop['id']}"
    word = {"prompt": "Bærum 2040", "word": "levende"}
    client.post(url + "/close", headers=planner["planner"])
    assert client.post(url + "/words", json=word, headers={"X-Join-Code": code}).status_code == 409
    assert client.post(url + "/reopen", headers=planner["council"]).status_code == 403
    reopened = client.post(url + "/reopen", headers=planner["planner"])
    assert reopened.status_code == 200 and body(reopened)["closed"] is False
    assert "code" not in body(reopened)["groups"][0]
    # Reopening an open workshop changes nothing.
    again = client.post(url + "/reopen", headers=planner["planner"])
    assert body(again)["revision"] == body(reopened)["revision"]
    sent = client.post(url + "/words", json=word, headers={"X-Join-Code": code})
    assert sent.status_code == 201
    feed = body(client.get(url + "/feed", headers={"X-Join-Code": code}))
    assert feed["closed"] is False and [w["word"] for w in feed["words"]] == ["levende"]
    assert (
        client.post("/api/v1/workshops/ukjent/reopen", headers=planner["planner"]).status_code
        == 404
    )


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
    assert rows[0]["goal_id"] == "2020.hm3.d1.s1.a1"
    assert rows[0]["goal"].startswith("Prioritere, sikre og tilrettelegge for sammenhengende")
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
    assert bad.status_code == 400 and body(bad)["error"]["message"] == "after: må være et heltall"
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
    assert zone["properties"]["description"] == "Målverksted 2026 (20.11.2026), Gruppe 1. Boliger"
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


def refused(response, status=422):
    """The problems of a refusal in the API's error shape, as (where, message) pairs."""
    assert response.status_code == status, response.data[:300]
    error = body(response)["error"]
    assert error["status"] == status and error["message"]
    return [(p["where"], p["message"]) for p in error["problems"]]


def test_groups_are_a_list_of_names_never_a_text_read_letter_by_letter(client, planner, app):
    with app.app_context():
        before = snapshot(current_store())
    response = client.post(
        "/api/v1/workshops",
        json={"title": "Verksted", "groups": "Gruppe"},
        headers=planner["planner"],
    )
    assert refused(response) == [("groups", "groups: må være en liste")]
    eleven = client.post(
        "/api/v1/workshops",
        json={"title": "Verksted", "groups": [f"G{n}" for n in range(11)]},
        headers=planner["planner"],
    )
    assert refused(eleven) == [("groups", "groups: et verksted har 1 til 10 grupper")]
    with app.app_context():
        assert snapshot(current_store()) == before
    made = setup(client, planner, groups=["  Gruppe A ", "", "Gruppe B"], held_on="2026-11-20")
    assert [g["name"] for g in made["groups"]] == ["Gruppe A", "Gruppe B"]


def sketch(kind, geometry, note=""):
    return {"type": "Feature", "properties": {"kind": kind, "note": note}, "geometry": geometry}


LINE = {"type": "LineString", "coordinates": [[10.55, 59.91], [10.56, 59.915]]}
POINT = {"type": "Point", "coordinates": [10.56, 59.915]}


@pytest.mark.parametrize(
    ("kind", "geometry", "message"),
    [
        ("missing corridor", HASLUM, "en manglende korridor tegnes som en linje"),
        ("missing corridor", POINT, "en manglende korridor tegnes som en linje"),
        ("new development", LINE, "ny utbygging tegnes som et område eller et punkt"),
        (
            "other",
            {"type": "GeometryCollection", "geometries": [POINT]},
            "«GeometryCollection» er ukjent",
        ),
        ("other", {"type": "Polygon", "coordinates": []}, "må ha minst 1 elementer"),
        ("other", None, "geometry: må være et objekt"),
    ],
)
def test_a_sketch_of_a_shape_its_kind_does_not_take_is_refused(
    client, planner, app, kind, geometry, message
):
    workshop = setup(client, planner)
    url = f"/api/v1/workshops/{workshop['id']}/sketches"
    with app.app_context():
        before = snapshot(current_store())
    response = client.post(
        url, json=sketch(kind, geometry), headers={"X-Join-Code": workshop["groups"][0]["code"]}
    )
    problems = refused(response)
    assert any(message in m and (w or "").startswith("geometry") for w, m in problems), problems
    with app.app_context():
        assert snapshot(current_store()) == before


def test_a_sketch_drawn_with_more_points_than_a_hand_draws_is_refused(client, planner, app):
    workshop = setup(client, planner)
    ring = [
        [
            10.5635 + 0.002 * math.cos(i * math.tau / 2001),
            59.915 + 0.001 * math.sin(i * math.tau / 2001),
        ]
        for i in range(2001)
    ]
    ring.append(ring[0])
    with app.app_context():
        before = snapshot(current_store())
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/sketches",
        json=sketch("protect", {"type": "Polygon", "coordinates": [ring]}),
        headers={"X-Join-Code": workshop["groups"][0]["code"]},
    )
    assert refused(response) == [
        ("geometry", "geometry: geometrien har 2002 punkter; høyst 2000 er tillatt her")
    ]
    with app.app_context():
        assert snapshot(current_store()) == before


def test_a_sketch_that_crosses_itself_is_refused_with_the_place(client, planner, app):
    workshop = setup(client, planner)
    with app.app_context():
        before = snapshot(current_store())
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/sketches",
        json=sketch("protect", HASLUM_BOWTIE),
        headers={"X-Join-Code": workshop["groups"][0]["code"]},
    )
    [(where, message)] = refused(response)
    assert where == "geometry"
    assert re.fullmatch(
        r"geometry: geometrien krysser seg selv ved 59\.91\d+ N, 10\.56\d+ Ø", message
    )
    with app.app_context():
        assert snapshot(current_store()) == before


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("after=" + str(10**30), "after: kan være høyst 9007199254740992"),
        ("after=x", "after: må være et heltall"),
        ("after=1.5", "after: må være et heltall"),
        ("after=-2", "after: må være minst -1"),
        ("after=1&after=2", "after: må være et heltall"),
        ("since=3", "ukjent parameter since; tillatt er after, code, lang"),
    ],
)
def test_a_feed_parameter_out_of_range_or_not_a_number_is_refused_with_400(
    client, planner, query, message
):
    workshop = setup(client, planner)
    code = workshop["groups"][0]["code"]
    response = client.get(
        f"/api/v1/workshops/{workshop['id']}/feed?{query}", headers={"X-Join-Code": code}
    )
    assert [m for _, m in refused(response, 400)] == [message]
    assert body(response)["error"]["code"] == "bad_parameter"


def test_every_workshop_route_refuses_a_parameter_it_does_not_know(client, planner):
    workshop = setup(client, planner)
    url = f"/api/v1/workshops/{workshop['id']}"
    code = {"X-Join-Code": workshop["groups"][0]["code"]}
    gets = [
        ("/api/v1/workshops", planner["planner"]),
        (url, code),
        (url + "/sketches", code),
        (url + "/comments", code),
        (url + "/words", code),
        (url + "/export.csv", planner["planner"]),
        (url + "/export.gpkg", planner["planner"]),
    ]
    for path, headers in gets:
        assert client.get(path + "?x=1", headers=headers).status_code == 400, path
    assert client.post(url + "/words?x=1", json={}, headers=code).status_code == 400


HUGE = "x" * (5 * 1024 * 1024)
HOSTILE = [
    pytest.param(HUGE, "kan være høyst", id="5MB"),
    pytest.param(["t"], "må være tekst", id="list"),
    pytest.param({"a": 1}, "må være tekst", id="object"),
    pytest.param(5, "må være tekst", id="number"),
    pytest.param("a\x00b", "NUL-tegn", id="NUL"),
]
"""What every text field of a workshop is sent, and what the sender is told."""

GOOD = {
    "workshop": {"title": "Verksted", "groups": ["Gruppe 1"], "focus_goal_ids": ["2020.hm3"]},
    "sketch": sketch("protect", HASLUM, "Skogen"),
    "comment": {"goal_id": "2020.hm3", "stance": "keep", "text": "Bra"},
    "word": {"prompt": "Bærum 2040", "word": "grønn"},
    "zone": {"name": "Haslum", "category": "grønnstruktur"},
}

TEXT_FIELDS = [
    ("workshop", ("title",), "title"),
    ("workshop", ("groups", 0), "groups[0]"),
    ("workshop", ("prompts", 0), "prompts[0]"),
    ("workshop", ("focus_goal_ids", 0), "focus_goal_ids[0]"),
    ("sketch", ("properties", "note"), "properties.note"),
    ("comment", ("goal_id",), "goal_id"),
    ("comment", ("text",), "text"),
    ("word", ("prompt",), "prompt"),
    ("word", ("word",), "word"),
    ("zone", ("name",), "name"),
    ("zone", ("category",), "category"),
]
IDS = {"focus_goal_ids[0]", "goal_id"}
"""Ids say what they may hold instead: letters a–z, digits and . _ : -, at most 64."""


def with_value(document, path, value):
    """A deep copy of ``document`` with ``value`` at ``path`` (a list where the path runs
    through one not there yet)."""
    document = json.loads(json.dumps(document))
    *parents, last = path
    holder = document
    for part in parents:
        if isinstance(part, str) and part not in holder:
            holder[part] = []
        holder = holder[part]
    if isinstance(last, int):
        while len(holder) <= last:
            holder.append("x")
    holder[last] = value
    return document


def send(client, planner, workshop, what, document):
    """Post ``document`` as the input ``what`` the way its door takes it."""
    url = f"/api/v1/workshops/{workshop['id']}"
    code = {"X-Join-Code": workshop["groups"][0]["code"]}
    if what == "workshop":
        return client.post("/api/v1/workshops", json=document, headers=planner["planner"])
    if what == "zone":
        made = client.post(url + "/sketches", json=GOOD["sketch"], headers=code)
        target = f"{url}/sketches/{body(made)['id']}/zone"
        return client.post(target, json=document, headers=planner["planner"])
    path = {"sketch": "/sketches", "comment": "/comments", "word": "/words"}[what]
    return client.post(url + path, json=document, headers=code)


@pytest.mark.parametrize(("what", "path", "where"), TEXT_FIELDS)
@pytest.mark.parametrize(("value", "message"), HOSTILE)
def test_a_hostile_text_in_any_field_is_refused_with_422_naming_it(
    client, planner, app, what, path, where, value, message
):
    workshop = setup(client, planner)
    assert send(client, planner, workshop, what, GOOD[what]).status_code in (200, 201)
    with app.app_context():
        before = snapshot(current_store())
    response = send(client, planner, workshop, what, with_value(GOOD[what], path, value))
    problems = refused(response)
    if what == "zone":
        with app.app_context():
            snapshot_after = snapshot(current_store())
        # The zone's own request made a sketch first; nothing else changed.
        assert snapshot_after["zones"] == before["zones"]
    else:
        with app.app_context():
            assert snapshot(current_store()) == before
    assert [w for w, _ in problems] == [where], problems
    if where in IDS and value is HUGE:
        message = "kan bare ha bokstaver a–z"
    assert message in problems[0][1]


@pytest.mark.parametrize(
    ("what", "path", "value", "where"),
    [
        ("comment", ("stance",), "love", "stance"),
        ("comment", ("stance",), ["keep"], "stance"),
        ("sketch", ("properties", "kind"), "castle", "properties.kind"),
        ("sketch", ("properties", "kind"), ["other"], "properties.kind"),
        ("comment", ("goal_id",), ["2020.hm3"], "goal_id"),
        ("workshop", ("focus_goal_ids",), "2020.hm3", "focus_goal_ids"),
        ("workshop", ("focus_goal_ids", 0), ["2020.hm3"], "focus_goal_ids[0]"),
        ("workshop", ("held_on",), ["2026-11-20"], "held_on"),
        ("workshop", ("held_on",), "20.11.2026", "held_on"),
    ],
)
def test_a_wrong_choice_or_an_id_as_a_list_is_refused_with_422_naming_it(
    client, planner, app, what, path, value, where
):
    workshop = setup(client, planner)
    with app.app_context():
        before = snapshot(current_store())
    response = send(client, planner, workshop, what, with_value(GOOD[what], path, value))
    assert [w for w, _ in refused(response)] == [where]
    with app.app_context():
        assert snapshot(current_store()) == before


def test_a_draft_zone_takes_only_a_category_of_its_kind(client, planner, app):
    workshop = setup(client, planner)
    send(client, planner, workshop, "sketch", GOOD["sketch"])
    with app.app_context():
        before = snapshot(current_store())
    response = send(client, planner, workshop, "zone", {"category": "sykkelvei"})
    [(where, message)] = refused(response)
    assert where == "category" and "«sykkelvei» passer ikke til protection" in message
    with app.app_context():
        assert snapshot(current_store())["zones"] == before["zones"]


def test_an_id_no_workshop_can_have_is_not_found(client, planner):
    workshop = setup(client, planner)
    code = {"X-Join-Code": workshop["groups"][0]["code"]}
    for path in ["/api/v1/workshops/a%00b", "/api/v1/workshops/" + "x" * 5000]:
        assert client.get(path, headers=planner["planner"]).status_code == 404, path
    zone = f"/api/v1/workshops/{workshop['id']}/sketches/a%00b/zone"
    assert client.post(zone, headers=planner["planner"]).status_code == 404
    nul_code = client.get(f"/api/v1/workshops/{workshop['id']}", headers={"X-Join-Code": "A\x00"})
    assert nul_code.status_code in (400, 404)
    assert client.get(f"/api/v1/workshops/{workshop['id']}/feed", headers=code).status_code == 200
