"""Keeping citizens' comments within the privacy notice."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
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
