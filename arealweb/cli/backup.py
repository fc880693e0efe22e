"""Backing up the database to a file and restoring it from one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from arealweb.cli.terminal import BarProgress, fail
from arealweb.domain.errors import DomainError
from arealweb.http.store import current_store

if TYPE_CHECKING:
    from arealweb.services.backup import Contents


def _described(contents: Contents) -> str:
    return _(
        "%(zones)d soner, %(goals)d mål, %(accounts)d kontoer, %(comments)d innspill, "
        "%(workshops)d verksteder",
        zones=contents.zones,
        goals=contents.goals,
        accounts=contents.accounts,
        comments=contents.comments,
        workshops=contents.workshops,
    )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a backup of the whole database to PATH: the plan and its history, goals,
    comments, workshops, accounts, tokens, sessions and the audit log. Safe while the app
    serves. SQLite: a copy by SQLite's online backup; PostGIS: pg_dump --format=custom (the
    client of the server's major version must be installed)."""
    from arealweb.services.backup import backup

    try:
        made = backup(current_store(), path, progress=BarProgress())
    except DomainError as error:
        fail(error)
    click.echo(
        _(
            "Sikkerhetskopi (%(kind)s, skjemaversjon %(revision)s, %(size).1f MB) skrevet til "
            "%(path)s: %(contents)s.",
            kind=made.kind,
            revision=made.revision,
            size=made.size / 1_000_000,
            path=made.path,
            contents=_described(made.contents),
        )
    )


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force", is_flag=True, help="Replace a database that already holds a plan or accounts."
)
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Replace the database with the backup at PATH, made by `arealweb backup`, and migrate
    it to the newest schema; all or nothing. Refuses a database that holds a plan or accounts
    unless --force. Stop the app while restoring."""
    from arealweb.services.backup import restore

    try:
        done = restore(current_store(), path, force=force, progress=BarProgress())
    except DomainError as error:
        fail(error)
    click.echo(
        _(
            "Gjenopprettet fra %(path)s (skjemaversjon %(revision)s, nå %(head)s): %(contents)s.",
            path=done.path,
            revision=done.revision,
            head=done.migrated_to,
            contents=_described(done.contents),
        )
    )
    for role in done.roles_left_out:
        click.secho(
            _(
                "Rollen %(role)s finnes ikke på denne serveren; rettighetene den hadde er "
                "utelatt. Lag den med «arealweb editor-role %(role)s».",
                role=role,
            ),
            fg="yellow",
            err=True,
        )
