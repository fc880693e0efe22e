"""The ``arealweb`` command: a Flask CLI group over :func:`arealweb.app.create_app`.

arealweb init              create the database or migrate it to the newest schema
arealweb load-demo         load the demo dataset from geodata/ (idempotent)
arealweb run               serve (--host, --port)
arealweb boundary PATH     replace the municipal boundary (or --fetch from Geonorge)
arealweb import PATH       import zones from GeoJSON or GeoPackage, all or nothing
arealweb export PATH       export zones to GeoJSON (WGS84) or GeoPackage (EPSG:25832)
arealweb settings          list every AREALWEB_* setting with its value and help
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import gettext as _

from arealweb import settings as settings_registry
from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.domain.errors import DomainError
from arealweb.extensions import current_store
from arealweb.i18n import translate
from arealweb.services.accounts import create_token, create_user, set_password
from arealweb.settings import SettingsError
from arealweb.store.database import migrate, schema_is_current


class BarProgress:
    """Progress shown as a bar on the terminal (and nothing when output is not a terminal)."""

    def __init__(self) -> None:
        self.bar = None

    def start(self, label: str, total: int) -> None:
        self.bar = click.progressbar(length=total, label=_(label), file=sys.stderr)
        self.bar.__enter__()

    def advance(self, steps: int = 1) -> None:
        self.bar.update(steps)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _fail(error: DomainError) -> None:
    click.secho(_("Feil:"), fg="red", err=True)
    for problem in error.problems:
        click.echo(f"  – {translate(problem)}", err=True)
    click.echo(_("Ingenting ble endret."), err=True)
    raise SystemExit(1)


def _store():
    store = current_store()
    if not schema_is_current(store.engine):
        raise click.ClickException(_("databasen er ikke oppdatert; kjør «arealweb init» først"))
    return store


def _create_app():
    try:
        return create_app()
    except SettingsError as error:
        raise click.ClickException(f"ugyldig innstilling: {error}") from None  # no app: no Babel


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """arealweb: Bærum's long-term land-use strategy on a map, tied to the plan's goals."""


@main.command("init")
@with_appcontext
def init_command() -> None:
    """Create the database, or migrate it to the newest schema."""
    store = current_store()
    before, after = migrate(store.engine)
    url = store.engine.url.render_as_string(hide_password=True)
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


@main.command("load-demo")
@with_appcontext
def load_demo_command() -> None:
    """Load the demo dataset from geodata/; running it again changes nothing."""
    from arealweb.services.demo import load_demo

    try:
        counts = load_demo(
            _store(), tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"], progress=BarProgress()
        )
    except DomainError as error:
        _fail(error)
    click.echo(
        _(
            "Demodata: %(created)d nye, %(updated)d endret, %(unchanged)d uendret.",
            created=counts["created"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
        )
    )


@main.command("boundary")
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
        report = replace_boundary(_store(), new, config["BOUNDARY_TOLERANCE_M"])
    except DomainError as error:
        _fail(error)
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


@main.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def import_command(path: Path) -> None:
    """Import zones from a GeoJSON or GeoPackage file: all of them, or none."""
    from arealweb.services.transfer import import_zones

    config = current_app.config
    try:
        report = import_zones(
            _store(),
            path,
            tolerance_m=config["BOUNDARY_TOLERANCE_M"],
            max_bytes=int(config["MAX_IMPORT_MB"]) * 1024 * 1024,
            actor=f"import:{getpass.getuser()}",
            progress=BarProgress(),
        )
    except DomainError as error:
        _fail(error)
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


@main.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def export_command(path: Path) -> None:
    """Export every zone: .geojson in WGS84, .gpkg in EPSG:25832 with one layer per kind."""
    from arealweb.services.transfer import export_zones

    try:
        count = export_zones(_store(), path, progress=BarProgress())
    except DomainError as error:
        _fail(error)
    click.echo(_("Eksportert %(count)d soner til %(path)s.", count=count, path=str(path)))


@main.command("export-goals")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--comma", is_flag=True, help="Commas instead of semicolons.")
@with_appcontext
def export_goals_command(path: Path, comma: bool) -> None:
    """Export the goal tree as CSV (semicolons and a BOM, as Norwegian Excel expects)."""
    from arealweb.services.spreadsheets import goal_csv

    path.write_text(goal_csv(_store(), "," if comma else ";"), encoding="utf-8", newline="")
    click.echo(_("Måltreet er eksportert til %(path)s.", path=str(path)))


ANALYSES = ("areas", "conflicts", "coverage", "stations", "corridors")


@main.command("analyse")
@click.argument("what", type=click.Choice(ANALYSES))
@click.option("--json", "as_json", is_flag=True, help="The API's JSON instead of a table.")
@with_appcontext
def analyse_command(what: str, as_json: bool) -> None:
    """Areas, conflicts, coverage, nearness to stations or the corridor network (EPSG:25832)."""
    import json

    from arealweb.api import analysis as bodies
    from arealweb.geo.geojson import dumps
    from arealweb.services import analysis

    found = analysis.plan(_store())
    body = {
        "areas": lambda: bodies.areas_body(found),
        "conflicts": lambda: bodies.conflicts_body(found),
        "coverage": lambda: bodies.coverage_body(found),
        "stations": lambda: bodies.stations_body(found, (500, 1000), True),
        "corridors": lambda: bodies.corridors_body(found, 100, 500),
    }[what]()
    body = json.loads(dumps(body))  # map layers arrive as pre-serialised GeoJSON
    if as_json:
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    for line in _analysis_lines(what, body):
        click.echo(line)


def _analysis_lines(what: str, body: dict) -> list[str]:
    """The analysis as the terminal shows it: one line per row, areas in daa."""
    if what == "areas":
        rows = [(_("Type"), body["by_kind"]), (_("Kategori"), body["by_category"])]
        rows.append((_("Hovedmål"), body["by_main_goal"]))
        lines = []
        for heading, group in rows:
            lines.append(heading)
            for row in group:
                name = row.get("title") or row["key"]
                lines.append(
                    f"  {name[:50]:<50} {row['zones']:>4}  {row['area_daa']:>12,.1f} daa"
                    f"  {row['length_m'] / 1000:>8,.1f} km"
                )
        return lines
    if what == "conflicts":
        lines = [_("Overlapp i alt: %(daa).1f daa", daa=body["area_daa"])]
        lines += [
            f"  {c['development_name'][:30]:<30} × {c['protection_name'][:30]:<30} "
            f"{c['area_daa']:>9,.1f} daa ({c['category']})"
            for c in body["conflicts"]
        ]
        lines.append(_("Korridorer gjennom vernet areal:"))
        lines += [
            f"  {c['corridor_name'][:30]:<30} × {c['protection_name'][:30]:<30} "
            f"{c['length_m']:>7,.0f} m"
            for c in body["crossings"]
        ]
        return lines
    if what == "coverage":
        lines = [
            f"{level['level']:<14} {level['with_zones']}/{level['total']}  "
            + ", ".join(g["id"] for g in level["goals_without_zones"])
            for level in body["levels"]
        ]
        lines.append(_("Soner uten mål: %(count)d", count=len(body["zones_without_goals"])))
        lines += [
            f"  {c['goal_id']} ← {c['development_id']} × {c['protection_id']} "
            f"{c['area_daa']:,.1f} daa"
            for c in body["contradictions"]
        ]
        return lines
    if what == "stations":
        lines = [
            _(
                "%(share).0f %% av utbyggingsarealet innen %(m)d m",
                share=100 * w["share"],
                m=w["distance_m"],
            )
            for w in body["within"]
        ]
        lines += [
            f"  {z['name'][:30]:<30} "
            + "  ".join(f"{100 * w['share']:>5.0f} %" for w in z["within"])
            for z in body["zones"]
        ]
        return lines
    lines = [
        f"{c['category']:<16} {c['length_m'] / 1000:>8,.1f} km" for c in body["length_by_category"]
    ]
    lines.append(_("Brudd i nettet: %(count)d", count=len(body["gaps"]["features"])))
    lines += [f"  {u['name']}: {u['distance_m']:,.0f} m" for u in body["unreached"]]
    return lines


@main.command("report")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def report_command(path: Path) -> None:
    """The golden-thread report as PDF, with a map per main goal."""
    from flask_babel import get_locale

    from arealweb.services import analysis
    from arealweb.services.thread_report import golden_thread, thread_report_pdf

    report = golden_thread(analysis.plan(_store()))
    pdf = thread_report_pdf(report, _, str(get_locale()), progress=BarProgress())
    path.write_bytes(pdf)
    click.echo(_("Rapporten er skrevet til %(path)s.", path=str(path)))


@main.command("map")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--goal", help="Highlight the zones that realise this goal (an id).")
@with_appcontext
def map_command(path: Path, goal: str | None) -> None:
    """The plan as a static map: PNG or PDF by the file's extension."""
    from arealweb.services import analysis
    from arealweb.services.thread_report import export_map

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "pdf"):
        raise click.ClickException(_("kartet kan lagres som .png eller .pdf"))
    try:
        path.write_bytes(export_map(analysis.plan(_store()), goal, fmt, _))
    except DomainError as error:
        _fail(error)
    click.echo(_("Kartet er skrevet til %(path)s.", path=str(path)))


@main.command("purge-personal")
@with_appcontext
def purge_personal_command() -> None:
    """Forget names, age groups and groups of comments older than AREALWEB_PERSONAL_DATA_DAYS."""
    from arealweb.services.participation import purge_personal

    count = purge_personal(_store(), int(current_app.config["PERSONAL_DATA_DAYS"]))
    click.echo(_("Personopplysninger er slettet fra %(count)d innspill.", count=count))


@main.command("settings")
@with_appcontext
def settings_command() -> None:
    """List every AREALWEB_* setting with its current value and what it does."""
    for setting in settings_registry.SETTINGS:
        value = current_app.config[setting.name]
        if setting.name == "SECRET_KEY":
            value = _("(skjult)")
        click.echo(f"{setting.variable} = {value}")
        click.echo(f"    {setting.help}")


@main.group("user")
def user_group() -> None:
    """Accounts: create users and set passwords."""


@user_group.command("create")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin, planner (edits the plan) or council (workshops).",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def user_create(name: str, role: str, password_stdin: bool) -> None:
    """Create the user NAME with a ROLE; the password is asked for (or read from stdin)."""
    password = _password(password_stdin)
    try:
        user = create_user(_store(), name, Role(role), password)
    except DomainError as error:
        _fail(error)
    click.echo(
        _(
            "Brukeren %(name)s er opprettet med rollen %(role)s.",
            name=user.name,
            role=user.role.value,
        )
    )


@user_group.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def user_password(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME."""
    try:
        set_password(_store(), name, _password(password_stdin))
    except DomainError as error:
        _fail(error)
    click.echo(_("Nytt passord er satt for %(name)s.", name=name))


@user_group.command("list")
@with_appcontext
def user_list() -> None:
    """List the users and their roles."""
    with _store().read() as repo:
        for user in repo.accounts.users():
            state = "" if user.active else _(" (deaktivert)")
            click.echo(f"{user.name}\t{user.role.value}{state}")


@main.group("token")
def token_group() -> None:
    """Personal API tokens for scripts and QGIS (sent as Authorization: Bearer)."""


@token_group.command("create")
@click.argument("name")
@click.option("--label", default="", help="What the token is for, e.g. 'QGIS on my laptop'.")
@with_appcontext
def token_create(name: str, label: str) -> None:
    """Create an API token for the user NAME and print it (it is shown only this once)."""
    try:
        token = create_token(_store(), name, label)
    except DomainError as error:
        _fail(error)
    click.echo(token)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(_("Passord"), hide_input=True, confirmation_prompt=True)
