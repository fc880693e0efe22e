"""PostGIS's side of backups: ``pg_dump --format=custom`` out, ``pg_restore`` through ``psql``
back in, in one transaction.

The client programs must be of the server's major version (pg_dump refuses a newer server, and
an archive from a newer pg_dump cannot be read by an older pg_restore): they are looked for in
Debian's ``/usr/lib/postgresql/<major>/bin`` (where ``scripts/postgis.sh`` finds them), then on
``PATH``. The connection reaches them through libpq's environment (``PGHOST``, ``PGPASSWORD``
…), never through their command line, which any user of the machine can read in ``ps``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
  -- Every table, view and sequence of public that no extension owns (PostGIS's stay).
  FOR r IN
    SELECT format('%I.%I', n.nspname, c.relname) AS name,
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', r.kind, r.name);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure::text AS name
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                          AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.name);
  END LOOP;
END
$drop$;
RESET client_min_messages;
"""
"""What a restore removes first, in the restore's own transaction: arealweb's tables, views,
functions and the schema ``editing``; never PostGIS's own objects."""


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
    """The path of ``name`` (pg_dump, pg_restore, psql) for a server of version ``major``."""
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


def _feed(consumer: subprocess.Popen, producer: subprocess.Popen) -> bool:
    """Send psql one transaction: the drops, pg_restore's script, and COMMIT only when
    pg_restore finished well. Cut short, psql ends without COMMIT and the server rolls back."""
    try:
        consumer.stdin.write(b"BEGIN;\n" + _DROP_ALL.encode())
        while chunk := producer.stdout.read(1 << 16):
            consumer.stdin.write(chunk)
        ok = producer.wait() == 0
        if ok:
            consumer.stdin.write(b"COMMIT;\n")
    except BrokenPipeError:  # psql stopped at an error; it says which
        producer.kill()
        producer.wait()
        ok = False
    finally:
        with contextlib.suppress(BrokenPipeError):
            consumer.stdin.close()
    return ok


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


@contextmanager
def _lists(path: Path, pg_restore: str) -> Iterator[tuple[Path, Path, int]]:
    """The archive's table of contents without the comment on the PostGIS extension (only
    its owner may set it), its ACL entries alone, and the number of tables with data."""
    toc = _run(pg_restore, "--list", str(path)).splitlines()
    with tempfile.TemporaryDirectory(prefix="arealweb-restore-") as folder:
        restore, acl = Path(folder) / "restore.list", Path(folder) / "acl.list"
        kept = [line for line in toc if " COMMENT - EXTENSION " not in line]
        restore.write_text("\n".join(kept) + "\n")
        acl.write_text("\n".join(line for line in toc if " ACL " in line) + "\n")
        yield restore, acl, sum(" TABLE DATA " in line for line in toc)


def pg_restore(engine: sa.Engine, path: Path, advance: Advance) -> tuple[list[str], list[str]]:
    """Replace arealweb's objects in the database with the archive's, in one transaction: what
    was there is dropped and the archive restored by ``psql --single-transaction``, so any
    failure rolls back to the database as it was. Owners become the connecting user.

    Grants can only be restored all together: when the archive grants rights to roles this
    server does not have, every grant is left out. Returns the roles missing, and the roles
    present whose grants were left out with them (for the caller to grant again)."""
    major = server_major(engine)
    restore, psql = client_program("pg_restore", major), client_program("psql", major)
    env = libpq_environment(engine.url)
    with _lists(path, restore) as (restore_list, acl_list, total):
        with engine.connect() as connection:
            existing = set(connection.execute(sa.text("SELECT rolname FROM pg_roles")).scalars())
        granted = _granted_roles(path, restore, acl_list)
        missing = sorted(granted - existing)
        if missing:
            lines = restore_list.read_text().splitlines()
            restore_list.write_text("\n".join(x for x in lines if " ACL " not in x) + "\n")
        producer = subprocess.Popen(
            [restore, "--no-owner", "--verbose", f"--use-list={restore_list}", "-f-", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        with tempfile.TemporaryFile() as psql_errors:
            consumer = subprocess.Popen(
                [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=psql_errors,
            )
            progress = _Follower(producer, "processing data for table", total, advance)
            committed = _feed(consumer, producer)
            psql_failed = consumer.wait() != 0
            progress.join()
            psql_errors.seek(0)
            if psql_failed:
                raise _failed("psql", psql_errors.read().decode(errors="replace"))
            if not committed:
                raise _failed("pg_restore", progress.kept)
    return missing, sorted(granted & existing) if missing else []
