"""The golden-thread report: vision → main goals → sub-goals → strategies → land-use strategies
→ zones, each goal with the area its zones cover, and a map per main goal (HTML and PDF), and
the plan's map exports. The drawing is :mod:`arealweb.render`'s; this gathers what to draw."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from arealweb.domain.goals import LEVEL_LABELS, Goal, GoalLevel, PlanVersion
from arealweb.domain.text import N_
from arealweb.render.printouts import ThreadZone
from arealweb.services.analysis import Plan
from arealweb.services.map_export import plan_version_text
from arealweb.services.progress import Progress, Silent

if TYPE_CHECKING:
    from arealweb.analysis.areas import AreaRow

Translate = Callable[[str], str]


@dataclass(frozen=True)
class ThreadGoal:
    goal: Goal
    depth: int
    zones: list[ThreadZone]
    """The zones linked to this goal itself."""
    subtree: AreaRow
    """Every zone of this goal and the goals below it, overlaps counted once."""
    zone_ids: list[str]


@dataclass(frozen=True)
class ThreadReport:
    plan: Plan
    goals: list[ThreadGoal]

    def main_goals(self) -> list[ThreadGoal]:
        return [g for g in self.goals if g.goal.level is GoalLevel.HOVEDMAL]


def golden_thread(plan: Plan) -> ThreadReport:
    from arealweb.analysis.areas import goal_members, measure

    members = goal_members(plan.zones, plan.tree)
    frame = plan.zones
    goals = []
    for goal in plan.tree.walk():
        direct = frame[frame["goal_ids"].map(lambda ids, g=goal.id: g in ids)]
        zones = [
            ThreadZone(
                row["id"],
                row["name"],
                row["kind"],
                row["category"],
                float(row.geometry.area) if row["kind"] != "corridor" else 0.0,
                float(row.geometry.length) if row["kind"] == "corridor" else 0.0,
            )
            for _, row in direct.iterrows()
        ]
        goals.append(
            ThreadGoal(
                goal,
                len(plan.tree.ancestors(goal.id)),
                zones,
                measure(goal.id, frame.loc[members[goal.id]]),
                members[goal.id],
            )
        )
    return ThreadReport(plan, goals)


def _plan_map(
    plan: Plan,
    title: str,
    translate: Translate,
    fmt: str,
    highlight: set[str] | None,
    size: tuple[float, float] = (10.0, 7.5),
    plan_version: str = "",
    date: str = "",
) -> bytes:
    from arealweb.render.planmaps import plan_map_image  # matplotlib: only to draw

    return plan_map_image(
        plan.zones,
        title,
        translate,
        fmt,
        boundary=plan.boundary.geometry if plan.boundary else None,
        stations=plan.stations,
        highlight=highlight,
        size=size,
        plan_version=plan_version,
        date=date,
        boundary_source=plan.boundary.source if plan.boundary else "",
    )


def report_maps(
    report: ThreadReport,
    translate: Translate,
    progress: Progress | None = None,
    *,
    versions: Sequence[PlanVersion] = (),
    date: str = "",
    size: tuple[float, float],
    day_text: Callable[[str], str] | None = None,
) -> dict[str, bytes]:
    """The report's maps as SVG, keyed by goal id: one per main goal that has zones (a goal
    without zones gets words, not an empty map), each ``size`` inches (as printed, so its
    scale holds) with its plan version and ``date`` in its title block. ``progress``
    advances per map drawn."""
    progress = progress or Silent()
    drawn = [g for g in report.main_goals() if g.zone_ids]
    progress.start(N_("Tegner kart per hovedmål"), len(drawn))
    maps = {}
    for entry in drawn:
        goal = entry.goal
        title = f"{translate(LEVEL_LABELS[goal.level])}: {goal.title}"
        maps[goal.id] = _plan_map(
            report.plan,
            title,
            translate,
            "svg",
            set(entry.zone_ids),
            size,
            plan_version_text(list(versions), goal.plan_version_id, day_text),
            date,
        )
        progress.advance()
    progress.finish()
    return maps
