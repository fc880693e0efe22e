"""Sending the outbox's mail through SMTP, away from any request.

A planner's answer writes its mail into the outbox in the answer's own transaction
(:func:`arealweb.services.participation.respond`); nothing is sent while the planner waits.
:func:`send_due` — run by ``arealweb send-mail`` (once, for cron) or by the sender
``arealweb serve`` starts (every ``MAIL_SEND_EVERY_S`` seconds) — claims the mails that are due,
sends each, and deletes it when the server took it. A mail the server refused or could not
take stays in the outbox with the attempt counted and waits longer before the next
(:func:`arealweb.domain.mail.wait_after`); after the last attempt it is given up.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from arealweb.domain.mail import MAX_ATTEMPTS, QueuedMail, wait_after
from arealweb.store.repository import Store

BATCH = 20
"""Mails claimed at once: few enough that a batch of slow sends ends long before its claim."""
CLAIM_FOR = timedelta(minutes=15)
"""How long a sender holds the mails it claimed: one that dies lets them go after this. Longer
than a batch can take even when every mail waits the full SMTP timeout (20 × 20 s ≈ 7 min), so
a second sender never takes mails the first is still sending."""
SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpServer:
    """Where mail goes: ``security`` is ``starttls`` (upgrade a plain connection, port 587),
    ``ssl`` (TLS from the start, port 465) or ``none`` (a relay on the same machine)."""

    host: str
    port: int = 587
    user: str = ""
    password: str = field(default="", repr=False)
    security: str = "starttls"
    sender: str = "arealweb@localhost"
    timeout_s: float = 20.0

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_config(cls, config) -> SmtpServer:
        return cls(
            host=str(config["MAIL_HOST"]),
            port=int(config["MAIL_PORT"]),
            user=str(config["MAIL_USER"]),
            password=str(config["MAIL_PASSWORD"]),
            security=str(config["MAIL_SECURITY"]),
            sender=str(config["MAIL_SENDER"]),
        )


@dataclass
class Sent:
    """What one round of sending did."""

    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    errors: list[str] = field(default_factory=list)


def outbox(store: Store) -> list[QueuedMail]:
    """Every mail waiting (or given up), the next due first."""
    with store.read() as repo:
        return repo.outbox.queued()


def given_up(store: Store) -> int:
    """How many answers' mails could not be delivered after every attempt: the planners are
    told, since those authors hear of the answer only through their receipt."""
    with store.read() as repo:
        return repo.outbox.given_up()


def send_due(store: Store, server: SmtpServer, now: datetime | None = None) -> Sent:
    """Send every mail due by ``now`` over one SMTP connection; count and reschedule the ones
    that fail. Nothing is sent when no server is configured."""
    done = Sent()
    if not server.configured:
        return done
    fixed = now
    while True:
        # The clock is read again for every batch: a claim made with an earlier reading would
        # run out while its mails are still being sent.
        now = fixed or datetime.now(UTC)
        with store.write() as repo:
            claimed = repo.outbox.claim(now, now + CLAIM_FOR, BATCH)
        if not claimed:
            return done
        _send_batch(store, server, claimed, now, done)
        if len(claimed) < BATCH:
            return done


def _send_batch(
    store: Store, server: SmtpServer, claimed: list[QueuedMail], now: datetime, done: Sent
) -> None:
    try:
        connection = _connect(server)
    except (OSError, smtplib.SMTPException) as error:
        for queued in claimed:
            _failed(store, queued, _said(error), now, done)
        return
    try:
        for queued in claimed:
            try:
                connection.send_message(_message(server, queued), to_addrs=[queued.mail.recipient])
            except (OSError, smtplib.SMTPException) as error:
                _failed(store, queued, _said(error), now, done)
                if isinstance(error, OSError | smtplib.SMTPServerDisconnected):
                    for rest in claimed[claimed.index(queued) + 1 :]:
                        _failed(store, rest, _said(error), now, done)
                    return
            else:
                with store.write() as repo:
                    repo.outbox.sent(queued.id)
                done.sent += 1
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _connect(server: SmtpServer) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if server.security == "ssl":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=server.timeout_s, context=context
        )
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=server.timeout_s)
        if server.security == "starttls":
            connection.starttls(context=context)
    try:
        if server.user:
            connection.login(server.user, server.password)
    except (OSError, smtplib.SMTPException):
        connection.close()
        raise
    return connection


def _message(server: SmtpServer, queued: QueuedMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = server.sender
    message["To"] = queued.mail.recipient
    message["Subject"] = queued.mail.subject
    message["Message-ID"] = make_msgid(idstring=queued.id, domain=server.sender.rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(queued.mail.body)
    return message


def _failed(store: Store, queued: QueuedMail, error: str, now: datetime, done: Sent) -> None:
    attempts = queued.attempts + 1
    again = now + wait_after(attempts) if attempts < MAX_ATTEMPTS else None
    with store.write() as repo:
        repo.outbox.failed(queued.id, error, now, again)
    done.failed += 1
    done.gave_up += again is None
    done.errors.append(error)


def _said(error: Exception) -> str:
    """An SMTP error as the log keeps it: its code and words, no address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = ", ".join(str(code) for code, _ in error.recipients.values())
        return f"{codes} recipient refused"
    if isinstance(error, smtplib.SMTPResponseException):
        said = error.smtp_error
        text = said.decode(errors="replace") if isinstance(said, bytes) else str(said)
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"
