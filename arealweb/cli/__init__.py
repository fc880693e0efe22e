"""The ``arealweb`` command: a Flask CLI group over :func:`arealweb.app.create_app`.

arealweb init              create the database or migrate it to the newest schema
arealweb load-demo         load the demo dataset from geodata/ (idempotent)
arealweb serve             serve in production: gunicorn, workers × threads (--host, --port)
arealweb run               the development server (--host, --port)
arealweb boundary PATH     replace the municipal boundary (or --fetch from Geonorge)
arealweb editor-role NAME  a PostGIS login that edits zones in QGIS only through the views
arealweb import PATH       import zones from GeoJSON or GeoPackage, all or nothing
arealweb export PATH       export zones to GeoJSON (WGS84) or GeoPackage (EPSG:25832)
arealweb qgis-project OUT  a QGIS project for editing the plan's layers in QGIS (PostGIS)
arealweb analyse WHAT      areas, conflicts, coverage, stations or corridors
arealweb settings          list every AREALWEB_* setting with its value and help
arealweb user …            accounts: create, password, role, (de)activate, tokens, revoke-token
arealweb audit             the audit log of sign-ins and changes to accounts
arealweb backup PATH       a backup of the whole database (SQLite online backup or pg_dump)
arealweb restore PATH      replace the database with a backup, all or nothing (--force)

Each command group lives in its own module; this one only assembles them.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from arealweb.app import create_app
from arealweb.cli import (
    analysis,
    audit,
    backup,
    database,
    participation,
    qgis,
    serve,
    settings,
    transfer,
    users,
)
from arealweb.settings import SettingsError


def _create_app():
    try:
        return create_app()
    except SettingsError as error:
        raise click.ClickException(f"ugyldig innstilling: {error}") from None  # no app: no Babel


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """arealweb: Bærum's long-term land-use strategy on a map, tied to the plan's goals."""


for command in (
    database.init_command,
    database.load_demo_command,
    database.boundary_command,
    database.editor_role_command,
    transfer.import_command,
    transfer.export_command,
    transfer.export_goals_command,
    qgis.qgis_project_command,
    analysis.analyse_command,
    analysis.report_command,
    analysis.map_command,
    participation.purge_personal_command,
    serve.serve_command,
    settings.settings_command,
    users.user_group,
    users.token_group,
    audit.audit_command,
    backup.backup_command,
    backup.restore_command,
):
    main.add_command(command)
