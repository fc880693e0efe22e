"""The audit log on the terminal: sign-ins and changes to accounts, the newest first."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from arealweb.cli.terminal import migrated_store
from arealweb.http.i18n import local_stamp
from arealweb.services import audit


@click.command("audit")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--page", type=click.IntRange(1, 1_000_000), default=1, show_default=True)
@with_appcontext
def audit_command(limit: int, page: int) -> None:
    """Show the audit log: when (local time), who, what, for whom, details (tab-separated)."""
    entries, total = audit.entries(migrated_store(), limit, (page - 1) * limit)
    for entry in entries:
        who = entry.actor or _("(kommandolinjen)")
        moment = local_stamp(entry.at, seconds=True)
        click.echo("\t".join([moment, who, _(entry.action.label), entry.subject, entry.detail]))
    click.echo(
        ngettext(
            "%(shown)d av %(num)d hendelse.",
            "%(shown)d av %(num)d hendelser.",
            total,
            shown=len(entries),
        ),
        err=True,
    )
