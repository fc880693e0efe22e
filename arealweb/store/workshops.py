"""Workshops and what their groups sent, in the database."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from arealweb.domain.errors import NotFound
from arealweb.domain.text import N_
from arealweb.domain.workshops import GoalComment, Group, Sketch, SketchKind, Stance, Word, Workshop
from arealweb.store.schema import (
    workshop_comments,
    workshop_groups,
    workshop_sketches,
    workshop_words,
    workshops,
)


class WorkshopRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def add(self, workshop: Workshop, created_by: str) -> None:
        self.connection.execute(
            workshops.insert().values(
                id=workshop.id,
                title=workshop.title,
                held_on=workshop.held_on,
                focus_goal_ids=list(workshop.focus_goal_ids),
                prompts=list(workshop.prompts),
                created_by=created_by,
            )
        )
        self.connection.execute(
            workshop_groups.insert(),
            [
                {
                    "id": g.id,
                    "workshop_id": workshop.id,
                    "name": g.name,
                    "code": g.code,
                    "colour": g.colour,
                    "sort_order": n,
                }
                for n, g in enumerate(workshop.groups)
            ],
        )

    def codes_in_use(self) -> set[str]:
        return set(self.connection.execute(sa.select(workshop_groups.c.code)).scalars())

    def workshop(self, workshop_id: str) -> Workshop:
        row = self.connection.execute(
            sa.select(workshops).where(workshops.c.id == workshop_id)
        ).first()
        if row is None:
            raise NotFound(N_("fant ikke verkstedet %(id)s"), id=workshop_id)
        groups = self.connection.execute(
            sa.select(workshop_groups)
            .where(workshop_groups.c.workshop_id == workshop_id)
            .order_by(workshop_groups.c.sort_order)
        ).all()
        return Workshop(
            id=row.id,
            title=row.title,
            held_on=row.held_on,
            focus_goal_ids=tuple(row.focus_goal_ids),
            prompts=tuple(row.prompts),
            groups=tuple(Group(g.id, g.name, g.code, g.colour) for g in groups),
            closed_at=row.closed_at,
        )

    def close(self, workshop_id: str) -> None:
        self.connection.execute(
            workshops.update()
            .where(workshops.c.id == workshop_id, workshops.c.closed_at.is_(None))
            .values(closed_at=datetime.now(UTC))
        )

    def add_sketch(self, workshop_id: str, sketch: Sketch) -> None:
        self.connection.execute(
            workshop_sketches.insert().values(
                id=sketch.id,
                workshop_id=workshop_id,
                group_id=sketch.group_id,
                kind=sketch.kind.value,
                note=sketch.note,
                geom=sketch.geometry,
                created_at=sketch.created_at,
            )
        )

    def sketches(self, workshop_id: str) -> list[Sketch]:
        rows = self.connection.execute(
            sa.select(workshop_sketches)
            .where(workshop_sketches.c.workshop_id == workshop_id)
            .order_by(workshop_sketches.c.created_at, workshop_sketches.c.id)
        ).all()
        return [
            Sketch(r.id, r.group_id, SketchKind(r.kind), r.note, r.geom, r.created_at) for r in rows
        ]

    def add_comment(self, workshop_id: str, comment: GoalComment) -> None:
        self.connection.execute(
            workshop_comments.insert().values(
                id=comment.id,
                workshop_id=workshop_id,
                group_id=comment.group_id,
                goal_id=comment.goal_id,
                stance=comment.stance.value,
                text=comment.text,
                created_at=comment.created_at,
            )
        )

    def comments(self, workshop_id: str) -> list[GoalComment]:
        rows = self.connection.execute(
            sa.select(workshop_comments)
            .where(workshop_comments.c.workshop_id == workshop_id)
            .order_by(workshop_comments.c.created_at, workshop_comments.c.id)
        ).all()
        return [
            GoalComment(r.id, r.group_id, r.goal_id, Stance(r.stance), r.text, r.created_at)
            for r in rows
        ]

    def add_word(self, workshop_id: str, word: Word) -> None:
        self.connection.execute(
            workshop_words.insert().values(
                workshop_id=workshop_id,
                group_id=word.group_id,
                prompt=word.prompt,
                word=word.word,
                created_at=word.created_at,
            )
        )

    def words(self, workshop_id: str) -> list[Word]:
        rows = self.connection.execute(
            sa.select(workshop_words)
            .where(workshop_words.c.workshop_id == workshop_id)
            .order_by(workshop_words.c.id)
        ).all()
        return [Word(r.group_id, r.prompt, r.word, r.created_at) for r in rows]
