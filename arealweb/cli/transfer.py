"""Moving zones and goals in and out: GeoJSON and GeoPackage, the goal tree as CSV."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from arealweb.cli.terminal import BarProgress, fail, migrated_store
from arealweb.domain.errors import DomainError, InvalidInput, StaleVersion
from arealweb.domain.text import N_


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--resolve",
    "choices",
    multiple=True,
    metavar="ID=CHOICE",
    help="For a zone changed since the file was exported: file (take the file's version) or "
    "current (keep it as it is); for a deleted one: restore or skip. Repeat per zone.",
)
@with_appcontext
def import_command(path: Path, choices: tuple[str, ...]) -> None:
    """Import zones from a GIS file (.geojson, .gpkg, .fgb, .kml, zipped Shapefile): all of
    them, or none.

    A feature carrying the version it was exported from, whose zone was edited or deleted
    since, is a conflict: the import is refused with both sides shown unless --resolve chooses
    for it. A feature without version updates its zone whatever happened since."""
    from arealweb.services.import_versions import parse_resolutions
    from arealweb.services.transfer import import_zones

    config = current_app.config
    try:
        pairs = dict(_choice(text) for text in choices)
        report = import_zones(
            migrated_store(),
            path,
            tolerance_m=config["BOUNDARY_TOLERANCE_M"],
            max_bytes=int(config["MAX_IMPORT_MB"]) * 1024 * 1024,
            actor=f"import:{getpass.getuser()}",
            progress=BarProgress(),
            resolutions=parse_resolutions(pairs),
        )
    except StaleVersion as error:
        click.echo(
            _("Velg for hver konflikt med --resolve ID=file|current (slettet: restore|skip)."),
            err=True,
        )
        fail(error)
    except DomainError as error:
        fail(error)
    click.echo(
        _(
            "Importert %(total)d soner: %(created)d nye, %(updated)d endret, "
            "%(unchanged)d uendret.",
            total=report.total,
            created=len(report.created),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
        )
    )


def _choice(text: str) -> tuple[str, str]:
    zone_id, sign, choice = text.partition("=")
    if not sign or not zone_id.strip():
        raise InvalidInput(N_("skriv --resolve ID=file|current, ikke «%(text)s»"), text=text)
    return zone_id.strip(), choice


@click.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def export_command(path: Path) -> None:
    """Export every zone: .geojson in WGS84, .gpkg in EPSG:25832 with one layer per kind."""
    from arealweb.services.export import export_zones

    try:
        count = export_zones(migrated_store(), path, progress=BarProgress())
    except DomainError as error:
        fail(error)
    click.echo(_("Eksportert %(count)d soner til %(path)s.", count=count, path=str(path)))
    from arealweb.services.plan import odd_zones

    odd = odd_zones(migrated_store())
    if odd:
        click.echo(
            _(
                "%(count)d soner bryter en regel og ble utelatt: %(ids)s "
                "(se siden «Soner med feil»).",
                count=len(odd),
                ids=", ".join(zone.id for zone in odd),
            ),
            err=True,
        )


@click.command("export-goals")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--comma", is_flag=True, help="Commas instead of semicolons.")
@with_appcontext
def export_goals_command(path: Path, comma: bool) -> None:
    """Export the goal tree as CSV (semicolons and a BOM, as Norwegian Excel expects)."""
    from arealweb.services.spreadsheets import goal_csv

    path.write_text(goal_csv(migrated_store(), "," if comma else ";"), encoding="utf-8", newline="")
    click.echo(_("Måltreet er eksportert til %(path)s.", path=str(path)))
