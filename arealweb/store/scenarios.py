"""Scenarios and their changes (:mod:`arealweb.domain.scenarios`).

A scenario's row carries a version that every change to the scenario moves, through
:meth:`ScenarioRepository.claim` — an ``UPDATE … WHERE version = n`` — so two planners editing
one scenario never overwrite each other: the second is told the scenario moved on.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import sqlalchemy as sa

from arealweb.domain.errors import AlreadyExists, NotFound
from arealweb.domain.scenarios import (
    Change,
    ChangeAction,
    Origin,
    Scenario,
    ScenarioMoved,
    ScenarioState,
)
from arealweb.domain.text import N_
from arealweb.store.schema import scenario_changes, scenarios
from arealweb.store.zones import _aware, zone_from_snapshot, zone_snapshot


class ScenarioRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def all(self) -> list[Scenario]:
        """Every scenario with its changes, open ones first, then the newest first."""
        rows = self.connection.execute(
            sa.select(scenarios).order_by(scenarios.c.created_at.desc(), scenarios.c.id)
        ).all()
        changes = self._changes(None)
        found = [self._scenario(row, changes.get(row.id, [])) for row in rows]
        return sorted(found, key=lambda s: not s.is_open)

    def ids(self) -> set[str]:
        return set(self.connection.execute(sa.select(scenarios.c.id)).scalars())

    def get(self, scenario_id: str) -> Scenario:
        row = self.connection.execute(
            sa.select(scenarios).where(scenarios.c.id == scenario_id)
        ).first()
        if row is None:
            raise NotFound(N_("fant ikke scenarioet %(id)s"), id=scenario_id)
        return self._scenario(row, self._changes(scenario_id).get(scenario_id, []))

    def create(self, scenario: Scenario) -> None:
        if scenario.id in self.ids():
            raise AlreadyExists(N_("det finnes allerede et scenario med id %(id)s"), id=scenario.id)
        self.connection.execute(
            scenarios.insert().values(
                id=scenario.id,
                name=scenario.name,
                description=scenario.description,
                state=scenario.state.value,
                origin=scenario.origin.value,
                workshop_id=scenario.workshop_id,
                created_by=scenario.created_by,
                created_at=scenario.created_at,
                updated_at=scenario.created_at,
                version=1,
            )
        )
        for change in scenario.changes:
            self.put_change(scenario.id, change, actor=scenario.created_by, at=scenario.created_at)

    def claim(self, scenario_id: str, expected_version: int | None, **values: object) -> Scenario:
        """Move the scenario to its next version (setting ``values`` too) if it still has
        ``expected_version`` (None: whatever it has); :class:`StaleVersion` otherwise. The row
        stays locked to this transaction until it ends."""
        current = self.get(scenario_id)
        if expected_version is not None and current.version != expected_version:
            raise _stale(current)
        done = self.connection.execute(
            scenarios.update()
            .where(scenarios.c.id == scenario_id, scenarios.c.version == current.version)
            .values(version=current.version + 1, updated_at=datetime.now(UTC), **values)
        )
        if done.rowcount != 1:
            raise _stale(self.get(scenario_id))
        return self.get(scenario_id)

    def put_change(self, scenario_id: str, change: Change, *, actor: str, at: datetime) -> None:
        """Write ``change``, in place of any change the scenario had for its zone."""
        self.drop_change(scenario_id, change.zone_id)
        self.connection.execute(
            scenario_changes.insert().values(
                scenario_id=scenario_id,
                zone_id=change.zone_id,
                action=change.action.value,
                base_version=change.base_version,
                snapshot=None if change.zone is None else zone_snapshot(change.zone),
                changed_by=actor,
                changed_at=at,
            )
        )

    def drop_change(self, scenario_id: str, zone_id: str) -> None:
        self.connection.execute(
            scenario_changes.delete().where(
                scenario_changes.c.scenario_id == scenario_id,
                scenario_changes.c.zone_id == zone_id,
            )
        )

    def _changes(self, scenario_id: str | None) -> dict[str, list[Change]]:
        query = sa.select(scenario_changes).order_by(
            scenario_changes.c.scenario_id,
            scenario_changes.c.changed_at,
            scenario_changes.c.zone_id,
        )
        if scenario_id is not None:
            query = query.where(scenario_changes.c.scenario_id == scenario_id)
        found: dict[str, list[Change]] = defaultdict(list)
        for row in self.connection.execute(query).all():
            zone = (
                None
                if row.snapshot is None
                else zone_from_snapshot(row.zone_id, row.base_version or 1, row.snapshot)
            )
            found[row.scenario_id].append(
                Change(row.zone_id, ChangeAction(row.action), zone, row.base_version)
            )
        return found

    @staticmethod
    def _scenario(row: sa.Row, changes: list[Change]) -> Scenario:
        return Scenario(
            id=row.id,
            name=row.name,
            description=row.description,
            state=ScenarioState(row.state),
            origin=Origin(row.origin),
            created_by=row.created_by,
            created_at=_aware(row.created_at),
            updated_at=_aware(row.updated_at),
            version=row.version,
            workshop_id=row.workshop_id,
            promoted_by=row.promoted_by,
            promoted_at=_aware(row.promoted_at),
            changes=changes,
        )


def _stale(current: Scenario) -> ScenarioMoved:
    return ScenarioMoved(
        N_(
            "scenarioet «%(name)s» er endret av noen andre siden du hentet det "
            "(nå versjon %(version)s)"
        ),
        current.version,
        name=current.name,
        version=current.version,
    )
