"""OGC API – Features Part 1 (core, GeoJSON, HTML) through the Flask client, on both databases."""

import json

import pytest

from arealweb.store.schema import goals, stations, zone_goals, zones
from tests.api.ogc.conftest import count, every_page, link, local, read

COLLECTIONS = [
    "zones",
    "zones-development",
    "zones-protection",
    "zones-corridor",
    "boundary",
    "stations",
    "goals",
    "goal-links",
    "comments",
]


def test_the_landing_page_links_to_everything_a_client_needs(client):
    page = read(client.get("/ogc/"))
    assert page["title"] and page["description"]
    rels = {l["rel"]: l for l in page["links"]}
    assert {"self", "alternate", "service-desc", "service-doc", "conformance", "data"} <= set(rels)
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert local(rels["service-desc"]["href"]) == "/ogc/api"
    assert local(rels["conformance"]["href"]) == "/ogc/conformance"
    assert local(rels["data"]["href"]) == "/ogc/collections"
    assert rels["alternate"]["type"] == "text/html"


def test_json_is_the_default_for_any_accept_and_html_only_when_asked(client):
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        response = client.get("/ogc/", headers=headers)
        assert response.mimetype == "application/json", headers
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/ogc/", headers={"Accept": browser}).mimetype == "text/html"
    assert client.get("/ogc/?f=html").mimetype == "text/html"
    assert client.get("/ogc/?f=json", headers={"Accept": browser}).mimetype == "application/json"


def test_an_unknown_format_is_406_in_the_exception_shape(client):
    response = client.get("/ogc/collections?f=xml")
    assert response.status_code == 406
    error = json.loads(response.data)
    assert error["code"] == "NotAcceptable" and "f=xml" in error["description"]


def test_conformance_declares_parts_1_to_4_and_cql2_but_not_case_insensitive(client):
    """Only what tests/api/ogc proves: Parts 1 and 2 here, Part 3 and CQL2 in test_filters,
    Part 4 in test_transactions."""
    declared = set(read(client.get("/ogc/conformance"))["conformsTo"])
    features, cql2 = (
        "http://www.opengis.net/spec/ogcapi-features-",
        "http://www.opengis.net/spec/cql2",
    )
    assert declared == {
        f"{features}1/1.0/conf/core",
        f"{features}1/1.0/conf/geojson",
        f"{features}1/1.0/conf/html",
        f"{features}1/1.0/conf/oas30",
        f"{features}2/1.0/conf/crs",
        f"{features}3/1.0/conf/queryables",
        f"{features}3/1.0/conf/queryables-query-parameters",
        f"{features}3/1.0/conf/filter",
        f"{features}3/1.0/conf/features-filter",
        f"{cql2}/1.0/conf/cql2-text",
        f"{cql2}/1.0/conf/cql2-json",
        f"{cql2}/1.0/conf/basic-cql2",
        f"{cql2}/1.0/conf/advanced-comparison-operators",
        f"{cql2}/1.0/conf/basic-spatial-functions",
        f"{cql2}/1.0/conf/basic-spatial-functions-plus",
        f"{cql2}/1.0/conf/spatial-functions",
        f"{features}4/1.0/conf/create-replace-delete",
        f"{features}4/1.0/conf/update",
        f"{features}4/1.0/conf/optimistic-locking-etags",
    }


def test_collections_lists_each_collection_as_features_with_extent_and_crs(client):
    listed = read(client.get("/ogc/collections"))["collections"]
    assert [c["id"] for c in listed] == COLLECTIONS
    for c in listed:
        assert c["itemType"] == "feature" and c["title"] and c["description"]
        items = link(c, "items", "application/geo+json")
        assert local(items["href"]).startswith(f"/ogc/collections/{c['id']}/items")
    by_id = {c["id"]: c for c in listed}
    zones_ = by_id["zones"]
    west, south, east, north = zones_["extent"]["spatial"]["bbox"][0]
    # Bærum lies around 10.3–10.7 E, 59.8–60.1 N.
    assert 10.3 < west < east < 10.7 and 59.8 < south < north < 60.1
    assert zones_["extent"]["spatial"]["crs"] == "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    start, end = zones_["extent"]["temporal"]["interval"][0]
    assert start <= end and end.endswith("Z")
    assert zones_["storageCrs"] == "http://www.opengis.net/def/crs/EPSG/0/25832"
    assert "http://www.opengis.net/def/crs/EPSG/0/25833" in zones_["crs"]
    assert "storageCrs" not in by_id["goals"]
    assert by_id["goals"]["crs"] == ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]


def test_one_collection_has_self_alternate_and_items_links(client):
    c = read(client.get("/ogc/collections/stations"))
    assert c["id"] == "stations" and c["itemType"] == "feature"
    assert local(link(c, "self")["href"]) == "/ogc/collections/stations?f=json"
    assert link(c, "alternate")["type"] == "text/html"
    assert link(c, "items", "text/html")
    queryables = link(c, "http://www.opengis.net/def/rel/ogc/1.0/queryables")
    assert local(queryables["href"]) == "/ogc/collections/stations/queryables"
    assert queryables["type"] == "application/schema+json"


def test_an_unknown_collection_or_item_is_404_in_the_exception_shape(client):
    for path in (
        "/ogc/collections/nope",
        "/ogc/collections/nope/items",
        "/ogc/collections/zones/items/nope",
        "/ogc/collections/stations/items/nope",
        "/ogc/no-such-thing",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        error = json.loads(response.data)
        assert error["code"] == "NotFound" and error["description"], path


def test_a_zone_of_one_kind_is_not_an_item_of_another_kind(client):
    assert client.get("/ogc/collections/zones-development/items/sandvika").status_code == 200
    assert client.get("/ogc/collections/zones-protection/items/sandvika").status_code == 404


def test_paging_through_all_zones_gives_each_zone_once_and_the_database_count(client, app):
    live = count(app, zones, zones.c.deleted_at.is_(None))
    features, pages = every_page(client, "/ogc/collections/zones/items?limit=7")
    assert len(pages) == -(-live // 7) > 1
    assert [p["numberMatched"] for p in pages] == [live] * len(pages)
    assert sum(p["numberReturned"] for p in pages) == live == len(features)
    assert len({f["id"] for f in features}) == live
    assert all(p["numberReturned"] == len(p["features"]) for p in pages)
    assert link(pages[0], "prev") is None and link(pages[-1], "next") is None
    back = read(client.get(local(link(pages[1], "prev")["href"])))
    assert [f["id"] for f in back["features"]] == [f["id"] for f in pages[0]["features"]]
    assert all(p["timeStamp"].endswith("Z") for p in pages)


def test_a_page_of_zones_has_the_same_features_as_the_zone_api(client):
    """The OGC items are /api/v1/zones's Features (the same cache), page by page."""
    everything = read(client.get("/api/v1/zones"))["features"]
    page = read(client.get("/ogc/collections/zones/items?limit=5&offset=3"))
    assert page["features"] == everything[3:8]


@pytest.mark.parametrize(
    ("collection", "table", "where"),
    [
        ("zones-development", zones, (zones.c.kind == "development", zones.c.deleted_at.is_(None))),
        ("zones-protection", zones, (zones.c.kind == "protection", zones.c.deleted_at.is_(None))),
        ("zones-corridor", zones, (zones.c.kind == "corridor", zones.c.deleted_at.is_(None))),
        ("stations", stations, ()),
        ("goals", goals, ()),
        ("goal-links", zone_goals, ()),
    ],
)
def test_every_collection_pages_to_the_database_count(client, app, collection, table, where):
    expected = count(app, table, *where)
    features, pages = every_page(client, f"/ogc/collections/{collection}/items?limit=4")
    assert len(features) == expected == pages[0]["numberMatched"] > 4
    assert len({f["id"] for f in features}) == expected


def test_goals_have_no_geometry_and_carry_their_chain_to_the_vision(client):
    goal = read(client.get("/ogc/collections/goals/items/2020.hm3.d1.s1.a1"))
    assert goal["geometry"] is None
    properties = goal["properties"]
    assert properties["level"] == "arealstrategi"
    chain = properties["chain"]
    assert chain[0]["level"] == "visjon" and chain[-1]["id"] == "2020.hm3.d1.s1.a1"
    assert properties["parent_id"] == chain[-2]["id"]


def test_goal_links_name_zone_goal_and_rationale(client):
    link_ = read(client.get("/ogc/collections/goal-links/items?limit=1"))["features"][0]
    assert link_["geometry"] is None
    assert set(link_["properties"]) == {"zone_id", "goal_id", "rationale"}
    one = read(client.get(f"/ogc/collections/goal-links/items/{link_['id']}"))
    assert one["properties"] == link_["properties"]


def test_the_limit_defaults_and_is_clamped_to_the_maximum(client, app):
    app.config.update(OGC_DEFAULT_LIMIT=3, OGC_MAX_LIMIT=5)
    assert read(client.get("/ogc/collections/stations/items"))["numberReturned"] == 3
    page = read(client.get("/ogc/collections/stations/items?limit=1000"))
    assert page["numberReturned"] == 5
    assert "offset=5" in link(page, "next")["href"]


def test_next_and_prev_carry_every_query_parameter(client):
    query = (
        "limit=2&offset=2&bbox=10.3,59.8,10.7,60.1&datetime=2000-01-01T00:00:00Z/..&crs="
        "http://www.opengis.net/def/crs/EPSG/0/25832&filter=kind%3D%27development%27"
        "&filter-lang=cql2-text"
    )
    page = read(client.get("/ogc/collections/zones/items?" + query))
    for rel in ("next", "prev", "self"):
        href = link(page, rel)["href"]
        for name in ("limit=2", "bbox=", "datetime=", "crs=", "filter=", "filter-lang="):
            assert name in href, (rel, name)
    assert "offset=4" in link(page, "next")["href"]
    assert "offset=0" in link(page, "prev")["href"]


def test_bbox_selects_zones_around_sandvika_and_not_fornebu(client):
    box = "10.51,59.885,10.54,59.90"
    ids = {
        f["id"] for f in read(client.get(f"/ogc/collections/zones/items?bbox={box}"))["features"]
    }
    assert "sandvika" in ids and "fornebu" not in ids
    api = {f["id"] for f in read(client.get(f"/api/v1/zones?bbox={box}"))["features"]}
    assert ids == api
    stations_ = read(client.get(f"/ogc/collections/stations/items?bbox={box}"))["features"]
    assert "tog-sandvika" in {f["id"] for f in stations_}


def _saved_times(app) -> dict:
    import sqlalchemy as sa

    from arealweb.http.store import current_store

    with app.app_context(), current_store().engine.connect() as connection:
        rows = connection.execute(sa.select(zones.c.id, zones.c.updated_at)).all()
    return {zone_id: at for zone_id, at in rows}


def _rename(client, planner, zone_id: str, name: str) -> None:
    current = client.get(f"/api/v1/zones/{zone_id}")
    zone = read(current)
    zone["properties"]["name"] = name
    headers = {**planner["planner"], "If-Match": current.headers["ETag"]}
    saved = client.put(f"/api/v1/zones/{zone_id}", json=zone, headers=headers)
    assert saved.status_code == 200, saved.data


def test_datetime_selects_zones_by_when_they_were_last_saved(client, app, planner):
    from datetime import timedelta

    before = max(_saved_times(app).values())
    _rename(client, planner, "sandvika", "Sandvika sentrum")
    saved = _saved_times(app)["sandvika"]
    assert saved > before

    def ids(value):
        value = value.replace("+", "%2B")
        found = read(client.get(f"/ogc/collections/zones/items?limit=1000&datetime={value}"))
        return {f["id"] for f in found["features"]}

    everyone = ids("../..")
    assert len(everyone) > 10
    later = (before + timedelta(milliseconds=1)).isoformat()
    assert ids(saved.isoformat()) == {"sandvika"}
    assert ids(f"{later}/..") == {"sandvika"}
    assert ids(f"{later}/") == {"sandvika"}
    assert ids(f"{later}/{saved.isoformat()}") == {"sandvika"}
    assert ids(f"../{before.isoformat()}") == everyone - {"sandvika"}
    assert "sandvika" in ids(saved.date().isoformat())
    assert ids("1999-01-01") == set()


def test_datetime_is_ignored_by_collections_without_a_time(client):
    page = read(client.get("/ogc/collections/stations/items?datetime=1999-01-01T00:00:00Z"))
    assert page["numberMatched"] > 0


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=1&limit=2", "limit"),
        (
            "crs=http://www.opengis.net/def/crs/EPSG/0/25832&crs=http://www.opengis.net/def/crs/EPSG/0/25833",
            "crs",
        ),
        ("offset=-1", "offset"),
        ("offset=1e3", "offset"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=10.6,59.9,10.5,59.95", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=nan,1,2,3", "bbox"),
        ("bbox=10,100,11,101", "bbox"),
        ("bbox-crs=http://www.opengis.net/def/crs/EPSG/0/9999&bbox=1,2,3,4", "bbox-crs"),
        ("crs=EPSG:25832", "crs"),
        ("crs=http://www.opengis.net/def/crs/EPSG/0/32632", "crs"),
        ("datetime=yesterday", "datetime"),
        ("datetime=2030-01-02T00:00:00Z/2030-01-01T00:00:00Z", "datetime"),
        ("datetime=/", "datetime"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, query, words):
    response = client.get("/ogc/collections/zones/items?" + query)
    assert response.status_code == 400, query
    error = json.loads(response.data)
    assert error["code"] == "InvalidParameterValue"
    assert words in error["description"]


def test_messages_are_in_the_visitors_language(client):
    norsk = json.loads(client.get("/ogc/collections/zones/items?limit=0").data)
    english = json.loads(client.get("/ogc/collections/zones/items?limit=0&lang=en").data)
    assert "heltall" in norsk["description"]
    assert "whole number" in english["description"]


def test_the_collection_accepts_its_items_filter_parameters(client):
    """GDAL copies the connection URL's parameters into every request (design14 §3.3), the
    collection's own included; items filter by them (test_filters.py)."""
    for query in (
        "filter=kind%3D%27development%27&filter-lang=cql2-text",
        "kind=development",
        "name=Sandvika",
    ):
        assert client.get("/ogc/collections/zones?" + query).status_code == 200, query
        assert client.get("/ogc/collections/zones/items?" + query).status_code == 200, query
    assert client.get("/ogc/collections/stations/items?kind=x").status_code == 400


def test_items_and_items_answer_304_to_their_etag_and_change_with_the_data(client, planner):
    for path in (
        "/ogc/collections/zones/items?limit=3",
        "/ogc/collections/zones/items/sandvika",
        "/ogc/collections/stations/items?limit=3",
        "/ogc/collections/stations/items/tog-sandvika",
    ):
        first = client.get(path)
        etag = first.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.headers["ETag"] == etag, path
        assert again.data == b""
        other = client.get(
            path
            + ("&" if "?" in path else "?")
            + "crs="
            + "http://www.opengis.net/def/crs/EPSG/0/25832"
        )
        assert other.headers["ETag"] != etag, path

    before = client.get("/ogc/collections/zones/items/sandvika")
    _rename(client, planner, "sandvika", "Sandvika sentrum")
    after = client.get(
        "/ogc/collections/zones/items/sandvika", headers={"If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200
    assert read(after)["properties"]["name"] == "Sandvika sentrum"
    assert after.headers["ETag"].startswith('"v2-')


def test_a_single_item_has_self_alternate_and_collection_links(client):
    zone = read(client.get("/ogc/collections/zones/items/sandvika"))
    assert zone["type"] == "Feature" and zone["id"] == "sandvika"
    assert local(link(zone, "collection")["href"]) == "/ogc/collections/zones"
    assert link(zone, "alternate")["type"] == "text/html"
    assert zone["properties"]["goal_ids"]


@pytest.mark.parametrize(
    "path",
    [
        "/ogc/?f=html",
        "/ogc/conformance?f=html",
        "/ogc/collections?f=html",
        "/ogc/collections/zones?f=html",
        "/ogc/collections/zones/items?f=html&limit=3",
        "/ogc/collections/zones/items/sandvika?f=html",
        "/ogc/collections/goals/items/2020.visjon?f=html",
    ],
)
def test_every_resource_is_a_page_in_the_site_layout(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert page.count("<h1>") == 1 and 'class="site-header"' in page
    assert "f=json" in page  # the alternate link to the data


def test_the_html_items_page_shows_the_features_and_the_paging(client):
    page = client.get("/ogc/collections/zones/items?f=html&limit=3").get_data(as_text=True)
    assert "Viser 1–3 av" in page
    assert "/ogc/collections/zones/items/" in page
    assert "offset=3" in page


def test_the_site_links_to_the_service(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/ogc/?f=html">Kartdata som tjeneste (OGC API)</a>' in page


def _coordinates(geometry) -> list[tuple[float, float]]:
    found = []

    def walk(part):
        if isinstance(part[0], (int, float)):
            found.append(tuple(part))
        else:
            for inner in part:
                walk(inner)

    walk(geometry["coordinates"])
    return found


@pytest.mark.parametrize(
    ("collection", "kind"),
    [
        ("zones", None),
        ("zones-development", "development"),
        ("zones-protection", "protection"),
        ("zones-corridor", "corridor"),
    ],
)
def test_each_zone_collection_extent_holds_its_zones_closely(client, collection, kind):
    features = read(client.get("/api/v1/zones" + (f"?kind={kind}" if kind else "")))["features"]
    points = [p for f in features for p in _coordinates(f["geometry"])]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    west, south, east, north = read(client.get(f"/ogc/collections/{collection}"))["extent"][
        "spatial"
    ]["bbox"][0]
    assert west <= min(xs) and south <= min(ys) and east >= max(xs) and north >= max(ys)
    assert min(xs) - west < 0.01 and max(xs) - east > -0.01
    assert min(ys) - south < 0.01 and max(ys) - north > -0.01
