"""A filter's geometry moves from filter-crs to EPSG:25832 in its authority's axis order."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Transformer

from arealweb.geo.filter_crs import CRS84_URI, FILTER_CRSS, filter_geometry_to_utm

SANDVIKA_STATION = (10.52556, 59.89278)
"""Longitude, latitude (WGS84) of Sandvika station."""
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


def station_in_utm() -> shapely.Point:
    lat_lon_to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832")  # authority order: lat, lon
    lon, lat = SANDVIKA_STATION
    return shapely.Point(lat_lon_to_utm.transform(lat, lon))


def test_crs84_is_longitude_first():
    lon, lat = SANDVIKA_STATION
    moved = filter_geometry_to_utm(shapely.Point(lon, lat), CRS84_URI)
    assert moved.distance(station_in_utm()) < 0.01
    assert 580_000 < moved.x < 590_000 and 6_635_000 < moved.y < 6_645_000


@pytest.mark.parametrize("code", [4326, 4258])
def test_epsg_4326_and_4258_are_latitude_first(code):
    lon, lat = SANDVIKA_STATION
    moved = filter_geometry_to_utm(shapely.Point(lat, lon), f"{EPSG}{code}")
    # ETRS89 and WGS84 differ by well under a metre here.
    assert moved.distance(station_in_utm()) < 1
    swapped = filter_geometry_to_utm(shapely.Point(lon, lat), f"{EPSG}{code}")
    assert swapped.distance(station_in_utm()) > 1_000_000


@pytest.mark.parametrize("code", [25832, 25833, 3857])
def test_projected_crss_are_easting_northing(code):
    utm = station_in_utm()
    to_code = Transformer.from_crs("EPSG:25832", f"EPSG:{code}", always_xy=True)
    point = shapely.Point(to_code.transform(utm.x, utm.y))
    assert filter_geometry_to_utm(point, f"{EPSG}{code}").distance(utm) < 0.01


def test_a_box_keeps_its_edges_where_they_were_drawn():
    box = shapely.box(10.5, 59.88, 10.6, 59.93)
    moved = filter_geometry_to_utm(box)
    mid_edge = filter_geometry_to_utm(shapely.Point(10.55, 59.88))
    assert moved.exterior.distance(mid_edge) < 0.5


def test_every_crs_of_the_service_is_known_and_nothing_else():
    assert set(FILTER_CRSS) == {
        CRS84_URI,
        *(f"{EPSG}{c}" for c in (4326, 4258, 25832, 25833, 3857)),
    }
    with pytest.raises(KeyError):
        filter_geometry_to_utm(shapely.Point(1, 2), f"{EPSG}32632")


def test_coordinates_outside_the_crs_are_an_error():
    with pytest.raises(ValueError):
        filter_geometry_to_utm(shapely.Point(1000, 1000))
