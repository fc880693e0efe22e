"""Reading the goal tree: the goals, their plan versions and the zones linked to each."""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.domain.goals import Goal, GoalTree, PlanVersion
from arealweb.domain.zones import Zone
from arealweb.store.repository import Store


@dataclass(frozen=True)
class LinkedTree:
    """The goal tree with its plan versions and, per goal, the zones linked to it directly."""

    versions: list[PlanVersion]
    tree: GoalTree
    zone_ids: dict[str, list[str]]


def goal_tree(store: Store) -> GoalTree:
    with store.read() as repo:
        return repo.goals.tree()


def goal(store: Store, goal_id: str) -> Goal:
    """The goal ``goal_id``; NotFound when there is none."""
    return goal_tree(store).get(goal_id)


def linked_tree(store: Store) -> LinkedTree:
    with store.read() as repo:
        return LinkedTree(repo.goals.plan_versions(), repo.goals.tree(), repo.zones.ids_by_goal())


def tree_and_linked_zones(store: Store, goal_id: str | None) -> tuple[GoalTree, list[Zone]]:
    """The goal tree and the live zones linked to ``goal_id`` (none without a goal)."""
    with store.read() as repo:
        return repo.goals.tree(), repo.zones.all(goal_ids=[goal_id]) if goal_id else []
