"""Documents no field can use are refused with a 4xx and a message, and change nothing.

A NUL character (PostgreSQL cannot store it), half a surrogate pair, a number too large to be
finite and nesting deeper than any GeoJSON used to answer 500 on PostGIS (some on SQLite too);
each is now refused before a service reads the document.
"""

import json

import pytest

from arealweb.http.store import current_store
from tests.api.test_editing import new_zone
from tests.conftest import snapshot

JSON = {"Content-Type": "application/json"}


def _comment(text: str) -> str:
    return (
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [10.5635, 59.915]},'
        ' "properties": {"consultation_id": "baerum-2040", "kind": "problem her",'
        ' "theme": "by- og stedsutvikling", "text": ' + text + "}}"
    )


HOSTILE_BODIES = {
    "NUL in a text": (_comment('"Trygg\\u0000skolevei"'), "NUL-tegn"),
    "lone surrogate": (_comment('"Trygg \\ud800 skolevei"'), "halv surrogat"),
    "number past double": (
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1e400, 59.9]},'
        ' "properties": {"consultation_id": "baerum-2040", "text": "x"}}',
        "endelige",
    ),
    "nested 100 000 deep": ("[" * 100_000 + "]" * 100_000, "nestet dypere"),
    "nested 40 deep": ('{"properties": ' * 40 + "{}" + "}" * 40, "nestet dypere"),
    "NUL in a key": ('{"type\\u0000": "Feature"}', "NUL-tegn"),
    "not JSON": ("{not json", "GeoJSON Feature som JSON"),
}


def _problems(response) -> str:
    error = json.loads(response.data)["error"]
    assert set(error) == {"status", "code", "message", "problems"}
    return " ".join(p["message"] for p in error["problems"])


@pytest.mark.parametrize("case", HOSTILE_BODIES)
def test_a_comment_no_field_can_use_is_refused_with_its_reason(client, app, case):
    document, reason = HOSTILE_BODIES[case]
    before = snapshot(current_store_of(app))
    response = client.post("/api/v1/comments", data=document, headers=JSON)
    assert response.status_code == 422, response.data
    assert reason in _problems(response)
    assert snapshot(current_store_of(app)) == before


@pytest.mark.parametrize("case", ["NUL in a text", "lone surrogate", "nested 100 000 deep"])
def test_a_zone_no_field_can_use_is_refused_for_a_planner_too(client, app, planner, case):
    document, reason = HOSTILE_BODIES[case]
    if case != "nested 100 000 deep":
        zone = new_zone(name="Haslum\x00" if case == "NUL in a text" else "Haslum")
        document = json.dumps(zone)
        if case == "lone surrogate":
            document = document.replace('"Haslum"', '"Has\\udc00lum"')
    before = snapshot(current_store_of(app))
    response = client.post("/api/v1/zones", data=document, headers={**planner["planner"], **JSON})
    assert response.status_code == 422
    assert reason in _problems(response)
    assert snapshot(current_store_of(app)) == before


def test_the_place_of_a_bad_text_is_named(client):
    document, _ = HOSTILE_BODIES["NUL in a text"]
    response = client.post("/api/v1/comments", data=document, headers=JSON)
    [problem] = json.loads(response.data)["error"]["problems"]
    assert problem["where"] == "properties.text"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/zones?kind=development%00",
        "/api/v1/zones?bbox=10.5%00,59.8,10.6,59.9",
        "/api/v1/comments?theme=%00",
        "/api/v1/goals?x%00=1",
    ],
)
def test_a_query_parameter_with_a_nul_is_a_400_not_a_500(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL-tegn" in _problems(response)


@pytest.mark.parametrize("path", ["/mal?goal=%00", "/?goal=2020%00", "/innspill?sted=%00"])
def test_a_page_asked_with_a_nul_answers_400_with_a_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)


def test_a_form_field_with_a_nul_is_a_400_and_signs_no_one_in(client):
    response = client.post("/logg-inn", data={"name": "kari\x00", "password": "x" * 12})
    assert response.status_code == 400


def current_store_of(app):
    with app.app_context():
        return current_store()
