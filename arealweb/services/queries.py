"""Reading the plan: zones by kind, goal and place; goals with the zones that realise them."""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.domain.goals import Goal, GoalTree
from arealweb.domain.zones import Zone, ZoneKind


@dataclass(frozen=True)
class ZoneFilter:
    """Which zones to list: of one kind, realising a goal (or any goal below it), in a bbox.

    ``bbox`` is (west, south, east, north) in WGS84 degrees, as in RFC 7946.
    """

    kind: ZoneKind | None = None
    goal_id: str | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class GoalChain:
    """A goal a zone realises, the reason, and the thread from the vision down to it."""

    goal: Goal
    rationale: str
    chain: list[Goal]


def goal_chains(zone: Zone, tree: GoalTree) -> list[GoalChain]:
    return [GoalChain(tree.get(l.goal_id), l.rationale, tree.chain(l.goal_id)) for l in zone.links]


def subtree_zone_ids(tree: GoalTree, direct: dict[str, list[str]]) -> dict[str, set[str]]:
    """For every goal, the zones linked to it or to any goal below it."""
    totals: dict[str, set[str]] = {}

    def visit(goal_id: str) -> set[str]:
        found = set(direct.get(goal_id, ()))
        for child in tree.children_of(goal_id):
            found |= visit(child.id)
        totals[goal_id] = found
        return found

    for root in tree.roots():
        visit(root.id)
    return totals
