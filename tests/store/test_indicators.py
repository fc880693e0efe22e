import pytest

from arealweb.domain.errors import NotFound, StaleVersion
from arealweb.domain.goals import Dimension, Goal, GoalLevel
from arealweb.domain.indicators import Direction, Indicator, Measure
from arealweb.store.schema import goal_indicators
from tests.store.test_repository import seed_goals


def _seeded(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.goals.save(
            Goal(
                "a",
                "p",
                GoalLevel.HOVEDMAL,
                "Annet",
                "v",
                order=-1,
                dimension=Dimension.KLIMA_OG_MILJO,
            )
        )


def test_indicators_keep_their_parameter_in_the_column_their_measure_needs(store):
    _seeded(store)
    with store.write() as repo:
        near = repo.indicators.add(
            Indicator("h", Measure.STATION_SHARE, 80, Direction.AT_LEAST, 1000, 61.5, 2023)
        )
        taken = repo.indicators.add(
            Indicator("h", Measure.PROTECTED_TAKEN, 0, Direction.AT_MOST, "jordvern", note="null")
        )
        total = repo.indicators.add(
            Indicator("h", Measure.DEVELOPMENT_AREA, 900, Direction.AT_MOST)
        )
    with store.read() as repo:
        rows = repo.connection.execute(goal_indicators.select().order_by("id")).all()
        assert [(r.distance_m, r.category, r.sort_order) for r in rows] == [
            (1000, None, 0),
            (None, "jordvern", 1),
            (None, None, 2),
        ]
        assert repo.indicators.of_goal("h") == [near, taken, total]
    assert near.version == 1 and near.parameter == 1000 and near.baseline_year == 2023
    assert taken.parameter == "jordvern" and taken.note == "null"
    assert total.parameter is None


def test_all_follow_the_goal_tree_then_each_goals_order(store):
    _seeded(store)
    with store.write() as repo:
        first = repo.indicators.add(Indicator("h", Measure.DEVELOPMENT_AREA, 1, Direction.AT_MOST))
        other = repo.indicators.add(Indicator("a", Measure.UNBUILT_RESERVE, 1, Direction.AT_MOST))
        second = repo.indicators.add(
            Indicator("h", Measure.MAIN_CYCLE_LENGTH, 1, Direction.AT_LEAST)
        )
    with store.read() as repo:
        order = [g.id for g in repo.goals.tree().walk()]
        assert order == ["v", "a", "h"]
        assert repo.indicators.all(order) == [other, first, second]


def test_an_update_over_a_stale_version_is_refused_and_writes_nothing(store):
    _seeded(store)
    with store.write() as repo:
        added = repo.indicators.add(
            Indicator("h", Measure.DEVELOPMENT_AREA, 900, Direction.AT_MOST)
        )
    with store.write() as repo:
        changed = repo.indicators.update(
            Indicator("h", Measure.STATION_SHARE, 75, Direction.AT_LEAST, 500, id=added.id), 1
        )
    assert (changed.version, changed.measure, changed.parameter) == (2, Measure.STATION_SHARE, 500)
    with pytest.raises(StaleVersion) as refused, store.write() as repo:
        repo.indicators.update(
            Indicator("h", Measure.DEVELOPMENT_AREA, 1, Direction.AT_MOST, id=added.id), 1
        )
    assert refused.value.current_version == 2
    with pytest.raises(StaleVersion), store.write() as repo:
        repo.indicators.delete(added.id, 1)
    with store.read() as repo:
        assert repo.indicators.get(added.id) == changed
    with store.write() as repo:
        repo.indicators.delete(added.id, 2)
    with pytest.raises(NotFound), store.read() as repo:
        repo.indicators.get(added.id)


def test_deleting_a_goal_deletes_its_indicators(store):
    _seeded(store)
    with store.write() as repo:
        repo.indicators.add(Indicator("a", Measure.DEVELOPMENT_AREA, 900, Direction.AT_MOST))
        repo.goals.delete("a")
    with store.read() as repo:
        assert repo.indicators.all() == []
