"""The goals' indicators (:mod:`arealweb.domain.indicators`), on SQLite or PostGIS.

An indicator's parameter is kept in the column its measure needs: a distance in ``distance_m``,
a protection category in ``category``. Updates and deletes happen only over the version the
caller read (``… WHERE version = n``): an edit made on a stale copy raises StaleVersion.
"""

from __future__ import annotations

import sqlalchemy as sa

from arealweb.domain.errors import NotFound, StaleVersion
from arealweb.domain.indicators import Direction, Indicator, Measure, Parameter
from arealweb.domain.text import N_
from arealweb.store.schema import goal_indicators

_table = goal_indicators
_order = (_table.c.goal_id, _table.c.sort_order, _table.c.id)

ID_MAX = 2**31 - 1
"""The largest id the ``goal_indicators.id`` column (an integer) holds."""


class IndicatorRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def all(self, goal_order: list[str] | None = None) -> list[Indicator]:
        """Every indicator, in ``goal_order`` (the goal tree's order; goals not in it last, by
        id), each goal's in their sort order."""
        rows = self.connection.execute(sa.select(_table).order_by(*_order)).all()
        found = [_indicator(row) for row in rows]
        if goal_order is None:
            return found
        rank = {goal_id: n for n, goal_id in enumerate(goal_order)}
        return sorted(found, key=lambda i: (rank.get(i.goal_id, len(rank)), i.goal_id))

    def of_goal(self, goal_id: str) -> list[Indicator]:
        query = sa.select(_table).where(_table.c.goal_id == goal_id).order_by(*_order)
        return [_indicator(row) for row in self.connection.execute(query).all()]

    def get(self, indicator_id: int) -> Indicator:
        """The indicator ``indicator_id``; NotFound when there is none (an id past the column's
        integers cannot be one: PostgreSQL would refuse to compare it)."""
        if not 1 <= indicator_id <= ID_MAX:
            raise NotFound(N_("fant ikke indikatoren %(id)s"), id=indicator_id)
        row = self.connection.execute(
            sa.select(_table).where(_table.c.id == indicator_id)
        ).one_or_none()
        if row is None:
            raise NotFound(N_("fant ikke indikatoren %(id)s"), id=indicator_id)
        return _indicator(row)

    def add(self, indicator: Indicator) -> Indicator:
        """Store ``indicator`` last among its goal's; the stored indicator (id, version 1)."""
        last = self.connection.execute(
            sa.select(sa.func.max(_table.c.sort_order)).where(_table.c.goal_id == indicator.goal_id)
        ).scalar_one()
        values = {
            **_values(indicator),
            "goal_id": indicator.goal_id,
            "sort_order": 0 if last is None else last + 1,
            "version": 1,
        }
        done = self.connection.execute(_table.insert().values(**values).returning(_table.c.id))
        return self.get(done.scalar_one())

    def update(self, indicator: Indicator, expected_version: int) -> Indicator:
        """Write ``indicator`` (by its id) if it still has ``expected_version``, else
        StaleVersion (NotFound when it is gone)."""
        done = self.connection.execute(
            _table.update()
            .where(_table.c.id == indicator.id, _table.c.version == expected_version)
            .values(**_values(indicator), version=expected_version + 1)
        )
        if done.rowcount != 1:
            raise self._stale(indicator.id)
        return self.get(indicator.id)

    def delete(self, indicator_id: int, expected_version: int) -> None:
        """Delete the indicator if it still has ``expected_version``, else StaleVersion."""
        done = self.connection.execute(
            _table.delete().where(_table.c.id == indicator_id, _table.c.version == expected_version)
        )
        if done.rowcount != 1:
            raise self._stale(indicator_id)

    def _stale(self, indicator_id: int | None) -> StaleVersion:
        current = self.get(indicator_id)
        return StaleVersion(
            N_(
                "indikatoren %(id)s er endret av noen andre siden du hentet den "
                "(nå versjon %(version)s)"
            ),
            current.version,
            id=indicator_id,
            version=current.version,
        )


def _values(indicator: Indicator) -> dict:
    parameter = indicator.spec.parameter
    return {
        "measure": indicator.measure.value,
        "distance_m": indicator.parameter if parameter is Parameter.DISTANCE else None,
        "category": indicator.parameter if parameter is Parameter.CATEGORY else None,
        "target": float(indicator.target),
        "direction": indicator.direction.value,
        "baseline": None if indicator.baseline is None else float(indicator.baseline),
        "baseline_year": indicator.baseline_year,
        "note": indicator.note,
    }


def _indicator(row: sa.Row) -> Indicator:
    measure = Measure(row.measure)
    parameter = measure.spec.parameter
    if parameter is Parameter.DISTANCE:
        value: int | str | None = row.distance_m
    elif parameter is Parameter.CATEGORY:
        value = row.category
    else:
        value = None
    return Indicator(
        goal_id=row.goal_id,
        measure=measure,
        target=row.target,
        direction=Direction(row.direction),
        parameter=value,
        baseline=row.baseline,
        baseline_year=row.baseline_year,
        note=row.note,
        id=row.id,
        version=row.version,
    )
