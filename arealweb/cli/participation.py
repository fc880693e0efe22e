"""Keeping citizens' comments within the privacy notice, and sending the answers' mail."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from arealweb.cli.terminal import migrated_store


@click.command("purge-personal")
@with_appcontext
def purge_personal_command() -> None:
    """Forget names, age groups and groups of comments older than AREALWEB_PERSONAL_DATA_DAYS."""
    from arealweb.services.participation import purge_personal

    count = purge_personal(migrated_store(), int(current_app.config["PERSONAL_DATA_DAYS"]))
    click.echo(
        ngettext(
            "Personopplysninger er slettet fra %(num)d innspill.",
            "Personopplysninger er slettet fra %(num)d innspill.",
            count,
        )
    )


@click.command("send-mail")
@click.option(
    "--every",
    type=click.IntRange(1, 86_400),
    help="Keep running: send what is due every SECONDS (as `serve` runs it); without it, "
    "send once and stop (for cron).",
)
@with_appcontext
def send_mail_command(every: int | None) -> None:
    """Send the outbox's mail (the answers to comments whose authors gave an e-mail address)
    through AREALWEB_MAIL_HOST; --every SECONDS keeps sending.

    Each mail that is due goes once; one the server refuses stays queued and is tried again
    later, waiting longer each time."""
    from arealweb.services.mail import SmtpServer, send_due

    server = SmtpServer.from_config(current_app.config)
    if not server.configured:
        raise click.ClickException(_("AREALWEB_MAIL_HOST er ikke satt: ingen e-post sendes."))
    store = migrated_store()
    while True:
        done = send_due(store, server)
        if done.sent or done.failed or every is None:
            click.echo(
                _(
                    "E-post: %(sent)d sendt, %(failed)d feilet (prøves igjen senere), "
                    "%(gave_up)d gitt opp.",
                    sent=done.sent,
                    failed=done.failed - done.gave_up,
                    gave_up=done.gave_up,
                )
                + "".join(f"\n  {error}" for error in dict.fromkeys(done.errors)),
                err=bool(done.failed),
            )
        if every is None:
            return
        time.sleep(every)
