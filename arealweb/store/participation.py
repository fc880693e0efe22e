"""Consultations, comments and agreements in the database."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa

from arealweb.domain.errors import NotFound
from arealweb.domain.goals import Theme
from arealweb.domain.mail import Contact
from arealweb.domain.participation import (
    AgeGroup,
    Comment,
    CommentKind,
    CommentState,
    Consultation,
    Moderation,
    Response,
    ResponseStatus,
)
from arealweb.domain.text import N_
from arealweb.store.schema import comment_agreements, comments, consultations, revisions
from arealweb.store.signals import COMMENTS_TOPIC

_ADD_COMMENT = comments.insert()
_FIND_CONSULTATION = sa.select(consultations).where(consultations.c.id == sa.bindparam("id"))


class ParticipationRepository:
    def __init__(self, connection: sa.Connection, topics: set[str] | None = None) -> None:
        self.connection = connection
        self.topics = topics if topics is not None else set()
        """The unit of work's announcements: a change to the moderation queue adds one."""
        self._new_comments: list[dict] = []
        """Comments added, written just before the commit (:meth:`write_pending`)."""
        self._consultations: dict[str, Consultation | None] = {}
        """Consultations read in this unit of work, by id: the comment posts that share a
        transaction (:mod:`.groups`) mostly name the same one, read once for them all."""

    # Consultations ---------------------------------------------------------------------------

    def save_consultation(self, consultation: Consultation) -> str:
        values = {
            "title": consultation.title,
            "introduction": consultation.introduction,
            "opens_on": consultation.opens_on,
            "closes_on": consultation.closes_on,
            "moderation": consultation.moderation.value,
            "zone_ids": list(consultation.zone_ids),
            "goal_ids": list(consultation.goal_ids),
        }
        current = self.find_consultation(consultation.id)
        self._consultations.pop(consultation.id, None)
        if current is None:
            self.connection.execute(consultations.insert().values(id=consultation.id, **values))
            return "created"
        if current == consultation:
            return "unchanged"
        self.connection.execute(
            consultations.update().where(consultations.c.id == consultation.id).values(values)
        )
        return "updated"

    def consultations(self) -> list[Consultation]:
        rows = self.connection.execute(sa.select(consultations).order_by(consultations.c.opens_on))
        return [_consultation(r) for r in rows]

    def find_consultation(self, consultation_id: str) -> Consultation | None:
        if consultation_id not in self._consultations:
            row = self.connection.execute(_FIND_CONSULTATION, {"id": consultation_id}).first()
            self._consultations[consultation_id] = _consultation(row) if row else None
        return self._consultations[consultation_id]

    # Comments --------------------------------------------------------------------------------

    def add_comment(
        self, comment: Comment, receipt_digest: str, contact: Contact | None = None
    ) -> None:
        """Store a comment; with ``contact``, the address, receipt link and language its
        author gave to be told of the answer.

        The row is written with the unit of work's other new comments just before it commits
        (:meth:`write_pending`): the posts that share a transaction (:mod:`.groups`) go to the
        database in one call rather than one round trip each."""
        values = {
            "id": comment.id,
            "consultation_id": comment.consultation_id,
            "kind": comment.kind.value,
            "theme": comment.theme.value,
            "text": comment.text,
            "geom": comment.geometry,
            "zone_id": comment.zone_id,
            "goal_id": comment.goal_id,
            "name": comment.name,
            "age_group": comment.age_group.value if comment.age_group else None,
            "participant_group": comment.group,
            "state": comment.state.value,
            "receipt_digest": receipt_digest,
            "created_at": comment.created_at,
        }
        if contact:
            values |= {
                "email": contact.email,
                "receipt_link": contact.receipt_link,
                "language": contact.language,
            }
        self._new_comments.append(values)
        self.topics.add(COMMENTS_TOPIC)

    def write_pending(self) -> None:
        """Write the comments added in this unit of work: an ``executemany`` of one statement
        (compiled once per process) for those without contact columns, one for those with."""
        for with_contact in (False, True):
            rows = [row for row in self._new_comments if ("email" in row) == with_contact]
            if rows:
                self.connection.execute(_ADD_COMMENT, rows)
        self._new_comments = []

    def comments(
        self,
        *,
        states: tuple[CommentState, ...] | None = None,
        consultation_id: str | None = None,
        kind: CommentKind | None = None,
        theme: Theme | None = None,
        zone_id: str | None = None,
        goal_id: str | None = None,
        comment_id: str | None = None,
    ) -> list[Comment]:
        agreed = (
            sa.select(sa.func.count())
            .where(comment_agreements.c.comment_id == comments.c.id)
            .scalar_subquery()
        )
        query = sa.select(comments, agreed.label("agreements")).order_by(comments.c.created_at)
        conditions = {
            comments.c.consultation_id: consultation_id,
            comments.c.kind: kind.value if kind else None,
            comments.c.theme: theme.value if theme else None,
            comments.c.zone_id: zone_id,
            comments.c.goal_id: goal_id,
            comments.c.id: comment_id,
        }
        for column, value in conditions.items():
            if value is not None:
                query = query.where(column == value)
        if states is not None:
            query = query.where(comments.c.state.in_([s.value for s in states]))
        return [_comment(r) for r in self.connection.execute(query).all()]

    def revision(self) -> int:
        """Where the comments stand: a number the database moves on every change to a comment
        or an agreement, by anyone (triggers of migration 0016). Read it before the comments,
        so that what is read is at least as new as the revision it is kept under. It is the
        sum of the counter's stripes, read in one statement (one snapshot)."""
        return int(
            self.connection.execute(
                sa.select(sa.func.sum(revisions.c.revision)).where(
                    revisions.c.name.like("comments:%")
                )
            ).scalar_one()
        )

    def leap_revision(self) -> None:
        """Move the revision far past any it held (after a restore has set it back), so that
        an ETag or cached body of the replaced data never matches the restored one."""
        self.connection.execute(
            revisions.update()
            .where(revisions.c.name == "comments:0")
            .values(revision=revisions.c.revision + secrets.randbelow(2**40) + 1)
        )

    def pending(self, limit: int) -> tuple[int, list[str]]:
        """How many comments await moderation, and the ids of the newest ``limit`` of them."""
        waiting = comments.c.state == CommentState.PENDING.value
        count = self.connection.execute(
            sa.select(sa.func.count()).select_from(comments).where(waiting)
        ).scalar_one()
        ids = self.connection.execute(
            sa.select(comments.c.id)
            .where(waiting)
            .order_by(comments.c.created_at.desc(), comments.c.id)
            .limit(limit)
        ).scalars()
        return count, list(ids)

    def comment(self, comment_id: str) -> Comment:
        found = self.comments(comment_id=comment_id)
        if not found:
            raise NotFound(N_("fant ikke innspillet %(id)s"), id=comment_id)
        return found[0]

    def contact(self, comment_id: str) -> Contact | None:
        """How to tell a comment's author of the answer; None when they gave no address (or
        it has been forgotten)."""
        row = self.connection.execute(
            sa.select(comments.c.email, comments.c.receipt_link, comments.c.language).where(
                comments.c.id == comment_id, comments.c.email.is_not(None)
            )
        ).first()
        if row is None:
            return None
        return Contact(row.email, row.receipt_link or "", row.language or "nb")

    def emailed_ids(self) -> set[str]:
        """The comments whose authors asked to be told of the answer by e-mail."""
        return set(
            self.connection.execute(
                sa.select(comments.c.id).where(comments.c.email.is_not(None))
            ).scalars()
        )

    def comment_id_for_receipt(self, digest: str) -> str | None:
        return self.connection.execute(
            sa.select(comments.c.id).where(comments.c.receipt_digest == digest)
        ).scalar()

    def moderate(self, comment_id: str, state: CommentState, reason: str, by: str) -> None:
        self._update(
            comment_id,
            state=state.value,
            moderation_reason=reason or None,
            moderated_by=by,
            moderated_at=datetime.now(UTC),
        )
        self.topics.add(COMMENTS_TOPIC)

    def respond(self, comment_id: str, response: Response) -> None:
        self._update(
            comment_id,
            response_status=response.status.value,
            response_text=response.text,
            response_zone_id=response.zone_id,
            response_goal_id=response.goal_id,
            responded_by=response.by,
            responded_at=response.at,
        )

    def delete_comment(self, comment_id: str) -> None:
        """Delete a comment; NotFound when it is gone already (a second delete racing this one)."""
        done = self.connection.execute(comments.delete().where(comments.c.id == comment_id))
        if done.rowcount != 1:
            raise NotFound(N_("kvitteringen finnes ikke, eller innspillet er slettet"))
        self.topics.add(COMMENTS_TOPIC)

    def agree(self, comment_id: str, voter_digest: str) -> bool:
        """Count one "enig"; False when this voter already agreed (the key refuses a second).

        The row is written only while the comment is published, in the same statement, so a
        comment hidden a moment before gets no agreement (NotFound, as for the public)."""
        published = sa.select(
            sa.literal(comment_id, comment_agreements.c.comment_id.type),
            sa.literal(voter_digest, comment_agreements.c.voter_digest.type),
            sa.literal(datetime.now(UTC), comment_agreements.c.created_at.type),
        ).where(
            sa.exists().where(
                comments.c.id == comment_id, comments.c.state == CommentState.PUBLISHED.value
            )
        )
        try:
            with self.connection.begin_nested():
                counted = self.connection.execute(
                    comment_agreements.insert()
                    .from_select(["comment_id", "voter_digest", "created_at"], published)
                    .returning(comment_agreements.c.comment_id)
                ).first()
        except sa.exc.IntegrityError:
            return False
        if counted is None:
            raise NotFound(N_("fant ikke innspillet %(id)s"), id=comment_id)
        return True

    def purge_personal(self, before: datetime) -> int:
        """Forget name, age group, group and e-mail address (with the receipt link kept for
        the mail) of comments made before ``before``."""
        done = self.connection.execute(
            comments.update()
            .where(
                comments.c.created_at < before,
                sa.or_(
                    comments.c.name.is_not(None),
                    comments.c.age_group.is_not(None),
                    comments.c.participant_group.is_not(None),
                    comments.c.email.is_not(None),
                    comments.c.receipt_link.is_not(None),
                ),
            )
            .values(
                name=None,
                age_group=None,
                participant_group=None,
                email=None,
                receipt_link=None,
                language=None,
            )
        )
        return done.rowcount

    def _update(self, comment_id: str, **values: object) -> None:
        done = self.connection.execute(
            comments.update().where(comments.c.id == comment_id).values(values)
        )
        if done.rowcount != 1:
            raise NotFound(N_("fant ikke innspillet %(id)s"), id=comment_id)


def _consultation(row: sa.Row) -> Consultation:
    return Consultation(
        id=row.id,
        title=row.title,
        introduction=row.introduction,
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        moderation=Moderation(row.moderation),
        zone_ids=tuple(row.zone_ids),
        goal_ids=tuple(row.goal_ids),
    )


def _comment(row: sa.Row) -> Comment:
    response = None
    if row.response_status:
        response = Response(
            ResponseStatus(row.response_status),
            row.response_text or "",
            row.responded_by or "",
            row.responded_at,
            row.response_zone_id,
            row.response_goal_id,
        )
    return Comment(
        id=row.id,
        consultation_id=row.consultation_id,
        kind=CommentKind(row.kind),
        theme=Theme(row.theme),
        text=row.text,
        geometry=row.geom,
        created_at=row.created_at,
        state=CommentState(row.state),
        zone_id=row.zone_id,
        goal_id=row.goal_id,
        name=row.name,
        age_group=AgeGroup(row.age_group) if row.age_group else None,
        group=row.participant_group,
        moderation_reason=row.moderation_reason,
        response=response,
        agreements=row.agreements,
        email=row.email,
    )
