"""E-mail arealweb sends: what a mail is, and how long the outbox waits after a failure.

The outbox retries a mail a server refused or could not take, waiting longer each time
(exponential backoff: one minute, two, four … at most six hours), and gives up after
:data:`MAX_ATTEMPTS` — about two days of trying.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_ATTEMPTS = 12
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
SUBJECT_MAX = 300


@dataclass(frozen=True)
class OutgoingMail:
    """A plain-text mail to one person; ``comment_id`` ties it to the comment it tells of
    (the mail goes when the comment is deleted)."""

    recipient: str
    subject: str
    body: str
    comment_id: str | None = None


@dataclass(frozen=True)
class QueuedMail:
    """A mail in the outbox, with how its sending has gone so far."""

    id: str
    mail: OutgoingMail
    created_at: datetime
    attempts: int
    next_attempt_at: datetime
    last_error: str | None = None
    gave_up_at: datetime | None = None


@dataclass(frozen=True)
class Contact:
    """A comment's author as far as the answer's mail needs: the address, the receipt link to
    put in it, and the language they wrote the comment in."""

    email: str
    receipt_link: str
    language: str


def wait_after(attempts: int) -> timedelta:
    """How long to wait before the next try, after ``attempts`` failed ones (1, 2, 3 …)."""
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)
