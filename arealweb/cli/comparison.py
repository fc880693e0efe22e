"""`arealweb scenario compare ID [ID…]`: the plan and scenarios side by side on the terminal.

The ``scenario`` group (cli/scenarios.py) adds this command as ``compare``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from flask_babel import format_decimal
from flask_babel import gettext as _

from arealweb.cli.terminal import fail, migrated_store
from arealweb.domain.errors import DomainError


@click.command("compare")
@click.argument("scenario_ids", nargs=-1, required=True, metavar="ID [ID…]")
@click.option(
    "--format",
    "form",
    type=click.Choice(("table", "csv")),
    default="table",
    show_default=True,
    help="A table to read, or CSV (semicolons, as the page's download) to open in a spreadsheet.",
)
@with_appcontext
def compare_command(scenario_ids: tuple[str, ...], form: str) -> None:
    """The plan and one to four scenarios side by side: the arealregnskap (areas in daa,
    lengths in km, EPSG:25832) and each goal indicator's value and traffic light."""
    from arealweb.services.comparison import compare, table_rows

    store = migrated_store()
    if sys.stderr.isatty():
        click.echo(_("Regner ut arealregnskapet …"), err=True)
    try:
        found = compare(store, list(scenario_ids))
    except DomainError as error:
        fail(error)
    if form == "csv":
        import csv

        header, rows = table_rows(found, _, lambda v: format_decimal(v, format="0.000"))
        writer = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    header, rows = table_rows(found, _, lambda v: format_decimal(v, format="#,##0.0"))
    for line in _table(
        [header[1], header[2], *header[3:]],
        [[r[1], r[2], *r[3:]] for r in rows],
        [r[0] for r in rows],
    ):
        click.echo(line)


def _table(header: list[str], rows: list[list[str]], groups: list[str]) -> list[str]:
    """Columns padded to their widest cell, numbers to the right; a line with each group's
    name before its rows."""
    widths = [max(len(str(row[n])) for row in [header, *rows]) for n in range(len(header))]

    def line(cells: list[str]) -> str:
        first = [str(cells[0]).ljust(widths[0]), str(cells[1]).ljust(widths[1])]
        rest = [str(c).rjust(w) for c, w in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join(first + rest).rstrip()

    lines = [line(header), "-" * len(line(header))]
    shown = None
    for group, row in zip(groups, rows, strict=True):
        if group != shown:
            lines.append(group)
            shown = group
        lines.append(line(row))
    return lines
