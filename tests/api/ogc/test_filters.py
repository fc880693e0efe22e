"""OGC API – Features Part 3 (queryables, filter) and CQL2 through the Flask client, on both
databases: each filter's selection is held to a Python predicate over /api/v1/zones."""

import json
from urllib.parse import quote

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from arealweb.http.store import current_store
from tests.api.ogc.conftest import CRS84, epsg, every_page, link, local, read
from tests.conftest import snapshot

SCHEMA_JSON = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
AROUND_SANDVIKA = (10.50, 59.88, 10.55, 59.90)
"""West, south, east, north in degrees: Sandvika's centre and shore, not Fornebu."""


def _zones(client) -> list[dict]:
    """Every zone as the zone API gives it (CRS84)."""
    return json.loads(client.get("/api/v1/zones").data)["features"]


def _items(client, collection: str, query: str = "", limit: int = 1000) -> dict:
    return read(client.get(f"/ogc/collections/{collection}/items?limit={limit}&{query}"))


def _ids(client, filter: str, collection: str = "zones", lang: str = "cql2-text", more=""):
    query = f"filter={quote(filter)}&filter-lang={lang}{more}"
    page = _items(client, collection, query)
    assert page["numberMatched"] == page["numberReturned"] == len(page["features"])
    return sorted(f["id"] for f in page["features"])


def _expected(client, predicate) -> list[str]:
    return sorted(z["id"] for z in _zones(client) if predicate(z["properties"]))


def _refused(response) -> str:
    assert response.status_code == 400, response.data[:300]
    body = json.loads(response.data)
    assert body["code"] == "InvalidParameterValue"
    return body["description"]


# One filter per operator family, each held to the same question asked in Python.

TEXT_FILTERS = [
    ("kind = 'development'", lambda p: p["kind"] == "development"),
    ("kind <> 'development'", lambda p: p["kind"] != "development"),
    ("arealformal >= 1800", lambda p: p["arealformal"] is not None and p["arealformal"] >= 1800),
    ("arealformal < 1800", lambda p: p["arealformal"] is not None and p["arealformal"] < 1800),
    ("name LIKE 'S%'", lambda p: p["name"].startswith("S")),
    ("name LIKE 's%'", lambda p: p["name"].startswith("s")),
    ("name LIKE '%_elva'", lambda p: p["name"].endswith("elva") and len(p["name"]) > 4),
    ("category IN ('jordvern', 'marka')", lambda p: p["category"] in ("jordvern", "marka")),
    ("arealformal BETWEEN 1100 AND 1200", lambda p: 1100 <= (p["arealformal"] or 0) <= 1200),
    ("hensynssone IS NULL", lambda p: p["hensynssone"] is None),
    ("hensynssone IS NOT NULL", lambda p: p["hensynssone"] is not None),
    (
        "NOT (kind = 'corridor' OR arealformal IS NULL)",
        lambda p: p["kind"] != "corridor" and p["arealformal"] is not None,
    ),
    (
        "kind = 'protection' AND (hensynssone = 'H510' OR category = 'marka')",
        lambda p: p["kind"] == "protection" and p["hensynssone"] in ("H510", "H735"),
    ),
    ("draft = false AND version >= 1", lambda p: not p["draft"] and p["version"] >= 1),
    ("updated > TIMESTAMP('2000-01-01T00:00:00Z')", lambda p: True),
    ("created < TIMESTAMP('2000-01-01T00:00:00Z')", lambda p: False),
]


@pytest.mark.parametrize(("text", "predicate"), TEXT_FILTERS, ids=[t for t, _ in TEXT_FILTERS])
def test_a_cql2_text_filter_selects_what_the_same_question_does_in_python(client, text, predicate):
    assert _ids(client, text) == _expected(client, predicate)


def test_like_is_case_sensitive_on_both_databases(client):
    assert _ids(client, "name LIKE 'S%'")
    assert _ids(client, "name LIKE 's%'") == []
    assert _ids(client, "name LIKE 'sandvika'") == []
    assert _ids(client, "name LIKE 'Sandvika'") == ["sandvika"]


def test_the_same_filter_gives_the_same_ids_on_sqlite_and_postgis(client):
    """Held to constants, so both database runs must agree."""
    assert _ids(client, "category = 'knutepunkt'") == ["kolsas", "lysaker", "sandvika"]
    assert _ids(client, "kind = 'corridor' AND status = 'framtidig'") == [
        "hovedsykkelvei-e18",
        "hovedsykkelvei-kolsasbanen",
        "sykkelvei-sandvika-rykkinn",
    ]


def test_a_cql2_json_filter_selects_like_its_text_form(client):
    tree = {
        "op": "and",
        "args": [
            {"op": "=", "args": [{"property": "kind"}, "protection"]},
            {"op": "in", "args": [{"property": "hensynssone"}, ["H510", "H540"]]},
        ],
    }
    text = "kind = 'protection' AND hensynssone IN ('H510', 'H540')"
    selected = _ids(client, json.dumps(tree), lang="cql2-json")
    assert selected == _ids(client, text)
    assert selected == _expected(
        client, lambda p: p["kind"] == "protection" and p["hensynssone"] in ("H510", "H540")
    )
    assert "jordvern-grini" in selected and "marka" not in selected


def _touching(client, box, test=shapely.intersects) -> list[str]:
    area = shapely.box(*box)
    return sorted(z["id"] for z in _zones(client) if test(shape(z["geometry"]), area))


def test_s_intersects_in_crs84_and_in_4326_latitude_first_select_the_same_zones(client):
    west, south, east, north = AROUND_SANDVIKA
    expected = _touching(client, AROUND_SANDVIKA)
    assert "sandvika" in expected and "fornebu" not in expected
    crs84 = f"S_INTERSECTS(geometry, BBOX({west}, {south}, {east}, {north}))"
    assert _ids(client, crs84) == expected
    assert _ids(client, crs84, more=f"&filter-crs={quote(CRS84)}") == expected
    lat_lon = (
        f"S_INTERSECTS(geometry, POLYGON(({south} {west}, {south} {east}, {north} {east}, "
        f"{north} {west}, {south} {west})))"
    )
    assert _ids(client, lat_lon, more=f"&filter-crs={quote(epsg(4326))}") == expected
    # The same numbers read as CRS84 are somewhere in the sea off Somalia: nothing.
    assert _ids(client, lat_lon) == []


def test_s_intersects_in_25832_metres(client):
    west, south, east, north = (584000, 6639000, 586700, 6641300)  # around Sandvika
    to_lon_lat = Transformer.from_crs("EPSG:25832", "OGC:CRS84", always_xy=True)
    ring = shapely.segmentize(shapely.box(west, south, east, north), 100)
    in_degrees = shapely.transform(ring, lambda c: np.column_stack(to_lon_lat.transform(*c.T)))
    expected = sorted(
        z["id"] for z in _zones(client) if shapely.intersects(shape(z["geometry"]), in_degrees)
    )
    assert expected
    text = f"S_INTERSECTS(geometry, BBOX({west}, {south}, {east}, {north}))"
    assert _ids(client, text, more=f"&filter-crs={quote(epsg(25832))}") == expected


def test_the_other_spatial_functions(client):
    box = (10.3, 59.8, 10.7, 60.1)  # all of Bærum
    bbox = "BBOX(10.3, 59.8, 10.7, 60.1)"
    everything = sorted(z["id"] for z in _zones(client))
    assert _ids(client, f"S_WITHIN(geometry, {bbox})") == _touching(client, box, shapely.within)
    assert _ids(client, f"S_WITHIN(geometry, {bbox})") == everything
    sandvika = "BBOX(10.50, 59.88, 10.55, 59.90)"
    near = _touching(client, AROUND_SANDVIKA)
    assert _ids(client, f"S_DISJOINT(geometry, {sandvika})") == sorted(set(everything) - set(near))
    assert _ids(client, f"NOT S_INTERSECTS(geometry, {sandvika})") == sorted(
        set(everything) - set(near)
    )
    crossing = _touching(client, AROUND_SANDVIKA, shapely.crosses)
    assert _ids(client, f"S_CROSSES(geometry, {sandvika})") == crossing
    overlapping = _touching(client, AROUND_SANDVIKA, shapely.overlaps)
    assert _ids(client, f"S_OVERLAPS(geometry, {sandvika})") == overlapping
    assert _ids(client, f"S_CONTAINS(geometry, {sandvika})") == _touching(
        client, AROUND_SANDVIKA, shapely.contains
    )
    assert _ids(client, "S_CONTAINS(geometry, POINT(10.5256 59.8928))") == sorted(
        z["id"]
        for z in _zones(client)
        if shapely.contains(shape(z["geometry"]), shapely.Point(10.5256, 59.8928))
    )
    assert _ids(client, f"S_EQUALS(geometry, {sandvika})") == []
    assert _ids(client, f"S_TOUCHES(geometry, {sandvika})") == _touching(
        client, AROUND_SANDVIKA, shapely.touches
    )


def test_the_kind_collections_filter_within_their_kind(client):
    assert _ids(client, "arealformal = 1130", "zones-development") == _expected(
        client, lambda p: p["kind"] == "development" and p["arealformal"] == 1130
    )
    assert _ids(client, "kind = 'protection'", "zones-development") == []
    assert _ids(client, "status = 'framtidig'", "zones-corridor") == _expected(
        client, lambda p: p["kind"] == "corridor" and p["status"] == "framtidig"
    )


def test_queryables_as_parameters_mean_equals_and_all_must_hold(client):
    page = _items(client, "zones", "kind=protection&hensynssone=H510")
    assert sorted(f["id"] for f in page["features"]) == _expected(
        client, lambda p: p["kind"] == "protection" and p["hensynssone"] == "H510"
    )
    both = _items(client, "zones", "kind=protection&filter=" + quote("category = 'marka'"))
    assert [f["id"] for f in both["features"]] == ["marka"]
    assert _items(client, "zones", "draft=false")["numberMatched"] == len(_zones(client))
    assert _items(client, "zones", "arealformal=1800")["numberMatched"] == len(
        _expected(client, lambda p: p["arealformal"] == 1800)
    )


def test_paging_through_a_filtered_selection_keeps_the_filter(client):
    text = "kind <> 'corridor' AND arealformal IS NOT NULL"
    expected = _expected(client, lambda p: p["kind"] != "corridor" and p["arealformal"] is not None)
    assert len(expected) > 8
    path = f"/ogc/collections/zones/items?limit=4&filter={quote(text)}&filter-lang=cql2-text"
    features, pages = every_page(client, path)
    assert len(pages) == -(-len(expected) // 4)
    for page in pages:
        assert page["numberMatched"] == len(expected)
        following = link(page, "next")
        if following:
            assert "filter=" in following["href"] and "filter-lang=cql2-text" in following["href"]
    assert sum(p["numberReturned"] for p in pages) == len(expected)
    assert sorted(f["id"] for f in features) == expected
    assert len({f["id"] for f in features}) == len(features)
    last = pages[-1]
    assert "filter=" in link(last, "prev")["href"] and "filter=" in link(last, "self")["href"]


def test_stations_filter_in_the_database(client):
    assert _ids(client, "planned = true", "stations") == [
        "fornebubanen-flytarnet",
        "fornebubanen-fornebu-senter",
        "fornebubanen-fornebuporten",
    ]
    around_fornebu = "S_INTERSECTS(geometry, BBOX(10.60, 59.88, 10.63, 59.90))"
    assert _ids(client, around_fornebu, "stations") == [
        "fornebubanen-flytarnet",
        "fornebubanen-fornebu-senter",
    ]
    kolsasbanen = _items(client, "stations", "line=" + quote("T-banelinje 3, Kolsåsbanen"))
    assert kolsasbanen["numberMatched"] == 9
    assert _ids(client, "approximate = false AND name LIKE 'T%'", "stations") == []
    assert _ids(client, "name IN ('Jar', 'Avløs')", "stations") == ["t-avlos", "t-jar"]


def test_goals_and_goal_links_filter_in_python_like_sql_would(client):
    assert _ids(client, "level = 'hovedmål' AND status = 'vedtatt'", "goals") == [
        "2021.hm1",
        "2021.hm2",
        "2021.hm3",
        "2021.hm4",
    ]
    goals = _items(client, "goals")["features"]
    no_theme = sorted(g["id"] for g in goals if g["properties"]["theme"] is None)
    assert _ids(client, "theme IS NULL", "goals") == no_theme
    # A comparison with a missing value is neither true nor false.
    themed = sorted(
        g["id"] for g in goals if g["properties"]["theme"] not in (None, "klima og miljø")
    )
    assert _ids(client, "theme <> 'klima og miljø'", "goals") == themed
    assert _ids(client, "NOT (theme = 'klima og miljø')", "goals") == themed
    assert _items(client, "goals", "level=visjon")["numberMatched"] == 2
    links = _items(client, "goal-links")["features"]
    sandvika = sorted(l["id"] for l in links if l["properties"]["zone_id"] == "sandvika")
    assert sandvika and _ids(client, "zone_id = 'sandvika'", "goal-links") == sandvika


def test_the_boundary_filters_by_its_queryables(client):
    assert _ids(client, "kommunenummer = '3201'", "boundary") == ["3201"]
    assert _ids(client, "kommunenummer = '0301'", "boundary") == []


# Bad filters: 400, in the exception shape, saying what is wrong.

BAD = [
    ("filter=" + quote("nosuch = 1"), ["nosuch", "kind", "arealformal"]),
    ("filter=" + quote("kind = "), ["filter"]),
    ("filter=" + quote("kind = 'nowhere'"), ["nowhere", "development"]),
    ("filter=" + quote("arealformal = 'x'"), ["arealformal"]),
    ("filter=" + quote("arealformal = 9007199254740993"), ["arealformal"]),
    ("filter=" + quote("CASEI(name) = 'sandvika'"), ["casei"]),
    ("filter=" + quote("arealformal + 1 = 1131"), ["filter"]),
    ("filter=" + quote("T_AFTER(updated, TIMESTAMP('2020-01-01T00:00:00Z'))"), ["t_after"]),
    ("filter=" + quote("S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))"), ["ugyldig"]),
    ("filter=" + quote("name LIKE 'a\\'"), ["LIKE"]),
    ("filter=" + quote("kind = 'development'") + "&filter-lang=cql2-xml", ["filter-lang"]),
    ("filter-lang=cql2-xml", ["filter-lang"]),
    ("filter=" + quote("{not json") + "&filter-lang=cql2-json", ["JSON"]),
    ("filter=" + quote("kind = 'development'") + "&filter-crs=EPSG:4326", ["filter-crs"]),
    ("filter=a&filter=b", ["filter"]),
    ("arealformal=abc", ["arealformal"]),
    ("kind=nowhere", ["kind", "development"]),
    ("draft=yes", ["draft"]),
]


@pytest.mark.parametrize(("query", "words"), BAD, ids=[q for q, _ in BAD])
def test_a_bad_filter_is_400_saying_what_is_wrong(client, query, words):
    description = _refused(client.get(f"/ogc/collections/zones/items?{query}"))
    for word in words:
        assert word.lower() in description.lower(), (word, description)


def test_a_bad_filter_is_explained_in_english_too(client):
    response = client.get("/ogc/collections/zones/items?lang=en&filter=" + quote("nosuch = 1"))
    assert "unknown property" in _refused(response)


def test_a_filter_naming_another_collections_queryable_is_refused(client):
    assert "level" in _refused(client.get("/ogc/collections/zones/items?filter=level%3D'x'"))
    assert _refused(client.get("/ogc/collections/stations/items?kind=development"))
    assert "kind" in _refused(
        client.get("/ogc/collections/goals/items?filter=" + quote("kind = 'x'"))
    )


# Hostile filters: refused or harmless, and nothing in the database changes.

HOSTILE = {
    "SQL in a name": "\"kind; DROP TABLE zones; --\" = 'x'",
    "SQL as a name": "kind = 'x' OR 1=1; DROP TABLE zones",
    "a huge IN": "name IN (" + ", ".join(f"'n{i}'" for i in range(5000)) + ")",
    "IN one past the limit": "arealformal IN (" + ", ".join(str(i) for i in range(501)) + ")",
    "nesting 5000 deep": "(" * 5000 + "kind = 'x'" + ")" * 5000,
    "5000 NOTs": "NOT " * 5000 + "kind = 'x'",
    "a 10 MB geometry": "S_INTERSECTS(geometry, LINESTRING("
    + ", ".join(f"10.{i:06d} 59.9" for i in range(600_000))
    + "))",
    "10 001 points": "S_INTERSECTS(geometry, LINESTRING("
    + ", ".join(f"{10 + i / 1e6} 59.9" for i in range(10_001))
    + "))",
    "six spatial functions": " OR ".join(["S_INTERSECTS(geometry, POINT(10.5 59.9))"] * 6),
    "eleven wildcards": "name LIKE '" + "%_" * 6 + "'",
    "a text of 501 characters": "name = '" + "x" * 501 + "'",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_filter_is_refused_and_changes_nothing(client, app, name):
    with app.app_context():
        before = snapshot(current_store())
    response = client.get("/ogc/collections/zones/items?filter=" + quote(HOSTILE[name]))
    assert 400 <= response.status_code < 500, response.data[:300]
    with app.app_context():
        assert snapshot(current_store()) == before


def test_deep_cql2_json_is_refused(client):
    deep = '{"op": "not", "args": [' * 200 + '{"op": "=", "args": [{"property": "kind"}, "x"]}'
    deep += "]}" * 200
    assert _refused(client.get(f"/ogc/collections/zones/items?filter-lang=cql2-json&filter={deep}"))


def test_sql_in_a_text_literal_is_a_text_like_any_other(client, app):
    with app.app_context():
        before = snapshot(current_store())
    for text in (
        "name = 'x''; DROP TABLE zones; --'",
        "name = 'O''Brien'",
        "name LIKE '%'' OR ''1''=''1'",
    ):
        assert _ids(client, text) == [], text
    with app.app_context():
        assert snapshot(current_store()) == before
    assert len(_zones(client)) == 30


# /queryables


def test_zones_queryables_are_json_schema_listing_exactly_what_a_filter_may_name(client):
    response = client.get("/ogc/collections/zones/queryables")
    assert response.status_code == 200
    assert response.mimetype == SCHEMA_JSON
    document = json.loads(response.data)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].endswith("/ogc/collections/zones/queryables")
    assert document["type"] == "object" and document["additionalProperties"] is False
    assert list(document["properties"]) == [
        "id",
        "name",
        "kind",
        "category",
        "status",
        "arealformal",
        "hensynssone",
        "draft",
        "version",
        "updated",
        "created",
        "geometry",
    ]
    properties = document["properties"]
    assert properties["kind"]["enum"] == ["development", "protection", "corridor"]
    assert properties["arealformal"]["type"] == "integer"
    assert properties["updated"]["format"] == "date-time"
    assert properties["geometry"]["format"].startswith("geometry-")


@pytest.mark.parametrize(
    "collection",
    [
        "zones",
        "zones-development",
        "zones-protection",
        "zones-corridor",
        "boundary",
        "stations",
        "goals",
        "goal-links",
        "comments",
    ],
)
def test_every_collection_links_its_queryables_and_each_named_one_filters(client, collection):
    described = read(client.get(f"/ogc/collections/{collection}"))
    found = link(described, QUERYABLES_REL)
    assert found["type"] == SCHEMA_JSON
    document = json.loads(client.get(local(found["href"])).data)
    for name, schema in document["properties"].items():
        if schema.get("format", "").startswith("geometry"):
            text = f"S_INTERSECTS({name}, BBOX(10.3, 59.8, 10.7, 60.1))"
        else:
            text = f"{name} IS NULL"
        query = f"filter={quote(text)}"
        assert client.get(f"/ogc/collections/{collection}/items?{query}").status_code == 200, name
    nosuch = client.get(f"/ogc/collections/{collection}/items?filter=" + quote("nosuch = 1"))
    assert nosuch.status_code == 400


def test_sketch_queryables_are_for_accounts_only(client):
    assert client.get("/ogc/collections/sketches/queryables").status_code == 404


def test_the_queryables_page_is_a_table_in_the_site_layout(client):
    response = client.get("/ogc/collections/zones/queryables?f=html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<table>" in page and '<th scope="row"><code>arealformal</code></th>' in page
    assert "<code>development</code>" in page
    assert 'lang="nb"' in page or "lang=nb" in page
    english = client.get("/ogc/collections/zones/queryables?f=html&lang=en").get_data(as_text=True)
    assert "Kind of zone" in english and "Possible values" in english


def test_the_api_document_lists_the_queryables_route_and_every_filter_parameter(client):
    document = read(client.get("/ogc/api"))
    assert "/collections/{collectionId}/queryables" in document["paths"]
    parameters = document["paths"]["/collections/{collectionId}/items"]["get"]["parameters"]
    names = {
        document["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"]
        for p in parameters
    }
    zone_queryables = read(client.get("/ogc/collections/zones/queryables"))["properties"]
    assert {"filter", "filter-lang", "filter-crs"} <= names
    assert set(zone_queryables) - {"geometry"} <= names
    assert {"level", "line", "kommunenummer", "zone_id", "workshop_id"} <= names
