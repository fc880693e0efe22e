"""Setting up the database: create or migrate it, load the demo, replace the boundary, make a
role that edits zones in QGIS through the editing views (PostGIS)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from arealweb.cli.terminal import BarProgress, fail, migrated_store
from arealweb.domain.errors import DomainError
from arealweb.http.i18n import new_count
from arealweb.http.store import current_store
from arealweb.services.database import location, upgrade


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the database, or migrate it to the newest schema."""
    store = current_store()
    before, after = upgrade(store)
    url = location(store)
    if before == after:
        click.echo(
            _("Databasen er allerede oppdatert (versjon %(after)s): %(url)s", after=after, url=url)
        )
    else:
        click.echo(
            _(
                "Databasen er migrert fra %(before)s til %(after)s: %(url)s",
                before=before or _("tom"),
                after=after,
                url=url,
            )
        )


@click.command("load-demo")
@with_appcontext
def load_demo_command() -> None:
    """Load the demo dataset from geodata/; running it again changes nothing."""
    from arealweb.services.demo import load_demo

    try:
        counts = load_demo(
            migrated_store(),
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
            progress=BarProgress(),
        )
    except DomainError as error:
        fail(error)
    click.echo(
        _(
            "Demodata: %(created)s, %(updated)d endret, %(unchanged)d uendret.",
            created=new_count(counts["created"]),
            updated=counts["updated"],
            unchanged=counts["unchanged"],
        )
    )


@click.command("boundary")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--fetch", is_flag=True, help="Download the official boundary from Geonorge.")
@with_appcontext
def boundary_command(path: Path | None, fetch: bool) -> None:
    """Replace the municipal boundary with one read from PATH, or --fetch it from Geonorge."""
    from arealweb.services.boundary import boundary_from_file, fetch_boundary, replace_boundary

    if bool(path) == fetch:
        raise click.UsageError(_("gi enten en fil (PATH) eller --fetch"))
    config = current_app.config
    try:
        if fetch:
            click.echo(
                _("Henter kommunegrensen for %(nr)s fra Geonorge …", nr=config["KOMMUNENUMMER"])
            )
            new = fetch_boundary(config["BOUNDARY_URL"], config["KOMMUNENUMMER"])
        else:
            new = boundary_from_file(path, config["KOMMUNENUMMER"])
        report = replace_boundary(migrated_store(), new, config["BOUNDARY_TOLERANCE_M"])
    except DomainError as error:
        fail(error)
    template = (
        _("Kommunegrensen er uendret: %(parts)d deler, %(area).2f km².")
        if report.outcome == "unchanged"
        else _("Kommunegrensen er byttet: %(parts)d deler, %(area).2f km².")
    )
    click.echo(template % {"parts": report.parts, "area": report.area_km2})
    if report.zones_outside:
        click.secho(
            ngettext(
                "Advarsel: %(num)d sone går utenfor den nye grensen: %(names)s",
                "Advarsel: %(num)d soner går utenfor den nye grensen: %(names)s",
                len(report.zones_outside),
                names=", ".join(report.zones_outside),
            ),
            fg="yellow",
            err=True,
        )


@click.command("editor-role")
@click.argument("name")
@click.option(
    "--password-file",
    type=click.File("r", encoding="utf-8"),
    metavar="FILE",
    help="Read the role's password from the first line of FILE ('-' reads standard input).",
)
@click.option(
    "--password-env",
    metavar="VAR",
    help="Read the role's password from the environment variable VAR.",
)
@click.option("--ask-password", is_flag=True, help="Ask for the role's password (hidden).")
@with_appcontext
def editor_role_command(
    name: str, password_file: TextIO | None, password_env: str | None, ask_password: bool
) -> None:
    """Create or update the PostGIS login role NAME that edits zones in QGIS only through the
    views of the schema editing, and reads the boundary and the stations. Without a password
    option the role's password is left as it is. Running it again changes nothing."""
    from arealweb.services.database import editor_role

    if sum((password_file is not None, password_env is not None, ask_password)) > 1:
        raise click.UsageError(
            _("gi passordet på én måte: --password-file, --password-env eller --ask-password")
        )
    password = None
    if password_file is not None:
        password = password_file.readline().rstrip("\r\n")
    elif password_env is not None:
        password = os.environ.get(password_env)
        if password is None:
            raise click.UsageError(_("miljøvariabelen %(name)s finnes ikke", name=password_env))
    elif ask_password:
        password = click.prompt(_("Passord"), hide_input=True, confirmation_prompt=True)
    try:
        role = editor_role(migrated_store(), name, password)
    except DomainError as error:
        fail(error)
    if role.created:
        click.echo(_("Rollen %(name)s er opprettet (LOGIN).", name=role.name))
    else:
        click.echo(_("Rollen %(name)s fantes og er oppdatert (LOGIN).", name=role.name))
    if role.password_set:
        click.echo(_("Passordet er satt."))
    elif role.created:
        click.echo(
            _(
                "Rollen har ikke noe passord: den kan bare logge inn der serveren ikke ber om "
                "et (pg_hba.conf). Sett et med --password-file, --password-env eller "
                "--ask-password."
            )
        )
    else:
        click.echo(_("Passordet er uendret."))
    click.echo(_("Rettigheter:"))
    for privileges, target in role.grants:
        click.echo("  – " + _("%(privileges)s på %(target)s", privileges=privileges, target=target))
    click.echo(
        _(
            "Ingen rettigheter på tabellene selv (zones og %(count)d andre): sonene endres "
            "bare gjennom visningene, med reglene og historikken.",
            count=len([t for t in role.revoked if t != "zones"]),
        )
    )
