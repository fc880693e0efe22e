"""The folium builder: a Leaflet map whose scripts come from the page, not from CDNs."""

from arealweb.render.basemaps import BASEMAPS
from arealweb.render.webmap import web_map


def test_the_web_map_loads_nothing_from_a_cdn_and_names_its_background_maps():
    parts = web_map(("topograatone", "osm"))
    page = parts.html + parts.script
    for cdn in ("cdn.jsdelivr.net", "cdnjs", "unpkg.com", "code.jquery.com", "bootstrapcdn"):
        assert cdn not in page
    assert "<script src" not in page and "<link" not in page
    assert [b["id"] for b in parts.basemaps] == ["topograatone", "osm"]
    assert BASEMAPS["osm"].url in parts.script
    assert parts.name in parts.script


def test_without_background_maps_there_is_no_tile_layer():
    parts = web_map(())
    assert parts.basemaps == [] and "tileLayer" not in parts.script
