"""A real SMTP server for tests (aiosmtpd on 127.0.0.1): it keeps the mail it takes, or, told
to, answers every mail with a temporary failure as a busy server does."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from tests.serve.servers import free_port


@dataclass
class Mailbox:
    """What the server took, and whether it refuses (451) what comes next."""

    messages: list[email.message.EmailMessage] = field(default_factory=list)
    refusing: bool = False
    refused: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


class MailServer:
    """``with MailServer() as server``: ``server.port``, ``server.mailbox``. (A port from
    ``free_port()`` that no server was started on is a mail server that is down.)"""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
