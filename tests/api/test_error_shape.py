"""Every error the API answers has one shape, whatever the endpoint and whatever went wrong:

{"error": {"status": 412, "code": "precondition_failed", "message": "…",
           "problems": [{"message": "…", "where": "…" or null}]}}

Real requests through the test client, on the real SQLite store with the demo loaded.
"""

import copy
import io
import json
import re

import pytest

from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from tests.comments import feature as comment
from tests.places import HASLUM

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

COMMENT_LIMIT = 3


@pytest.fixture
def app(demo_database_url):
    app = create_app(
        {
            "DATABASE_URL": demo_database_url,
            "SECRET_KEY": "test-secret",
            "COMMENT_RATE_LIMIT": f"{COMMENT_LIMIT}/minute",
            "MAX_IMPORT_MB": 1,
        }
    )
    app.config["TESTING"] = True
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
        create_user(current_store(), "rita", Role.COUNCIL, "et-langt-passord")
    yield app
    with app.app_context():
        current_store().engine.dispose()


@pytest.fixture
def as_planner(app):
    with app.app_context():
        return {"Authorization": f"Bearer {create_token(current_store(), 'kari')}"}


@pytest.fixture
def as_council(app):
    with app.app_context():
        return {"Authorization": f"Bearer {create_token(current_store(), 'rita')}"}


def zone(**props):
    properties = {
        "name": "Haslum",
        "kind": "development",
        "category": "bymessig område",
        "goal_ids": ["2020.hm2.d2.s1.a1"],
    }
    return {
        "type": "Feature",
        "properties": {**properties, **props},
        "geometry": copy.deepcopy(HASLUM),
    }


def assert_error_shape(response, status: int, code: str) -> dict:
    """The response is the API's error shape, with this status and code."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    document = json.loads(response.data)
    assert set(document) == {"error"}
    error = document["error"]
    assert set(error) == {"status", "code", "message", "problems"}
    assert error["status"] == status
    assert error["code"] == code
    assert error["problems"], "at least one problem says what was wrong"
    for problem in error["problems"]:
        assert set(problem) == {"message", "where"}
        assert isinstance(problem["message"], str) and problem["message"]
        assert problem["where"] is None or isinstance(problem["where"], str)
    assert error["message"] == "; ".join(p["message"] for p in error["problems"])
    return error


def test_400_a_query_parameter_the_api_cannot_use(client):
    assert_error_shape(client.get("/api/v1/zones?kind=slott"), 400, "bad_parameter")
    assert_error_shape(client.get("/api/v1/comments?farge=bla"), 400, "bad_parameter")
    assert_error_shape(client.get("/api/v1/zones?bbox=1,2,3"), 400, "bad_parameter")


def test_401_nobody_signed_in(client):
    response = client.post("/api/v1/zones", json=zone())
    assert_error_shape(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="arealweb"'
    assert_error_shape(client.get("/api/v1/workshops"), 401, "unauthorized")
    assert_error_shape(client.post("/api/v1/goals", json={}), 401, "unauthorized")


def test_403_a_role_that_may_not_or_no_csrf_token(client, as_council, as_planner):
    assert_error_shape(
        client.post("/api/v1/zones", json=zone(), headers=as_council), 403, "forbidden"
    )
    assert_error_shape(
        client.post("/api/v1/comments/x/moderation", json={}, headers=as_council),
        403,
        "forbidden",
    )
    form = client.get("/logg-inn").data.decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form).group(1)
    client.post(
        "/logg-inn", data={"name": "kari", "password": "et-langt-passord", "csrf_token": token}
    )
    assert_error_shape(client.post("/api/v1/zones", json=zone()), 403, "csrf_failed")


def test_404_nothing_there(client):
    assert_error_shape(client.get("/api/v1/zones/finnes-ikke"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/goals/finnes-ikke"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/receipts/feil-kvittering"), 404, "not_found")
    assert_error_shape(client.get("/api/v1/ingenting-her"), 404, "not_found")


def test_409_a_conflict_with_what_is_there(client, as_planner):
    assert_error_shape(
        client.post("/api/v1/zones", json=zone(id="sandvika"), headers=as_planner),
        409,
        "conflict",
    )
    created = client.post(
        "/api/v1/workshops",
        json={"title": "Verksted", "groups": ["A"], "prompts": ["Bærum 2040"]},
        headers=as_planner,
    )
    workshop = json.loads(created.data)
    client.post(f"/api/v1/workshops/{workshop['id']}/close", headers=as_planner)
    posted = client.post(
        f"/api/v1/workshops/{workshop['id']}/words",
        json={"prompt": workshop["prompts"][0], "word": "sent"},
        headers={"X-Join-Code": workshop["groups"][0]["code"]},
    )
    assert_error_shape(posted, 409, "workshop_closed")


def test_412_a_stale_edit(client, as_planner):
    created = client.post("/api/v1/zones", json=zone(), headers=as_planner)
    url, etag = created.headers["Location"], created.headers["ETag"]
    client.put(url, json=zone(name="Først"), headers={**as_planner, "If-Match": etag})
    stale = client.put(url, json=zone(name="Sist"), headers={**as_planner, "If-Match": etag})
    assert_error_shape(stale, 412, "precondition_failed")


def test_413_a_request_too_large(client, as_planner):
    big = io.BytesIO(b" " * (2 * 1024 * 1024))
    response = client.post(
        "/api/v1/imports",
        data={"file": (big, "soner.geojson")},
        headers=as_planner,
        content_type="multipart/form-data",
    )
    assert_error_shape(response, 413, "request_entity_too_large")


def test_422_input_that_breaks_a_rule(client, as_planner):
    assert_error_shape(
        client.post("/api/v1/zones", json={"type": "Feature"}, headers=as_planner),
        422,
        "invalid_input",
    )
    assert_error_shape(
        client.post("/api/v1/goals", json=[1, 2], headers=as_planner), 422, "invalid_input"
    )
    assert_error_shape(client.post("/api/v1/comments", data="ikke json"), 422, "invalid_input")


def test_428_a_change_that_does_not_name_its_version(client, as_planner):
    created = client.post("/api/v1/zones", json=zone(), headers=as_planner)
    response = client.put(created.headers["Location"], json=zone(), headers=as_planner)
    assert_error_shape(response, 428, "precondition_required")


def test_429_past_the_configured_rate_limit(client):
    statuses = [
        client.post("/api/v1/comments", json=comment()).status_code for _ in range(COMMENT_LIMIT)
    ]
    assert statuses == [201] * COMMENT_LIMIT
    assert_error_shape(client.post("/api/v1/comments", json=comment()), 429, "too_many_requests")
