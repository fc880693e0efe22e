"""The "Last ned soner" form on the map and the workbench (#13, item 6), as the server sends it;
tests/browser drives it in Chromium and tests/api/test_zone_downloads.py reads the files."""

from __future__ import annotations

import re

from arealweb.http.store import current_store
from arealweb.services import plan
from tests.services.test_odd_rows import insert_odd_rows


def _form(page: str) -> str:
    """The download panel: its heading and its form."""
    found = re.search(r'<section aria-labelledby="download-heading".*?</section>', page, flags=re.S)
    return found.group(0)


def test_the_map_offers_every_format_and_crs_with_labels(client):
    form = _form(client.get("/").data.decode())
    assert re.search(r'method="get" action="/api/v1/exports/zones"', form)
    formats = re.findall(r'<option value="(\w+)"[^>]*>[^<]*\(\.(\w+)\)', form)
    assert formats == [
        ("gpkg", "gpkg"),
        ("geojson", "geojson"),
        ("fgb", "fgb"),
        ("kml", "kml"),
        ("shp", "zip"),
    ]
    assert re.search(r'<option value="25832" selected>[^<]*EPSG:25832', form)
    assert re.findall(r'<option value="(\d+)"', form) == ["25832", "25833", "4258", "4326"]
    for control in ("download-format", "download-crs", "download-kind"):
        assert f'<label for="{control}">' in form and f'id="{control}"' in form
    assert "GeoJSON og KML er alltid i WGS84 (EPSG:4326)" in form
    assert '<button type="submit"' in form and "Last ned</button>" in form


def test_the_form_is_in_english_for_an_english_reader(client):
    form = _form(client.get("/?lang=en").data.decode())
    assert "Download zones" in form and ">Download</button>" in form
    assert "File format" in form and "Coordinate system" in form and "All kinds" in form
    assert "GeoJSON and KML are always in WGS84 (EPSG:4326)" in form


def test_the_workbench_names_the_rows_left_out_of_the_file(
    app, client, signed_in, demo_database_url
):
    signed_in("kari")
    assert "data-download-left-out" not in _form(client.get("/arbeidsbenk").data.decode())
    with app.app_context():
        point = plan.reference_layers(current_store()).boundary.geometry.representative_point()
    odd = insert_odd_rows(demo_database_url, point.x, point.y)
    form = _form(client.get("/arbeidsbenk").data.decode())
    assert f"{len(odd)} soner bryter en regel og blir ikke med i filen:" in form
    assert '<a href="/soner-med-feil">Soner med feil</a>' in form


def test_the_public_map_does_not_point_visitors_to_the_planners_page(
    client, demo_database_url, app
):
    with app.app_context():
        point = plan.reference_layers(current_store()).boundary.geometry.representative_point()
    insert_odd_rows(demo_database_url, point.x, point.y)
    form = _form(client.get("/").data.decode())
    assert "data-download-left-out" not in form and "soner-med-feil" not in form
