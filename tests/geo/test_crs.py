"""How coordinates said to be WGS84 are told from metres."""

from __future__ import annotations

import shapely

from arealweb.geo.crs import looks_projected


def test_numbers_like_metres_are_told_from_degrees():
    station = shapely.Point(10.52556, 59.89278)
    assert not looks_projected([station, None, shapely.Polygon()])
    assert looks_projected([station, shapely.Point(590_400, 6_640_300)])
    assert looks_projected([shapely.Point(10.5, 91.0)])
    assert looks_projected([shapely.Point(-181.0, 59.9)])
    assert not looks_projected([None])
    # A missing ordinate (NaN) says nothing either way: the others still count.
    assert looks_projected([shapely.Point(float("nan"), 1.0), shapely.Point(590_400, 6_640_300)])
    assert not looks_projected([shapely.Point(float("nan"), 1.0), shapely.Point(10.5, 59.9)])
