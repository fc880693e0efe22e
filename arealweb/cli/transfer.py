"""Moving zones and goals in and out: GeoJSON and GeoPackage, the goal tree as CSV."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from arealweb.cli.terminal import BarProgress, fail, migrated_store
from arealweb.domain.errors import DomainError, InvalidInput, StaleVersion
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.geo.files import EXPORT_CRS
from arealweb.http.i18n import new_count, translate


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
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what the import would create, update, leave unchanged and find in conflict; "
    "write nothing.",
)
@with_appcontext
def import_command(path: Path, choices: tuple[str, ...], dry_run: bool) -> None:
    """Import zones from a GIS file (.geojson, .gpkg, .fgb, .kml, zipped Shapefile): all of
    them, or none.

    A feature carrying the version it was exported from, whose zone was edited or deleted
    since, is a conflict: the import is refused with both sides shown unless --resolve chooses
    for it. A feature without version updates its zone whatever happened since."""
    from arealweb.services.import_versions import parse_resolutions
    from arealweb.services.transfer import import_zones

    config = current_app.config
    if dry_run:
        _dry_run(path)
        return
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
        ngettext(
            "Importert %(num)d sone: %(created)s, %(updated)d endret, %(unchanged)d uendret.",
            "Importert %(num)d soner: %(created)s, %(updated)d endret, %(unchanged)d uendret.",
            report.total,
            created=new_count(len(report.created)),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
        )
    )


OUTCOMES = {
    "created": N_("ny"),
    "updated": N_("endret"),
    "restored": N_("gjenopprettet"),
    "unchanged": N_("uendret"),
    "conflict": N_("konflikt"),
    "error": N_("feil"),
}


def _dry_run(path: Path) -> None:
    """Print what importing ``path`` would do, feature by feature; write nothing."""
    from arealweb.services.transfer import preview_import

    config = current_app.config
    try:
        reports = preview_import(
            migrated_store(),
            path,
            tolerance_m=config["BOUNDARY_TOLERANCE_M"],
            max_bytes=int(config["MAX_IMPORT_MB"]) * 1024 * 1024,
        )
    except DomainError as error:
        fail(error)
    counts = dict.fromkeys(OUTCOMES, 0)
    for report in reports:
        counts[report.outcome] = counts.get(report.outcome, 0) + 1
        line = f"{_(OUTCOMES.get(report.outcome, report.outcome))}: {report.where}"
        if report.zone is not None and report.outcome != "error":
            line += f" (id {report.zone.id})"
        if report.changes:
            line += " – " + ", ".join(report.changes)
        click.echo(line)
        for problem in report.problems:
            click.echo(f"  – {translate(problem)}")
        if report.conflict is not None:
            click.echo(
                "  – "
                + _(
                    "endret etter eksporten (filen: versjon %(file)s, nå: versjon %(current)s)",
                    file=report.file_version,
                    current=report.conflict.current_version,
                )
            )
    click.echo(
        _(
            "Prøvekjøring, ingenting er lagret: %(created)s, %(updated)d endret, "
            "%(unchanged)d uendret, %(conflicts)d i konflikt, %(errors)d med feil.",
            created=new_count(counts["created"]),
            updated=counts["updated"] + counts["restored"],
            unchanged=counts["unchanged"],
            conflicts=counts["conflict"],
            errors=counts["error"],
        )
    )


def _choice(text: str) -> tuple[str, str]:
    zone_id, sign, choice = text.partition("=")
    if not sign or not zone_id.strip():
        raise InvalidInput(N_("skriv --resolve ID=file|current, ikke «%(text)s»"), text=text)
    return zone_id.strip(), choice


@click.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--kind", type=click.Choice([k.value for k in ZoneKind]), help="Only zones of this kind."
)
@click.option("--goal", metavar="GOAL_ID", help="Only zones linked to this goal or one below it.")
@click.option(
    "--crs",
    type=click.Choice([str(c) for c in EXPORT_CRS]),
    help="EPSG code to write in (default: 4326 for .geojson and .kml, 25832 for the others; "
    "a .geojson in another CRS names it in a crs member).",
)
@with_appcontext
def export_command(path: Path, kind: str | None, goal: str | None, crs: str | None) -> None:
    """Export zones (.geojson, .gpkg with one layer per kind and QGIS styles, .fgb, .kml,
    zipped Shapefile) with their id, version and timestamps."""
    from arealweb.services.export import ExportFilter, export_zones

    selection = ExportFilter(
        kind=ZoneKind(kind) if kind else None,
        goal_id=goal,
        crs=int(crs) if crs else None,
    )
    try:
        count = export_zones(migrated_store(), path, progress=BarProgress(), selection=selection)
    except DomainError as error:
        fail(error)
    click.echo(
        ngettext(
            "Eksportert %(num)d sone til %(path)s.",
            "Eksportert %(num)d soner til %(path)s.",
            count,
            path=str(path),
        )
    )
    from arealweb.services.zone_download import odd_in_selection

    odd = odd_in_selection(migrated_store(), selection)
    if odd:
        click.echo(
            ngettext(
                "%(num)d sone bryter en regel og ble utelatt: %(ids)s (se siden «Soner med feil»).",
                "%(num)d soner bryter en regel og ble utelatt: %(ids)s "
                "(se siden «Soner med feil»).",
                len(odd),
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
