"""Every analysis on a small plan whose answers are worked out by hand (EPSG:25832, metres).

Coordinates are offsets from (590 000, 6 640 000), near Sandvika:

    D1 development (vekstområde)  0..200 × 0..100      20 000 m²   realises a1
    D2 development (vekstområde)  150..250 × 0..100    10 000 m²   realises d1 (overlaps D1 by 5 000)
    D3 development (næring)       1000..1100 × same    10 000 m²   no goal, far from everything
    P1 protection (jordvern)      180..300 × 50..150   12 000 m²   realises m2
    P2 protection (marka)         0..100 × 300..400    10 000 m²   realises d2
    C1 corridor (hovedsykkelvei)  (0,-50)–(400,-50)       400 m    realises a1
    C2 corridor (turvei)          (50,250)–(50,450)       200 m    crosses P2 for 100 m
    C3 corridor (sykkelvei)       (400,-50)–(400,200)     250 m    joins C1's east end
    station S at (100, 50), inside D1
"""

import math

import pytest
import shapely

from arealweb.analysis.areas import area_summary
from arealweb.analysis.conflicts import conflicts
from arealweb.analysis.corridors import corridor_network
from arealweb.analysis.coverage import coverage
from arealweb.analysis.frames import stations_frame, zones_frame
from arealweb.analysis.stations import station_nearness
from arealweb.domain.goals import Dimension, Goal, GoalLevel, GoalTree
from arealweb.domain.reference import Station
from arealweb.domain.zones import GoalLink, Zone, ZoneKind

X, Y = 590_000, 6_640_000


def box(x0, y0, x1, y1):
    return shapely.MultiPolygon([shapely.box(X + x0, Y + y0, X + x1, Y + y1)])


def line(*points):
    return shapely.MultiLineString([[(X + x, Y + y) for x, y in points]])


def zone(id, kind, category, geometry, *goals, draft=False):
    return Zone(
        id,
        ZoneKind(kind),
        category,
        f"Sone {id}",
        geometry,
        links=[GoalLink(g) for g in goals],
        draft=draft,
    )


TREE = GoalTree.build(
    [
        Goal("v", "p", GoalLevel.VISJON, "Visjon"),
        Goal("m1", "p", GoalLevel.HOVEDMAL, "Godt å bo", "v", dimension=Dimension.SOSIAL),
        Goal("d1", "p", GoalLevel.DELMAL, "Boliger", "m1"),
        Goal("s1", "p", GoalLevel.STRATEGI, "Bygge nær stasjoner", "d1"),
        Goal("a1", "p", GoalLevel.AREALSTRATEGI, "Fortette ved knutepunkt", "s1"),
        Goal("m2", "p", GoalLevel.HOVEDMAL, "Klimaklokt", "v", dimension=Dimension.KLIMA_OG_MILJO),
        Goal("d2", "p", GoalLevel.DELMAL, "Vern naturen", "m2"),
        Goal("s2", "p", GoalLevel.STRATEGI, "Ta vare på Marka", "d2"),
        Goal("a2", "p", GoalLevel.AREALSTRATEGI, "Ingen nye hytter", "s2"),
    ]
)
ZONES = zones_frame(
    [
        zone("D1", "development", "vekstområde", box(0, 0, 200, 100), "a1"),
        zone("D2", "development", "vekstområde", box(150, 0, 250, 100), "d1"),
        zone("D3", "development", "næringsområde", box(1000, 1000, 1100, 1100)),
        zone("P1", "protection", "jordvern", box(180, 50, 300, 150), "m2"),
        zone("P2", "protection", "marka", box(0, 300, 100, 400), "d2"),
        zone("C1", "corridor", "hovedsykkelvei", line((0, -50), (400, -50)), "a1"),
        zone("C2", "corridor", "turvei", line((50, 250), (50, 450))),
        zone("C3", "corridor", "sykkelvei", line((400, -50), (400, 200))),
        zone("DRAFT", "development", "vekstområde", box(0, 0, 1000, 1000), draft=True),
    ]
)
STATIONS = stations_frame([Station("s", "S", "train", shapely.Point(X + 100, Y + 50))])


def rows(found):
    return {r.key: (r.zones, round(r.area_m2, 3), round(r.length_m, 3)) for r in found}


def test_drafts_are_left_out_of_every_analysis():
    assert "DRAFT" not in ZONES.index and len(ZONES) == 8


def test_areas_count_overlaps_once_within_each_group():
    summary = area_summary(ZONES, TREE)
    assert rows(summary.by_kind) == {
        "corridor": (3, 0.0, 850.0),
        "development": (3, 35_000.0, 0.0),
        "protection": (2, 22_000.0, 0.0),
    }
    assert rows(summary.by_category) == {
        "hovedsykkelvei": (1, 0.0, 400.0),
        "jordvern": (1, 12_000.0, 0.0),
        "marka": (1, 10_000.0, 0.0),
        "næringsområde": (1, 10_000.0, 0.0),
        "sykkelvei": (1, 0.0, 250.0),
        "turvei": (1, 0.0, 200.0),
        "vekstområde": (2, 25_000.0, 0.0),
    }
    goals = rows(summary.by_goal)
    assert goals["m1"] == (3, 25_000.0, 400.0)  # D1 ∪ D2, and C1
    assert goals["d1"] == goals["m1"] and goals["a1"] == (2, 20_000.0, 400.0)
    assert goals["m2"] == (2, 22_000.0, 0.0) and goals["a2"] == (0, 0.0, 0.0)
    assert rows(summary.by_main_goal) == {"m1": goals["m1"], "m2": goals["m2"]}
    assert rows(summary.by_dimension) == {
        "sosial": (3, 25_000.0, 400.0),
        "klima og miljø": (2, 22_000.0, 0.0),
    }
    assert summary.by_kind[1].area_daa == 35.0 and summary.by_kind[1].area_km2 == 0.035
    # 35 000 developed + 22 000 protected - the 3 500 where both lie.
    assert (summary.total.area_m2, summary.total.length_m) == (53_500.0, 850.0)


def test_conflicts_give_the_overlapping_area_and_crossings_come_apart():
    report = conflicts(ZONES)
    assert [
        (c.development_id, c.protection_id, c.category, round(c.area_m2, 3))
        for c in report.conflicts
    ] == [
        ("D2", "P1", "jordvern", 3_500.0),
        ("D1", "P1", "jordvern", 1_000.0),
    ]
    assert report.by_category == {"jordvern": 3_500.0}  # the two overlaps overlap
    assert report.conflicts[0].overlap.equals(shapely.box(X + 180, Y + 50, X + 250, Y + 100))
    assert [(c.corridor_id, c.protection_id, round(c.length_m, 3)) for c in report.crossings] == [
        ("C2", "P2", 100.0)
    ]


def test_coverage_finds_missing_and_contradicted_threads():
    found = coverage(ZONES, TREE, conflicts(ZONES))
    assert found.goals_without_zones == {
        "hovedmål": [],
        "delmål": [],
        "strategi": ["s2"],
        "arealstrategi": ["a2"],
    }
    assert found.goal_counts["strategi"] == (1, 2)
    assert found.zones_without_goals == ["C2", "C3", "D3"]
    assert [
        (c.goal_id, c.development_id, c.protection_id, c.protection_goal_ids, c.area_m2)
        for c in found.contradictions
    ] == [
        ("d1", "D2", "P1", ("m2",), 3_500.0),
        ("a1", "D1", "P1", ("m2",), 1_000.0),
    ]
    assert found.contradicted_goal_ids == ["d1", "a1"]


def test_nearness_to_stations_per_growth_area_and_in_all():
    report = station_nearness(ZONES, STATIONS)
    near = {
        n.zone_id: (round(n.within_m2[500], 3), round(n.within_m2[1000], 3)) for n in report.zones
    }
    assert near == {"D1": (20_000.0, 20_000.0), "D2": (10_000.0, 10_000.0), "D3": (0.0, 0.0)}
    assert report.total_m2 == 35_000.0
    assert report.share(500) == pytest.approx(25 / 35)
    assert report.zones[0].share(1000) == 1.0
    assert report.catchments[500].area == pytest.approx(math.pi * 500**2, rel=1e-3)


def test_a_station_catchment_cuts_a_zone_where_it_ends():
    far = zones_frame([zone("L", "development", "vekstområde", box(0, -100, 2000, 100))])
    report = station_nearness(far, stations_frame([Station("s", "S", "t", shapely.Point(X, Y))]))
    # A 200 m wide strip from the station outwards: within 1 000 m is almost 1 000 × 200 m
    # (the circle's edge bows by at most 1000 - sqrt(1000² - 100²) = 5.0 m).
    assert 199_000 < report.zones[0].within_m2[1000] < 200_000
    assert report.zones[0].share(500) == pytest.approx(report.zones[0].within_m2[500] / 400_000)


def test_corridor_lengths_gaps_and_growth_areas_the_main_network_misses():
    report = corridor_network(ZONES, gap_m=100, reach_m=500)
    assert report.length_by_category == {
        "hovedsykkelvei": 400.0,
        "sykkelvei": 250.0,
        "turvei": 200.0,
    }
    assert report.total_m == 850.0
    gaps = sorted(
        (g.corridor_id, g.end.x - X, g.end.y - Y, round(g.nearest_m, 1)) for g in report.gaps
    )
    assert gaps == [
        ("C1", 0.0, -50.0, 304.1),  # sqrt(50² + 300²) to C2
        ("C2", 50.0, 250.0, 300.0),  # straight down to C1
        ("C2", 50.0, 450.0, 430.1),  # sqrt(350² + 250²) to C3's north end
        ("C3", 400.0, 200.0, 250.0),
    ]
    assert [(u.zone_id, round(u.distance_m, 1)) for u in report.unreached] == [("D3", 1209.3)]
    assert corridor_network(ZONES, reach_m=1300).unreached == []
