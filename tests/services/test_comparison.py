"""The comparison of the plan and scenarios on SQLite and PostGIS: its arealregnskap and
indicators agree with a plain shapely computation within 1 %, and it refuses what cannot be
compared."""

from __future__ import annotations

import pytest

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.indicators import Light, Measure
from arealweb.domain.scenarios import ChangeAction
from arealweb.services import comparison
from arealweb.services.comparison import Group, compare
from tests.comparisons import SCENARIOS, build, expected


def close(found, wanted):
    assert found == pytest.approx(wanted, rel=0.01, abs=1e-6)


@pytest.fixture
def built(store):
    build(store)
    return store


def figure(found, key):
    return next(f for f in found.figures if f.key == key)


def test_the_arealregnskap_matches_shapely_in_every_column(built):
    found = compare(built, list(SCENARIOS))
    assert [c.key for c in found.columns] == ["plan", *SCENARIOS]
    for n, scenario_id in enumerate([None, *SCENARIOS]):
        wanted = expected(scenario_id)
        close(figure(found, "kind.development").values[n], wanted.development_m2)
        close(figure(found, "kind.protection").values[n], wanted.protection_m2)
        close(figure(found, "kind.corridor").values[n], wanted.corridor_m)
        close(figure(found, "taken.jordvern").values[n], wanted.taken_jordvern_m2)
        close(figure(found, "reserve.framtidig").values[n], wanted.reserve_m2)
        close(figure(found, "network.hovedsykkelvei").values[n], wanted.main_cycle_m)
        for code, area in wanted.by_arealformal.items():
            close(figure(found, f"arealformal.{code}").values[n], area)


def test_changes_are_against_the_plan(built):
    found = compare(built, ["jordet"])
    development = figure(found, "kind.development")
    close(development.changes[1], expected("jordet").development_m2 - expected(None).development_m2)
    assert development.changes[0] == 0
    assert found.columns[1].counts[ChangeAction.ADD] == 1
    assert found.columns[1].counts[ChangeAction.CHANGE] == 1
    assert found.columns[1].changed == {"D5", "D1"}
    assert {g for g, _ in found.groups()} >= {Group.KIND, Group.TAKEN, Group.AREALFORMAL}


def test_each_indicator_has_a_value_and_light_in_each_column(built):
    found = compare(built, list(SCENARIOS))
    assert [row.indicator.measure for row in found.indicators] == [
        Measure.DEVELOPMENT_AREA,
        Measure.PROTECTED_TAKEN,
        Measure.STATION_SHARE,
        Measure.MAIN_CYCLE_LENGTH,
        Measure.UNBUILT_RESERVE,
    ]
    for row in found.indicators:
        assert row.goal_title == "Fortette ved knutepunkt"
        for n, scenario_id in enumerate([None, *SCENARIOS]):
            close(row.values[n], expected(scenario_id).indicator(row.indicator.measure))
            assert row.lights[n] is row.indicator.light(row.values[n])
    taken = found.indicators[1]
    # At most 3 daa of jordvern taken, close within 5 daa (the measure's floor): the plan and
    # «stasjonsnaer» take 3.5 (close), «jordet» 8.5 (not met), «sykkel» 1 (met: it removes D2).
    assert taken.lights == (Light.CLOSE, Light.CLOSE, Light.NOT_MET, Light.MET)
    cycle = found.indicators[3]
    # 0.4 km of main cycle network against at least 1 (close within 0.5); «sykkel» adds 0.6.
    assert cycle.lights[0] is Light.NOT_MET and cycle.lights[3] is Light.MET


def test_a_comparison_is_kept_until_something_changes(built):
    first = compare(built, ["stasjonsnaer"])
    assert compare(built, ["stasjonsnaer"]) is first
    with built.write() as repo:
        moved = repo.zones.get("D2")
        moved.name = "Nytt navn"
        repo.zones.save(moved, actor="test")
    again = compare(built, ["stasjonsnaer"])
    assert again is not first and again.signature != first.signature


def test_unknown_too_many_none_and_discarded_are_refused(built):
    with pytest.raises(NotFound, match="finnes-ikke"):
        compare(built, ["finnes-ikke"])
    with pytest.raises(InvalidInput, match="minst ett"):
        compare(built, [])
    with pytest.raises(InvalidInput, match="høyst 4"):
        compare(built, ["a", "b", "c", "d", "e"])
    with built.write() as repo:
        repo.scenarios.claim("sykkel", None, state="discarded")
    with pytest.raises(InvalidInput, match="forkastet"):
        compare(built, ["sykkel"])


def test_a_promoted_scenario_is_compared_and_marked(built):
    with built.write() as repo:
        repo.scenarios.claim("jordet", None, state="promoted")
    found = compare(built, ["jordet", "jordet"])
    assert [c.key for c in found.columns] == ["plan", "jordet"]
    assert found.columns[1].promoted and not found.columns[0].promoted
    comparison.forget(built)
