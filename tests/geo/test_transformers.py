"""Transformers are built once per process and give correct coordinates in every thread."""

from __future__ import annotations

import threading

import shapely
from pyproj import Transformer

from arealweb.geo import crs

SANDVIKA_STATION = (10.52556, 59.89278)
"""Longitude, latitude (WGS84) of Sandvika station."""


def reference_utm() -> shapely.Point:
    lon, lat = SANDVIKA_STATION
    independent = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    return shapely.Point(independent.transform(lon, lat))


def in_threads(count: int, work) -> list:
    """Run ``work`` in ``count`` new threads started together; their results in order."""
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index: int) -> None:
        start.wait()
        results[index] = work()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_threads_transforming_at_once_get_correct_coordinates():
    expected = reference_utm()
    station = shapely.Point(SANDVIKA_STATION)

    def round_trips():
        out = []
        for _ in range(200):
            utm = crs.to_utm(station)
            out.append((utm, crs.to_wgs84(utm)))
        return out

    for rounds in in_threads(4, round_trips):
        assert len(rounds) == 200
        for utm, back in rounds:
            assert utm.distance(expected) < 0.001
            assert back.equals_exact(station, 1e-6)


def test_a_new_thread_does_not_build_a_new_transformer(monkeypatch):
    searches = []
    search = Transformer.from_crs

    def counted(*args, **kwargs):
        searches.append(args[:2])
        return search(*args, **kwargs)

    monkeypatch.setattr(crs, "_transformers", {})
    monkeypatch.setattr(Transformer, "from_crs", staticmethod(counted))
    first = crs.transformer(crs.UTM32, crs.WGS84)

    used = in_threads(3, lambda: crs.transformer(crs.UTM32, crs.WGS84))
    for _ in range(2):  # one request after another, each in a thread of its own
        used += in_threads(1, lambda: crs.to_wgs84(shapely.Point(585_000, 6_640_000)))

    assert searches == [(crs.UTM32, crs.WGS84)]
    assert all(t is first for t in used[:3])
    assert all(p.x == used[3].x and 10 < p.x < 11 and 59 < p.y < 60 for p in used[3:])


def test_a_transformer_picked_point_by_point_is_shared_as_searched(monkeypatch):
    monkeypatch.setattr(crs, "_transformers", {})
    ngo_1948 = 4273  # several operations to ETRS89: PROJ names no single pipeline for it
    shared = crs.transformer(ngo_1948, crs.UTM32)
    assert shared is crs.transformer(ngo_1948, crs.UTM32)
    x, y = in_threads(2, lambda: shared.transform(10.5, 59.9))[1]
    assert 580_000 < x < 590_000 and 6_635_000 < y < 6_645_000
