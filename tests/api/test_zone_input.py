"""A zone sent to the API is checked by its schema: wrong types are refused, not coerced.

Before the schema, a list as a name was stored as its Python repr, ``"goal_ids": "a"`` was read
letter by letter, a 5 MB name reached the database, and a 100 000-vertex polygon was accepted.
"""

import copy
import json
import math

import pytest

from tests.api.test_editing import body, new_zone
from tests.api.test_unusable_input import current_store_of
from tests.conftest import snapshot

JSON = {"Content-Type": "application/json"}


def post(client, headers, feature):
    return client.post("/api/v1/zones", data=json.dumps(feature), headers={**headers, **JSON})


def problems(response) -> list[tuple[str | None, str]]:
    return [(p["where"], p["message"]) for p in body(response)["error"]["problems"]]


def ring(n: int) -> list[list[float]]:
    points = [
        [
            10.5635 + 0.004 * math.cos(2 * math.pi * i / n),
            59.915 + 0.002 * math.sin(2 * math.pi * i / n),
        ]
        for i in range(n)
    ]
    return [*points, points[0]]


REFUSED = {
    "name as a list": ({"name": ["Haslum"]}, "properties.name", "må være tekst"),
    "name as an object": ({"name": {"nb": "Haslum"}}, "properties.name", "må være tekst"),
    "name of 5 MB": ({"name": "H" * 5_000_000}, "properties.name", "kan være høyst 200 tegn"),
    "description as a number": ({"description": 5}, "properties.description", "må være tekst"),
    "goal_ids as text": (
        {"goal_ids": "2020.hm2.d2.s1.a1"},
        "properties.goal_ids",
        "må være en liste",
    ),
    "a goal id as a list": (
        {"goal_ids": [["2020.hm1"]]},
        "properties.goal_ids[0]",
        "må være tekst",
    ),
    "draft as text": ({"draft": "yes"}, "properties.draft", "må være true eller false"),
    "arealformal as text": (
        {"arealformal": "1130"},
        "properties.arealformal",
        "må være et heltall",
    ),
    "arealformal as a fraction": (
        {"arealformal": 1130.5},
        "properties.arealformal",
        "må være et heltall",
    ),
    "status unknown": (
        {"status": "planlagt"},
        "properties.status",
        "«planlagt» er ukjent; bruk en av: nåværende, framtidig",
    ),
    "kind as a list": (
        {"kind": ["development"]},
        "properties.kind",
        "«['development']» er ukjent; bruk en av: development, protection, corridor",
    ),
    "id with a newline": (
        {"id": "haslum\nx"},
        "properties.id",
        "kan bare ha bokstaver a–z, tall og . _ : - (høyst 64 tegn)",
    ),
    "goal_links as text": ({"goal_links": "[]"}, "properties.goal_links", "må være en liste"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_zone_attribute_of_the_wrong_shape_is_refused_with_the_field_named(
    client, app, planner, case
):
    change, where, message = REFUSED[case]
    before = snapshot(current_store_of(app))
    response = post(client, planner["planner"], new_zone(**change))
    assert response.status_code == 422, response.data[:300]
    assert (where, f"{where}: {message}") in problems(response)
    assert snapshot(current_store_of(app)) == before


GEOMETRIES = {
    "a GeometryCollection": (
        {
            "type": "GeometryCollection",
            "geometries": [{"type": "Point", "coordinates": [10.56, 59.91]}],
        },
        "«GeometryCollection» er ukjent",
    ),
    "a ring not closed": (
        {"type": "Polygon", "coordinates": [ring(40)[:-1]]},
        "ringen er ikke lukket: første og siste punkt må være like (RFC 7946)",
    ),
    "100 000 vertices": (
        {"type": "Polygon", "coordinates": [ring(100_000)]},
        "geometrien har 100001 punkter; høyst 50000 er tillatt her",
    ),
    "coordinates as text": ({"type": "Point", "coordinates": "10.56 59.91"}, "må være en liste"),
}


@pytest.mark.parametrize("case", GEOMETRIES)
def test_a_zone_geometry_no_map_can_hold_is_refused_with_its_reason(client, app, planner, case):
    geometry, message = GEOMETRIES[case]
    feature = new_zone()
    feature["geometry"] = copy.deepcopy(geometry)
    before = snapshot(current_store_of(app))
    response = post(client, planner["planner"], feature)
    assert response.status_code == 422
    assert any(message in m for _, m in problems(response)), problems(response)
    assert snapshot(current_store_of(app)) == before


def test_a_geometry_check_of_a_hostile_drawing_answers_4xx(client, planner):
    response = client.post(
        "/api/v1/zones/check",
        data=json.dumps(
            {"kind": "development", "geometry": {"type": "Polygon", "coordinates": [ring(100_000)]}}
        ),
        headers={**planner["planner"], **JSON},
    )
    assert response.status_code == 422
    assert "100001 punkter" in body(response)["error"]["message"]


def test_a_good_zone_still_goes_in_with_its_attributes(client, planner):
    response = post(
        client, planner["planner"], new_zone(arealformal=1130, draft=True, description=" Ny ")
    )
    assert response.status_code == 201
    properties = body(response)["properties"]
    assert (properties["arealformal"], properties["draft"], properties["description"]) == (
        1130,
        True,
        " Ny ",
    )
