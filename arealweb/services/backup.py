"""Backing up the whole database to a file, and restoring it from one.

Everything round-trips: the plan with its history, goals and links, comments and their
receipts, workshops, accounts with their password hashes, tokens and sessions, and the audit
log. A backup may be taken while the app serves; a restore replaces the database all at once
or not at all, refuses a database that already holds a plan unless forced, and migrates an
older backup to the newest schema.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.services.progress import Progress, Silent
from arealweb.store.backup import (
    POSTGIS,
    SQLITE,
    Contents,
    bring_up_to_date,
    check_revision,
    contents,
    dialect_of,
    head_revision,
    kind_of_file,
    revision_of,
    sqlite_backup,
    sqlite_restore,
    sqlite_revision,
)
from arealweb.store.repository import Store

__all__ = ["Backup", "Contents", "Restored", "backup", "restore"]

_NAMES = {SQLITE: "SQLite", POSTGIS: "PostGIS"}


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    revision: str
    size: int
    contents: Contents


@dataclass(frozen=True)
class Restored:
    path: Path
    revision: str
    """The schema revision of the backup."""
    migrated_to: str
    contents: Contents
    roles_left_out: list[str] = field(default_factory=list)
    """Roles the backup granted rights to that this PostgreSQL server does not have."""


class _Steps:
    """Turns (done, total) from a copy into a progress bar's start and advances."""

    def __init__(self, progress: Progress, label: str) -> None:
        self.progress, self.label, self.done = progress, label, None

    def __call__(self, done: int, total: int) -> None:
        if self.done is None:
            self.progress.start(self.label, total)
            self.done = 0
        if done > self.done:
            self.progress.advance(done - self.done)
            self.done = done

    def finish(self) -> None:
        if self.done is not None:
            self.progress.finish()
            self.done = None


def backup(store: Store, path: Path, progress: Progress | None = None) -> Backup:
    """Write a backup of the whole database to ``path`` (replaced only once it is whole).

    SQLite: the online backup API, a consistent copy while the app goes on writing.
    PostGIS: ``pg_dump --format=custom``. InvalidInput if the database was never created."""
    engine = store.engine
    revision = revision_of(engine)
    if revision is None:
        raise InvalidInput(N_("databasen er tom; kjør «arealweb init» først"))
    steps = _Steps(progress or Silent(), N_("Sikkerhetskopierer"))
    try:
        if dialect_of(engine) == SQLITE:
            sqlite_backup(engine, path, steps)
        else:
            from arealweb.store.pgdump import pg_backup

            pg_backup(engine, path, steps)
    finally:
        steps.finish()
    return Backup(path, _NAMES[dialect_of(engine)], revision, path.stat().st_size, contents(engine))


def backup_revision(store: Store, path: Path) -> str:
    """Check that ``path`` is a backup this database can take and this code knows; its
    schema revision. Nothing is written."""
    kind, wanted = kind_of_file(path), dialect_of(store.engine)
    if kind != wanted:
        raise InvalidInput(
            N_(
                "%(path)s er en sikkerhetskopi av en %(kind)s-database, men denne databasen er "
                "%(wanted)s"
            ),
            path=str(path),
            kind=_NAMES[kind],
            wanted=_NAMES[wanted],
        )
    if kind == SQLITE:
        revision = sqlite_revision(path)
    else:
        from arealweb.store.pgdump import client_program, pg_revision, server_major

        revision = pg_revision(path, client_program("pg_restore", server_major(store.engine)))
    check_revision(revision, path)
    return revision


def _pg_restore(store: Store, path: Path, progress: Progress | None) -> list[str]:
    """Load the archive, bring it up to date and grant the editing roles again, all in the
    load's one transaction: whichever step fails, the database is left as it was. Returns the
    roles the archive named that this server lacks."""
    from arealweb.store.pgdump import pg_restore
    from arealweb.store.roles import grant_editor_role_on

    progress = progress or Silent()
    steps = _Steps(progress, N_("Gjenoppretter"))
    indexing = _Steps(progress, N_("Bygger indekser, regler og rettigheter"))

    def index(done: int, total: int) -> None:
        steps.finish()
        indexing(done, total)

    try:
        with pg_restore(store.engine, path, steps, index) as loaded:
            indexing.finish()
            bring_up_to_date(loaded.connection)
            for role in loaded.regrant:
                with suppress(InvalidInput):  # not an editing role (a superuser, the owner)
                    grant_editor_role_on(loaded.connection, role, None)
    finally:
        steps.finish()
        indexing.finish()
    return loaded.missing


def restore(
    store: Store, path: Path, force: bool = False, progress: Progress | None = None
) -> Restored:
    """Replace the database with the backup at ``path`` and migrate it to the newest schema.

    Refused (InvalidInput, nothing changed) when the file is not a backup of this kind of
    database, when its schema is newer than this code, and when the database already holds a
    plan, unless ``force``. All or nothing: a restore that fails leaves the database as it was.
    """
    engine = store.engine
    revision = backup_revision(store, path)
    there = contents(engine)
    if not there.empty and not force:
        raise InvalidInput(
            N_(
                "databasen har allerede innhold: %(zones)d soner, %(goals)d mål, "
                "%(accounts)d kontoer, %(comments)d innspill og %(workshops)d verksteder; "
                "bruk --force for å erstatte alt med sikkerhetskopien"
            ),
            zones=there.zones,
            goals=there.goals,
            accounts=there.accounts,
            comments=there.comments,
            workshops=there.workshops,
        )
    left_out: list[str] = []
    try:
        if dialect_of(engine) == SQLITE:
            sqlite_restore(engine, path)
        else:
            left_out = _pg_restore(store, path, progress)
    finally:
        engine.dispose()  # pooled connections may hold the old schema's prepared statements
    return Restored(path, revision, head_revision(), contents(engine), left_out)
