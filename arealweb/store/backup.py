"""Backups of the whole database: what a backup file is, what a database holds, and SQLite's
side of copying one out and back in (PostGIS's side is :mod:`.pgdump`).

A backup is a copy of the database as it stood at one moment: an SQLite file made with SQLite's
online backup API, or a ``pg_dump --format=custom`` archive. Both carry the Alembic revision of
their schema, so a restore can refuse one newer than this code and migrate an older one up.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.store.database import alembic_config, create_engine, migrate_on
from arealweb.store.participation import ParticipationRepository

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"
SQLITE, POSTGIS = "sqlite", "postgis"

STEP_PAGES = 1024
"""Pages copied per step of SQLite's online backup (4 MB at the default page size)."""

Advance = Callable[[int, int], None]
"""Told (done, total) as a copy goes on."""


@dataclass(frozen=True)
class Contents:
    """What a database holds of a plan, for messages and for the refusal to overwrite it."""

    zones: int = 0
    goals: int = 0
    accounts: int = 0
    comments: int = 0
    workshops: int = 0

    @property
    def empty(self) -> bool:
        return not (self.zones or self.goals or self.accounts or self.comments or self.workshops)


def dialect_of(engine: sa.Engine) -> str:
    return POSTGIS if engine.url.get_backend_name() == "postgresql" else SQLITE


def contents(engine: sa.Engine) -> Contents:
    """Count live zones, goals, accounts, comments and workshops (0 for a table not there)."""
    if dialect_of(engine) == SQLITE and not sqlite_path(engine).exists():
        return Contents()  # connecting would make the file
    counts = {}
    queries = {
        "zones": "SELECT count(*) FROM zones WHERE deleted_at IS NULL",
        "goals": "SELECT count(*) FROM goals",
        "accounts": "SELECT count(*) FROM users",
        "comments": "SELECT count(*) FROM comments",
        "workshops": "SELECT count(*) FROM workshops",
    }
    with engine.connect() as connection:
        present = set(sa.inspect(connection).get_table_names())
        for name, query in queries.items():
            table = query.split(" FROM ")[1].split()[0]
            counts[name] = connection.execute(sa.text(query)).scalar() if table in present else 0
    return Contents(**counts)


def revision_of(engine: sa.Engine) -> str | None:
    """The schema revision of a database; None when it was never created."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def kind_of_file(path: Path) -> str:
    """SQLITE or POSTGIS by the file's first bytes; InvalidInput for anything else."""
    if not path.is_file():
        raise InvalidInput(N_("fant ikke filen %(path)s"), path=str(path))
    with path.open("rb") as file:
        head = file.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return SQLITE
    if head.startswith(PG_CUSTOM_HEADER):
        return POSTGIS
    raise InvalidInput(
        N_(
            "%(path)s er ikke en sikkerhetskopi fra «arealweb backup» (verken en SQLite-fil "
            "eller et arkiv fra pg_dump --format=custom)"
        ),
        path=str(path),
    )


def check_revision(revision: str | None, path: Path) -> None:
    """Refuse a backup without a schema revision, or with one this code does not know (made by
    a newer arealweb): it could not be migrated, only misread."""
    if revision is None:
        raise InvalidInput(
            N_("%(path)s er ikke en sikkerhetskopi av arealweb: den har ingen skjemaversjon"),
            path=str(path),
        )
    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise InvalidInput(
            N_(
                "sikkerhetskopien %(path)s har skjemaversjon %(revision)s, som er nyere enn "
                "denne versjonen av arealweb kjenner (%(head)s); oppdater arealweb først"
            ),
            path=str(path),
            revision=revision,
            head=head_revision(),
        )


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def sqlite_path(engine: sa.Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise InvalidInput(N_("en SQLite-database i minnet kan ikke sikkerhetskopieres"))
    return Path(database)


def private_file(path: Path) -> Path:
    """An empty file at ``path`` that only its owner may read: a backup holds password hashes,
    tokens' hashes and citizens' names."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def sqlite_backup(engine: sa.Engine, target: Path, advance: Advance) -> None:
    """Copy the SQLite database to ``target`` with the online backup API, a few pages a step.

    One read transaction is held on the source for the whole copy: in WAL mode the app goes on
    writing meanwhile, and the copy is the database as it stood when the transaction began (a
    write between steps would otherwise restart the copy, forever under steady writing). The
    copy is written beside ``target`` and renamed into place when it is whole."""
    source_path = sqlite_path(engine)
    if not source_path.is_file():
        raise InvalidInput(N_("databasen %(path)s finnes ikke"), path=str(source_path))
    if target.resolve() == source_path.resolve():
        raise InvalidInput(
            N_("sikkerhetskopien kan ikke skrives over selve databasen (%(path)s)"),
            path=str(target),
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = private_file(target.with_name(f".{target.name}.partial"))
    try:
        with (
            closing(sqlite3.connect(source_path, timeout=30)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(
                copy,
                pages=STEP_PAGES,
                progress=lambda _status, remaining, total: advance(total - remaining, total),
            )
            source.rollback()
            # One self-contained file: no -wal beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def sqlite_revision(path: Path) -> str | None:
    """The schema revision inside an SQLite backup, read without changing the file."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                return None
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise InvalidInput(
            N_("%(path)s er ikke en sikkerhetskopi fra «arealweb backup»: filen er skadet"),
            path=str(path),
        ) from None
    return row[0] if row else None


def _check_whole(copy: Path, backup: Path) -> None:
    """Refuse a damaged file (cut short, overwritten) before it is migrated or restored."""
    try:
        with closing(sqlite3.connect(copy)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError:
        verdict = None
    if verdict != "ok":
        raise InvalidInput(
            N_("%(path)s er ikke en sikkerhetskopi fra «arealweb backup»: filen er skadet"),
            path=str(backup),
        )


def bring_up_to_date(connection: sa.Connection) -> None:
    """In a restore's transaction, before it commits: migrate the backup to the newest schema
    and move the comments' revision far on (the backup's is older than the one running servers
    and browsers have seen, and no ETag or cached body of the replaced comments may match the
    restored ones). A migration the backup's contents refuse is InvalidInput."""
    try:
        migrate_on(connection)
    except sa.exc.DBAPIError as error:
        diag = getattr(error.orig, "diag", None)
        raise InvalidInput(
            N_(
                "sikkerhetskopien kunne ikke oppgraderes til skjemaversjonen denne versjonen av "
                "arealweb bruker (%(head)s): %(detail)s"
            ),
            head=head_revision(),
            detail=getattr(diag, "message_primary", None) or str(error.orig).splitlines()[0],
        ) from None
    ParticipationRepository(connection).leap_revision()


def sqlite_restore(engine: sa.Engine, backup: Path) -> None:
    """Replace the SQLite database with the backup, migrated to the newest schema, all at once.

    The backup is copied and migrated beside the database first; only a copy that migrated is
    written into the database, by the backup API in one step, which is one transaction on the
    target: readers see the old database or the new one, and a failure leaves the old."""
    target = sqlite_path(engine)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".restore-") as folder:
        work = Path(folder) / "restore.sqlite3"
        shutil.copyfile(backup, work)
        _check_whole(work, backup)
        scratch = create_engine(f"sqlite:///{work}")
        try:
            with scratch.begin() as connection:
                bring_up_to_date(connection)
            with scratch.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            scratch.dispose()
        with (
            closing(sqlite3.connect(work)) as source,
            closing(sqlite3.connect(target, timeout=30)) as database,
        ):
            source.backup(database)
