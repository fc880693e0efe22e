"""The goals' indicators: read, add, change and delete them, and measure them on the plan.

Every indicator is checked by :func:`arealweb.domain.indicators.indicator_problems` before it is
written (InvalidInput listing every problem), for a goal that exists (NotFound otherwise), with
its measure's default parameter when it names none. Changes and deletions happen only over the
version the caller read (StaleVersion otherwise).

The values come from :mod:`arealweb.analysis.accounting` over the plan as it stands, computed
once per state of the plan (:func:`arealweb.services.analysis.plan_signature`, which counts the
indicators too) and kept for the next page that asks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from arealweb.domain.errors import InvalidInput
from arealweb.domain.indicators import (
    Direction,
    Indicator,
    Light,
    Measure,
    indicator_problems,
    with_default_parameter,
)
from arealweb.services import analysis
from arealweb.store.repository import Store

KEPT_STATES = 8
"""How many states of the plan (of any database the process serves) keep their values."""


@dataclass(frozen=True)
class IndicatorValue:
    """An indicator with its value on a plan (in the measure's unit) and its traffic light."""

    indicator: Indicator
    value: float
    light: Light

    def __iter__(self):
        return iter((self.indicator, self.value, self.light))


def indicators(store: Store) -> list[Indicator]:
    """Every indicator: in the goal tree's order, each goal's in their own order."""
    with store.read() as repo:
        order = [goal.id for goal in repo.goals.tree().walk()]
        return repo.indicators.all(order)


def goal_indicators(store: Store, goal_id: str) -> list[Indicator]:
    """The indicators of ``goal_id`` in their order; NotFound for a goal that does not exist."""
    with store.read() as repo:
        repo.goals.tree().get(goal_id)
        return repo.indicators.of_goal(goal_id)


def indicator(store: Store, indicator_id: int) -> Indicator:
    """The indicator ``indicator_id``; NotFound when there is none."""
    with store.read() as repo:
        return repo.indicators.get(indicator_id)


def _checked(indicator: Indicator) -> Indicator:
    indicator = with_default_parameter(indicator)
    problems = indicator_problems(indicator)
    if problems:
        raise InvalidInput.of(problems)
    return indicator


def add_indicator(
    store: Store,
    goal_id: str,
    *,
    measure: Measure,
    target: float,
    direction: Direction,
    parameter: int | str | None = None,
    baseline: float | None = None,
    baseline_year: int | None = None,
    note: str = "",
) -> Indicator:
    """A new indicator, last of the goal's."""
    new = _checked(
        Indicator(
            goal_id, measure, target, direction, parameter, baseline, baseline_year, note or ""
        )
    )
    with store.write() as repo:
        repo.goals.tree().get(goal_id)
        return repo.indicators.add(new)


def update_indicator(
    store: Store,
    indicator_id: int,
    *,
    measure: Measure,
    target: float,
    direction: Direction,
    parameter: int | str | None = None,
    baseline: float | None = None,
    baseline_year: int | None = None,
    note: str = "",
    expected_version: int | None,
) -> Indicator:
    """The indicator with every field replaced, if it still has ``expected_version`` (None:
    whatever version it has)."""
    with store.write() as repo:
        current = repo.indicators.get(indicator_id)
        changed = _checked(
            replace(
                current,
                measure=measure,
                target=target,
                direction=direction,
                parameter=parameter,
                baseline=baseline,
                baseline_year=baseline_year,
                note=note or "",
            )
        )
        version = current.version if expected_version is None else expected_version
        return repo.indicators.update(changed, version)


def delete_indicator(store: Store, indicator_id: int, *, expected_version: int | None) -> None:
    """Delete the indicator if it still has ``expected_version`` (None: whatever version)."""
    with store.write() as repo:
        current = repo.indicators.get(indicator_id)
        version = current.version if expected_version is None else expected_version
        repo.indicators.delete(indicator_id, version)


def values_on(plan: analysis.Plan, chosen: Sequence[Indicator]) -> list[IndicatorValue]:
    """Each of ``chosen`` with its value on ``plan`` and its light (one accounting for all)."""
    if not chosen:
        return []
    from arealweb.analysis.accounting import Ledger, distances_for

    station_distances, cycle_distances = distances_for(chosen)
    accounts = Ledger(
        plan.zones,
        plan.stations,
        station_distances=station_distances,
        cycle_distances=cycle_distances,
    ).plan()
    found = []
    for each in chosen:
        value = float(accounts.value(each.measure, each.parameter))
        found.append(IndicatorValue(each, value, each.light(value)))
    return found


_kept: OrderedDict[tuple[str, str], list[IndicatorValue]] = OrderedDict()
_lock = threading.Lock()


def indicator_values(store: Store) -> list[IndicatorValue]:
    """Every indicator (goal tree order) with its value on the plan as it stands and its light.
    Computed once per state of the plan: the signature is read before the plan, so values are
    never kept under a state older than the one they were measured on."""
    key = (str(store.engine.url), analysis.plan_signature(store))
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    found = values_on(analysis.plan(store), indicators(store))
    with _lock:
        _kept[key] = found
        while len(_kept) > KEPT_STATES:
            _kept.popitem(last=False)
    return found


def by_goal(values: Sequence[IndicatorValue]) -> dict[str, list[IndicatorValue]]:
    """``values`` grouped by goal id, each goal's in order."""
    grouped: dict[str, list[IndicatorValue]] = {}
    for each in values:
        grouped.setdefault(each.indicator.goal_id, []).append(each)
    return grouped
