"""The PDF printouts (A4, reportlab): the merknadsbehandling and the golden-thread report.

What to print comes in gathered and texts come in translated (or as a ``translate``
callable); this module only lays them out. Text people wrote is escaped before reportlab's
little markup language sees it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from arealweb.domain.goals import LEVEL_LABELS, Goal, GoalLevel
from arealweb.domain.participation import Comment
from arealweb.domain.text import N_
from arealweb.domain.zones import CATEGORIES, ZoneKind

HEADINGS = {
    GoalLevel.VISJON: "Title",
    GoalLevel.HOVEDMAL: "Heading1",
    GoalLevel.DELMAL: "Heading2",
    GoalLevel.STRATEGI: "Heading3",
    GoalLevel.AREALSTRATEGI: "Heading4",
}
"""The paragraph style of each level of the goal tree in the golden-thread report."""


@dataclass(frozen=True)
class CommentSection:
    """Comments printed under one heading: a zone, a goal, or the rest."""

    title: str
    comments: list[Comment]


@dataclass(frozen=True)
class ThreadZone:
    id: str
    name: str
    kind: str
    category: str
    area_m2: float
    length_m: float


@dataclass(frozen=True)
class ThreadSection:
    """One goal of the golden-thread report: its own zones, what its subtree covers (overlaps
    counted once) and, for a main goal, its map as PNG."""

    goal: Goal
    zones: Sequence[ThreadZone]
    zone_count: int
    area_daa: float
    length_m: float
    map_png: bytes | None = None


class Printout:
    """An A4 document being written: paragraphs escaped, then built to PDF bytes."""

    def __init__(self, title: str, margin_mm: float) -> None:
        from reportlab.lib.pagesizes import A4  # reportlab: only when a PDF is laid out
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        self.sheet = getSampleStyleSheet()
        self.out = io.BytesIO()
        self.document = SimpleDocTemplate(
            self.out,
            pagesize=A4,
            leftMargin=margin_mm * mm,
            rightMargin=margin_mm * mm,
            title=title,
        )
        self.story: list = []

    def paragraph(self, value: str, style: str = "BodyText") -> None:
        from reportlab.platypus import Paragraph

        self.story.append(Paragraph(escape(value).replace("\n", "<br/>"), self.sheet[style]))

    def space(self, height_mm: float) -> None:
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        self.story.append(Spacer(1, height_mm * mm))

    def pdf(self) -> bytes:
        self.document.build(self.story)
        return self.out.getvalue()


def comment_report_pdf(
    sections: Sequence[CommentSection],
    texts: Mapping[str, str],
    kinds: Mapping[str, str],
    statuses: Mapping[str, str],
) -> bytes:
    """The merknadsbehandling as PDF. ``texts``: title, intro, answer, unanswered, group;
    ``kinds`` and ``statuses`` label comment kinds and answers (all translated)."""
    printout = Printout(texts["title"], 20)
    printout.paragraph(texts["title"], "Title")
    printout.paragraph(texts["intro"])
    printout.space(6)
    for section in sections:
        printout.paragraph(section.title, "Heading2")
        for comment in section.comments:
            heading = f"{kinds[comment.kind.value]} · {comment.created_at.date().isoformat()}"
            if comment.group:
                heading += f" · {texts['group']}: {comment.group}"
            printout.paragraph(heading, "Heading4")
            printout.paragraph(comment.text)
            if comment.response:
                answer = statuses[comment.response.status.value]
                printout.paragraph(f"{texts['answer']}: {answer}", "Heading5")
                printout.paragraph(comment.response.text)
            else:
                printout.paragraph(texts["unanswered"], "Italic")
            printout.space(3)
    return printout.pdf()


def thread_report_pdf(
    sections: Sequence[ThreadSection],
    translate: Callable[[str], str],
    area: Callable[[float], str],
    length: Callable[[float], str],
) -> bytes:
    """The golden-thread report as PDF: a heading per goal, what its subtree covers, a map per
    main goal and its own zones. ``area`` formats dekar, ``length`` metres."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak

    title = translate(N_("Den gylne tråden"))
    categories = {code: label for kind in ZoneKind for code, label in CATEGORIES[kind].items()}
    printout = Printout(title, 18)
    printout.paragraph(title, "Title")
    printout.paragraph(
        translate(
            N_(
                "Fra visjonen til sonene i kartet: hvert mål med sonene som realiserer det, "
                "og et kart per hovedmål."
            )
        )
    )
    printout.space(4)
    for section in sections:
        level = section.goal.level
        if level is GoalLevel.HOVEDMAL and len(printout.story) > 3:
            printout.story.append(PageBreak())
        printout.paragraph(
            f"{translate(LEVEL_LABELS[level])}: {section.goal.title}", HEADINGS[level]
        )
        summary = f"{translate(N_('Soner'))}: {section.zone_count}"
        if section.area_daa:
            summary += f" · {area(section.area_daa)}"
        if section.length_m:
            summary += f" · {length(section.length_m)}"
        printout.paragraph(summary)
        if section.map_png is not None:
            printout.story.append(
                Image(io.BytesIO(section.map_png), width=170 * mm, height=127 * mm)
            )
        for zone in section.zones:
            measured = (
                length(zone.length_m) if zone.kind == "corridor" else area(zone.area_m2 / 1000)
            )
            category = translate(categories[zone.category]) if zone.category in categories else ""
            printout.paragraph(f"• {zone.name} ({category or zone.category}, {measured})")
        if level is not GoalLevel.VISJON and not section.zone_count:
            printout.paragraph(translate(N_("Ingen soner realiserer dette målet ennå.")))
    return printout.pdf()
