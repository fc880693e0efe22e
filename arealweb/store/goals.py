"""The goal tree and the plan versions it belongs to, in the database."""

from __future__ import annotations

import sqlalchemy as sa

from arealweb.domain.errors import StaleVersion
from arealweb.domain.goals import (
    Dimension,
    Goal,
    GoalLevel,
    GoalStatus,
    GoalTree,
    PlanVersion,
    Theme,
)
from arealweb.domain.text import N_
from arealweb.store.rows import upsert
from arealweb.store.schema import goals, plan_versions


class GoalRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def plan_versions(self) -> list[PlanVersion]:
        rows = self.connection.execute(sa.select(plan_versions).order_by(plan_versions.c.id))
        return [
            PlanVersion(r.id, r.title, GoalStatus(r.status), r.adopted_on, r.description)
            for r in rows
        ]

    def save_plan_version(self, version: PlanVersion) -> str:
        values = {
            "title": version.title,
            "status": version.status.value,
            "adopted_on": version.adopted_on,
            "description": version.description,
        }
        return upsert(self.connection, plan_versions, plan_versions.c.id, version.id, values)

    def tree(self) -> GoalTree:
        rows = self.connection.execute(sa.select(goals))
        return GoalTree.build(
            Goal(
                id=r.id,
                plan_version_id=r.plan_version_id,
                level=GoalLevel(r.level),
                title=r.title,
                parent_id=r.parent_id,
                description=r.description,
                order=r.sort_order,
                dimension=Dimension(r.dimension) if r.dimension else None,
                theme=Theme(r.theme) if r.theme else None,
                sdgs=tuple(r.sdgs or ()),
                status=GoalStatus(r.status),
                version=r.version,
            )
            for r in rows
        )

    def save(self, goal: Goal) -> str:
        """Insert or update ``goal`` (its parent must be saved first)."""
        values = {
            "plan_version_id": goal.plan_version_id,
            "parent_id": goal.parent_id,
            "level": goal.level.value,
            "title": goal.title,
            "description": goal.description,
            "sort_order": goal.order,
            "dimension": goal.dimension.value if goal.dimension else None,
            "theme": goal.theme.value if goal.theme else None,
            "sdgs": list(goal.sdgs),
            "status": goal.status.value,
        }
        return upsert(self.connection, goals, goals.c.id, goal.id, values)

    def update(self, goal: Goal, expected_version: int) -> None:
        """Write ``goal`` if it still has ``expected_version``, else StaleVersion."""
        done = self.connection.execute(
            goals.update()
            .where(goals.c.id == goal.id, goals.c.version == expected_version)
            .values(
                parent_id=goal.parent_id,
                title=goal.title,
                description=goal.description,
                sort_order=goal.order,
                dimension=goal.dimension.value if goal.dimension else None,
                theme=goal.theme.value if goal.theme else None,
                sdgs=list(goal.sdgs),
                status=goal.status.value,
                version=expected_version + 1,
            )
        )
        if done.rowcount != 1:
            raise StaleVersion(
                N_("målet %(id)s er endret av noen andre siden du hentet det"), None, id=goal.id
            )

    def reorder(self, ordered_ids: list[str]) -> None:
        """Give siblings the order of ``ordered_ids``."""
        for order, goal_id in enumerate(ordered_ids):
            self.connection.execute(
                goals.update().where(goals.c.id == goal_id).values(sort_order=order)
            )

    def delete(self, goal_id: str) -> None:
        self.connection.execute(goals.delete().where(goals.c.id == goal_id))
