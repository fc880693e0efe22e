"""``arealweb places PATH``: load Kartverket's place names (Stedsnavn) for the place search."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from arealweb.cli.terminal import BarProgress, fail, migrated_store
from arealweb.domain.errors import DomainError
from arealweb.http.i18n import new_count


@click.command("places")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Remove every stored place (the gazetteer too) before loading the file.",
)
@with_appcontext
def places_command(path: Path, replace: bool) -> None:
    """Load the place names in PATH (Kartverket's Stedsnavn, GeoJSON or GML) that lie inside
    the municipality, beside the gazetteer or, with --replace, instead of it; all or nothing."""
    from arealweb.services.places import load_place_names

    try:
        report = load_place_names(
            migrated_store(),
            path,
            replace=replace,
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
            progress=BarProgress(),
        )
    except DomainError as error:
        fail(error)
    counts = report.counts
    click.echo(
        _(
            "Stedsnavn: %(kept)d av %(read)d ligger i kommunen; %(created)s, %(updated)d "
            "endret, %(unchanged)d uendret, %(removed)d fjernet.",
            kept=report.kept,
            read=report.read,
            created=new_count(counts["created"]),
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            removed=counts["removed"],
        )
    )
