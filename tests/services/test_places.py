"""The gazetteer in geodata/, stored places, and where a comment is, on both databases."""

import json

import pytest
from shapely.geometry import Point, shape

from arealweb.geo.crs import to_utm
from arealweb.services import places
from arealweb.services.demo import GEODATA

PLACES = GEODATA / "places.geojson"


def test_the_gazetteer_has_at_least_150_places_of_every_kind_inside_the_boundary():
    document = json.loads(PLACES.read_text(encoding="utf-8"))
    boundary = shape(
        json.loads((GEODATA / "boundary.geojson").read_text())["features"][0]["geometry"]
    )
    features = document["features"]
    assert len(features) >= 150
    outside = [
        f["properties"]["name"] for f in features if not boundary.contains(shape(f["geometry"]))
    ]
    assert outside == []
    ids = [f["properties"]["id"] for f in features]
    assert len(ids) == len(set(ids))
    kinds = {f["properties"]["kind"] for f in features}
    assert {
        "village",
        "neighbourhood",
        "centre",
        "park",
        "lake",
        "island",
        "school",
        "farm",
        "landmark",
    } <= kinds
    for feature in features:
        props = feature["properties"]
        assert props["source"], props["name"]
        assert props["approximate"] == ("estimate" in props["source"]), props["name"]


def test_the_demo_stores_the_gazetteer_and_a_second_load_changes_nothing(demo_store):
    from arealweb.services.demo import load_demo

    with demo_store.read() as repo:
        stored = repo.places.all()
    assert len(stored) == len(json.loads(PLACES.read_text())["features"])
    bekkestua = next(p for p in stored if p.id == "bekkestua")
    assert bekkestua.geometry.distance(to_utm(Point(10.58762, 59.91756))) < 0.01
    counts = load_demo(demo_store)
    assert counts["created"] == counts["updated"] == 0


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (10.52556, 59.89278, "ved Sandvika stasjon, i Sandvika"),
        (10.5903, 59.9173, "ved Bekkestua stasjon, i Bekkestua"),
        (10.50, 59.99, "nær Aurevann, i Bærumsmarka"),
        (10.40, 59.87, "utenfor Bærum"),
    ],
)
def test_a_point_is_described_by_its_nearest_place_and_its_zone(demo_store, lon, lat, expected):
    assert places.describe_point(demo_store, lon, lat, lambda t: t) == expected


def test_comments_on_points_areas_and_zones_are_each_described(demo_store):
    from types import SimpleNamespace

    comments = [
        SimpleNamespace(id="a", geometry=to_utm(Point(10.52556, 59.89278)), zone_id=None),
        SimpleNamespace(id="b", geometry=to_utm(Point(10.5903, 59.9173)).buffer(50), zone_id=None),
        SimpleNamespace(id="c", geometry=None, zone_id="fornebu"),
    ]
    assert places.describe_comments(demo_store, comments, lambda t: t) == {
        "a": "ved Sandvika stasjon, i Sandvika",
        "b": "ved Bekkestua stasjon, i Bekkestua",
        "c": "i Fornebu",
    }


def test_search_finds_a_goals_zones_by_the_goals_title(demo_store):
    found = places.search(demo_store, "gang- og sykkelveier")
    goal = next(h for h in found.hits if h.source == "goal")
    assert "Sykkelvei Sandvika–Rykkinn" in goal.detail
    assert found.addresses == "off"


def test_an_empty_query_finds_nothing(demo_store):
    assert places.search(demo_store, "  ").hits == []


def test_a_name_loaded_later_is_used_at_once_by_a_process_that_described_before(demo_store):
    from arealweb.domain.places import Place, PlaceKind

    lon, lat = 10.4300, 59.9300
    before = places.describe_point(demo_store, lon, lat, lambda t: t)
    assert "Kollemyra" not in before
    with demo_store.write() as repo:
        repo.places.save_all(
            [
                Place(
                    "ssr-1",
                    "Kollemyra",
                    PlaceKind.NATURE,
                    to_utm(Point(lon, lat)),
                    source="stedsnavn",
                )
            ]
        )
    assert places.describe_point(demo_store, lon, lat, lambda t: t).startswith("ved Kollemyra")
