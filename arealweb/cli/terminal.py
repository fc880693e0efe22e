"""What every command shares: the store it may use, problems and progress on the terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from flask_babel import gettext as _

from arealweb.domain.errors import DomainError
from arealweb.http.i18n import translate
from arealweb.http.store import current_store
from arealweb.services.database import is_current

if TYPE_CHECKING:
    from arealweb.store.repository import Store


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


def fail(error: DomainError) -> None:
    """Name every problem, say that nothing changed, and exit with status 1."""
    click.secho(_("Feil:"), fg="red", err=True)
    for problem in error.problems:
        click.echo(f"  – {translate(problem)}", err=True)
    click.echo(_("Ingenting ble endret."), err=True)
    raise SystemExit(1)


def migrated_store() -> Store:
    """The app's store, once its schema is the newest; else the command stops."""
    store = current_store()
    if not is_current(store):
        raise click.ClickException(_("databasen er ikke oppdatert; kjør «arealweb init» først"))
    return store
