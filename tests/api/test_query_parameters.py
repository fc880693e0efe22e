"""The API's query parameters are read by schema models: a value no parameter can use is a
400 naming the parameter, never a 500, and numbers must be finite and in range.

Before: ``feed?after=10^30`` answered 500 on PostGIS (past a BIGINT), ``planned=`` and
``delimiter=`` took any value as their default, and a repeated parameter was read as its
first value.
"""

import json

import pytest

from tests.api.test_workshops import setup

HOSTILE_NUMBERS = ["1e400", "nan", "-1", str(10**30), "abc", "inf", "0x10", "١"]


def body(response):
    return json.loads(response.data)


def error_of(response) -> tuple[int, str, list[str | None]]:
    error = body(response)["error"]
    return response.status_code, error["message"], [p["where"] for p in error["problems"]]


@pytest.mark.parametrize("value", HOSTILE_NUMBERS)
@pytest.mark.parametrize(
    ("path", "name", "message"),
    [
        ("/api/v1/analysis/corridors", "gap_m", "gap_m må være et tall fra 1 til 5000 (meter)"),
        ("/api/v1/analysis/corridors", "reach_m", "reach_m må være et tall fra 1 til 10000"),
        ("/api/v1/analysis/stations", "distances", "distances må være 1 til 5 hele meter"),
    ],
)
def test_a_number_past_its_range_is_a_bad_parameter_naming_it(client, path, name, message, value):
    status, said, _ = error_of(client.get(f"{path}?{name}={value}"))
    assert status == 400 and message in said


@pytest.mark.parametrize(
    "value",
    [
        "10.5,59.9,1e400,60",
        "10.5,nan,10.6,60",
        "10.6,59.9,10.5,60",
        "10.5,59.9,10.6",
        "10.5,59.9,10.6,60,61",
        "-181,59.9,10.6,60",
        f"10.5,59.9,{10**30},60",
        "a,b,c,d",
    ],
)
def test_a_bbox_that_is_no_extent_is_a_bad_parameter(client, value):
    status, said, _ = error_of(client.get(f"/api/v1/zones?bbox={value}"))
    assert status == 400 and said.startswith("bbox må være fire tall vest,sør,øst,nord")


def test_a_good_bbox_and_good_numbers_still_answer(client):
    assert client.get("/api/v1/zones?bbox=10.4,59.8,10.7,60.0").status_code == 200
    assert client.get("/api/v1/analysis/corridors?gap_m=150.5&reach_m=800").status_code == 200
    stations = client.get("/api/v1/analysis/stations?distances=1000,500,500&planned=nei")
    assert stations.status_code == 200


@pytest.mark.parametrize("value", ["kanskje", "2", "1e400", "nan"])
def test_a_flag_is_yes_or_no(client, value):
    status, said, where = error_of(client.get(f"/api/v1/analysis/stations?planned={value}"))
    assert (status, where) == (400, ["planned"])
    assert "må være true eller false" in said


@pytest.mark.parametrize("value", ["tab", "komma", "1e400"])
def test_a_csv_delimiter_is_comma_or_semicolon(client, value):
    status, said, _ = error_of(client.get(f"/api/v1/goals.csv?delimiter={value}"))
    assert status == 400 and "bruk en av: comma, semicolon" in said
    for comma in ("comma", "COMMA", " Comma "):
        sent = client.get("/api/v1/goals.csv", query_string={"delimiter": comma})
        assert sent.data.decode("utf-8-sig")[:3] == "id,"


@pytest.mark.parametrize(
    "query",
    ["kind=development&kind=protection", "goal=a&goal=b", "bbox=1,2,3,4&bbox=1,2,3,4"],
)
def test_a_parameter_of_one_value_sent_twice_is_refused(client, query):
    assert client.get(f"/api/v1/zones?{query}").status_code == 400


def test_a_text_parameter_longer_than_any_id_is_refused(client):
    status, said, where = error_of(client.get("/api/v1/zones?goal=" + "g" * 501))
    assert (status, where) == (400, ["goal"]) and "kan være høyst 500 tegn" in said
    _, unknown, _ = error_of(client.get("/api/v1/zones?goal=" + "g" * 500))
    assert "det finnes ikke noe mål med den id-en" in unknown


@pytest.mark.parametrize("value", [*HOSTILE_NUMBERS, "1.5"])
def test_a_feed_after_no_revision_is_refused(client, planner, value):
    workshop = setup(client, planner)
    code = workshop["groups"][0]["code"]
    url = f"/api/v1/workshops/{workshop['id']}/feed?after={value}"
    response = client.get(url, headers={"X-Join-Code": code})
    if value == "-1":
        assert response.status_code == 200
        return
    status, said, where = error_of(response)
    assert (status, where) == (400, ["after"]) and said.startswith("after: ")


ROUTES = {
    "/api/v1/goals": ["plan_version"],
    "/api/v1/goals.csv": ["delimiter"],
    "/api/v1/zones": ["kind", "goal", "bbox"],
    "/api/v1/analysis/stations": ["distances", "planned"],
    "/api/v1/analysis/corridors": ["gap_m", "reach_m"],
    "/api/v1/comments": ["consultation", "kind", "theme", "zone", "goal", "status", "view"],
    "/api/v1/comments/counts": ["consultation"],
}
"""Every API list and its parameters (``inputs.only`` of each route)."""

ANY_VALUE = [*HOSTILE_NUMBERS, "", " ", "x" * 2000, "%2F..%2F", "æøå", "a,b", "[1]", "{}"]


@pytest.mark.parametrize("path", ROUTES)
def test_no_value_of_any_parameter_answers_a_server_error(client, planner, path):
    answers = set()
    for name in ROUTES[path]:
        for value in ANY_VALUE:
            for headers in ({}, planner["planner"]):
                response = client.get(path, query_string={name: value}, headers=headers)
                assert response.status_code < 500, (name, value, response.data[:300])
                answers.add(response.status_code)
            repeated = client.get(path, query_string=[(name, "a"), (name, "b")])
            assert repeated.status_code < 500, (name, repeated.data[:300])
    assert 400 in answers
