"""Editing in QGIS: a project file with the plan's editing layers, styled as the web map."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from arealweb.cli.terminal import fail
from arealweb.domain.errors import DomainError
from arealweb.http.store import current_store
from arealweb.services.database import is_current, open_store


@click.command("qgis-project")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--database-url",
    metavar="URL",
    help="The PostGIS database QGIS is to edit (default: AREALWEB_DATABASE_URL).",
)
@click.option(
    "--user",
    metavar="ROLE",
    help="The database role QGIS signs in as (default: the one in the database URL); "
    "QGIS asks for its password.",
)
@click.option(
    "--service",
    metavar="NAME",
    help="Connect through this pg_service.conf service instead of host, port and database.",
)
@click.option(
    "--with-password",
    is_flag=True,
    help="Write the database URL's password into the project (anyone with the file can "
    "then sign in).",
)
@with_appcontext
def qgis_project_command(
    path: Path, database_url: str | None, user: str | None, service: str | None, with_password: bool
) -> None:
    """Write a QGIS project (.qgs) for editing the plan: the editing layers of each kind, the
    boundary and the stations, in EPSG:25832 and styled as the web map. PostGIS only."""
    from arealweb.services.qgis_project import connection_of, write_qgis_project

    store = open_store(database_url) if database_url else current_store()
    try:
        connection_of(store, user=user, service=service, with_password=with_password)
        if not is_current(store):
            raise click.ClickException(_("databasen er ikke oppdatert; kjør «arealweb init» først"))
        summary = write_qgis_project(
            store, path, user=user, service=service, with_password=with_password, translate=_
        )
    except DomainError as error:
        fail(error)
    except OSError as error:
        raise click.ClickException(
            _("kunne ikke skrive %(path)s: %(reason)s", path=str(path), reason=error.strerror)
        ) from None
    click.echo(
        _(
            "Skrev QGIS-prosjektet %(path)s: %(layers)s fra %(database)s.",
            path=str(path),
            layers=", ".join(summary.layers),
            database=summary.service or summary.database,
        )
    )
    if summary.password_written:
        click.echo(_("Passordet står i filen: del den bare med den som skal bruke rollen."))
    elif summary.service is None:
        click.echo(
            _("Uten passord: QGIS spør etter passordet til %(user)s.", user=summary.user or "")
        )
