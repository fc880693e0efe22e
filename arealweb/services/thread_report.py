"""The golden-thread report: vision → main goals → sub-goals → strategies → land-use strategies
→ zones, each goal with the area its zones cover, and a map per main goal (HTML and PDF)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from arealweb.analysis.areas import AreaRow, goal_members, measure
from arealweb.domain.goals import Goal, GoalLevel
from arealweb.domain.text import N_
from arealweb.mapfigure import MapTexts, figure_bytes, plan_figure
from arealweb.services.analysis import Plan
from arealweb.services.progress import Progress, Silent


@dataclass(frozen=True)
class ThreadZone:
    id: str
    name: str
    kind: str
    category: str
    area_m2: float
    length_m: float


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


def plan_map(
    plan: Plan,
    styles: dict,
    labels: dict[str, str],
    texts: MapTexts,
    *,
    highlight: set[str] | None = None,
    fmt: str = "png",
    size: tuple[float, float] = (10.0, 7.5),
) -> bytes:
    """The plan as a static map (PNG or PDF), with its boundary and stations."""
    figure = plan_figure(
        plan.zones,
        styles,
        labels,
        texts,
        boundary=plan.boundary.geometry if plan.boundary else None,
        stations=plan.stations,
        highlight=highlight,
        size=size,
    )
    return figure_bytes(figure, fmt)


def goal_map_png(report: ThreadReport, entry: ThreadGoal, styles, texts: dict) -> bytes:
    title = f"{texts['levels'][entry.goal.level.value]}: {entry.goal.title}"
    return plan_map(
        report.plan,
        styles,
        texts["categories"],
        MapTexts(
            title, north=texts["north"], boundary=texts["boundary"], stations=texts["stations"]
        ),
        highlight=set(entry.zone_ids),
        size=(7.5, 5.6),
    )


def thread_report_pdf(
    report: ThreadReport, texts: dict, styles: dict, progress: Progress | None = None
) -> bytes:
    """The report as an A4 PDF with a map per main goal. ``texts`` holds the translated
    headings and the ``area``/``length`` formatters; ``progress`` advances per main goal."""
    progress = progress or Silent()
    progress.start(N_("Tegner kart per hovedmål"), len(report.main_goals()))
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer

    sheet = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, title=texts["title"]
    )

    def paragraph(value: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(value), sheet[style])

    heading = {
        GoalLevel.VISJON: "Title",
        GoalLevel.HOVEDMAL: "Heading1",
        GoalLevel.DELMAL: "Heading2",
        GoalLevel.STRATEGI: "Heading3",
        GoalLevel.AREALSTRATEGI: "Heading4",
    }
    story = [paragraph(texts["title"], "Title"), paragraph(texts["intro"]), Spacer(1, 4 * mm)]
    for entry in report.goals:
        level = entry.goal.level
        if level is GoalLevel.HOVEDMAL and len(story) > 3:
            story.append(PageBreak())
        label = texts["levels"][level.value]
        story.append(paragraph(f"{label}: {entry.goal.title}", heading[level]))
        row = entry.subtree
        summary = f"{texts['zones']}: {row.zones}"
        if row.area_m2:
            summary += f" · {texts['area'](row.area_daa)}"
        if row.length_m:
            summary += f" · {texts['length'](row.length_m)}"
        story.append(paragraph(summary))
        if level is GoalLevel.HOVEDMAL:
            png = goal_map_png(report, entry, styles, texts)
            story.append(Image(io.BytesIO(png), width=170 * mm, height=127 * mm))
            progress.advance()
        for zone in entry.zones:
            measure_text = (
                texts["length"](zone.length_m)
                if zone.kind == "corridor"
                else texts["area"](zone.area_m2 / 1000)
            )
            category = texts["categories"].get(zone.category, zone.category)
            story.append(paragraph(f"• {zone.name} ({category}, {measure_text})"))
        if level is not GoalLevel.VISJON and not entry.subtree.zones:
            story.append(paragraph(texts["none"]))
    progress.finish()
    document.build(story)
    return out.getvalue()
