"""A goal of the wrong shape is refused with a message naming the field, and changes nothing.

Before the goal schema, a list as ``parent_id`` answered 500, a 5 MB title was stored on
SQLite (500 on PostGIS), ``["t"]`` was stored as the title "['t']" and ``"sdgs": "17"``
stored SDGs 1 and 7.
"""

import json

import pytest

from arealweb.http.store import current_store
from tests.conftest import snapshot

FIVE_MB = "x" * 5_000_000

WRONG_TEXTS = {
    "5 MB": (FIVE_MB, "kan være høyst"),
    "a list": (["t"], "må være tekst"),
    "an object": ({"t": 1}, "må være tekst"),
    "a number": (7, "må være tekst"),
    "NUL": ("Tryg\x00g", "NUL-tegn"),
}

WRONG_ENUMS = {
    "dimension": ["sosial", "ukjent"],
    "theme": ["klima og miljø", "ukjent"],
    "status": ["vedtatt", "ukjent"],
}


def body(response):
    return json.loads(response.data)


def problems(response) -> list[tuple[str | None, str]]:
    """Each problem's field and what it says of it."""
    found = body(response)["error"]["problems"]
    return [(p["where"], p["message"].removeprefix(f"{p['where']}: ")) for p in found]


def store_of(app):
    with app.app_context():
        return current_store()


def etag(client, goal_id):
    return client.get(f"/api/v1/goals/{goal_id}").headers["ETag"]


def refused(app, send) -> list[tuple[str | None, str]]:
    """What ``send()`` was told; it must be 422 and leave the database as it was."""
    before = snapshot(store_of(app))
    response = send()
    assert response.status_code == 422, response.data[:500]
    assert snapshot(store_of(app)) == before
    return problems(response)


@pytest.mark.parametrize("field", ["title", "description"])
@pytest.mark.parametrize("case", WRONG_TEXTS)
def test_a_goal_text_of_the_wrong_shape_is_refused_on_create_and_edit(
    client, app, planner, field, case
):
    value, reason = WRONG_TEXTS[case]
    new = {"parent_id": "2020.hm4.d1", "title": "Åpne data", field: value}
    created = refused(
        app, lambda: client.post("/api/v1/goals", json=new, headers=planner["planner"])
    )
    assert [where for where, _ in created] == [field]
    assert reason in created[0][1]
    headers = {**planner["planner"], "If-Match": etag(client, "2020.hm3")}
    edited = refused(
        app, lambda: client.put("/api/v1/goals/2020.hm3", json={field: value}, headers=headers)
    )
    assert [where for where, _ in edited] == [field] and reason in edited[0][1]


def test_a_title_at_the_columns_width_is_stored_and_one_past_it_is_refused(client, planner):
    headers = {**planner["planner"], "If-Match": etag(client, "2020.hm3")}
    saved = client.put("/api/v1/goals/2020.hm3", json={"title": "å" * 500}, headers=headers)
    assert saved.status_code == 200 and body(saved)["title"] == "å" * 500
    headers["If-Match"] = saved.headers["ETag"]
    too_long = client.put("/api/v1/goals/2020.hm3", json={"title": "å" * 501}, headers=headers)
    assert problems(too_long) == [("title", "kan være høyst 500 tegn")]


@pytest.mark.parametrize("field", WRONG_ENUMS)
def test_an_unknown_choice_or_a_list_of_choices_is_refused(client, app, planner, field):
    good, unknown = WRONG_ENUMS[field]
    headers = {**planner["planner"], "If-Match": etag(client, "2020.hm3")}
    for value in (unknown, [good], {"value": good}, 3):
        found = refused(
            app,
            lambda value=value: client.put(
                "/api/v1/goals/2020.hm3", json={field: value}, headers=headers
            ),
        )
        assert [where for where, _ in found] == [field]
        assert "er ukjent; bruk en av:" in found[0][1]


@pytest.mark.parametrize(
    ("sdgs", "where", "message"),
    [
        ("17", "sdgs", "må være en liste"),
        ([0], "sdgs[0]", "bærekraftsmål må være tall fra 1 til 17, ikke 0"),
        ([18], "sdgs[0]", "bærekraftsmål må være tall fra 1 til 17, ikke 18"),
        (["1"], "sdgs[0]", "må være et heltall"),
        ([1.0], "sdgs[0]", "må være et heltall"),
        ([True], "sdgs[0]", "må være et heltall"),
        (list(range(1, 19)), "sdgs", "kan ha høyst 17 elementer"),
    ],
)
def test_sdgs_are_a_list_of_whole_numbers_from_1_to_17(client, app, planner, sdgs, where, message):
    headers = {**planner["planner"], "If-Match": etag(client, "2020.hm3")}
    found = refused(
        app, lambda: client.put("/api/v1/goals/2020.hm3", json={"sdgs": sdgs}, headers=headers)
    )
    assert found == [(where, message)]


def test_sdgs_sent_twice_are_stored_once_in_order(client, planner):
    headers = {**planner["planner"], "If-Match": etag(client, "2020.hm3")}
    saved = client.put("/api/v1/goals/2020.hm3", json={"sdgs": [17, 1, 17]}, headers=headers)
    assert body(saved)["sdgs"] == [1, 17]


@pytest.mark.parametrize("value", [["2020.hm4.d1"], {"id": "2020.hm4.d1"}, 5, "a b", "x" * 65])
def test_a_parent_that_is_no_goal_id_is_refused_not_a_server_error(client, app, planner, value):
    found = refused(
        app,
        lambda: client.post(
            "/api/v1/goals", json={"parent_id": value, "title": "X"}, headers=planner["planner"]
        ),
    )
    assert [where for where, _ in found] == ["parent_id"]
    moved = refused(
        app,
        lambda: client.post(
            "/api/v1/goals/2020.hm3.d2/move", json={"parent_id": value}, headers=planner["planner"]
        ),
    )
    assert [where for where, _ in moved] == ["parent_id"]


def test_a_plan_version_of_the_wrong_shape_is_refused(client, app, planner):
    found = refused(
        app,
        lambda: client.post(
            "/api/v1/goals",
            json={"plan_version_id": ["ksd-2020"], "title": "Visjon"},
            headers=planner["planner"],
        ),
    )
    assert found == [("plan_version_id", "må være tekst")]


@pytest.mark.parametrize(
    ("position", "message"),
    [
        (-1, "må være minst 0"),
        (2**60, "kan være høyst 9007199254740992"),
        (10**30, "må være et heltall"),
        ("abc", "må være et heltall"),
        ("1", "må være et heltall"),
        (1.5, "må være et heltall"),
        ([1], "må være et heltall"),
    ],
)
def test_a_move_to_a_position_that_is_no_count_is_refused(client, app, planner, position, message):
    found = refused(
        app,
        lambda: client.post(
            "/api/v1/goals/2020.hm3.d2/move",
            json={"parent_id": "2020.hm1", "position": position},
            headers=planner["planner"],
        ),
    )
    assert found == [("position", message)]


@pytest.mark.parametrize("number", ["1e400", "NaN", "Infinity"])
def test_a_move_to_a_position_past_any_number_is_refused(client, app, planner, number):
    document = '{"parent_id": "2020.hm1", "position": ' + number + "}"
    headers = {**planner["planner"], "Content-Type": "application/json"}
    before = snapshot(store_of(app))
    response = client.post("/api/v1/goals/2020.hm3.d2/move", data=document, headers=headers)
    assert response.status_code == 422
    assert snapshot(store_of(app)) == before


@pytest.mark.parametrize(
    "query",
    [
        "links=bort",
        "links=move:",
        "links=move:a%20b",
        "links=remove&links=remove",
        "links=" + "r" * 81,
    ],
)
def test_a_deletion_whose_links_say_nothing_usable_is_a_bad_parameter(client, app, planner, query):
    before = snapshot(store_of(app))
    response = client.delete(f"/api/v1/goals/2020.hm3.d2.s1.a2?{query}", headers=planner["planner"])
    assert response.status_code == 400, response.data
    assert problems(response)[0][0] == "links"
    assert snapshot(store_of(app)) == before


def test_the_same_deletion_with_its_links_moved_passes(client, planner):
    response = client.delete(
        "/api/v1/goals/2020.hm3.d2.s1.a2?links=move:2020.hm1.d2.s1.a1", headers=planner["planner"]
    )
    assert response.status_code == 200
