"""The ``arealweb`` command: a Flask CLI group over :func:`arealweb.app.create_app`.

arealweb init              create the database or migrate it to the newest schema
arealweb load-demo         load the demo dataset from geodata/ (idempotent)
arealweb serve             serve in production: gunicorn, workers × threads (--host, --port)
arealweb run               the development server (--host, --port)
arealweb boundary PATH     replace the municipal boundary (or --fetch from Geonorge)
arealweb places PATH       load Kartverket's place names for the search (--replace)
arealweb editor-role NAME  a PostGIS login that edits zones in QGIS only through the views
arealweb import PATH       import zones from GeoJSON or GeoPackage, all or nothing
arealweb export PATH       export zones to GeoJSON (WGS84) or GeoPackage (EPSG:25832)
arealweb qgis-project OUT  a QGIS project for editing the plan's layers in QGIS (PostGIS)
arealweb analyse WHAT      areas, conflicts, coverage, stations or corridors
arealweb send-mail         send the answers' mail that is due (--every SECONDS keeps on)
arealweb settings          list every AREALWEB_* setting with its value and help
arealweb user …            accounts: create, password, role, (de)activate, tokens, revoke-token
arealweb audit             the audit log of sign-ins and changes to accounts
arealweb backup PATH       a backup of the whole database (SQLite online backup or pg_dump)
arealweb restore PATH      replace the database with a backup, all or nothing (--force)
arealweb scenario …        scenarios: list, show, new, import, from-workshop, resolve, promote,
                           compare

Each command group lives in its own module; this one only names them. A command's module is
imported when the command runs or shows its own help, so `arealweb --help` imports no map,
data-frame or database library (tests/cli/test_startup.py holds that).
"""

from __future__ import annotations

import importlib

import click
from flask.cli import FlaskGroup

COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": (
        "database",
        "init_command",
        "Create the database, or migrate it to the newest schema.",
    ),
    "load-demo": (
        "database",
        "load_demo_command",
        "Load the demo dataset from geodata/; running it again changes nothing.",
    ),
    "serve": (
        "serve",
        "serve_command",
        "Serve arealweb in production: gunicorn with WORKERS processes of THREADS threads.",
    ),
    "boundary": (
        "database",
        "boundary_command",
        "Replace the municipal boundary with one read from PATH, or --fetch it from Geonorge.",
    ),
    "places": (
        "places",
        "places_command",
        "Load the place names in PATH (Kartverket's Stedsnavn, GeoJSON or GML) that lie inside "
        "the municipality, beside the gazetteer or, with --replace, instead of it; all or nothing.",
    ),
    "editor-role": (
        "database",
        "editor_role_command",
        "Create or update the PostGIS login role NAME that edits zones in QGIS only through the "
        "views of the schema editing, and reads the boundary and the stations.",
    ),
    "import": (
        "transfer",
        "import_command",
        "Import zones from a GIS file (.geojson, .gpkg, .fgb, .kml, zipped Shapefile): all of "
        "them, or none.",
    ),
    "export": (
        "transfer",
        "export_command",
        "Export zones (.geojson, .gpkg with one layer per kind and QGIS styles, .fgb, .kml, "
        "zipped Shapefile) with their id, version and timestamps.",
    ),
    "export-goals": (
        "transfer",
        "export_goals_command",
        "Export the goal tree as CSV (semicolons and a BOM, as Norwegian Excel expects).",
    ),
    "qgis-project": (
        "qgis",
        "qgis_project_command",
        "Write a QGIS project (.qgs) for editing the plan: the editing layers of each kind, the "
        "boundary and the stations, in EPSG:25832 and styled as the web map.",
    ),
    "analyse": (
        "analysis",
        "analyse_command",
        "Areas, conflicts, coverage, nearness to stations or the corridor network (EPSG:25832).",
    ),
    "report": (
        "analysis",
        "report_command",
        "The golden-thread report as PDF, with a map per main goal.",
    ),
    "map": (
        "analysis",
        "map_command",
        "The plan as a printed map: PNG or PDF by the file's extension, on A4 or A3.",
    ),
    "purge-personal": (
        "participation",
        "purge_personal_command",
        "Forget names, age groups and groups of comments older than AREALWEB_PERSONAL_DATA_DAYS.",
    ),
    "send-mail": (
        "participation",
        "send_mail_command",
        "Send the outbox's mail (the answers to comments whose authors gave an e-mail address) "
        "through AREALWEB_MAIL_HOST; --every SECONDS keeps sending.",
    ),
    "settings": (
        "settings",
        "settings_command",
        "List every AREALWEB_* setting with its current value and what it does.",
    ),
    "user": (
        "users",
        "user_group",
        "Accounts: users, passwords, roles, deactivation and API tokens.",
    ),
    "token": (
        "users",
        "token_group",
        "Personal API tokens for scripts and QGIS (sent as Authorization: Bearer).",
    ),
    "audit": (
        "audit",
        "audit_command",
        "Show the audit log: when (local time), who, what, for whom, details (tab-separated).",
    ),
    "backup": (
        "backup",
        "backup_command",
        "Write a backup of the whole database to PATH: the plan and its history, goals, "
        "comments, workshops, accounts, tokens, sessions and the audit log.",
    ),
    "scenario": (
        "scenarios",
        "scenario_group",
        "Scenarios: drafts of the plan, compared with it and promoted into it all at once.",
    ),
    "restore": (
        "backup",
        "restore_command",
        "Replace the database with the backup at PATH, made by `arealweb backup`, and migrate it "
        "to the newest schema; all or nothing.",
    ),
}
"""Each command: the module of arealweb.cli that holds it, its name there, and its help line
(the first sentence of its docstring; a test keeps the two the same)."""


def _create_app():
    from arealweb.app import create_app  # every blueprint: only for a command that runs
    from arealweb.settings import SettingsError

    try:
        return create_app()
    except SettingsError as error:
        raise click.ClickException(f"ugyldig innstilling: {error}") from None  # no app: no Babel


class _Commands(FlaskGroup):
    """Flask's group (run, shell, routes), with arealweb's commands imported when used.

    Flask's own group builds the app to list the commands an app may add (arealweb's adds
    none), and click imports every command to print its help line: either would import every
    blueprint, service and map library just to print a list.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted({*click.Group.list_commands(self, ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, attribute, _ = COMMANDS[name]
            command = getattr(importlib.import_module(f"arealweb.cli.{module}"), attribute)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = []
        for name in self.list_commands(ctx):
            if name in COMMANDS and name not in self.commands:
                rows.append((name, click.utils.make_default_short_help(COMMANDS[name][2], limit)))
            elif (command := self.get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Commands, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """arealweb: Bærum's long-term land-use strategy on a map, tied to the plan's goals."""
