"""The comparison of the plan and scenarios on SQLite and PostGIS: its arealregnskap and
indicators agree with a plain shapely computation within 1 %, and it refuses what cannot be
compared."""

from __future__ import annotations

import re

import pytest

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.indicators import Light, Measure
from arealweb.domain.scenarios import ChangeAction
from arealweb.services.comparison import PLAN, Group, compare
from arealweb.services.scenarios import promote, scenario
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
    assert [c.key for c in found.columns] == [PLAN, *SCENARIOS]
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
    assert found.columns[1].changed_names == ("Sone D1", "Sone D5")
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


def test_a_removed_zone_is_named_as_the_plan_has_it(built):
    with built.write() as repo:
        plan_zone = repo.zones.get("D2")
        plan_zone.name = "Næringsparken"
        repo.zones.save(plan_zone, actor="test")
    found = compare(built, ["sykkel"])
    assert found.columns[1].changed_names == ("Næringsparken", "Sone C4")


def test_no_scenario_id_can_take_the_plans_column(built):
    assert not re.fullmatch(r"[a-z0-9-]+", PLAN)
    assert PLAN not in SCENARIOS


def test_refusals_name_where_the_door_asked(built):
    for ids in (["finnes-ikke"], [], ["a", "b", "c", "d", "e"]):
        with pytest.raises((InvalidInput, NotFound)) as refused:
            compare(built, ids, "ids")
        assert [p.where for p in refused.value.problems] == ["ids"]
        assert str(refused.value).startswith("ids: ")
        with pytest.raises((InvalidInput, NotFound)) as refused:
            compare(built, ids)
        assert [p.where for p in refused.value.problems] == [None]


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
    before = compare(built, ["jordet"])
    assert not before.columns[1].promoted
    promote(built, "jordet", expected_version=scenario(built, "jordet").version, actor="test")
    found = compare(built, ["jordet", "jordet"])
    assert [c.key for c in found.columns] == [PLAN, "jordet"]
    assert found.columns[1].promoted and not found.columns[0].promoted
    # The plan now holds the scenario's zones: its column is the scenario's.
    close(
        figure(found, "kind.development").values[0],
        expected("jordet").development_m2,
    )


def test_a_plan_that_moves_while_it_is_compared_is_not_kept_for_later(built, monkeypatch):
    """A zone added by someone else between the comparison's reading of the plan's signature
    and of the plan, and deleted again afterwards, brings the signature back to what it was:
    what was measured with that zone must not be served for it."""
    from arealweb.services import analysis
    from tests.comparisons import box, zone

    development = compare(built, ["jordet"])
    before = figure(development, "kind.development").values[0]
    read_plan = analysis.plan

    def plan_with_a_zone_added_meanwhile(store):
        with store.write() as repo:
            repo.zones.save(
                zone("X", "development", "bymessig område", box(5000, 5000, 5100, 5100)),
                actor="ola",
            )
        return read_plan(store)

    monkeypatch.setattr(analysis, "plan", plan_with_a_zone_added_meanwhile)
    # A change of scenario makes the comparison be computed again (a new key).
    from arealweb.services.scenarios import drop_change

    with built.read() as repo:
        changed = repo.scenarios.get("jordet").changes[0].zone_id
    drop_change(built, "jordet", changed, expected_version=None, actor="kari")
    during = compare(built, ["jordet"])
    assert figure(during, "kind.development").values[0] == pytest.approx(before + 10_000)
    monkeypatch.undo()
    with built.write() as repo:
        repo.zones.delete("X", actor="ola")
    after = compare(built, ["jordet"])
    assert figure(after, "kind.development").values[0] == pytest.approx(before)
