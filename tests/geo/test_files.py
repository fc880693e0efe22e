import json

import pyogrio
import pytest
import shapely

from arealweb.domain.errors import InvalidInput
from arealweb.geo.crs import to_utm
from arealweb.geo.files import read_feature, read_features, write_geopackage

SANDVIKA_WGS84 = (10.5256, 59.8928)


def feature_collection(coords, crs=None, **props):
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": coords},
            }
        ],
    }
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return document


def write(tmp_path, document, name="f.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return path


def test_geojson_without_crs_is_wgs84_and_lands_in_utm32(tmp_path):
    [feature] = read_features(
        write(tmp_path, feature_collection(list(SANDVIKA_WGS84), name="Sandvika"))
    )
    expected = to_utm(shapely.Point(SANDVIKA_WGS84))
    assert feature.geometry.distance(expected) < 0.001
    assert feature.properties["name"] == "Sandvika"


def test_geojson_naming_epsg_25832_is_kept_as_is(tmp_path):
    x, y = 590_000.0, 6_641_000.0
    path = write(tmp_path, feature_collection([x, y], crs="urn:ogc:def:crs:EPSG::25832"))
    assert read_features(path)[0].geometry.equals(shapely.Point(x, y))


def test_projected_numbers_in_a_wgs84_file_are_refused_naming_the_feature(tmp_path):
    path = write(tmp_path, feature_collection([590_000.0, 6_641_000.0], name="Feil"))
    with pytest.raises(InvalidInput) as error:
        read_features(path)
    assert "objekt 1 «Feil» har tall som ser ut som meter" in error.value.message


def point_feature(coordinates, **props):
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": coordinates},
    }


@pytest.mark.parametrize(
    "coordinates",
    [[10.5256, 59.8928], [10.5256, 59.8928, 120.0], [-73.9857, 40.7484], [179.9, -89.5]],
)
def test_a_posted_point_lands_where_a_file_of_it_lands(tmp_path, coordinates):
    """One point as the API reads it (a comment) is projected on its own, without a file's
    arrays: it must land exactly where the same point read from a file does, 2D."""
    posted = read_feature(point_feature(coordinates)).geometry
    [from_file] = read_features(write(tmp_path, feature_collection(coordinates)))
    assert posted.equals_exact(from_file.geometry, 0)
    assert not posted.has_z


def test_a_posted_point_in_metres_said_to_be_degrees_is_refused_naming_it():
    with pytest.raises(InvalidInput) as error:
        read_feature(point_feature([590_000.0, 6_641_000.0], name="Feil"))
    assert "objekt 1 «Feil» har tall som ser ut som meter" in error.value.message


def test_broken_json_and_unknown_crs_are_refused(tmp_path):
    with pytest.raises(InvalidInput, match=r"ikke gyldig JSON: .*line 1"):
        read_features(write(tmp_path, '{"type": "FeatureCollection", "features": [}'))
    with pytest.raises(InvalidInput, match=r"ukjent koordinatsystem «EPSG:999999»"):
        read_features(write(tmp_path, feature_collection([1, 2], crs="EPSG:999999")))
    with pytest.raises(InvalidInput, match=r"ukjent filtype «\.shp»"):
        read_features(tmp_path / "zones.shp")


def test_geopackage_round_trip_keeps_crs_and_norwegian_letters(tmp_path):
    path = tmp_path / "z.gpkg"
    square = to_utm(shapely.Point(SANDVIKA_WGS84)).buffer(100)
    write_geopackage(
        path, {"development": ([square], [{"name": "Bærums Verk – øst", "arealformal": 1130}])}
    )
    info = pyogrio.read_info(path, layer="development")
    assert info["crs"] == "EPSG:25832"
    [feature] = read_features(path)
    assert feature.properties["name"] == "Bærums Verk – øst"
    assert feature.properties["arealformal"] == 1130
    assert feature.layer == "development"
    assert feature.geometry.equals_exact(square, tolerance=1e-6)


def test_a_file_that_is_not_a_geopackage_is_refused(tmp_path):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"this is not sqlite")
    with pytest.raises(InvalidInput, match="kan ikke åpnes som GeoPackage"):
        read_features(path)
