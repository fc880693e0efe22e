"""The outbox: mail waiting to be sent, kept in the database so that nothing is lost between
the answer that makes a mail and the sender that sends it (a restart, a server down)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from arealweb.domain.mail import OutgoingMail, QueuedMail
from arealweb.store.schema import comments, mail_outbox


class OutboxRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def enqueue(self, mail: OutgoingMail, now: datetime) -> str:
        """Queue ``mail`` to go at once. A mail about the same comment still waiting is
        replaced: the author hears of the answer as it stands, once."""
        if mail.comment_id is not None:
            self.connection.execute(
                mail_outbox.delete().where(
                    mail_outbox.c.comment_id == mail.comment_id,
                    mail_outbox.c.gave_up_at.is_(None),
                    sa.or_(
                        mail_outbox.c.claimed_until.is_(None), mail_outbox.c.claimed_until < now
                    ),
                )
            )
        mail_id = uuid.uuid4().hex
        self.connection.execute(
            mail_outbox.insert().values(
                id=mail_id,
                comment_id=mail.comment_id,
                recipient=mail.recipient,
                subject=mail.subject,
                body=mail.body,
                created_at=now,
                attempts=0,
                next_attempt_at=now,
            )
        )
        return mail_id

    def claim(self, now: datetime, until: datetime, limit: int) -> list[QueuedMail]:
        """Up to ``limit`` mails due by ``now`` that no other sender holds, held until
        ``until`` (a sender that dies lets them go then)."""
        due = self.connection.execute(
            sa.select(mail_outbox.c.id)
            .where(
                mail_outbox.c.gave_up_at.is_(None),
                mail_outbox.c.next_attempt_at <= now,
                sa.or_(mail_outbox.c.claimed_until.is_(None), mail_outbox.c.claimed_until < now),
            )
            .order_by(mail_outbox.c.next_attempt_at, mail_outbox.c.id)
            .limit(limit)
        ).scalars()
        claimed = []
        for mail_id in list(due):
            # Only the sender whose update finds the mail free holds it.
            done = self.connection.execute(
                mail_outbox.update()
                .where(
                    mail_outbox.c.id == mail_id,
                    sa.or_(
                        mail_outbox.c.claimed_until.is_(None), mail_outbox.c.claimed_until < now
                    ),
                )
                .values(claimed_until=until)
            )
            if done.rowcount == 1:
                claimed.append(mail_id)
        return [m for m in self.queued() if m.id in claimed]

    def sent(self, mail_id: str) -> None:
        """A sent mail leaves the outbox (and the address with it)."""
        self.connection.execute(mail_outbox.delete().where(mail_outbox.c.id == mail_id))

    def failed(
        self, mail_id: str, error: str, now: datetime, next_attempt_at: datetime | None
    ) -> None:
        """Count a failed attempt; try again at ``next_attempt_at``, or give up (now) when
        None."""
        values: dict[str, object] = {
            "attempts": mail_outbox.c.attempts + 1,
            "last_error": error[:500],
            "claimed_until": None,
        }
        if next_attempt_at is None:
            values["gave_up_at"] = now
        else:
            values["next_attempt_at"] = next_attempt_at
        self.connection.execute(
            mail_outbox.update().where(mail_outbox.c.id == mail_id).values(values)
        )

    def queued(self) -> list[QueuedMail]:
        """Every mail in the outbox, the next due first."""
        rows = self.connection.execute(
            sa.select(mail_outbox).order_by(mail_outbox.c.next_attempt_at, mail_outbox.c.id)
        )
        return [
            QueuedMail(
                id=r.id,
                mail=OutgoingMail(r.recipient, r.subject, r.body, r.comment_id),
                created_at=r.created_at,
                attempts=r.attempts,
                next_attempt_at=r.next_attempt_at,
                last_error=r.last_error,
                gave_up_at=r.gave_up_at,
            )
            for r in rows
        ]

    def given_up(self) -> int:
        """How many mails were given up after every attempt failed (kept until purged)."""
        query = sa.select(sa.func.count()).where(mail_outbox.c.gave_up_at.is_not(None))
        return int(self.connection.execute(query).scalar_one())

    def purge(self, before: datetime) -> int:
        """Forget mails that never went (their addresses with them): those made before
        ``before``, and those answering a comment written before it, whose personal fields
        are forgotten now — however recently the answer came."""
        old_comments = sa.select(comments.c.id).where(comments.c.created_at < before)
        return self.connection.execute(
            mail_outbox.delete().where(
                sa.or_(
                    mail_outbox.c.created_at < before,
                    mail_outbox.c.comment_id.in_(old_comments),
                )
            )
        ).rowcount
