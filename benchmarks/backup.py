"""Time `arealweb backup` and `arealweb restore` on a plan of 10 000 synthetic zones.

    python benchmarks/backup.py [--zones 10000] [--database-url POSTGRESQL_URL]

On SQLite (always) and PostGIS (with --database-url, a database the run may fill; the restore
goes into a database it creates beside it and drops again): the backup's time and size, the
restore's time into an empty database, and on SQLite the backup again while another thread
renames a zone every 10 ms, as a serving app would write: how long it took, how many writes
went through meanwhile, and that the copy is the database as it stood when the backup began.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from zones_api import synthetic_zones

from arealweb.services.backup import backup, restore
from arealweb.services.demo import load_demo
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def filled(url: str, zones: int) -> Store:
    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    synthetic_zones(store, zones)
    return store


def measure(name: str, store: Store, target_url: str, folder: Path) -> None:
    made, backup_s = timed(lambda: backup(store, folder / f"{name}.backup"))
    target = Store(create_engine(target_url))
    done, restore_s = timed(lambda: restore(target, made.path))
    assert done.contents == made.contents, (done.contents, made.contents)
    target.engine.dispose()
    print(
        f"{name:8} {made.contents.zones:>7} zones  backup {backup_s:6.2f} s  "
        f"{made.size / 1e6:7.1f} MB  restore {restore_s:6.2f} s"
    )


def while_writing(store: Store, folder: Path) -> None:
    stop, writes = threading.Event(), [0]

    def write() -> None:
        while not stop.is_set():
            with store.engine.begin() as connection:
                connection.execute(
                    sa.text("UPDATE zones SET name = :n WHERE id = 'syn-00000'"),
                    {"n": f"Omdøpt {writes[0]}"},
                )
            writes[0] += 1
            time.sleep(0.01)

    with store.engine.connect() as connection:
        before = connection.execute(sa.text("SELECT name FROM zones WHERE id = 'syn-00000'"))
        before = before.scalar()
    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.1)
    at_start = writes[0]
    made, seconds = timed(lambda: backup(store, folder / "live.backup"))
    during = writes[0] - at_start
    stop.set()
    writer.join()
    copy = create_engine(f"sqlite:///{made.path}")
    with copy.connect() as connection:
        copied = connection.execute(sa.text("SELECT name FROM zones WHERE id = 'syn-00000'"))
        copied = copied.scalar()
    copy.dispose()
    print(
        f"sqlite   backup while writing every 10 ms: {seconds:.2f} s, {during} writes "
        f"went through meanwhile; the copy holds one state: {copied!r} (first: {before!r})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = filled(f"sqlite:///{folder / 'bench.sqlite3'}", args.zones)
        measure("sqlite", store, f"sqlite:///{folder / 'restored.sqlite3'}", folder)
        while_writing(store, folder)
        store.engine.dispose()
        if args.database_url:
            url = sa.make_url(args.database_url)
            admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
            name = f"arealweb_bench_restore_{uuid.uuid4().hex[:8]}"
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
            try:
                store = filled(args.database_url, args.zones)
                target = url.set(database=name).render_as_string(hide_password=False)
                measure("postgis", store, target, folder)
                store.engine.dispose()
            finally:
                with admin.connect() as connection:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.dispose()


if __name__ == "__main__":
    main()
