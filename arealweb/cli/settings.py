"""Showing the AREALWEB_* settings the app runs with."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from arealweb.settings import SETTINGS


@click.command("settings")
@with_appcontext
def settings_command() -> None:
    """List every AREALWEB_* setting with its current value and what it does."""
    for setting in SETTINGS:
        value = current_app.config[setting.name]
        if setting.secret:
            value = _("(skjult)")
        click.echo(f"{setting.variable} = {value}")
        click.echo(f"    {setting.help}")
