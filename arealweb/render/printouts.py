"""What the printed documents hold: the merknadsbehandling's sections and the golden-thread
report's zones. They are laid out by :mod:`arealweb.render.documents` (PDF from the pages' own
HTML, and Word)."""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.domain.participation import Comment


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
