"""The merknadsbehandling report: every published comment, grouped by zone and by goal, with the
municipality's answer — as a printable page and as a PDF (reportlab).

Only published comments are in it. Text people wrote is escaped before reportlab's little
markup language sees it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from arealweb.domain.participation import Comment, Consultation
from arealweb.services.participation import list_comments
from arealweb.store.repository import Store


@dataclass(frozen=True)
class Section:
    title: str
    comments: list[Comment]


@dataclass(frozen=True)
class Report:
    consultation: Consultation | None
    sections: list[Section]
    total: int
    answered: int


def build_report(store: Store, consultation_id: str | None, labels: dict[str, str]) -> Report:
    """Sections by zone, then by goal, then the rest; ``labels`` holds the section headings
    (``zone``, ``goal``, ``other``) in the reader's language."""
    found = list_comments(store, public=True, consultation_id=consultation_id)
    with store.read() as repo:
        zones = {z.id: z.name for z in repo.zones.all()}
        tree = repo.goals.tree()
        consultation = (
            repo.participation.find_consultation(consultation_id) if consultation_id else None
        )
    sections: dict[str, list[Comment]] = {}
    for comment in found:
        if comment.zone_id:
            key = f"{labels['zone']}: {zones.get(comment.zone_id, comment.zone_id)}"
        elif comment.goal_id and comment.goal_id in tree:
            key = f"{labels['goal']}: {tree.get(comment.goal_id).title}"
        else:
            key = labels["other"]
        sections.setdefault(key, []).append(comment)
    ordered = sorted(sections.items(), key=lambda item: (item[0] == labels["other"], item[0]))
    return Report(
        consultation,
        [Section(title, comments) for title, comments in ordered],
        len(found),
        sum(1 for c in found if c.response),
    )


def report_pdf(
    report: Report, texts: dict[str, str], kinds: dict[str, str], statuses: dict[str, str]
) -> bytes:
    """The report as PDF (A4). ``texts``: title, intro, answer, unanswered, group (translated)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=texts["title"]
    )

    def paragraph(value: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(value).replace("\n", "<br/>"), styles[style])

    story = [paragraph(texts["title"], "Title"), paragraph(texts["intro"]), Spacer(1, 6 * mm)]
    for section in report.sections:
        story.append(paragraph(section.title, "Heading2"))
        for comment in section.comments:
            heading = f"{kinds[comment.kind.value]} · {comment.created_at.date().isoformat()}"
            if comment.group:
                heading += f" · {texts['group']}: {comment.group}"
            story.append(paragraph(heading, "Heading4"))
            story.append(paragraph(comment.text))
            if comment.response:
                story.append(
                    paragraph(
                        f"{texts['answer']}: {statuses[comment.response.status.value]}", "Heading5"
                    )
                )
                story.append(paragraph(comment.response.text))
            else:
                story.append(paragraph(texts["unanswered"], "Italic"))
            story.append(Spacer(1, 3 * mm))
    document.build(story)
    return out.getvalue()
