"""The arealregnskap against a plain shapely computation on whole geometries (no tiles).

A hand-made plan in EPSG:25832, coordinates as offsets from (590 000, 6 640 000), which lies on
the 1 km tile grid, so the tile borders are at whole kilometres of the offsets. Zones cross
tile borders, overlap within and across kinds and categories; two hovedsykkelvei corridors
overlap for a kilometre. Three scenarios: one adds (across tile corners, a main cycle line, far
away), one changes (geometry, status, code, a corridor's and a protection zone's category), one
removes (a development zone, a main cycle line, a protection zone) and moves a far zone.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import shapely

from arealweb.analysis.accounting import Accounts, Ledger, distances_for
from arealweb.analysis.areas import area_summary
from arealweb.analysis.conflicts import conflicts
from arealweb.analysis.frames import stations_frame, zones_frame
from arealweb.analysis.stations import station_nearness
from arealweb.domain.goals import GoalTree
from arealweb.domain.indicators import Direction, Indicator, Measure
from arealweb.domain.reference import Station
from arealweb.domain.scenarios import Change, ChangeAction, applied, change_to
from arealweb.domain.zones import Zone, ZoneKind, ZoneStatus

X, Y = 590_000, 6_640_000
FRAMTIDIG, NAVAERENDE = ZoneStatus.FRAMTIDIG, ZoneStatus.NAVAERENDE


def box(x0, y0, x1, y1):
    return shapely.MultiPolygon([shapely.box(X + x0, Y + y0, X + x1, Y + y1)])


def disc(x, y, r):
    return shapely.MultiPolygon([shapely.Point(X + x, Y + y).buffer(r, quad_segs=16)])


def line(*points):
    return shapely.MultiLineString([[(X + x, Y + y) for x, y in points]])


def zone(id, kind, category, geometry, status=FRAMTIDIG, code=None, **more):
    return Zone(
        id, ZoneKind(kind), category, f"Sone {id}", geometry, status=status, arealformal=code,
        **more,
    )  # fmt: skip


PLAN = [
    zone("D1", "development", "vekstområde", box(800, 0, 1300, 400), FRAMTIDIG, 1110),
    zone("D2", "development", "knutepunkt", box(1100, 200, 1600, 600), NAVAERENDE, 1130),
    zone("D3", "development", "næringsområde", disc(2000, 2000, 300), FRAMTIDIG, 1300),
    zone("D4", "development", "bymessig område", box(-300, -200, 200, 300), NAVAERENDE),
    zone("D5", "development", "vekstområde", box(8000, 8000, 8400, 8300), FRAMTIDIG, 1110),
    zone("P1", "protection", "jordvern", box(1000, 300, 1500, 900), code=5100),
    zone("P2", "protection", "jordvern", box(1400, 500, 1800, 800), code=5100),
    zone("P3", "protection", "marka", box(1700, 1700, 2200, 2100)),
    zone("P4", "protection", "grønnstruktur", box(0, 0, 900, 100), code=3001),
    zone("P5", "protection", "strandsone", box(700, -100, 1000, 50)),
    zone("C1", "corridor", "hovedsykkelvei", line((-500, -400), (3000, -400), (3000, 2500))),
    zone("C2", "corridor", "hovedsykkelvei", line((2000, -400), (3500, -400))),
    zone("C3", "corridor", "sykkelvei", line((0, 1000), (2000, 1000))),
    zone("C4", "corridor", "turvei", line((1500, 2000), (2600, 2200))),
    zone("DRAFT", "development", "vekstområde", box(0, 0, 5000, 5000), draft=True),
]
BY_ID = {z.id: z for z in PLAN}
STATIONS = [
    Station("s1", "S1", "train", shapely.Point(X + 1000, Y + 500)),
    Station("s2", "S2", "metro", shapely.Point(X + 2100, Y + 1500)),
    Station("s3", "S3", "train", shapely.Point(X + 9000, Y + 9000), planned=True),
]
STATION_DISTANCES = (500, 1000)
CYCLE_DISTANCES = (300, 500)


def add(z: Zone) -> Change:
    return change_to(None, z, z.id)


def change(zone_id: str, **attributes) -> Change:
    return change_to(BY_ID[zone_id], replace(BY_ID[zone_id], **attributes), zone_id)


def remove(zone_id: str) -> Change:
    return change_to(BY_ID[zone_id], None, zone_id)


SCENARIOS = {
    "add": [
        add(zone("N1", "development", "vekstområde", box(2900, 2900, 3400, 3300), code=1110)),
        add(zone("N2", "corridor", "hovedsykkelvei", line((3000, 2500), (3000, 3600)))),
        add(zone("N3", "protection", "kulturmiljø", box(3300, 3000, 3600, 3200))),
        add(zone("N4", "development", "knutepunkt", box(9000, 9000, 9200, 9300), NAVAERENDE)),
    ],
    "change": [
        change("D2", geometry=box(1100, 200, 2100, 600), status=FRAMTIDIG, arealformal=1300),
        change("C2", category="sykkelvei"),
        change("P3", category="jordvern"),
        change("D4", name="Nytt navn"),
    ],
    "remove": [
        remove("D1"),
        remove("C1"),
        remove("P2"),
        change("D5", geometry=box(8200, 8100, 8700, 8400)),
    ],
}


# The independent computation: whole geometries, no tiles ---------------------------------------


def union(geometries):
    return shapely.union_all(list(geometries)) if geometries else shapely.Polygon()


def plain(zones: list[Zone], stations: list[Station]) -> dict[str, object]:
    live = [z for z in zones if not z.draft and not z.deleted]

    def where(**wanted):
        return [
            z.geometry for z in live if all(getattr(z, k) == v for k, v in wanted.items())
        ]  # fmt: skip

    development = union(where(kind=ZoneKind.DEVELOPMENT))
    protection = union(where(kind=ZoneKind.PROTECTION))
    main = union(where(category="hovedsykkelvei"))
    points = [s.geometry for s in stations]
    areas = [z for z in live if z.kind.is_area]
    return {
        "area_by_kind": {
            "development": development.area,
            "protection": protection.area,
        },
        "length_by_kind": {"corridor": union(where(kind=ZoneKind.CORRIDOR)).length},
        "area_by_category": {c: union(where(category=c)).area for c in {z.category for z in areas}},
        "length_by_category": {
            c: union(where(category=c)).length
            for c in {z.category for z in live if not z.kind.is_area}
        },
        "area_by_arealformal": {
            code: union([z.geometry for z in areas if z.arealformal == code]).area
            for code in {z.arealformal for z in areas if z.arealformal is not None}
        },
        "count_by_kind": {k.value: len(where(kind=k)) for k in ZoneKind},
        "taken_by_category": {
            c: shapely.intersection(development, union(where(category=c))).area
            for c in {z.category for z in live if z.kind is ZoneKind.PROTECTION}
        },
        "taken_total_m2": shapely.intersection(development, protection).area,
        "development_m2": development.area,
        "reserve_m2": union(where(kind=ZoneKind.DEVELOPMENT, status=FRAMTIDIG)).area,
        "station_within_m2": {
            d: shapely.intersection(
                development, union([p.buffer(d, quad_segs=32) for p in points])
            ).area
            for d in STATION_DISTANCES
        },
        "main_cycle_m": main.length,
        "cycle_within_m2": {
            d: shapely.intersection(development, main.buffer(d, quad_segs=32)).area
            for d in CYCLE_DISTANCES
        },
    }


def assert_matches(accounts: Accounts, expected: dict[str, object]) -> None:
    for name, value in expected.items():
        got = getattr(accounts, name)
        if isinstance(value, dict):
            # Keys the plain computation does not name must be empty in the accounts.
            for key in set(got) - set(value):
                assert got[key] == pytest.approx(0.0, abs=1e-6), (name, key)
            for key, figure in value.items():
                assert got.get(key) == pytest.approx(figure, rel=0.01, abs=0.01), (name, key)
        else:
            assert got == pytest.approx(value, rel=0.01, abs=0.01), name


def ledger() -> Ledger:
    return Ledger(
        zones_frame(PLAN),
        stations_frame(STATIONS),
        station_distances=STATION_DISTANCES,
        cycle_distances=CYCLE_DISTANCES,
    )


# Tests -----------------------------------------------------------------------------------------


def test_zones_frame_carries_status_and_arealformal():
    frame = zones_frame(PLAN)
    assert frame.loc["D1", "status"] == "framtidig" and frame.loc["D2", "status"] == "nåværende"
    assert frame.loc["D1", "arealformal"] == 1110 and frame.loc["D4", "arealformal"] is None


def test_the_plan_matches_a_plain_computation():
    expected = plain(PLAN, STATIONS)
    accounts = ledger().plan()
    assert_matches(accounts, expected)
    # Worked by hand: D1 ∪ D2 = 200 000 + 200 000 − 40 000 (the overlap 1100..1300 × 200..400).
    assert accounts.area_by_kind["development"] == pytest.approx(
        360_000 + expected["area_by_category"]["næringsområde"] + 250_000 + 120_000
    )
    # C1 and C2 share 1 000 m of line: 3 500 + 2 900 + 1 500 − 1 000.
    assert accounts.main_cycle_m == pytest.approx(6_900)
    assert accounts.count_by_kind == {"development": 5, "protection": 5, "corridor": 4}
    # The draft is left out; a scenario may not see it either.
    assert accounts.area_by_category["vekstområde"] == pytest.approx(200_000 + 120_000)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_scenario_matches_a_plain_computation(name):
    changes = SCENARIOS[name]
    assert all(c is not None for c in changes)
    accounts = ledger().scenario(changes)
    expected = plain(applied(PLAN, changes), STATIONS)
    assert_matches(accounts, expected)
    assert accounts != ledger().plan()


def test_one_ledger_gives_the_plan_and_every_scenario():
    """Scenarios share the plan's tiles; their order does not matter."""
    shared = ledger()
    for name in ("remove", "add", "change", "add"):
        assert_matches(
            shared.scenario(SCENARIOS[name]), plain(applied(PLAN, SCENARIOS[name]), STATIONS)
        )
    assert_matches(shared.plan(), plain(PLAN, STATIONS))


def test_the_scenarios_change_what_they_should():
    shared = ledger()
    plan = shared.plan()
    added, changed, removed = (shared.scenario(SCENARIOS[n]) for n in ("add", "change", "remove"))
    assert added.development_m2 == pytest.approx(plan.development_m2 + 200_000 + 60_000)
    assert added.area_by_category["kulturmiljø"] == pytest.approx(60_000)
    assert added.taken_by_category["kulturmiljø"] == pytest.approx(100 * 200)  # N1 ∩ N3
    assert added.main_cycle_m == pytest.approx(plan.main_cycle_m + 1_100)
    assert added.count_by_kind == {"development": 7, "protection": 6, "corridor": 5}
    assert changed.main_cycle_m == pytest.approx(plan.main_cycle_m - 500)  # C2 less C1's part
    assert changed.taken_by_category["marka"] == 0 < plan.taken_by_category["marka"]
    assert changed.area_by_arealformal.get(1130, 0) == 0 < plan.area_by_arealformal[1130]
    assert changed.count_by_kind == plan.count_by_kind
    assert removed.main_cycle_m == pytest.approx(1_500)  # C2 alone
    assert removed.count_by_kind == {"development": 4, "protection": 4, "corridor": 3}
    assert removed.cycle_within_m2[500] < plan.cycle_within_m2[500]


def test_a_scenario_recomputes_only_the_tiles_it_touches():
    shared = ledger()
    plan = shared.plan()
    far = shared.scenario([change("D5", geometry=box(8100, 8100, 8300, 8200))])  # inside one tile
    assert far.tiles_computed == 1 < plan.tiles_computed
    assert far.development_m2 == pytest.approx(plan.development_m2 - 120_000 + 20_000)
    assert shared.scenario(SCENARIOS["add"]).tiles_computed < plan.tiles_computed


def test_a_scenario_without_changes_is_the_plan():
    shared = ledger()
    assert shared.scenario([]) == shared.plan()
    assert ledger().scenario([]) == ledger().plan()
    # A change back to the plan's own zone is no change.
    assert change_to(BY_ID["D1"], BY_ID["D1"], "D1") is None


def test_values_in_the_measures_units():
    shared = ledger()
    for accounts, zones in (
        (shared.plan(), PLAN),
        *((shared.scenario(c), applied(PLAN, c)) for c in SCENARIOS.values()),
    ):
        expected = plain(zones, STATIONS)
        development = expected["development_m2"]
        wanted = {
            (Measure.STATION_SHARE, None): 100 * expected["station_within_m2"][1000] / development,
            (Measure.STATION_SHARE, 500): 100 * expected["station_within_m2"][500] / development,
            (Measure.CYCLE_REACH_SHARE, None): 100 * expected["cycle_within_m2"][500] / development,
            (Measure.CYCLE_REACH_SHARE, 300): 100 * expected["cycle_within_m2"][300] / development,
            (Measure.PROTECTED_TAKEN, None): expected["taken_by_category"].get("jordvern", 0)
            / 1000,
            (Measure.PROTECTED_TAKEN, "marka"): expected["taken_by_category"].get("marka", 0)
            / 1000,
            (Measure.PROTECTED_TAKEN, "naturmiljø"): 0.0,
            (Measure.MAIN_CYCLE_LENGTH, None): expected["main_cycle_m"] / 1000,
            (Measure.DEVELOPMENT_AREA, None): development / 1000,
            (Measure.UNBUILT_RESERVE, None): expected["reserve_m2"] / 1000,
        }
        assert {m for m, _ in wanted} == set(Measure)
        for (measure, parameter), value in wanted.items():
            assert accounts.value(measure, parameter) == pytest.approx(value, rel=0.01, abs=1e-6), (
                measure,
                parameter,
            )
    assert shared.plan().value(Measure.STATION_SHARE, 1000) == pytest.approx(
        shared.plan().value(Measure.STATION_SHARE)
    )
    assert shared.plan().value(Measure.STATION_SHARE, "500") == shared.plan().value(
        Measure.STATION_SHARE, 500
    )
    with pytest.raises(KeyError):
        shared.plan().value(Measure.STATION_SHARE, 750)


def test_shares_of_no_development_are_zero():
    only_protection = [z for z in PLAN if z.kind is not ZoneKind.DEVELOPMENT]
    accounts = Ledger(zones_frame(only_protection), stations_frame(STATIONS)).plan()
    assert accounts.development_m2 == 0
    assert accounts.value(Measure.STATION_SHARE, 500) == 0
    assert accounts.value(Measure.CYCLE_REACH_SHARE) == 0
    empty = Ledger(zones_frame([]), stations_frame([])).plan()
    assert empty.development_m2 == 0 and empty.main_cycle_m == 0 and empty.tiles_computed == 0
    grown = Ledger(zones_frame([]), stations_frame(STATIONS)).scenario(
        [add(BY_ID["D1"]), add(BY_ID["C1"])]
    )
    assert grown.development_m2 == pytest.approx(200_000)
    assert grown.value(Measure.STATION_SHARE, 500) == pytest.approx(
        100
        * shapely.intersection(BY_ID["D1"].geometry, STATIONS[0].geometry.buffer(500)).area
        / 200_000,
        rel=0.01,
    )
    # C1 runs 400 m south of D1: its bottom 100 m (of 400) are within 500 m.
    assert grown.value(Measure.CYCLE_REACH_SHARE) == pytest.approx(25.0)


def test_distances_for_the_indicators():
    def indicator(measure, parameter=None):
        return Indicator("g", measure, 50, Direction.AT_LEAST, parameter)

    assert distances_for([]) == ((500, 1000), (500,))
    assert distances_for(
        [
            indicator(Measure.STATION_SHARE, 800),
            indicator(Measure.STATION_SHARE),
            indicator(Measure.CYCLE_REACH_SHARE, 250),
            indicator(Measure.CYCLE_REACH_SHARE, 500),
            indicator(Measure.PROTECTED_TAKEN, "marka"),
            indicator(Measure.DEVELOPMENT_AREA),
        ]
    ) == ((500, 800, 1000), (250, 500))


# The demo plan against the existing analyses ---------------------------------------------------


@pytest.fixture
def demo(demo_store):
    with demo_store.read() as repo:
        zones = repo.zones.all()
        stations = repo.reference.stations()
        tree: GoalTree = repo.goals.tree()
    return zones, stations, tree


def test_the_demo_plan_agrees_with_the_existing_analyses(demo):
    zones, stations, tree = demo
    frame, station_frame = zones_frame(zones), stations_frame(stations)
    accounts = Ledger(frame, station_frame, cycle_distances=CYCLE_DISTANCES).plan()
    summary = area_summary(frame, tree)
    for row in summary.by_kind:
        if row.key == "corridor":
            assert accounts.length_by_kind["corridor"] == pytest.approx(row.length_m, rel=0.01)
        else:
            assert accounts.area_by_kind[row.key] == pytest.approx(row.area_m2, rel=0.01)
        assert accounts.count_by_kind[row.key] == row.zones
    for row in summary.by_category:
        if row.length_m:
            assert accounts.length_by_category[row.key] == pytest.approx(row.length_m, rel=0.01)
        else:
            assert accounts.area_by_category[row.key] == pytest.approx(row.area_m2, rel=0.01)
    nearness = station_nearness(frame, station_frame)
    assert accounts.development_m2 == pytest.approx(nearness.total_m2, rel=0.01)
    for distance in (500, 1000):
        assert accounts.value(Measure.STATION_SHARE, distance) == pytest.approx(
            100 * nearness.share(distance), rel=0.01
        )
    report = conflicts(frame)
    assert report.by_category, "the demo has development on protected land"
    for category, area in report.by_category.items():
        assert accounts.taken_by_category[category] == pytest.approx(area, rel=0.01)
    assert accounts.taken_total_m2 == pytest.approx(report.total_m2, rel=0.01)
    assert_matches(accounts, plain(zones, stations))


def test_a_demo_scenario_matches_a_plain_computation(demo):
    zones, stations, _ = demo
    live = [z for z in zones if not z.draft and not z.deleted]
    development = [z for z in live if z.kind is ZoneKind.DEVELOPMENT]
    corridor = next(z for z in live if z.category == "hovedsykkelvei")
    biggest = max(development, key=lambda z: z.geometry.area)
    changes = [
        change_to(biggest, None, biggest.id),
        change_to(corridor, replace(corridor, category="turvei"), corridor.id),
        change_to(
            development[0],
            replace(development[0], geometry=development[0].geometry.buffer(400)),
            development[0].id,
        ),
        Change(
            "ny",
            ChangeAction.ADD,
            replace(development[1], id="ny", geometry=development[1].geometry.buffer(200)),
            None,
        ),
    ]
    accounts = Ledger(zones_frame(zones), stations_frame(stations), cycle_distances=CYCLE_DISTANCES)
    assert_matches(accounts.scenario(changes), plain(applied(live, changes), stations))


def test_a_stored_scenario_matches_the_zones_it_leaves(demo_store):
    """A scenario made through the service (a zone added at Haslum, one renamed, Grini's
    jordvern removed): its accounts from the plan's Ledger are those of the zones it leaves."""
    from arealweb.services import scenarios
    from tests.services.test_scenarios import three_changes

    made, new_id, _, grini = three_changes(demo_store, "Vekst på Haslum")
    found, zones_left, removed = scenarios.scenario_zones(demo_store, made.id)
    with demo_store.read() as repo:
        plan_zones = repo.zones.all()
        stations = repo.reference.stations()
    shared = Ledger(
        zones_frame(plan_zones), stations_frame(stations), cycle_distances=CYCLE_DISTANCES
    )
    plan, accounts = shared.plan(), shared.scenario(found.changes)
    assert_matches(accounts, plain(zones_left, stations))
    assert [z.id for z in removed] == [grini.id] and grini.category == "jordvern"
    assert accounts.area_by_category["jordvern"] < plan.area_by_category["jordvern"]
    haslum = next(z for z in zones_left if z.id == new_id)
    assert accounts.development_m2 > plan.development_m2
    assert accounts.development_m2 <= plan.development_m2 + haslum.geometry.area + 0.01
    assert accounts.count_by_kind["protection"] == plan.count_by_kind["protection"] - 1
