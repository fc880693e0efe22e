"""GET /api/v1/exports/zones: the zones as a file from the map and the workbench (#13, item 6).

Every format is read back with pyogrio: the file holds exactly the zones the same filter lists
in /api/v1/zones, in the coordinate system asked for; nothing stays on the server.
"""

from __future__ import annotations

import json
import re
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyogrio
import pytest

from arealweb.api.zones import LEFT_OUT_HEADER
from tests.services.test_odd_rows import insert_odd_rows

EXPORT = "/api/v1/exports/zones"

FORMATS = {
    "gpkg": (".gpkg", "application/geopackage+sqlite3", "25833"),
    "geojson": (".geojson", "application/geo+json", "4326"),
    "fgb": (".fgb", "application/flatgeobuf", "4258"),
    "kml": (".kml", "application/vnd.google-earth.kml+xml", "4326"),
    "shp": (".zip", "application/zip", "25832"),
}
"""Each format, its extension and MIME type, and the CRS the test asks for."""

GOAL = "2020.hm1"
"""A main goal whose zones (with those of every goal below it) are of all three kinds."""


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The folder the app's temporary files go to, to see that it is left empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def today_in_baerum() -> str:
    """The date a file downloaded now is named with."""
    return datetime.now(ZoneInfo("Europe/Oslo")).date().isoformat()


def listed(client, query: str) -> list[str]:
    """The ids /api/v1/zones lists for the same filter (the map's own listing)."""
    response = client.get(f"/api/v1/zones?{query}")
    assert response.status_code == 200
    return sorted(feature["id"] for feature in json.loads(response.data)["features"])


def read_back(path: Path) -> tuple[list[str], set[str]]:
    """The zone ids in the file (every layer) and the EPSG codes of its layers."""
    source = f"/vsizip/{path}" if path.suffix == ".zip" else str(path)
    ids: list[str] = []
    codes: set[str] = set()
    for layer, _ in pyogrio.list_layers(source):
        if layer == "layer_styles":
            continue
        frame = pyogrio.read_dataframe(source, layer=layer)
        ids += list(frame["zone_id" if path.suffix == ".kml" else "id"])
        codes.add(frame.crs.to_string())
    return sorted(ids), codes


def saved(response, tmp_path: Path) -> Path:
    """The answer saved under the name Content-Disposition gives it."""
    name = re.fullmatch(
        r'attachment; filename="?([^";]+)"?', response.headers["Content-Disposition"]
    ).group(1)
    path = tmp_path / name
    path.write_bytes(response.data)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_holds_the_filtered_zones_in_the_crs_asked_for(client, tmp_path, scratch, fmt):
    suffix, mimetype, crs = FORMATS[fmt]
    response = client.get(EXPORT, query_string={"format": fmt, "crs": crs, "goal": GOAL})
    assert response.status_code == 200, response.data
    assert response.mimetype == mimetype
    path = saved(response, tmp_path)
    assert response.content_length == path.stat().st_size > 0
    assert path.name == f"arealweb-soner-{today_in_baerum()}{suffix}"
    ids, codes = read_back(path)
    expected = listed(client, f"goal={GOAL}")
    assert ids == expected and 0 < len(ids) < 30
    assert codes == {f"EPSG:{crs}"}
    assert response.headers[LEFT_OUT_HEADER] == "0"
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_kind_and_goal_together_pick_the_zones_the_listing_picks(client, tmp_path, fmt):
    response = client.get(EXPORT, query_string={"format": fmt, "kind": "protection", "goal": GOAL})
    assert response.status_code == 200, response.data
    ids, codes = read_back(saved(response, tmp_path))
    assert ids == listed(client, f"kind=protection&goal={GOAL}")
    assert 0 < len(ids) < len(listed(client, f"goal={GOAL}"))
    assert codes == {"EPSG:25832" if fmt == "gpkg" else "EPSG:4326"}


def test_without_filters_every_zone_is_in_the_file_in_utm_32(client, tmp_path):
    response = client.get(EXPORT, query_string={"format": "gpkg", "kind": "", "goal": ""})
    assert response.status_code == 200
    ids, codes = read_back(saved(response, tmp_path))
    assert ids == listed(client, "") and len(ids) == 30
    assert codes == {"EPSG:25832"}


def test_the_same_file_twice_answers_304_to_a_browser_that_has_it(client):
    first = client.get(EXPORT, query_string={"format": "fgb"})
    again = client.get(
        EXPORT, query_string={"format": "fgb"}, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_rows_that_break_a_rule_are_left_out_and_counted(app, client, demo_database_url, tmp_path):
    from arealweb.http.store import current_store
    from arealweb.services import plan

    with app.app_context():
        boundary = plan.reference_layers(current_store()).boundary
    point = boundary.geometry.representative_point()
    odd = insert_odd_rows(demo_database_url, point.x, point.y)
    response = client.get(EXPORT, query_string={"format": "gpkg"})
    assert response.status_code == 200
    assert response.headers[LEFT_OUT_HEADER] == str(len(odd))
    ids, _ = read_back(saved(response, tmp_path))
    assert len(ids) == 30 and not set(ids) & set(odd)
    corridors = client.get(EXPORT, query_string={"format": "gpkg", "kind": "corridor"})
    assert corridors.status_code == 200 and corridors.headers[LEFT_OUT_HEADER] == "0"


BAD = {
    "format=pdf": ("format", "«pdf» er ukjent"),
    "format=gpkg&crs=3857": ("crs", "«3857» er ukjent; bruk en av: 25832, 25833, 4258, 4326"),
    "format=gpkg&kind=vei": ("kind", "«vei» er ukjent"),
    "format=gpkg&goal=finnes-ikke": ("goal", "det finnes ikke noe mål med id finnes-ikke"),
    "format=gpkg&goal=a%2F..%2Fb": ("goal", "kan bare ha bokstaver"),
    "format=geojson&crs=25832": (None, "GeoJSON er alltid i WGS84 (EPSG:4326)"),
    "format=kml&crs=25833": (None, "KML er alltid i WGS84 (EPSG:4326)"),
    "crs=25832": ("format", "mangler"),
    "format=gpkg&format=kml": ("format", "er ukjent"),
    "format=gpkg&path=/etc": (None, "ukjent parameter path"),
    "format=gpkg&goal=2021.hm1": (None, "ingen soner passer til utvalget"),
}


@pytest.mark.parametrize("query", BAD)
def test_a_bad_parameter_is_400_naming_it_and_writes_nothing(client, scratch, query):
    where, message = BAD[query]
    response = client.get(f"{EXPORT}?{query}")
    assert response.status_code == 400
    problem = json.loads(response.data)["error"]["problems"][0]
    assert problem["where"] == where and message in problem["message"]
    assert "Content-Disposition" not in response.headers
    assert list(scratch.iterdir()) == []


def test_the_refusal_is_in_english_for_an_english_reader(client):
    response = client.get(f"{EXPORT}?format=geojson&crs=25833&lang=en")
    assert response.status_code == 400
    assert json.loads(response.data)["error"]["message"] == (
        "GeoJSON is always in WGS84 (EPSG:4326); send crs=4326 or no crs"
    )
    client.set_cookie("arealweb_lang", "en")  # the page's language switch
    empty = client.get(f"{EXPORT}?format=gpkg&goal=2021.hm1")
    assert empty.status_code == 400
    assert json.loads(empty.data)["error"]["message"] == (
        "no zones match the selection; no file was written"
    )


def test_a_visitor_gets_drafts_as_the_map_shows_them_and_never_a_deleted_zone(
    client, planner, tmp_path
):
    from tests.places import HASLUM

    draft = {
        "type": "Feature",
        "properties": {
            "name": "Haslum (utkast)",
            "kind": "development",
            "category": "bymessig område",
            "draft": True,
            "goal_ids": ["2020.hm2.d2.s1.a1"],
        },
        "geometry": HASLUM,
    }
    created = client.post("/api/v1/zones", json=draft, headers=planner["planner"])
    assert created.status_code == 201, created.data
    draft_id = json.loads(created.data)["id"]
    assert "sandvika" in listed(client, "goal=2020.hm2")
    assert client.delete("/api/v1/zones/sandvika", headers=planner["planner"]).status_code == 204

    response = client.get(EXPORT, query_string={"format": "geojson", "goal": "2020.hm2"})
    assert response.status_code == 200
    features = json.loads(response.data)["features"]
    ids = sorted(feature["id"] for feature in features)
    assert ids == listed(client, "goal=2020.hm2")
    assert draft_id in ids and "sandvika" not in ids
    assert next(f for f in features if f["id"] == draft_id)["properties"]["draft"] is True


def test_beyond_the_cap_a_download_answers_503_with_retry_after(app, client, scratch):
    from arealweb.http.slots import export_slots

    app.config.update(MAX_EXPORTS=1, EXPORT_WAIT_SECONDS=0)
    with app.app_context(), export_slots().held():
        busy = client.get(f"{EXPORT}?format=gpkg")
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) > 0
    assert "midlertidig utilgjengelig" in busy.get_json()["error"]["message"]
    assert not list(scratch.iterdir())
    assert client.get(f"{EXPORT}?format=gpkg").status_code == 200
