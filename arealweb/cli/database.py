"""Setting up the database: create or migrate it, load the demo, replace the boundary."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from arealweb.cli.terminal import BarProgress, fail, migrated_store
from arealweb.domain.errors import DomainError
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
            "Demodata: %(created)d nye, %(updated)d endret, %(unchanged)d uendret.",
            created=counts["created"],
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
            _(
                "Advarsel: %(count)d soner går utenfor den nye grensen: %(names)s",
                count=len(report.zones_outside),
                names=", ".join(report.zones_outside),
            ),
            fg="yellow",
            err=True,
        )
