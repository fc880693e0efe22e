"""The analysis API on SQLite and PostGIS, over the hand-computed plan of tests/analysis."""

import json

import pytest
import shapely

from arealweb.app import create_app
from arealweb.domain.goals import GoalStatus, PlanVersion
from arealweb.domain.reference import Station
from tests.analysis.test_analysis import TREE, X, Y, box, zone

ZONES = [
    zone("D1", "development", "vekstområde", box(0, 0, 200, 100), "a1"),
    zone("D2", "development", "vekstområde", box(150, 0, 250, 100), "d1"),
    zone("P1", "protection", "jordvern", box(180, 50, 300, 150), "m2"),
    zone(
        "C1",
        "corridor",
        "hovedsykkelvei",
        shapely.MultiLineString([[(X, Y - 50), (X + 400, Y - 50)]]),
        "a1",
    ),
    zone(
        "C2",
        "corridor",
        "turvei",
        shapely.MultiLineString([[(X + 200, Y + 100), (X + 200, Y + 200)]]),
    ),
    zone("DRAFT", "development", "vekstområde", box(0, 0, 1000, 1000), draft=True),
]


@pytest.fixture
def client(store, database_url):
    with store.write() as repo:
        repo.goals.save_plan_version(PlanVersion("p", "Plan", GoalStatus.UTKAST))
        for goal in TREE.walk():
            repo.goals.save(goal)
        for z in ZONES:
            repo.zones.save(z, None, actor="test")
        repo.reference.save_station(Station("s", "S", "train", shapely.Point(X + 100, Y + 50)))
        repo.reference.save_station(
            Station("f", "F", "fornebu", shapely.Point(X + 5000, Y), planned=True)
        )
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "t"})
    yield app.test_client()


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.data
    return json.loads(response.data)


def test_areas_in_m2_daa_and_km2_with_overlaps_once(client):
    body = get(client, "/api/v1/analysis/areas")
    development = next(r for r in body["by_kind"] if r["key"] == "development")
    assert development == {
        "key": "development",
        "zones": 2,
        "area_m2": 25_000.0,
        "area_daa": 25.0,
        "area_km2": 0.025,
        "length_m": 0.0,
    }
    main = {r["goal_id"]: (r["area_m2"], r["length_m"]) for r in body["by_main_goal"]}
    assert main == {"m1": (25_000.0, 400.0), "m2": (12_000.0, 0.0)}
    assert body["by_main_goal"][0]["title"] == "Godt å bo"
    assert body["total"]["area_m2"] == 25_000.0 + 12_000.0 - 3_500.0


def test_conflicts_with_their_overlaps_on_the_map(client):
    body = get(client, "/api/v1/analysis/conflicts")
    assert (body["area_m2"], body["area_daa"]) == (3_500.0, 3.5)
    assert [(c["development_id"], c["area_m2"]) for c in body["conflicts"]] == [
        ("D2", 3_500.0),
        ("D1", 1_000.0),
    ]
    assert body["crossings"] == [
        {
            "corridor_id": "C2",
            "corridor_name": "Sone C2",
            "protection_id": "P1",
            "protection_name": "Sone P1",
            "category": "jordvern",
            "length_m": 50.0,
        }
    ]
    features = body["features"]["features"]
    assert [f["properties"]["type"] for f in features] == ["conflict", "conflict", "crossing"]
    lon, lat = features[0]["geometry"]["coordinates"][0][0]
    assert 10.3 < lon < 10.7 and 59.8 < lat < 60.0  # WGS84, as RFC 7946 wants


def test_coverage_levels_orphans_and_contradictions(client):
    body = get(client, "/api/v1/analysis/coverage")
    levels = {
        l["level"]: (l["with_zones"], l["total"], [g["id"] for g in l["goals_without_zones"]])
        for l in body["levels"]
    }
    assert levels == {
        "hovedmål": (2, 2, []),
        "delmål": (1, 2, ["d2"]),
        "strategi": (1, 2, ["s2"]),
        "arealstrategi": (1, 2, ["a2"]),
    }
    assert body["zones_without_goals"] == [{"id": "C2", "name": "Sone C2"}]
    assert [
        (c["goal_id"], c["protection_goal_ids"], c["area_m2"]) for c in body["contradictions"]
    ] == [("d1", ["m2"], 3_500.0), ("a1", ["m2"], 1_000.0)]


def test_stations_with_and_without_the_planned_ones(client):
    body = get(client, "/api/v1/analysis/stations?distances=500")
    assert body["within"] == [
        {"distance_m": 500, "area_m2": 25_000.0, "area_daa": 25.0, "area_km2": 0.025, "share": 1.0}
    ]
    assert len(body["catchments"]["features"]) == 1
    assert get(client, "/api/v1/analysis/stations?planned=0")["planned_included"] is False
    bad = client.get("/api/v1/analysis/stations?distances=10")
    assert (
        bad.status_code == 400 and "distances må være" in json.loads(bad.data)["error"]["message"]
    )
    assert client.get("/api/v1/analysis/stations?radius=1").status_code == 400


def test_corridors_lengths_gaps_and_reach(client):
    body = get(client, "/api/v1/analysis/corridors?gap_m=100&reach_m=40")
    assert body["length_by_category"] == [
        {"category": "hovedsykkelvei", "length_m": 400.0},
        {"category": "turvei", "length_m": 200.0 - 100.0},
    ]
    assert body["total_m"] == 500.0
    gaps = [
        (f["properties"]["corridor_id"], f["properties"]["nearest_m"])
        for f in body["gaps"]["features"]
    ]
    # C1's ends are sqrt(200² + 150²) = 250 m from C2's south end; C2 starts 150 m above C1.
    assert sorted(gaps) == [("C1", 250.0), ("C1", 250.0), ("C2", 150.0), ("C2", 250.0)]
    assert [(u["id"], u["distance_m"]) for u in body["unreached"]] == [("D1", 50.0), ("D2", 50.0)]
    assert get(client, "/api/v1/analysis/corridors")["unreached"] == []
    assert client.get("/api/v1/analysis/corridors?gap_m=x").status_code == 400
