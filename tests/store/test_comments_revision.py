"""The comments' revision: the database moves it on every change to what the comments API
shows, whoever makes the change, and on nothing else (migration 0016)."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from arealweb.services import participation
from arealweb.store.database import alembic_config, migrate
from tests.comments import post as _post
from tests.conftest import HEAD


def _sql(store, statement, **values):
    with store.engine.begin() as connection:
        connection.execute(sa.text(statement), values)


def _revision(store):
    return participation.comments_revision(store)


def test_every_kind_of_change_moves_the_revision_and_reading_does_not(demo_store):
    store = demo_store
    seen = [_revision(store)]

    def moved(what):
        now = _revision(store)
        assert now > seen[-1], f"{what} left the revision at {now}"
        seen.append(now)

    posted = _post(store, name="Kari", age_group="18–29")
    moved("a post")
    participation.list_comments(store, public=False)
    participation.counts(store)
    assert _revision(store) == seen[-1]  # reading changes nothing
    comment_id = posted.comment.id
    participation.moderate(store, comment_id, {"action": "approve"}, "kari")
    moved("a moderation")
    answer = {"status": "tatt til følge", "text": "Vi ser på det"}
    participation.respond(store, comment_id, answer, "kari")
    moved("an answer")
    participation.agree(store, comment_id, "velger-1")
    moved("an agreement")
    assert participation.agree(store, comment_id, "velger-1")[0] is False  # counted once
    assert _revision(store) == seen[-1]  # a refused second agreement changes nothing
    later = datetime.now(UTC) + timedelta(days=400)
    assert participation.purge_personal(store, 365, now=later) == 1
    moved("forgetting personal fields")
    assert participation.purge_personal(store, 365, now=later) == 0
    assert _revision(store) == seen[-1]  # nothing left to forget: unchanged
    _sql(store, "UPDATE comments SET text = 'Endret i psql' WHERE id = :id", id=comment_id)
    moved("an UPDATE outside the app")
    _sql(store, "DELETE FROM comment_agreements")
    moved("agreements deleted outside the app")
    participation.delete_by_receipt(store, _post(store).receipt)
    moved("the author deleting their comment")
    _sql(store, "DELETE FROM consultations")
    moved("a consultation deleted, its comments with it")
    assert participation.list_comments(store, public=False) == []


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_a_truncate_outside_the_app_moves_the_revision(demo_store):
    _post(demo_store)
    before = _revision(demo_store)
    _sql(demo_store, "TRUNCATE comments CASCADE")
    assert _revision(demo_store) > before


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_two_changes_in_flight_do_not_wait_for_each_other(demo_store):
    """Each transaction bumps a stripe of its own: a second post does not queue behind the
    first one's commit (one counter row made every post wait for the flush of the one
    before), and the revision counts both once they commit."""
    first, second = _post(demo_store).comment.id, _post(demo_store).comment.id
    before = _revision(demo_store)
    with demo_store.engine.connect() as a, demo_store.engine.connect() as b, a.begin():
        a.execute(sa.text("UPDATE comments SET text = 'a' WHERE id = :id"), {"id": first})
        with b.begin():
            b.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
            b.execute(sa.text("UPDATE comments SET text = 'b' WHERE id = :id"), {"id": second})
    assert _revision(demo_store) == before + 2


def test_a_rolled_back_change_leaves_the_revision_where_it_was(demo_store):
    _post(demo_store)
    before = _revision(demo_store)
    with pytest.raises(RuntimeError), demo_store.write() as repo:
        repo.connection.execute(sa.text("UPDATE comments SET text = 'x'"))
        raise RuntimeError("rolled back")
    assert _revision(demo_store) == before
    assert participation.list_comments(demo_store, public=False)[0].text != "x"


def test_the_migration_goes_down_and_up_again_on_both_databases(demo_store):
    _post(demo_store)
    below = ScriptDirectory.from_config(alembic_config()).get_revision("0016").down_revision
    with demo_store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, below)
    inspector = sa.inspect(demo_store.engine)
    assert "revisions" not in inspector.get_table_names()
    _post(demo_store)  # no trigger left behind that names the dropped table
    assert migrate(demo_store.engine) == (below, HEAD)
    first = _revision(demo_store)
    _post(demo_store)
    assert _revision(demo_store) == first + 1
    assert len(participation.list_comments(demo_store, public=False)) == 3
