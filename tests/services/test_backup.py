"""SQLite's online backup while the app writes: the copy is the database as it stood when the
backup began, it finishes, and the progress it reports reaches the whole; a PostGIS restore
stopped part way leaves the database as it was."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from arealweb.services import backup as backups
from arealweb.services.database import open_store
from arealweb.store import backup as store_backup
from tests.conftest import snapshot


class WritingMeanwhile:
    """Progress that, at every step of the copy, has the app rename a zone."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)
        self.steps, self.total, self.done = 0, 0, 0

    def start(self, label: str, total: int) -> None:
        self.total = total

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        self.steps += 1
        with self.engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE zones SET name = :n WHERE id = (SELECT min(id) FROM zones)"),
                {"n": f"Omdøpt under kopieringen {self.steps}"},
            )

    def finish(self) -> None:
        self.engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_backup_taken_while_the_app_writes_is_the_database_as_it_began(
    demo_store, demo_database_url, tmp_path, monkeypatch
):
    monkeypatch.setattr(store_backup, "STEP_PAGES", 8)  # many steps, a write between each
    before = snapshot(demo_store, skip=())
    meanwhile = WritingMeanwhile(demo_database_url)
    made = backups.backup(demo_store, tmp_path / "live.backup", progress=meanwhile)
    assert meanwhile.steps > 3 and meanwhile.done == meanwhile.total
    copy = open_store(f"sqlite:///{made.path}")
    try:
        assert snapshot(copy, skip=()) == before
    finally:
        copy.engine.dispose()
    with demo_store.engine.connect() as connection:
        name = connection.execute(sa.text("SELECT name FROM zones ORDER BY id LIMIT 1")).scalar()
    assert name == f"Omdøpt under kopieringen {meanwhile.steps}"


class StoppedAt:
    """Progress whose operator presses Ctrl-C when the step named ``label`` begins."""

    def __init__(self, label: str) -> None:
        self.label, self.labels = label, []

    def start(self, label: str, total: int) -> None:
        self.labels.append(label)
        if label == self.label:
            raise KeyboardInterrupt

    def advance(self, steps: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def _children() -> set[int]:
    """This process's children still running (pg_restore, say)."""
    import os
    from pathlib import Path

    me = os.getpid()
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_a_restore_stopped_after_the_data_is_in_leaves_the_database_as_it_was(
    demo_store, store, tmp_path
):
    """Ctrl-C after every table's rows are loaded, as the indexes begin: the one transaction
    rolls back, the database is as it was, and no pg_restore is left running."""
    made = backups.backup(demo_store, tmp_path / "plan.backup")
    before, children = snapshot(store, skip=()), _children()
    stopped = StoppedAt("Bygger indekser, regler og rettigheter")
    with pytest.raises(KeyboardInterrupt):
        backups.restore(store, made.path, progress=stopped)
    assert stopped.labels == ["Gjenoppretter", "Bygger indekser, regler og rettigheter"]
    assert snapshot(store, skip=()) == before
    assert _children() == children
    assert backups.restore(store, made.path).contents.zones == 30
