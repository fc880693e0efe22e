"""A hand-made plan with three scenarios and goal indicators, and its arealregnskap worked out
again with plain shapely, for the tests of the comparison (service, API, pages, CLI).

Coordinates are offsets from (590 000, 6 640 000) in EPSG:25832, near Sandvika:

    D1 development vekstområde   0..200 × 0..100    framtidig, 1110 Boligbebyggelse
    D2 development næringsområde 150..250 × 0..100  nåværende, 1300 (overlaps D1 by 5 000 m²)
    P1 protection jordvern       180..300 × 50..150 (D1 and D2 take 3 500 m² of it)
    P2 protection marka          0..100 × 300..400
    C1 corridor hovedsykkelvei   (0,-50)–(400,-50)
    C2 corridor turvei           (50,250)–(50,450)
    station S at (100, 50)

    stasjonsnaer  adds D4 0..100 × 100..200 (vekstområde, framtidig, 1110)
    jordet        adds D5 200..300 × 100..200 (on P1 for 5 000 m²), shrinks D1 to 0..100 × 0..100
    sykkel        adds C4 hovedsykkelvei (0,150)–(600,150), removes D2
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import shapely

from arealweb.domain.goals import Dimension, Goal, GoalLevel, GoalStatus, PlanVersion
from arealweb.domain.indicators import Direction, Indicator, Measure
from arealweb.domain.reference import Station
from arealweb.domain.scenarios import Change, ChangeAction, Scenario
from arealweb.domain.zones import GoalLink, Zone, ZoneKind, ZoneStatus
from arealweb.services.indicators import add_indicator

X, Y = 590_000, 6_640_000
STATION = shapely.Point(X + 100, Y + 50)
GOAL = "a1"
SCENARIOS = ("stasjonsnaer", "jordet", "sykkel")


def box(x0, y0, x1, y1):
    return shapely.MultiPolygon([shapely.box(X + x0, Y + y0, X + x1, Y + y1)])


def line(*points):
    return shapely.MultiLineString([[(X + x, Y + y) for x, y in points]])


def zone(id, kind, category, geometry, status=ZoneStatus.FRAMTIDIG, arealformal=None):
    return Zone(
        id,
        ZoneKind(kind),
        category,
        f"Sone {id}",
        geometry,
        status=status,
        arealformal=arealformal,
        links=[GoalLink(GOAL)],
    )


PLAN = [
    zone("D1", "development", "vekstområde", box(0, 0, 200, 100), arealformal=1110),
    zone(
        "D2",
        "development",
        "næringsområde",
        box(150, 0, 250, 100),
        ZoneStatus.NAVAERENDE,
        1300,
    ),
    zone("P1", "protection", "jordvern", box(180, 50, 300, 150)),
    zone("P2", "protection", "marka", box(0, 300, 100, 400)),
    zone("C1", "corridor", "hovedsykkelvei", line((0, -50), (400, -50))),
    zone("C2", "corridor", "turvei", line((50, 250), (50, 450))),
]
D4 = zone("D4", "development", "vekstområde", box(0, 100, 100, 200), arealformal=1110)
D5 = zone("D5", "development", "vekstområde", box(200, 100, 300, 200), arealformal=1110)
C4 = zone("C4", "corridor", "hovedsykkelvei", line((0, 150), (600, 150)))

CHANGES = {
    "stasjonsnaer": [Change("D4", ChangeAction.ADD, D4, None)],
    "jordet": [
        Change("D5", ChangeAction.ADD, D5, None),
        Change("D1", ChangeAction.CHANGE, replace(PLAN[0], geometry=box(0, 0, 100, 100)), 1),
    ],
    "sykkel": [
        Change("C4", ChangeAction.ADD, C4, None),
        Change("D2", ChangeAction.REMOVE, None, 1),
    ],
}
NAMES = {
    "stasjonsnaer": "Vekst ved stasjonen",
    "jordet": "Vekst på jordet",
    "sykkel": "Sykkelbyen",
}

INDICATORS = [
    dict(measure=Measure.DEVELOPMENT_AREA, target=30.0, direction=Direction.AT_MOST),
    dict(
        measure=Measure.PROTECTED_TAKEN,
        target=3.0,
        direction=Direction.AT_MOST,
        parameter="jordvern",
    ),
    dict(
        measure=Measure.STATION_SHARE,
        target=80.0,
        direction=Direction.AT_LEAST,
        parameter=100,
        baseline=50.0,
        baseline_year=2020,
    ),
    dict(measure=Measure.MAIN_CYCLE_LENGTH, target=1.0, direction=Direction.AT_LEAST),
    dict(measure=Measure.UNBUILT_RESERVE, target=20.0, direction=Direction.AT_MOST),
]


def build(store) -> list[Indicator]:
    """The plan, its goal, station, indicators and the three scenarios, in ``store``."""
    now = datetime.now(UTC)
    with store.write() as repo:
        repo.goals.save_plan_version(PlanVersion("p", "Planen", GoalStatus.VEDTATT))
        for goal in (
            Goal("v", "p", GoalLevel.VISJON, "Visjon"),
            Goal("m1", "p", GoalLevel.HOVEDMAL, "Godt å bo", "v", dimension=Dimension.SOSIAL),
            Goal("d1", "p", GoalLevel.DELMAL, "Boliger nær stasjonene", "m1"),
            Goal("s1", "p", GoalLevel.STRATEGI, "Bygge nær stasjoner", "d1"),
            Goal(GOAL, "p", GoalLevel.AREALSTRATEGI, "Fortette ved knutepunkt", "s1"),
        ):
            repo.goals.save(goal)
        repo.reference.save_station(Station("s", "Sandvika", "train", STATION))
        for made in PLAN:
            repo.zones.save(made, None, actor="test")
        for scenario_id in SCENARIOS:
            repo.scenarios.create(
                Scenario(
                    scenario_id,
                    NAMES[scenario_id],
                    created_by="test",
                    created_at=now,
                    changes=CHANGES[scenario_id],
                )
            )
    return [add_indicator(store, GOAL, **fields) for fields in INDICATORS]


@dataclass
class Expected:
    """One column's arealregnskap, computed here with shapely alone (m², m, per cent)."""

    development_m2: float
    protection_m2: float
    corridor_m: float
    taken_jordvern_m2: float
    reserve_m2: float
    main_cycle_m: float
    station_share_100: float
    by_arealformal: dict[int, float] = field(default_factory=dict)

    def indicator(self, measure: Measure) -> float:
        return {
            Measure.DEVELOPMENT_AREA: self.development_m2 / 1000,
            Measure.PROTECTED_TAKEN: self.taken_jordvern_m2 / 1000,
            Measure.STATION_SHARE: self.station_share_100,
            Measure.MAIN_CYCLE_LENGTH: self.main_cycle_m / 1000,
            Measure.UNBUILT_RESERVE: self.reserve_m2 / 1000,
        }[measure]


def zones_of(scenario_id: str | None) -> list[Zone]:
    """The plan's zones as the scenario leaves them (the plan itself for None)."""
    changes = {c.zone_id: c for c in CHANGES.get(scenario_id, [])}
    kept = [changes[z.id].zone if z.id in changes else z for z in PLAN]
    kept += [c.zone for c in changes.values() if c.action is ChangeAction.ADD]
    return [z for z in kept if z is not None]


def expected(scenario_id: str | None) -> Expected:
    zones = zones_of(scenario_id)

    def union(pick) -> shapely.Geometry:
        return shapely.union_all([z.geometry for z in zones if pick(z)])

    development = union(lambda z: z.kind is ZoneKind.DEVELOPMENT)
    jordvern = union(lambda z: z.category == "jordvern")
    codes = {z.arealformal for z in zones if z.arealformal is not None}
    return Expected(
        development_m2=development.area,
        protection_m2=union(lambda z: z.kind is ZoneKind.PROTECTION).area,
        corridor_m=union(lambda z: z.kind is ZoneKind.CORRIDOR).length,
        taken_jordvern_m2=development.intersection(jordvern).area,
        reserve_m2=union(
            lambda z: z.kind is ZoneKind.DEVELOPMENT and z.status is ZoneStatus.FRAMTIDIG
        ).area,
        main_cycle_m=union(lambda z: z.category == "hovedsykkelvei").length,
        station_share_100=100
        * development.intersection(STATION.buffer(100, 256)).area
        / development.area,
        by_arealformal={c: union(lambda z, c=c: z.arealformal == c).area for c in codes},
    )
