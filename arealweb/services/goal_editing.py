"""Planners keep the goal tree: add, edit, move and reorder goals, change status, delete.

Every change is checked by building the whole tree with the change in it (levels nest strictly
within one plan version, no cycles), and written only if it passes. A goal that zones realise
is deleted only when the planner says what becomes of those links: moved to another goal, or
removed — each zone touched gets a new version in its history.
"""

from __future__ import annotations

from dataclasses import replace

from arealweb.domain.errors import AlreadyExists, InvalidInput
from arealweb.domain.goals import Goal, GoalLevel, GoalTree
from arealweb.domain.text import N_
from arealweb.domain.zones import relinked
from arealweb.store.repository import Store

EDITABLE = ("title", "description", "dimension", "theme", "sdgs", "status")


class LinksNeedDecision(AlreadyExists):
    """The goal has zones linked to it; the caller must say what becomes of the links."""


def _checked_tree(goals: list[Goal]) -> GoalTree:
    return GoalTree.build(goals)


def _fields(values: dict) -> dict:
    """The editable fields among ``values``, already checked by
    :class:`arealweb.schemas.goals.GoalInput` at the door they came through."""
    return {name: values[name] for name in EDITABLE if name in values}


def create_goal(store: Store, values: dict) -> Goal:
    """A new goal under ``parent_id`` (the level follows from the parent), last among its
    siblings; a vision needs ``plan_version_id`` instead."""
    with store.write() as repo:
        tree = repo.goals.tree()
        parent_id = values.get("parent_id") or None
        if parent_id:
            parent = tree.get(parent_id)
            if parent.level is GoalLevel.AREALSTRATEGI:
                raise InvalidInput(N_("en arealstrategi kan ikke ha mål under seg"))
            level = list(GoalLevel)[parent.level.depth + 1]
            plan_version = parent.plan_version_id
            goal_id = _next_id(tree, parent_id)
        else:
            plan_version = values.get("plan_version_id")
            if plan_version not in {v.id for v in repo.goals.plan_versions()}:
                raise InvalidInput(N_("velg planversjonen visjonen hører til"))
            level = GoalLevel.VISJON
            goal_id = _next_id(tree, f"{plan_version}.visjon")
        goal = Goal(
            id=goal_id,
            plan_version_id=plan_version,
            level=level,
            title="",
            parent_id=parent_id,
            order=len(tree.children_of(parent_id)) if parent_id else len(tree.roots()),
        )
        goal = replace(goal, **_fields(values))
        _checked_tree([*tree.goals.values(), goal])
        repo.goals.save(goal)
        return repo.goals.tree().get(goal.id)


def update_goal(store: Store, goal_id: str, values: dict, expected_version: int | None) -> Goal:
    with store.write() as repo:
        tree = repo.goals.tree()
        current = tree.get(goal_id)
        changed = replace(current, **_fields(values))
        _checked_tree([g if g.id != goal_id else changed for g in tree.goals.values()])
        repo.goals.update(changed, expected_version or current.version)
        return repo.goals.tree().get(goal_id)


def move_goal(
    store: Store, goal_id: str, parent_id: str | None, position: int, expected_version: int | None
) -> Goal:
    """Put the goal under ``parent_id`` at ``position`` among its siblings (0 = first)."""
    with store.write() as repo:
        tree = repo.goals.tree()
        current = tree.get(goal_id)
        moved = replace(current, parent_id=parent_id or None)
        _checked_tree([g if g.id != goal_id else moved for g in tree.goals.values()])
        repo.goals.update(moved, expected_version or current.version)
        siblings = (
            [g.id for g in tree.children_of(parent_id) if g.id != goal_id]
            if parent_id
            else [
                g.id
                for g in tree.roots()
                if g.plan_version_id == current.plan_version_id and g.id != goal_id
            ]
        )
        siblings.insert(max(0, min(position, len(siblings))), goal_id)
        repo.goals.reorder(siblings)
        if current.parent_id != moved.parent_id and current.parent_id:
            repo.goals.reorder(
                [g.id for g in tree.children_of(current.parent_id) if g.id != goal_id]
            )
        return repo.goals.tree().get(goal_id)


def delete_goal(store: Store, goal_id: str, links: str | None, actor: str) -> list[str]:
    """Delete a goal without goals below it. ``links``: None, 'remove', or 'move:<goal id>'.
    Returns the names of the zones whose links changed."""
    with store.write() as repo:
        tree = repo.goals.tree()
        goal = tree.get(goal_id)
        if tree.children_of(goal_id):
            raise InvalidInput(
                N_("«%(title)s» har mål under seg; flytt eller slett dem først"), title=goal.title
            )
        linked = repo.zones.all(goal_ids=[goal_id])
        target = _link_target(tree, goal_id, links) if linked else None
        if linked and links is None:
            raise LinksNeedDecision(
                N_(
                    "«%(title)s» realiseres av %(names)s: si om lenkene skal "
                    "flyttes til et annet mål eller fjernes"
                ),
                count=len(linked),
                title=goal.title,
                names=", ".join(z.name for z in linked),
            )
        if not (linked or links):
            repo.goals.delete(goal_id)
            return []
        for zone in linked:
            repo.zones.save(relinked(zone, goal_id, target), zone, actor=actor)
        repo.zones.unlink_deleted(goal_id)
        repo.goals.delete(goal_id)
        return [zone.name for zone in linked]


def _link_target(tree: GoalTree, goal_id: str, links: str | None) -> str | None:
    if links in (None, "remove"):
        return None
    if links.startswith("move:"):
        target = links[5:]
        if target == goal_id or target not in tree:
            raise InvalidInput(N_("målet lenkene skal flyttes til, finnes ikke: %(id)s"), id=target)
        return target
    raise InvalidInput(N_("links må være «remove» eller «move:<mål-id>»"))


def _next_id(tree: GoalTree, prefix: str) -> str:
    n = 1
    while f"{prefix}.{n}" in tree:
        n += 1
    return f"{prefix}.{n}"
