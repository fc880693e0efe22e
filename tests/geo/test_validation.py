import shapely

from arealweb.domain.zones import ZoneKind
from arealweb.geo.crs import to_utm, to_wgs84
from arealweb.geo.validation import geometry_problems

# A 2 km square around Sandvika, in EPSG:25832.
BOUNDARY = shapely.box(*to_utm(shapely.Point(10.5256, 59.8928)).buffer(1000).bounds)
X0, Y0, X1, Y1 = BOUNDARY.bounds


def messages(geometry, kind=ZoneKind.DEVELOPMENT, boundary=BOUNDARY, tolerance=25):
    return [p.message for p in geometry_problems(geometry, kind, boundary, tolerance, "objekt 1")]


def test_a_valid_area_inside_the_boundary_passes():
    assert messages(shapely.box(X0 + 100, Y0 + 100, X0 + 500, Y0 + 500)) == []


def test_a_self_intersection_is_refused_with_where_it_is():
    cx, cy = X0 + 500, Y0 + 500
    bowtie = shapely.Polygon(
        [(cx - 200, cy - 200), (cx + 200, cy + 200), (cx + 200, cy - 200), (cx - 200, cy + 200)]
    )
    [message] = messages(bowtie)
    crossing = to_wgs84(shapely.Point(cx, cy), decimals=5)
    assert message.startswith("objekt 1: geometrien krysser seg selv ved ")
    assert f"{crossing.y:.5f} N, {crossing.x:.5f} Ø" in message


def test_the_geometry_type_must_fit_the_kind():
    line = shapely.LineString([(X0 + 100, Y0 + 100), (X0 + 400, Y0 + 400)])
    area = shapely.box(X0 + 100, Y0 + 100, X0 + 500, Y0 + 500)
    assert "må være Polygon eller MultiPolygon, ikke LineString" in messages(line)[0]
    assert (
        "må være LineString eller MultiLineString, ikke Polygon"
        in messages(area, ZoneKind.CORRIDOR)[0]
    )


def test_empty_and_tiny_geometries_are_refused():
    assert "tom" in messages(shapely.Polygon())[0]
    assert "bare 25 m²" in messages(shapely.box(X0 + 100, Y0 + 100, X0 + 105, Y0 + 105))[0]
    short = shapely.LineString([(X0 + 100, Y0 + 100), (X0 + 105, Y0 + 100)])
    assert "bare 5.0 m" in messages(short, ZoneKind.CORRIDOR)[0]


def test_outside_the_boundary_is_refused_beyond_the_tolerance_only():
    slightly = shapely.box(X1 - 300, Y0 + 100, X1 + 20, Y0 + 400)
    far = shapely.box(X1 - 300, Y0 + 100, X1 + 400, Y0 + 400)
    assert messages(slightly) == []
    [message] = messages(far)
    assert "ligger utenfor Bærum kommune (opptil 400 m utenfor" in message


def test_an_edge_that_bulges_out_between_inside_vertices_counts():
    notched = shapely.Polygon(
        [
            (X0, Y0),
            (X1, Y0),
            (X1, Y1),
            (X0 + 1100, Y1),
            (X0 + 1000, Y0 + 600),
            (X0 + 900, Y1),
            (X0, Y1),
        ]
    )
    across = shapely.box(X0 + 800, Y1 - 200, X0 + 1200, Y1 - 150)
    assert all(notched.covers(shapely.Point(xy)) for xy in across.exterior.coords)
    assert "utenfor Bærum" in messages(across, boundary=notched)[0]
