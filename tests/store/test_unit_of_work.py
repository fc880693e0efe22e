"""What one unit of work does once for the comment posts that share its transaction (group
commit): it reads the consultation a comment names and the municipal boundary it must lie
within once (a save in the same unit of work is read back, the next unit of work reads afresh
what anyone changed meanwhile), and writes the new comments together just before the commit."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
import shapely
import sqlalchemy as sa

from arealweb.domain.goals import Theme
from arealweb.domain.mail import Contact
from arealweb.domain.participation import Comment, CommentKind
from arealweb.services import participation
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


def _comment(text: str) -> Comment:
    return Comment(
        id=uuid.uuid4().hex,
        consultation_id="baerum-2040",
        kind=CommentKind.FORSLAG,
        theme=Theme.VERDISKAPING,
        text=text,
        geometry=shapely.Point(592_000, 6_643_000),
        created_at=datetime.now(UTC),
    )


def test_new_comments_go_to_the_database_together_before_the_commit(demo_store):
    inserts = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().lower().startswith("insert into comments"):
            inserts.append(len(parameters) if executemany else 1)

    sa.event.listen(demo_store.engine, "before_cursor_execute", count)
    contact = Contact("kari@example.no", "https://arealweb.example/innspill/kvittering#r", "en")
    with demo_store.write() as repo:
        repo.participation.add_comment(_comment("Første"), uuid.uuid4().hex)
        repo.participation.add_comment(_comment("Andre"), uuid.uuid4().hex)
        repo.participation.add_comment(_comment("Tredje"), uuid.uuid4().hex, contact)
        assert inserts == []  # nothing yet: written last, with the others
    # One call for the two without an address, one for the one with.
    assert sorted(inserts) == [1, 2]
    stored = {c.text: c for c in participation.list_comments(demo_store, public=False)}
    assert {"Første", "Andre", "Tredje"} <= set(stored)
    assert stored["Tredje"].email == "kari@example.no" and stored["Andre"].email is None


def test_comments_of_a_transaction_that_fails_are_not_written(demo_store):
    before = len(participation.list_comments(demo_store, public=False))
    with pytest.raises(RuntimeError), demo_store.write() as repo:
        repo.participation.add_comment(_comment("Aldri lagret"), uuid.uuid4().hex)
        raise RuntimeError("something else in the transaction failed")
    assert len(participation.list_comments(demo_store, public=False)) == before
