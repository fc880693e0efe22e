"""Real OGC API clients against arealweb served on 127.0.0.1: Debian's GDAL (``ogrinfo``,
``ogr2ogr``, the OAPIF driver) and OWSLib's ``ogcapi.features``, on both databases.

Without GDAL these tests fail, never skip, like the PostGIS and browser tests: ``.ci/run``
installs ``gdal-bin``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from arealweb.store.schema import boundary, comments, goals, stations, zone_goals, zones
from tests.api.ogc.conftest import epsg
from tests.comments import feature as comment
from tests.places import HASLUM

LIVE = zones.c.deleted_at.is_(None)
COUNTED = {
    "zones": (zones, LIVE),
    "zones-development": (zones, LIVE, zones.c.kind == "development"),
    "zones-protection": (zones, LIVE, zones.c.kind == "protection"),
    "zones-corridor": (zones, LIVE, zones.c.kind == "corridor"),
    "boundary": (boundary,),
    "stations": (stations,),
    "goals": (goals,),
    "goal-links": (zone_goals,),
    "comments": (comments, comments.c.state == "published"),
}
"""How to count each collection's features in the database, without the OGC API."""


class Served:
    def __init__(self, app, url: str, requests: list[str], token: str) -> None:
        self.app, self.url, self.requests, self.token = app, url, requests, token

    def count(self, collection: str) -> int:
        return self.count_where(*COUNTED[collection])

    def count_where(self, table, *where) -> int:
        query = sa.select(sa.func.count()).select_from(table)
        for condition in where:
            query = query.where(condition)
        with self.app.app_context(), current_store().engine.connect() as connection:
            return connection.execute(query).scalar()


def _publish_comments_and_a_sketch(app) -> str:
    """Three published comments, one waiting, and a workshop sketch; a planner's token."""
    client = app.test_client()
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
        token = create_token(current_store(), "kari")
    bearer = {"Authorization": f"Bearer {token}"}
    for n in range(4):
        document = comment(text=f"Innspill {n}")
        posted = json.loads(client.post("/api/v1/comments", json=document).data)
        if n < 3:
            client.post(
                f"/api/v1/comments/{posted['id']}/moderation",
                json={"action": "approve"},
                headers=bearer,
            )
    values = {"title": "Verksted", "held_on": "2026-11-20", "groups": ["Gruppe 1"]}
    workshop = json.loads(client.post("/api/v1/workshops", json=values, headers=bearer).data)
    sketch = {
        "type": "Feature",
        "properties": {"kind": "new development", "note": "Her"},
        "geometry": HASLUM,
    }
    client.post(
        f"/api/v1/workshops/{workshop['id']}/sketches",
        json=sketch,
        headers={"X-Join-Code": workshop["groups"][0]["code"]},
    )
    return token


@pytest.fixture
def served(demo_database_url, tmp_path):
    app = create_app(
        {"DATABASE_URL": demo_database_url, "SECRET_KEY": "ogc", "UPLOAD_FOLDER": tmp_path / "up"}
    )
    token = _publish_comments_and_a_sketch(app)
    requests: list[str] = []
    inner = app.wsgi_app

    def recording(environ, start_response):
        query = environ.get("QUERY_STRING")
        requests.append(environ["PATH_INFO"] + ("?" + query if query else ""))
        return inner(environ, start_response)

    app.wsgi_app = recording
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(app, f"http://127.0.0.1:{server.server_port}/ogc", requests, token)
    server.shutdown()
    with app.app_context():
        current_store().engine.dispose()


def _gdal(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(
            f"{args[0]} not found: install Debian's gdal-bin (`.ci/run` does)", pytrace=False
        )
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ogrinfo_lists_every_public_collection_with_its_count(served):
    listing = _gdal("ogrinfo", "-ro", "-al", "-so", f"OAPIF:{served.url}")
    names = [
        line.split(": ", 1)[1] for line in listing.splitlines() if line.startswith("Layer name: ")
    ]
    assert names == list(COUNTED)
    counts = [
        int(line.split(": ")[1])
        for line in listing.splitlines()
        if line.startswith("Feature Count: ")
    ]
    assert counts == [served.count(name) for name in COUNTED]
    assert "sketches" not in listing


@pytest.mark.parametrize("collection", list(COUNTED))
def test_ogr2ogr_pages_through_every_feature_of_each_collection(served, tmp_path, collection):
    expected = served.count(collection)
    page_size = max(1, expected // 3)
    out = tmp_path / f"{collection}.geojson"
    _gdal(
        "ogr2ogr",
        "-f",
        "GeoJSON",
        str(out),
        f"OAPIF:{served.url}",
        collection,
        "-oo",
        f"PAGE_SIZE={page_size}",
    )
    features = json.loads(out.read_text())["features"]
    assert len(features) == expected > 0
    pages = [r for r in served.requests if r.startswith(f"/ogc/collections/{collection}/items")]
    if expected > 1:
        assert any("offset=" in r for r in pages), pages
        assert all(f"limit={page_size}" in r for r in pages)


def test_ogr2ogr_reads_zones_in_25832_in_metres(served, tmp_path):
    out = tmp_path / "zones.geojson"
    url = f"OAPIF:{served.url}/collections/zones?crs={epsg(25832)}"
    _gdal("ogr2ogr", "-f", "GeoJSON", str(out), url, "-oo", "PAGE_SIZE=7", "-a_srs", "EPSG:25832")
    document = json.loads(out.read_text())
    assert len(document["features"]) == served.count("zones")
    for feature in document["features"]:
        coordinates = json.dumps(feature["geometry"]["coordinates"])
        x, y = (float(v) for v in coordinates.strip("[]").split("]")[0].strip("[ ").split(",")[:2])
        assert 560_000 < x < 610_000 and 6_620_000 < y < 6_670_000, feature["id"]
    assert sum("offset=" in r for r in served.requests) >= 4


@pytest.fixture
def owslib_features():
    """OWSLib's Features, with its module-wide request headers put back after each test: it
    keeps every header any instance was given (design14 §3.4), so a token would leak."""
    import owslib.ogcapi
    from owslib.ogcapi.features import Features

    kept = dict(owslib.ogcapi.REQUEST_HEADERS)
    yield Features
    owslib.ogcapi.REQUEST_HEADERS.clear()
    owslib.ogcapi.REQUEST_HEADERS.update(kept)


def test_owslib_reads_conformance_collections_and_every_item_by_offset(served, owslib_features):
    service = owslib_features(served.url)
    declared = service.conformance()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in declared
    listed = service.feature_collections()
    assert listed == list(COUNTED)
    for collection in listed:
        expected, seen, offset = served.count(collection), [], 0
        while True:
            page = service.collection_items(collection, limit=2, offset=offset)
            assert page["numberMatched"] == expected
            seen += [f["id"] for f in page["features"]]
            if not any(l["rel"] == "next" for l in page["links"]):
                break
            offset += 2
        assert len(seen) == len(set(seen)) == expected, collection


def test_owslib_reads_zones_in_25832_and_a_station_lat_lon_in_4326(served, owslib_features):
    service = owslib_features(served.url)
    page = service.collection_items("zones", limit=5, crs=epsg(25832))
    ring = page["features"][0]["geometry"]["coordinates"]
    while isinstance(ring[0], list):
        ring = ring[0]
    assert 560_000 < ring[0] < 610_000 and 6_620_000 < ring[1] < 6_670_000
    found = service.collection_items("stations", limit=100, crs=epsg(4326))["features"]
    station = next(f for f in found if f["id"] == "tog-sandvika")
    lat, lon = station["geometry"]["coordinates"]
    assert 59.8 < lat < 60.0 and 10.4 < lon < 10.6


def test_owslib_sees_sketches_only_with_a_token(served, owslib_features):
    anonymous = owslib_features(served.url)
    assert "sketches" not in anonymous.feature_collections()
    signed_in = owslib_features(served.url, headers={"Authorization": f"Bearer {served.token}"})
    assert "sketches" in signed_in.feature_collections()
    assert len(signed_in.collection_items("sketches")["features"]) == 1


# Part 3: filters. GDAL 3.6 has no CQL2 of its own but copies the connection URL's query
# parameters into every items request (design14 §3.3); OWSLib passes extra keywords on.

DEVELOPMENT = "filter-lang=cql2-text&filter=kind%3D'development'"


def test_ogr2ogr_reads_exactly_the_development_zones_through_a_cql2_filter(served, tmp_path):
    out = tmp_path / "development.geojson"
    url = f"OAPIF:{served.url}/collections/zones?{DEVELOPMENT}"
    _gdal("ogr2ogr", "-f", "GeoJSON", str(out), url, "-oo", "PAGE_SIZE=4")
    features = json.loads(out.read_text())["features"]
    assert len(features) == served.count("zones-development") > 4
    assert {f["properties"]["kind"] for f in features} == {"development"}
    assert len({f["properties"]["id"] for f in features}) == len(features)
    pages = [r for r in served.requests if r.startswith("/ogc/collections/zones/items")]
    assert len(pages) >= 3 and all("filter=" in r for r in pages), pages


def test_ogrinfo_counts_the_filtered_zones(served):
    url = f"OAPIF:{served.url}/collections/zones?{DEVELOPMENT}"
    listing = _gdal("ogrinfo", "-ro", "-al", "-so", url)
    counts = [l for l in listing.splitlines() if l.startswith("Feature Count: ")]
    assert counts == [f"Feature Count: {served.count('zones-development')}"]


def test_ogrinfo_where_on_a_queryable_is_sent_to_the_server(served):
    """GDAL 3.6 reads /ogc/api and sends -where "kind = 'x'" as ?kind=x for parameters the
    document lists on the items path."""
    url = f"OAPIF:{served.url}"
    listing = _gdal("ogrinfo", "-ro", "-al", "-so", url, "zones", "-where", "kind = 'corridor'")
    counts = [l for l in listing.splitlines() if l.startswith("Feature Count: ")]
    assert counts == [f"Feature Count: {served.count('zones-corridor')}"]
    assert any(
        r.startswith("/ogc/collections/zones/items") and "kind=corridor" in r
        for r in served.requests
    ), served.requests


def test_owslib_filters_zones_with_cql2_json_and_reads_their_queryables(served, owslib_features):
    service = owslib_features(served.url)
    queryables = service.collection_queryables("zones")
    assert "kind" in queryables["properties"] and "arealformal" in queryables["properties"]
    development = {"op": "=", "args": [{"property": "kind"}, "development"]}
    page = service.collection_items(
        "zones", limit=1000, **{"filter": json.dumps(development), "filter-lang": "cql2-json"}
    )
    expected = served.count("zones-development")
    assert page["numberMatched"] == page["numberReturned"] == expected
    assert {f["properties"]["kind"] for f in page["features"]} == {"development"}
    by_parameter = service.collection_items("zones", limit=1000, kind="development")
    assert [f["id"] for f in by_parameter["features"]] == [f["id"] for f in page["features"]]
    planned = service.collection_items(
        "stations", **{"filter": "planned = true", "filter-lang": "cql2-text"}
    )
    assert (
        planned["numberMatched"] == served.count_where(stations, stations.c.planned.is_(True)) == 3
    )


# Part 4: writes. GDAL 3.6's OAPIF driver only reads; OWSLib's create/update/delete helpers
# write (POST with a dict body, PUT, DELETE), with the token as the password of Basic.


def test_owslib_creates_replaces_and_deletes_a_zone_with_the_token_as_basic_password(
    served, owslib_features
):
    from owslib.util import Authentication

    feature = {
        "type": "Feature",
        "properties": {
            "name": "Haslum stasjon",
            "category": "bymessig område",
            "goal_ids": ["2020.hm2.d2.s1.a1"],
        },
        "geometry": HASLUM,
    }
    anonymous = owslib_features(served.url)
    with pytest.raises(RuntimeError, match="Unauthorized"):
        anonymous.collection_item_create("zones-development", feature)
    service = owslib_features(served.url, auth=Authentication("qgis", served.token))
    assert service.collection_item_create("zones-development", feature)
    zone_id = service.response_headers["Location"].rsplit("/", 1)[1]
    created = service.response_headers["ETag"]
    read_back = service.collection_item("zones-development", zone_id)
    assert read_back["properties"]["name"] == "Haslum stasjon"
    assert read_back["properties"]["kind"] == "development"
    assert read_back["properties"]["goal_ids"] == ["2020.hm2.d2.s1.a1"]

    feature["properties"]["name"] = "Haslum sentrum"
    service.headers["If-Match"] = created  # OWSLib sends its shared headers with every request
    assert service.collection_item_update("zones-development", zone_id, feature)
    replaced = service.response_headers["ETag"]
    assert replaced.startswith('"v2-')
    assert service.collection_item("zones-development", zone_id)["properties"]["name"] == (
        "Haslum sentrum"
    )
    service.headers["If-Match"] = created
    with pytest.raises(RuntimeError, match="PreconditionFailed"):
        service.collection_item_update("zones-development", zone_id, feature)

    service.headers["If-Match"] = replaced
    assert service.collection_item_delete("zones-development", zone_id)
    assert served.count_where(zones, zones.c.id == zone_id, zones.c.deleted_at.is_not(None)) == 1
    with pytest.raises(RuntimeError, match="NotFound"):
        service.collection_item("zones-development", zone_id)


def test_gdal_reads_the_sketches_with_the_token_as_userpwd_password(served):
    """GDAL's USERPWD sends Basic: the token as password opens what the account may read."""
    anonymous = _gdal("ogrinfo", "-ro", "-so", f"OAPIF:{served.url}")
    assert "sketches" not in anonymous
    signed_in = _gdal(
        "ogrinfo", "-ro", "-so", f"OAPIF:{served.url}", "-oo", f"USERPWD=qgis:{served.token}"
    )
    assert "sketches" in signed_in
