"""Citizens' input and the planners' work on it, sent in every wrong shape: each is refused
with 422 naming the field, in the sender's language, and nothing is stored.

A list where a text is expected (``goal_id``, ``reason``, ``action``) used to answer 500; a
self-intersecting comment area was stored; NaN vertices could reach the store from any door
but JSON; the comment limit counted refused posts.
"""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from arealweb.domain.errors import InvalidInput
from arealweb.http.store import current_store
from arealweb.services.participation import post_comment
from tests.comments import feature as comment
from tests.conftest import snapshot

FIVE_MB = "x" * (5 * 1024 * 1024)
WRONG_TEXTS = {
    "5 MB": FIVE_MB,
    "a list": ["t"],
    "an object": {"a": "t"},
    "a number": 17,
    "a NUL": "a\x00b",
}
WRONG_CHOICES = {"an unknown value": "finnes-ikke", "a list": ["forslag"]}


def store_of(app):
    with app.app_context():
        return current_store()


def refused(response, where: str) -> list[dict]:
    """The problems of a 422 answer in the one error shape; one of them names ``where``."""
    assert response.status_code == 422, response.data[:500]
    error = json.loads(response.data)["error"]
    assert error["status"] == 422 and error["code"] == "invalid_input"
    assert any(p["where"] == where for p in error["problems"]), error["problems"]
    return error["problems"]


@pytest.fixture
def posted(client, planner):
    """A comment (its id), approved so that planners may answer it."""
    comment_id = json.loads(client.post("/api/v1/comments", json=comment()).data)["id"]
    client.post(
        f"/api/v1/comments/{comment_id}/moderation",
        json={"action": "approve"},
        headers=planner["planner"],
    )
    return comment_id


COMMENT_TEXTS = ["text", "name", "group", "consultation_id", "zone_id", "goal_id", "website"]
COMMENT_CHOICES = ["kind", "theme", "age_group"]


@pytest.mark.parametrize("value", WRONG_TEXTS, ids=list(WRONG_TEXTS))
@pytest.mark.parametrize("field", COMMENT_TEXTS)
def test_a_comment_text_field_of_the_wrong_shape_is_refused_by_name(client, app, field, value):
    before = snapshot(store_of(app))
    response = client.post("/api/v1/comments", json=comment(**{field: WRONG_TEXTS[value]}))
    refused(response, f"properties.{field}")
    assert snapshot(store_of(app)) == before


@pytest.mark.parametrize("value", WRONG_CHOICES, ids=list(WRONG_CHOICES))
@pytest.mark.parametrize("field", COMMENT_CHOICES)
def test_a_comment_choice_of_the_wrong_shape_is_refused_by_name(client, app, field, value):
    before = snapshot(store_of(app))
    response = client.post("/api/v1/comments", json=comment(**{field: WRONG_CHOICES[value]}))
    [problem] = refused(response, f"properties.{field}")
    assert "er ukjent; bruk en av:" in problem["message"]
    assert snapshot(store_of(app)) == before


def test_a_list_where_an_id_is_expected_is_422_not_500(client):
    problems = refused(
        client.post("/api/v1/comments", json=comment(goal_id=["2020.hm2"])), "properties.goal_id"
    )
    assert problems[0]["message"] == "properties.goal_id: må være tekst"


@pytest.mark.parametrize("value", WRONG_TEXTS, ids=list(WRONG_TEXTS))
def test_a_moderation_reason_of_the_wrong_shape_is_refused(client, app, planner, posted, value):
    before = snapshot(store_of(app))
    response = client.post(
        f"/api/v1/comments/{posted}/moderation",
        json={"action": "hide", "reason": WRONG_TEXTS[value]},
        headers=planner["planner"],
    )
    refused(response, "reason")
    assert snapshot(store_of(app)) == before


@pytest.mark.parametrize("value", WRONG_CHOICES, ids=list(WRONG_CHOICES))
def test_a_moderation_action_of_the_wrong_shape_is_refused(client, app, planner, posted, value):
    before = snapshot(store_of(app))
    response = client.post(
        f"/api/v1/comments/{posted}/moderation",
        json={"action": WRONG_CHOICES[value], "reason": "Spam"},
        headers=planner["planner"],
    )
    [problem] = refused(response, "action")
    assert "bruk en av: approve, hide" in problem["message"]
    assert snapshot(store_of(app)) == before


def test_a_moderation_with_a_newline_in_the_comment_id_is_refused(client, planner):
    response = client.post(
        "/api/v1/comments/a%0Ab/moderation", json={"action": "approve"}, headers=planner["planner"]
    )
    refused(response, "comment_id")


RESPONSE_TEXTS = ["text", "zone_id", "goal_id"]


@pytest.mark.parametrize("value", WRONG_TEXTS, ids=list(WRONG_TEXTS))
@pytest.mark.parametrize("field", RESPONSE_TEXTS)
def test_a_response_field_of_the_wrong_shape_is_refused(client, app, planner, posted, field, value):
    before = snapshot(store_of(app))
    answer = {"status": "tatt til følge", "text": "Takk", field: WRONG_TEXTS[value]}
    response = client.post(
        f"/api/v1/comments/{posted}/response", json=answer, headers=planner["planner"]
    )
    refused(response, field)
    assert snapshot(store_of(app)) == before


@pytest.mark.parametrize("value", WRONG_CHOICES, ids=list(WRONG_CHOICES))
def test_a_response_status_of_the_wrong_shape_is_refused(client, app, planner, posted, value):
    before = snapshot(store_of(app))
    response = client.post(
        f"/api/v1/comments/{posted}/response",
        json={"status": WRONG_CHOICES[value], "text": "Takk"},
        headers=planner["planner"],
    )
    refused(response, "status")
    assert snapshot(store_of(app)) == before


CONSULTATION = {
    "title": "Stasjonsbyen Hauger",
    "introduction": "Hva trenger Hauger?",
    "opens_on": "2026-01-01",
    "closes_on": "2030-01-01",
    "moderation": "after",
    "zone_ids": ["kolsas"],
    "goal_ids": ["2020.hm2.d2"],
}


@pytest.mark.parametrize("value", WRONG_TEXTS, ids=list(WRONG_TEXTS))
@pytest.mark.parametrize("field", ["title", "introduction", "opens_on", "closes_on"])
def test_a_consultation_field_of_the_wrong_shape_is_refused(client, app, planner, field, value):
    before = snapshot(store_of(app))
    response = client.post(
        "/api/v1/consultations",
        json={**CONSULTATION, field: WRONG_TEXTS[value]},
        headers=planner["planner"],
    )
    refused(response, field)
    assert snapshot(store_of(app)) == before


@pytest.mark.parametrize(
    ("values", "where", "message"),
    [
        ({"moderation": "sometimes"}, "moderation", "«sometimes» er ukjent"),
        ({"moderation": ["after"]}, "moderation", "er ukjent"),
        ({"zone_ids": "kolsas"}, "zone_ids", "må være en liste"),
        ({"goal_ids": [["2020.hm2.d2"]]}, "goal_ids[0]", "må være tekst"),
        ({"opens_on": "2026-13-01"}, "opens_on", "må være en dato (ÅÅÅÅ-MM-DD)"),
        ({"opens_on": 1767225600}, "opens_on", "må være en dato (ÅÅÅÅ-MM-DD)"),
    ],
)
def test_a_consultation_choice_or_list_of_the_wrong_shape_is_refused(
    client, app, planner, values, where, message
):
    before = snapshot(store_of(app))
    response = client.post(
        "/api/v1/consultations", json={**CONSULTATION, **values}, headers=planner["planner"]
    )
    problems = refused(response, where)
    assert any(message in p["message"] for p in problems)
    assert snapshot(store_of(app)) == before


def _ring(points):
    return {"type": "Polygon", "coordinates": [[*points, points[0]]]}


BOWTIE = _ring([[10.5630, 59.9145], [10.5640, 59.9155], [10.5640, 59.9145], [10.5630, 59.9155]])


def test_a_self_intersecting_comment_area_is_refused_with_the_place(client, app):
    before = snapshot(store_of(app))
    document = {**comment(), "geometry": BOWTIE}
    [problem] = refused(client.post("/api/v1/comments", json=document), "geometry")
    assert problem["message"].startswith("geometry: geometrien krysser seg selv ved ")
    assert snapshot(store_of(app)) == before


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (
            {"type": "MultiPoint", "coordinates": [[10.5635, 59.915]]},
            "geometritypen MultiPoint kan ikke brukes her; bruk Point, Polygon",
        ),
        (
            {"type": "GeometryCollection", "geometries": []},
            "«GeometryCollection» er ukjent",
        ),
        (
            _ring([[10.56 + i * 1e-6, 59.915 + (i % 2) * 1e-6] for i in range(2_001)]),
            "geometrien har 2002 punkter; høyst 2000 er tillatt her",
        ),
        ({"type": "Point", "coordinates": ["10.5", 59.9]}, "må være et tall"),
        ({"type": "Point", "coordinates": [[10.5, 59.9]]}, "må være et tall"),
        ([10.5635, 59.915], "må være et objekt"),
    ],
)
def test_a_comment_geometry_of_the_wrong_shape_is_refused(client, app, geometry, message):
    before = snapshot(store_of(app))
    problems = refused(
        client.post("/api/v1/comments", json={**comment(), "geometry": geometry}),
        "geometry" if message != "må være et tall" else "geometry.coordinates[0]",
    )
    assert any(message in p["message"] for p in problems), problems
    assert snapshot(store_of(app)) == before


def test_nan_vertices_cannot_reach_the_store_through_any_door(app):
    """JSON cannot carry NaN, but a door handing the service a Python dict could."""
    nan_area = _ring([[10.5630, 59.9145], [math.nan, 59.9155], [10.5640, 59.9145]])
    with app.app_context():
        before = snapshot(store_of(app))
        for geometry in (nan_area, {"type": "Point", "coordinates": [math.nan, 59.9]}):
            with pytest.raises(InvalidInput) as caught:
                post_comment(
                    current_store(),
                    {**comment(), "geometry": geometry},
                    today=date.today(),
                    tolerance_m=50,
                )
            assert "tall må være endelige" in caught.value.problems[0].message
        assert snapshot(store_of(app)) == before


def test_refused_posts_use_up_none_of_the_comment_limit(demo_database_url):
    from arealweb.app import create_app

    app = create_app(
        {"DATABASE_URL": demo_database_url, "SECRET_KEY": "x", "COMMENT_RATE_LIMIT": "3/minute"}
    )
    client = app.test_client()
    mistakes = [
        comment(text=""),
        comment(goal_id=["x"]),
        comment(kind="sur"),
        {**comment(), "geometry": BOWTIE},
        comment(website="http://spam.example"),
    ]
    assert [client.post("/api/v1/comments", json=m).status_code for m in mistakes] == [422] * 5
    accepted = [client.post("/api/v1/comments", json=comment()).status_code for _ in range(4)]
    assert accepted == [201, 201, 201, 429]
