"""PostGIS's side of backups: ``pg_dump --format=custom`` out, ``pg_restore``'s script back
in on arealweb's own connection, in one transaction with the steps after it.

The client programs must be of the server's major version (pg_dump refuses a newer server, and
an archive from a newer pg_dump cannot be read by an older pg_restore): they are looked for in
Debian's ``/usr/lib/postgresql/<major>/bin`` (where ``scripts/postgis.sh`` finds them), then on
``PATH``. The connection reaches them through libpq's environment (``PGHOST``, ``PGPASSWORD``
…), never through their command line, which any user of the machine can read in ``ps``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import sqlalchemy as sa

from arealweb.domain.errors import InvalidInput
from arealweb.domain.text import N_
from arealweb.store.backup import Advance, private_file

DEBIAN_CLIENTS = "/usr/lib/postgresql/{major}/bin"
"""Where Debian's postgresql-client-<major> puts its programs."""

_LIBPQ_QUERY = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "application_name": "PGAPPNAME",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}

_DROP_ALL = """
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS editing CASCADE;
DO $drop$
DECLARE r record;
BEGIN
  -- Every table, view, sequence, function and hand-made type (enum, domain, range, composite)
  -- of public that no extension owns (PostGIS's stay): tables first, types last.
  FOR r IN
    SELECT o.kind, o.name FROM (
      SELECT 1 AS step, 'pg_class'::regclass AS catalog, c.oid,
             CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                            WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind,
             format('%I.%I', n.nspname, c.relname) AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      UNION ALL
      SELECT 2, 'pg_proc'::regclass, p.oid, 'FUNCTION', p.oid::regprocedure::text
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public'
      UNION ALL
      SELECT 3, 'pg_type'::regclass, t.oid,
             CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
             format('%I.%I', n.nspname, t.typname)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public'
         AND (t.typtype IN ('e', 'd', 'r')
              OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c
                                               WHERE c.oid = t.typrelid AND c.relkind = 'c')))
    ) o
    WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                       WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype = 'e')
    ORDER BY o.step
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', r.kind, r.name);
  END LOOP;
END
$drop$;
RESET client_min_messages;
"""
"""What a restore removes first, in the restore's own transaction: the tables, views,
functions and types of ``public`` and the schema ``editing``; never PostGIS's own objects.
Other schemas the backup holds go too (:func:`_drop_schemas`); the rest are left."""


def server_major(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SHOW server_version_num")).scalar()) // 10000


def _major_of(program: str) -> int | None:
    try:
        out = subprocess.run(
            [program, "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\s(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def client_program(name: str, major: int) -> str:
    """The path of ``name`` (pg_dump, pg_restore) for a server of version ``major``."""
    debian = Path(DEBIAN_CLIENTS.format(major=major)) / name
    if debian.is_file() and _major_of(str(debian)) == major:
        return str(debian)
    on_path = shutil.which(name)
    if on_path is None:
        raise InvalidInput(
            N_(
                "fant ikke %(program)s: installer PostgreSQL-klienten av samme hovedversjon "
                "som serveren (Debian: apt-get install postgresql-client-%(major)d)"
            ),
            program=name,
            major=major,
        )
    found = _major_of(on_path)
    if found != major:
        raise InvalidInput(
            N_(
                "%(program)s (%(path)s) er fra PostgreSQL %(found)s, men serveren er "
                "PostgreSQL %(major)d: installer postgresql-client-%(major)d"
            ),
            program=name,
            path=on_path,
            found=found if found is not None else "?",
            major=major,
        )
    return on_path


def libpq_environment(url: sa.URL) -> dict[str, str]:
    """The process environment with the database's connection in libpq's variables."""
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[key] = str(value)
    for key, value in url.query.items():
        if key in _LIBPQ_QUERY:
            env[_LIBPQ_QUERY[key]] = value if isinstance(value, str) else value[0]
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _failed(program: str, stderr: str) -> InvalidInput:
    lines = [line for line in stderr.splitlines() if line.strip() and ": error:" in line]
    detail = "; ".join(lines[-3:]) or stderr.strip()[-500:] or "?"
    return InvalidInput(
        N_("%(program)s mislyktes: %(detail)s"), program=program, detail=detail.strip()
    )


def _table_count(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            sa.text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN "
                "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
            )
        ).scalar()


def _follow(process: subprocess.Popen, marker: str, total: int, advance: Advance) -> str:
    """Read a client program's --verbose lines, advancing at each table; the rest is kept."""
    kept, done, prefix = [], 0, f"{Path(process.args[0]).name}: "
    for raw in process.stderr:
        line = raw if isinstance(raw, str) else raw.decode(errors="replace")
        if marker in line:
            done = min(done + 1, total)
            advance(done, total)
        elif not line.startswith(prefix) or ": error:" in line or ": warning:" in line:
            kept.append(line)
    return "".join(kept)


class _Follower(threading.Thread):
    """:func:`_follow` in a thread, while the main thread moves the data."""

    def __init__(self, process: subprocess.Popen, marker: str, total: int, advance: Advance):
        super().__init__(daemon=True)
        self.args_ = (process, marker, total, advance)
        self.kept = ""
        self.start()

    def run(self) -> None:
        self.kept = _follow(*self.args_)


def pg_backup(engine: sa.Engine, target: Path, advance: Advance) -> None:
    """Dump the database into ``target`` with ``pg_dump --format=custom``; the archive is
    written beside it and renamed into place when pg_dump has finished."""
    pg_dump = client_program("pg_dump", server_major(engine))
    total = _table_count(engine)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = private_file(target.with_name(f".{target.name}.partial"))
    try:
        process = subprocess.Popen(
            [pg_dump, "--format=custom", "--verbose", f"--file={partial}"],
            env=libpq_environment(engine.url),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        errors = _follow(process, "dumping contents of table", total, advance)
        if process.wait() != 0:
            raise _failed("pg_dump", errors)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _run(program: str, *args: str) -> str:
    result = subprocess.run([program, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise _failed(Path(program).name, result.stderr)
    return result.stdout


def pg_revision(path: Path, pg_restore: str) -> str | None:
    """The schema revision inside a pg_dump archive (the rows of ``alembic_version``)."""
    script = _run(pg_restore, "--data-only", "--table=alembic_version", "--file=-", str(path))
    rows = re.search(r"^COPY \S*alembic_version .*FROM stdin;\n(.*?)^\\\.$", script, re.M | re.S)
    values = rows.group(1).split() if rows else []
    return values[0] if values else None


def _granted_roles(path: Path, pg_restore: str, acl_list: Path) -> set[str]:
    script = _run(pg_restore, f"--use-list={acl_list}", "--file=-", str(path))
    names = re.findall(r"^(?:GRANT|REVOKE) .* (?:TO|FROM) (.+);$", script, re.M)
    roles = set()
    for name in names:
        for role in name.split(","):
            role = role.strip().strip('"')
            if role and role.upper() != "PUBLIC":
                roles.add(role)
    return roles


_LARGE_OBJECT = re.compile(r"\d+; \d+ \d+ (?:BLOBS?|BLOB METADATA|LARGE OBJECTS?) ")
"""A large object's entry in an archive's table of contents (pg_dump 15 to 17's names): its
script commits on its own, mid-transaction."""


@contextmanager
def _lists(path: Path, pg_restore: str) -> Iterator[tuple[Path, Path, int]]:
    """The archive's table of contents without the comment on the PostGIS extension (only
    its owner may set it), its ACL entries alone, and the number of tables with data."""
    toc = _run(pg_restore, "--list", str(path)).splitlines()
    if any(_LARGE_OBJECT.match(line) for line in toc):
        raise InvalidInput(
            N_(
                "%(path)s inneholder store objekter (large objects), som arealweb aldri lager; "
                "den kan ikke gjenopprettes i én transaksjon, så gjenopprett den med pg_restore"
            ),
            path=str(path),
        )
    with tempfile.TemporaryDirectory(prefix="arealweb-restore-") as folder:
        restore, acl = Path(folder) / "restore.list", Path(folder) / "acl.list"
        kept = [line for line in toc if " COMMENT - EXTENSION " not in line]
        restore.write_text("\n".join(kept) + "\n")
        acl.write_text("\n".join(line for line in toc if " ACL " in line) + "\n")
        yield restore, acl, sum(" TABLE DATA " in line for line in toc)


@dataclass(frozen=True)
class Loaded:
    """An archive loaded in a transaction not yet committed (:func:`pg_restore`)."""

    connection: sa.Connection
    """The transaction's connection, for the steps that must commit with the data."""
    missing: list[str]
    """Roles the archive grants rights to that this server does not have."""
    regrant: list[str]
    """Roles present whose grants were left out with the missing ones', to grant again."""


@contextmanager
def pg_restore(
    engine: sa.Engine, path: Path, advance: Advance, indexing: Advance
) -> Iterator[Loaded]:
    """Replace arealweb's objects in the database with the archive's, in one transaction: what
    was there is dropped and the archive loaded; the caller's steps inside the ``with`` (the
    migration of an older archive, grants, the comments' revision) run in the same transaction,
    which commits when the block ends well. Any failure, or the process cut short, rolls back
    to the database as it was. Owners become the connecting user.

    ``pg_restore`` turns the archive into SQL, which is run here on arealweb's own connection
    (not by ``psql``, whose session could not take the steps after it), a section at a time:
    the definitions before the data as one script, then the data — each table's rows through
    ``COPY`` —, then the indexes, constraints, triggers and grants as one script. Only the data
    section is read line by line: it holds nothing but pg_restore's own lines and the rows, so
    no text someone wrote (a comment, a function's body) is ever taken for the start of rows.

    ``advance`` is told of the tables' data, ``indexing`` of the last section (0 of 1, then 1 of
    1), which can take longer than the data.

    Grants can only be restored all together: when the archive grants rights to roles this
    server does not have, every grant is left out (:attr:`Loaded.missing`,
    :attr:`Loaded.regrant`)."""
    restore = client_program("pg_restore", server_major(engine))
    with _lists(path, restore) as (restore_list, acl_list, total), engine.begin() as connection:
        existing = set(connection.execute(sa.text("SELECT rolname FROM pg_roles")).scalars())
        granted = _granted_roles(path, restore, acl_list)
        missing = sorted(granted - existing)
        if missing:
            lines = restore_list.read_text().splitlines()
            restore_list.write_text("\n".join(x for x in lines if " ACL " not in x) + "\n")
        command = [restore, "--no-owner", f"--use-list={restore_list}", "--file=-"]
        with closing(connection.connection.driver_connection.cursor()) as cursor:
            try:
                cursor.execute(_DROP_ALL.encode())
                definitions = _unguarded(_section(command, "pre-data", path))
                _drop_schemas(cursor, definitions)
                _execute(cursor, definitions)
                _load_data(
                    cursor, [*command, "--section=data", "--verbose", str(path)], total, advance
                )
                indexing(0, 1)
                _execute(cursor, _unguarded(_section(command, "post-data", path)))
                indexing(1, 1)
            except psycopg.Error as error:
                raise _refused(error) from None
            # The scripts set the session's search path to nothing and more (pg_restore's
            # preamble); the steps after them run as on any of arealweb's connections.
            cursor.execute(b"RESET ALL")
        yield Loaded(connection, missing, sorted(granted & existing) if missing else [])


_CREATE_SCHEMA = re.compile(rb'^CREATE SCHEMA ((?:"(?:[^"]|"")+")|[A-Za-z_][A-Za-z0-9_$]*);$', re.M)


def _drop_schemas(cursor, definitions: bytes) -> None:
    """Drop the schemas the archive creates (beside ``public`` and ``editing``, which
    :data:`_DROP_ALL` empties), so that a schema someone made in the database for work of their
    own is replaced by the backup's, not in the way of it; schemas the archive does not hold,
    and those an extension owns, are left."""
    for name in _CREATE_SCHEMA.findall(definitions):
        cursor.execute(
            b"SELECT format('DROP SCHEMA %%I CASCADE', n.nspname) FROM pg_namespace n "
            b"WHERE n.nspname = %s AND n.nspname <> 'public' AND NOT EXISTS ("
            b"SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass "
            b"AND d.objid = n.oid AND d.deptype = 'e')",
            (_identifier(name),),
        )
        for (drop,) in cursor.fetchall():
            cursor.execute(drop.encode())


def _identifier(quoted: bytes) -> str:
    """A name as pg_dump wrote it (quoted where it must be) as the name itself."""
    name = quoted.decode()
    return name[1:-1].replace('""', '"') if name.startswith('"') else name


def _section(command: list[str], section: str, path: Path) -> bytes:
    result = subprocess.run([*command, f"--section={section}", str(path)], capture_output=True)
    if result.returncode != 0:
        raise _failed("pg_restore", result.stderr.decode(errors="replace"))
    return result.stdout


_GUARD = re.compile(rb"\\restrict ([A-Za-z0-9]+)\n")
_ANY_GUARD = re.compile(rb"\\(?:un)?restrict [A-Za-z0-9]+\n")
"""Either guard line, in the data section, where outside the rows every line is pg_restore's."""


def _unguarded(script: bytes) -> bytes:
    """The script without psql's ``\\restrict KEY`` and ``\\unrestrict KEY`` (pg_dump's guard
    against a script that would run psql's own commands; they mean nothing here). Only those
    two lines with the key of the first go, so a body that holds such a line keeps it."""
    lines = script.split(b"\n")
    head = next((n for n, line in enumerate(lines) if line and not line.startswith(b"--")), None)
    guard = _GUARD.fullmatch(lines[head] + b"\n") if head is not None else None
    if guard is None:
        return script
    key = guard.group(1)
    del lines[head]
    closing_line = b"\\unrestrict " + key
    if closing_line in lines:
        lines.remove(closing_line)
    return b"\n".join(lines)


def _execute(cursor, script: bytes) -> None:
    if any(line and not line.startswith(b"--") for line in script.split(b"\n")):
        cursor.execute(script)


def _load_data(cursor, command: list[str], total: int, advance: Advance) -> None:
    """The data section: its statements (settings, sequences' values) as they come, each
    table's rows through ``COPY … FROM STDIN``; progress from pg_restore's --verbose lines."""
    producer = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    progress = None
    try:
        progress = _Follower(producer, "processing data for table", total, advance)
        _run_data(cursor, producer.stdout)
        if producer.wait() != 0:
            raise _CutShort
    except (psycopg.Error, _CutShort) as error:
        producer.kill()
        producer.wait()
        if progress is not None:
            progress.join()
        kept = progress.kept if progress is not None else ""
        # The database's error follows from pg_restore's, which says what went wrong.
        if isinstance(error, _CutShort) or ": error:" in kept:
            raise _failed("pg_restore", kept) from None
        raise
    finally:
        if producer.poll() is None:  # anything else cut it short (Ctrl-C)
            producer.kill()
            producer.wait()
        if progress is not None:
            progress.join()
        producer.stdout.close()
        producer.stderr.close()


class _CutShort(Exception):
    """pg_restore failed, or its data ended inside a table's rows."""


def _refused(error: psycopg.Error) -> InvalidInput:
    """The database's refusal of the archive's SQL, with where, as psql would have said it."""
    diag = error.diag
    detail = f"{diag.severity or 'ERROR'}:  {diag.message_primary or error}"
    if diag.context:
        detail += f" ({diag.context.splitlines()[0]})"
    return InvalidInput(
        N_("%(program)s mislyktes: %(detail)s"), program="PostgreSQL", detail=detail
    )


def _run_data(cursor, lines: Iterator[bytes]) -> None:
    """pg_restore's data section: statements (one a line) as they come, and each ``COPY …
    FROM stdin;`` followed by its rows up to ``\\.``. psql's guard lines are passed over: outside
    the rows every line is pg_restore's own, so no text someone wrote can look like one."""
    statements: list[bytes] = []
    for line in lines:
        if line.startswith(b"COPY "):
            _execute(cursor, b"".join(statements))
            statements = []
            header = _copy_header(line, lines)
            _copy(cursor, header.rstrip().removesuffix(b";"), lines)
        elif not _ANY_GUARD.fullmatch(line):
            statements.append(line)
    _execute(cursor, b"".join(statements))


def _copy_header(line: bytes, lines: Iterator[bytes]) -> bytes:
    """A ``COPY … FROM stdin;`` header, over several lines where a table's or a column's name
    holds a line break: it ends where its quotes are closed and ``FROM stdin;`` ends a line."""
    header = line
    while header.count(b'"') % 2 or not header.endswith(b" FROM stdin;\n"):
        more = next(lines, None)
        if more is None:
            raise _CutShort
        header += more
    return header


_COPY_CHUNK = 1 << 16


def _not_a_copy_refused(record: logging.LogRecord) -> bool:
    """False for psycopg's word, in English, that a COPY the server had already refused could
    not be ended cleanly either: the refusal itself is what the user is told."""
    args = record.args if isinstance(record.args, tuple) else ()
    return not (args and isinstance(args[0], psycopg.Copy))


logging.getLogger("psycopg").addFilter(_not_a_copy_refused)


def _copy(cursor, statement: bytes, lines: Iterator[bytes]) -> None:
    """One table's rows, up to the line ``\\.``, written in chunks of about 64 KiB."""
    with cursor.copy(statement) as copy:
        chunk: list[bytes] = []
        size = 0
        for line in lines:
            if line == b"\\.\n":
                break
            chunk.append(line)
            size += len(line)
            if size >= _COPY_CHUNK:
                copy.write(b"".join(chunk))
                chunk, size = [], 0
        else:
            raise _CutShort
        if chunk:
            copy.write(b"".join(chunk))
