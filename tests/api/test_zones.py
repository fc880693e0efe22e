"""The zones API, against both databases, checked against independent computations."""

import json
import re

import geopandas as gpd
import pytest

from arealweb.services.demo import GEODATA


def geojson(response):
    assert response.status_code == 200, response.data
    assert response.mimetype == "application/geo+json"
    return json.loads(response.data)


def demo_file():
    return json.loads((GEODATA / "zones.geojson").read_text())


def test_zones_has_every_demo_zone_of_all_three_kinds_each_linked_to_a_goal(client):
    features = geojson(client.get("/api/v1/zones"))["features"]
    assert len(features) >= 20
    assert {f["properties"]["kind"] for f in features} == {"development", "protection", "corridor"}
    assert all(f["properties"]["goal_ids"] for f in features)
    for f in features:
        assert set(f["properties"]) >= {"id", "name", "kind", "category", "goal_ids"}
        expected = "length_m" if f["properties"]["kind"] == "corridor" else "area_daa"
        assert f["properties"][expected] > 0


def test_geometries_are_rfc7946_wgs84_with_six_decimals(client):
    body = client.get("/api/v1/zones").data.decode()
    assert '"crs"' not in body
    decimals = max(len(d) for d in re.findall(r"\d+\.(\d+)", body.split('"features"', 1)[1]))
    assert decimals <= 6
    for feature in json.loads(body)["features"]:
        coords = json.dumps(feature["geometry"]["coordinates"])
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", coords)]
        lons, lats = numbers[0::2], numbers[1::2]
        assert all(10.3 < x < 10.7 for x in lons) and all(59.8 < y < 60.1 for y in lats)


def test_every_area_matches_an_independent_computation_in_utm32_within_0_1_percent(client):
    reference = gpd.read_file(GEODATA / "zones.geojson").to_crs(25832)
    expected = dict(zip(reference["id"], reference.geometry.area / 1000, strict=True))
    features = geojson(client.get("/api/v1/zones?kind=development"))["features"]
    features += geojson(client.get("/api/v1/zones?kind=protection"))["features"]
    assert len(features) == sum(reference.geometry.geom_type.isin(["Polygon", "MultiPolygon"]))
    for f in features:
        assert f["properties"]["area_daa"] == pytest.approx(expected[f["id"]], rel=0.001)


def test_corridor_lengths_match_an_independent_computation(client):
    reference = gpd.read_file(GEODATA / "zones.geojson").to_crs(25832)
    expected = dict(zip(reference["id"], reference.geometry.length, strict=True))
    for f in geojson(client.get("/api/v1/zones?kind=corridor"))["features"]:
        assert f["properties"]["length_m"] == pytest.approx(expected[f["id"]], rel=0.001)


def descendants(goal_id):
    goals = json.loads((GEODATA / "goals.json").read_text())
    found = set()

    def walk(nodes, inside):
        for node in nodes:
            here = inside or node["id"] == goal_id
            if here:
                found.add(node["id"])
            walk(node.get("children", []), here)

    for version in goals["plan_versions"]:
        walk(version["goals"], False)
    return found


@pytest.mark.parametrize("goal", ["2020.hm1", "2020.hm3", "2020.hm3.d1.s1.a1", "2020.hm4"])
def test_goal_filter_returns_exactly_the_zones_linked_to_the_goal_or_below(client, goal):
    below = descendants(goal)
    expected = {
        f["id"] for f in demo_file()["features"] if below & set(f["properties"]["goal_ids"])
    }
    got = {f["id"] for f in geojson(client.get(f"/api/v1/zones?goal={goal}"))["features"]}
    assert got == expected
    assert got or goal == "2020.hm4"


def test_main_goal_3_includes_the_cycle_corridors_of_the_worked_chain(client):
    got = geojson(client.get("/api/v1/zones?goal=2020.hm3&kind=corridor"))["features"]
    assert {"hovedsykkelvei-e18", "hovedsykkelvei-kolsasbanen"} <= {f["id"] for f in got}


def test_bbox_around_sandvika_returns_sandvika_and_not_fornebu(client):
    ids = {
        f["id"]
        for f in geojson(client.get("/api/v1/zones?bbox=10.52,59.889,10.53,59.895"))["features"]
    }
    assert "sandvika" in ids
    assert "fornebu" not in ids


def test_zone_detail_has_each_goal_with_its_chain_up_to_the_vision(client):
    feature = geojson(client.get("/api/v1/zones/hovedsykkelvei-e18"))
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "MultiLineString"
    [goal] = feature["properties"]["goals"]
    assert goal["id"] == "2020.hm3.d1.s1.a1"
    assert goal["rationale"]
    assert [g["level"] for g in goal["chain"]] == [
        "visjon",
        "hovedmål",
        "delmål",
        "strategi",
        "arealstrategi",
    ]
    assert goal["chain"][0]["title"] == "Sammen skaper vi fremtiden"


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/zones/no-such-zone", 404, "fant ingen sone med id no-such-zone"),
        (
            "/api/v1/zones?kind=park",
            400,
            "kind=park er ukjent; bruk en av: development, protection, corridor",
        ),
        ("/api/v1/zones?goal=no-such-goal", 400, "goal=no-such-goal: det finnes ikke noe mål"),
        ("/api/v1/zones?bbox=10.5,59.9", 400, "bbox må være fire tall"),
        ("/api/v1/zones?bbox=10.6,59.9,10.5,59.95", 400, "bbox må være fire tall"),
        ("/api/v1/zones?colour=red", 400, "ukjent parameter colour"),
        ("/api/v1/goals/no-such-goal", 404, "fant ikke målet no-such-goal"),
        ("/api/v1/goals?plan_version=1999", 400, "plan_version=1999 er ukjent"),
        ("/api/v1/no-such-thing", 404, "det finnes ingenting på denne adressen"),
    ],
)
def test_errors_have_one_shape_and_say_what_was_wrong(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"status", "code", "message", "problems"}
    assert error["status"] == status
    assert words in error["message"]
    assert all(set(p) == {"message", "where"} for p in error["problems"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/zones",
        "/api/v1/zones/sandvika",
        "/api/v1/goals",
        "/api/v1/layers/boundary",
        "/api/v1/layers/stations",
    ],
)
def test_every_layer_answers_conditional_gets(client, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    changed = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_etag_changes_when_a_zone_changes(client, app):
    from arealweb.http.store import current_store

    before = client.get("/api/v1/zones").headers["ETag"]
    with app.app_context(), current_store().write() as repo:
        zone = repo.zones.get("sandvika")
        zone.name = "Sandvika sentrum"
        repo.zones.save(zone, actor="test")
    response = client.get("/api/v1/zones", headers={"If-None-Match": before})
    assert response.status_code == 200
    assert "Sandvika sentrum" in response.data.decode()


def test_an_edit_made_directly_in_the_database_shows_at_once(client, app):
    """QGIS writes the tables directly: the version trigger makes the cached listing notice."""
    import shapely
    import sqlalchemy as sa

    from arealweb.geo.crs import to_utm
    from arealweb.http.store import current_store

    client.get("/api/v1/zones")
    moved = shapely.MultiPolygon([to_utm(shapely.Point(10.5256, 59.8928)).buffer(150)])
    with app.app_context(), current_store().engine.begin() as connection:
        wkb = (
            shapely.to_wkb(moved)
            if connection.dialect.name == "sqlite"
            else shapely.to_wkb(shapely.set_srid(moved, 25832), include_srid=True)
        )
        connection.execute(
            sa.text("UPDATE zones SET area = :g, name = 'Sandvika (QGIS)' WHERE id = 'sandvika'"),
            {"g": wkb},
        )
        connection.execute(sa.text("DELETE FROM zones WHERE id = 'kolsas'"))
    features = {f["id"]: f for f in geojson(client.get("/api/v1/zones"))["features"]}
    assert "kolsas" not in features
    sandvika = features["sandvika"]["properties"]
    assert sandvika["name"] == "Sandvika (QGIS)"
    assert sandvika["version"] == 2
    assert sandvika["area_daa"] == pytest.approx(moved.area / 1000, rel=0.001)


def test_a_link_added_directly_in_the_database_shows_at_once(client, app):
    import sqlalchemy as sa

    from arealweb.http.store import current_store

    client.get("/api/v1/zones")
    with app.app_context(), current_store().engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO zone_goals (zone_id, goal_id, rationale) VALUES ('kolsas', '2020.hm4.d1.s1.a1', '')"
            )
        )
    features = {f["id"]: f for f in geojson(client.get("/api/v1/zones"))["features"]}
    assert "2020.hm4.d1.s1.a1" in features["kolsas"]["properties"]["goal_ids"]
