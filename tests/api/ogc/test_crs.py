"""OGC API – Features Part 2 (CRS): output CRS, bbox-crs, axis order and Content-Crs."""

import json

import pytest
from pyproj import Transformer

from tests.api.ogc.conftest import CRS84, epsg, read

SANDVIKA = (10.52556, 59.89278)
"""Sandvika station (geodata/stations.geojson), longitude and latitude."""


def _sandvika(client, crs: str | None) -> list[float]:
    query = f"?crs={crs}" if crs else ""
    response = client.get("/ogc/collections/stations/items/tog-sandvika" + query)
    assert response.headers["Content-Crs"] == f"<{crs or CRS84}>"
    return read(response)["geometry"]["coordinates"]


def test_without_crs_the_answer_is_crs84_lon_lat(client):
    x, y = _sandvika(client, None)
    assert (x, y) == pytest.approx(SANDVIKA, abs=1e-6)
    assert _sandvika(client, CRS84) == [x, y]


@pytest.mark.parametrize("code", [4326, 4258])
def test_geographic_epsg_crss_answer_latitude_first(client, code):
    lat, lon = _sandvika(client, epsg(code))
    assert (lon, lat) == pytest.approx(SANDVIKA, abs=2e-6)


@pytest.mark.parametrize("code", [25832, 25833, 3857])
def test_projected_crss_answer_easting_northing_in_metres(client, code):
    easting, northing = _sandvika(client, epsg(code))
    expected = Transformer.from_crs("OGC:CRS84", f"EPSG:{code}", always_xy=True).transform(
        *SANDVIKA
    )
    assert (easting, northing) == pytest.approx(expected, abs=0.5)
    if code == 25832:
        assert 575_000 < easting < 595_000 and 6_635_000 < northing < 6_650_000


def test_zones_in_25832_are_in_metres_and_every_page_says_its_crs(client):
    response = client.get(f"/ogc/collections/zones/items?limit=3&crs={epsg(25832)}")
    assert response.headers["Content-Crs"] == f"<{epsg(25832)}>"
    assert response.mimetype == "application/geo+json"
    for feature in read(response)["features"]:
        ring = feature["geometry"]["coordinates"]
        while isinstance(ring[0], list):
            ring = ring[0]
        x, y = ring
        assert 560_000 < x < 610_000 and 6_620_000 < y < 6_670_000


def test_a_zone_in_4326_is_its_crs84_geometry_with_axes_swapped(client):
    plain = read(client.get("/ogc/collections/zones/items/sandvika"))["geometry"]
    swapped = read(client.get(f"/ogc/collections/zones/items/sandvika?crs={epsg(4326)}"))[
        "geometry"
    ]
    assert swapped["coordinates"][0][0] == [[y, x] for x, y in plain["coordinates"][0][0]]


def _ids(client, query: str) -> set[str]:
    found = read(client.get("/ogc/collections/zones/items?limit=1000&" + query))
    return {f["id"] for f in found["features"]}


def test_bbox_in_another_crs_selects_the_same_zones(client):
    west, south, east, north = 10.51, 59.885, 10.54, 59.90
    plain = _ids(client, f"bbox={west},{south},{east},{north}")
    assert "sandvika" in plain and "fornebu" not in plain
    latlon = _ids(client, f"bbox={south},{west},{north},{east}&bbox-crs={epsg(4326)}")
    assert latlon == plain
    to_utm = Transformer.from_crs("OGC:CRS84", "EPSG:25832", always_xy=True)
    (x0, x1), (y0, y1) = to_utm.transform([west, east], [south, north])
    utm = _ids(
        client,
        f"bbox={min(x0, x1) + 50},{y0 + 50},{max(x0, x1) - 50},{y1 - 50}&bbox-crs={epsg(25832)}",
    )
    assert "sandvika" in utm and "fornebu" not in utm
    stations = read(
        client.get(
            f"/ogc/collections/stations/items?bbox={south},{west},{north},{east}&bbox-crs={epsg(4258)}"
        )
    )
    assert "tog-sandvika" in {f["id"] for f in stations["features"]}


def test_a_lon_lat_box_read_as_lat_lon_finds_nothing_or_is_refused(client):
    """Axis order matters: 10.5,59.88 as lat,lon is in the Arctic Ocean, not Bærum."""
    response = client.get(
        f"/ogc/collections/zones/items?bbox=10.51,59.885,10.54,59.90&bbox-crs={epsg(4326)}"
    )
    assert response.status_code == 400 or json.loads(response.data)["numberMatched"] == 0


def test_an_unknown_crs_is_400_listing_the_offered_ones(client):
    response = client.get(
        "/ogc/collections/zones/items?crs=http://www.opengis.net/def/crs/EPSG/0/32633"
    )
    assert response.status_code == 400
    assert epsg(25833) in json.loads(response.data)["description"]
    goals = client.get(f"/ogc/collections/goals/items?crs={epsg(25832)}")
    assert goals.status_code == 400
