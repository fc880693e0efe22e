"""SQLite's online backup while the app writes: the copy is the database as it stood when the
backup began, it finishes, and the progress it reports reaches the whole."""

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
