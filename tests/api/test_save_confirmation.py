"""Saving a development zone over protected land, or a zone with no goal, asks first: the API
answers 409 ``confirmation_required`` naming what and how much, saves nothing, and saves when
sent again with ``?confirm=true``."""

import copy
import json

import pytest
import shapely

from arealweb.domain.accounts import Role
from arealweb.geo.crs import to_utm, to_wgs84
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from tests.conftest import snapshot
from tests.places import HASLUM

GOAL = "2020.hm2.d2.s1.a1"


@pytest.fixture
def planner(app):
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
        return {"Authorization": f"Bearer {create_token(current_store(), 'kari')}"}


def grini(app):
    """The demo's Grini farmland (EPSG:25832)."""
    with app.app_context(), current_store().read() as repo:
        return repo.zones.get("jordvern-grini").geometry


def over_grini(app):
    """A 300 × 300 m square on Grini's centre, as WGS84 GeoJSON, and its overlap in daa
    measured here in EPSG:25832."""
    protected = grini(app)
    square = shapely.buffer(protected.representative_point(), 150, cap_style="square")
    drawn = to_wgs84(square, decimals=None)
    overlap_daa = shapely.intersection(to_utm(drawn), protected).area / 1000
    return json.loads(shapely.to_geojson(drawn)), overlap_daa


def feature(geometry, **props):
    properties = {
        "name": "Grini næringspark",
        "kind": "development",
        "category": "næringsområde",
        "goal_ids": [GOAL],
        **props,
    }
    return {"type": "Feature", "properties": properties, "geometry": copy.deepcopy(geometry)}


def error(response):
    return json.loads(response.data)["error"]


def test_a_development_zone_over_farmland_is_refused_with_category_and_daa_until_confirmed(
    app, client, planner
):
    geometry, overlap_daa = over_grini(app)
    with app.app_context():
        before = snapshot(current_store())
    asked = client.post("/api/v1/zones", json=feature(geometry), headers=planner)
    assert asked.status_code == 409
    found = error(asked)
    assert found["code"] == "confirmation_required"
    expected = f"{overlap_daa:.1f}".replace(".", ",")
    assert [p["message"] for p in found["problems"]] == [
        f"«Grini næringspark» ligger på vernet areal: Jordvern {expected} daa"
    ]
    with app.app_context():
        assert snapshot(current_store()) == before

    saved = client.post("/api/v1/zones?confirm=true", json=feature(geometry), headers=planner)
    assert saved.status_code == 201, saved.data
    assert json.loads(saved.data)["properties"]["name"] == "Grini næringspark"


def test_the_warning_is_in_the_readers_language(app, client, planner):
    geometry, overlap_daa = over_grini(app)
    asked = client.post(
        "/api/v1/zones?lang=en", json=feature(geometry, goal_ids=[]), headers=planner
    )
    assert asked.status_code == 409
    messages = [p["message"] for p in error(asked)["problems"]]
    assert messages == [
        f"«Grini næringspark» lies on protected land: Farmland {overlap_daa:.1f} daa",
        "«Grini næringspark» is linked to no goal",
    ]


def test_a_zone_with_no_goal_is_asked_about_whatever_its_kind(client, planner):
    asked = client.post(
        "/api/v1/zones",
        json=feature(HASLUM, kind="protection", category="grønnstruktur", goal_ids=[]),
        headers=planner,
    )
    assert asked.status_code == 409
    assert [p["message"] for p in error(asked)["problems"]] == [
        "«Grini næringspark» er ikke knyttet til noe mål"
    ]
    clear = client.post("/api/v1/zones", json=feature(HASLUM), headers=planner)
    assert clear.status_code == 201  # off protected land, with a goal: nothing to ask


def test_an_edit_asks_only_about_what_it_makes_worse(app, client, planner):
    geometry, _ = over_grini(app)
    created = client.post("/api/v1/zones?confirm=1", json=feature(geometry), headers=planner)
    location, etag = created.headers["Location"], created.headers["ETag"]

    renamed = client.put(
        location,
        json=feature(geometry, name="Grini park"),
        headers={**planner, "If-Match": etag},
    )
    assert renamed.status_code == 200  # the overlap was confirmed once and did not grow

    bigger = to_wgs84(shapely.buffer(to_utm(shapely.from_geojson(json.dumps(geometry))), 60))
    grown = client.put(
        location,
        json=feature(json.loads(shapely.to_geojson(bigger)), name="Grini park", goal_ids=[]),
        headers={**planner, "If-Match": renamed.headers["ETag"]},
    )
    assert grown.status_code == 409
    messages = [p["message"] for p in error(grown)["problems"]]
    assert messages[0].startswith("«Grini park» ligger på vernet areal: Jordvern ")
    assert messages[1] == "«Grini park» er ikke knyttet til noe mål"


def test_a_stale_edit_is_refused_as_stale_before_any_question(app, client, planner):
    geometry, _ = over_grini(app)
    created = client.post("/api/v1/zones?confirm=1", json=feature(geometry), headers=planner)
    stale = client.put(
        created.headers["Location"],
        json=feature(geometry, goal_ids=[]),
        headers={**planner, "If-Match": '"v7"'},
    )
    assert stale.status_code == 412
