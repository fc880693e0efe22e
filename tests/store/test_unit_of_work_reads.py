"""What one unit of work reads once: the consultation a comment names and the municipal
boundary it must lie within. The comment posts that share a transaction (group commit) ask for
both again and again; a save in the same unit of work is read back, and the next unit of work
reads afresh what anyone changed meanwhile."""

from __future__ import annotations

import dataclasses
from collections import Counter

import shapely
import sqlalchemy as sa

from arealweb.store.schema import consultations


def _statements(store) -> Counter:
    """Counts of the tables read by SELECTs on ``store``'s engine from now on."""
    seen: Counter = Counter()

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        text = statement.lower()
        if text.lstrip().startswith("select"):
            for table in ("consultations", "boundary"):
                if f"from {table}" in text:
                    seen[table] += 1

    sa.event.listen(store.engine, "before_cursor_execute", count)
    return seen


def test_a_unit_of_work_reads_a_consultation_and_the_boundary_once(demo_store):
    seen = _statements(demo_store)
    with demo_store.write() as repo:
        first = repo.participation.find_consultation("baerum-2040")
        for _ in range(5):
            assert repo.participation.find_consultation("baerum-2040") == first
            assert repo.reference.boundary().name == "Bærum"
        assert repo.participation.find_consultation("ingen-slik") is None
        assert repo.participation.find_consultation("ingen-slik") is None
    assert seen == {"consultations": 2, "boundary": 1}


def test_its_own_saves_are_read_back(demo_store):
    with demo_store.write() as repo:
        consultation = repo.participation.find_consultation("baerum-2040")
        renamed = dataclasses.replace(consultation, title="Ny tittel")
        assert repo.participation.save_consultation(renamed) == "updated"
        assert repo.participation.find_consultation("baerum-2040").title == "Ny tittel"

        boundary = repo.reference.boundary()
        moved = dataclasses.replace(
            boundary, geometry=shapely.affinity.translate(boundary.geometry, 1000, 0)
        )
        assert repo.reference.save_boundary(moved) == "updated"
        assert shapely.equals_exact(repo.reference.boundary().geometry, moved.geometry, 0.01)


def test_the_next_unit_of_work_sees_what_another_client_changed(demo_store):
    with demo_store.read() as repo:
        assert repo.participation.find_consultation("baerum-2040").title != "Endret i psql"
    with demo_store.engine.begin() as other:
        other.execute(
            consultations.update()
            .where(consultations.c.id == "baerum-2040")
            .values(title="Endret i psql")
        )
    with demo_store.read() as repo:
        assert repo.participation.find_consultation("baerum-2040").title == "Endret i psql"
