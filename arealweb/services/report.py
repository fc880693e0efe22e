"""The merknadsbehandling report: every published comment, grouped by zone and by goal, with the
municipality's answer — gathered for the printable page and the PDF
(:func:`arealweb.render.printouts.comment_report_pdf`). Only published comments are in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.domain.participation import Comment, Consultation
from arealweb.render.printouts import CommentSection
from arealweb.services.participation import list_comments
from arealweb.store.repository import Store


@dataclass(frozen=True)
class Report:
    consultation: Consultation | None
    sections: list[CommentSection]
    total: int
    answered: int


def build_report(store: Store, consultation_id: str | None, labels: dict[str, str]) -> Report:
    """Sections by zone, then by goal, then the rest; ``labels`` holds the section headings
    (``zone``, ``goal``, ``other``) in the reader's language."""
    found = list_comments(store, public=True, consultation_id=consultation_id)
    with store.read() as repo:
        zones = {z.id: z.name for z in repo.zones()}
        tree = repo.goal_tree()
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
        [CommentSection(title, comments) for title, comments in ordered],
        len(found),
        sum(1 for c in found if c.response),
    )
