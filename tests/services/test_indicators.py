import pytest
import shapely

from arealweb.domain.errors import InvalidInput, NotFound, StaleVersion
from arealweb.domain.indicators import Direction, Light, Measure
from arealweb.domain.zones import ZoneKind
from arealweb.services import editing, indicators

GOAL = "2020.hm3.d2.s1.a1"


def test_a_new_indicator_gets_its_measures_default_parameter_and_goes_last(demo_store):
    before = indicators.goal_indicators(demo_store, GOAL)
    made = indicators.add_indicator(
        demo_store, GOAL, measure=Measure.STATION_SHARE, target=70, direction=Direction.AT_LEAST
    )
    assert made.parameter == 1000 and made.version == 1
    assert indicators.goal_indicators(demo_store, GOAL) == [*before, made]


def test_an_indicator_that_breaks_a_rule_lists_every_problem_and_is_not_stored(demo_store):
    before = indicators.indicators(demo_store)
    with pytest.raises(InvalidInput) as refused:
        indicators.add_indicator(
            demo_store,
            GOAL,
            measure=Measure.STATION_SHARE,
            parameter=20,
            target=120,
            direction=Direction.AT_LEAST,
            baseline_year=2020,
        )
    messages = [p.message for p in refused.value.problems]
    assert any("avstanden må være et helt antall meter fra 50 til 5000" in m for m in messages)
    assert any("over 100 %" in m for m in messages)
    assert any("et år uten tidligere verdi" in m for m in messages)
    assert indicators.indicators(demo_store) == before


def test_an_indicator_needs_a_goal_that_exists(demo_store):
    with pytest.raises(NotFound):
        indicators.add_indicator(
            demo_store, "no.such", measure=Measure.DEVELOPMENT_AREA, target=1,
            direction=Direction.AT_MOST,
        )  # fmt: skip


def test_a_stale_edit_or_deletion_is_refused(demo_store):
    first = indicators.goal_indicators(demo_store, GOAL)[0]
    fields = dict(measure=Measure.PROTECTED_TAKEN, parameter="marka", target=2.0)
    changed = indicators.update_indicator(
        demo_store, first.id, **fields, direction=Direction.AT_MOST,
        expected_version=first.version,
    )  # fmt: skip
    assert (changed.parameter, changed.target, changed.version) == ("marka", 2.0, 2)
    with pytest.raises(StaleVersion):
        indicators.update_indicator(
            demo_store, first.id, **fields, direction=Direction.AT_LEAST, expected_version=1
        )
    with pytest.raises(StaleVersion):
        indicators.delete_indicator(demo_store, first.id, expected_version=1)
    indicators.delete_indicator(demo_store, first.id, expected_version=2)
    assert first.id not in {i.id for i in indicators.indicators(demo_store)}


def test_values_follow_the_plan_as_it_stands(demo_store):
    total = indicators.add_indicator(
        demo_store, GOAL, measure=Measure.DEVELOPMENT_AREA, target=6000,
        direction=Direction.AT_MOST,
    )  # fmt: skip
    measured = {v.indicator.id: v for v in indicators.indicator_values(demo_store)}
    assert [v.indicator for v in indicators.indicator_values(demo_store)] == (
        indicators.indicators(demo_store)
    )
    with demo_store.read() as repo:
        development = [z for z in repo.zones.all() if z.kind is ZoneKind.DEVELOPMENT]
    union_daa = shapely.union_all([z.geometry for z in development]).area / 1000
    assert measured[total.id].value == pytest.approx(union_daa, rel=1e-6)
    assert measured[total.id].light is Light.CLOSE  # 6 477 daa: within 10 % above 6 000
    biggest = max(development, key=lambda z: z.geometry.area)
    editing.delete_zone(demo_store, biggest.id, expected_version=None, actor="test")
    after = {v.indicator.id: v for v in indicators.indicator_values(demo_store)}
    assert after[total.id].value < measured[total.id].value


def test_an_indicator_edit_changes_the_plans_signature_the_report_is_kept_under(demo_store):
    from arealweb.services.analysis import plan_signature

    before = plan_signature(demo_store)
    first = indicators.indicators(demo_store)[0]
    indicators.update_indicator(
        demo_store, first.id, measure=first.measure, parameter=first.parameter,
        target=first.target + 1, direction=first.direction, expected_version=first.version,
    )  # fmt: skip
    assert plan_signature(demo_store) != before
