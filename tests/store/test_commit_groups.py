"""Group commit: comment posts that arrive while a commit is under way share the next one; a
refused post is refused alone, and a post that breaks the shared transaction costs the others
nothing (they are written again, each alone). Every answer comes after its commit."""

import dataclasses
import threading
import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from arealweb.domain.errors import InvalidInput
from arealweb.domain.workshops import Word, WorkshopClosed
from arealweb.services import participation, workshops
from arealweb.store.database import create_engine
from arealweb.store.groups import CommitGroup
from arealweb.store.repository import Store, UnitOfWork
from arealweb.store.transactions import Outcome, Stage
from tests.store.lost_answers import LostCommitAnswers, error_message

TEXT = "Sykkelparkering ved stasjonen, takk"


def _document(consultation: str = "baerum-2040") -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [10.5635, 59.9150]},
        "properties": {
            "consultation_id": consultation,
            "text": TEXT,
            "kind": "forslag",
            "theme": "by- og stedsutvikling",
        },
    }


def _post(store, document: dict):
    return participation.post_comment(store, document, today=date.today(), tolerance_m=50)


@pytest.fixture
def batches(monkeypatch):
    """The size of every batch a group takes (a spy: the group works as it does)."""
    sizes: list[int] = []
    take = CommitGroup._take

    def spy(self):
        batch = take(self)
        sizes.append(len(batch))
        return batch

    monkeypatch.setattr(CommitGroup, "_take", spy)
    return sizes


class _Room:
    """A commit held open by a first write while others queue behind it."""

    def __init__(self, store) -> None:
        self.store = store
        self.release = threading.Event()
        self.inside = threading.Event()
        self.answers: dict[int, object] = {}
        self.threads: list[threading.Thread] = []
        self._start(-1, self._hold)

    def _hold(self, repo) -> str:
        self.inside.set()
        assert self.release.wait(30)
        return "held"

    def _start(self, key: int, work) -> None:
        def run() -> None:
            try:
                if callable(work):
                    self.answers[key] = self.store.write_together(work)
                else:
                    self.answers[key] = _post(self.store, work)
            except Exception as error:
                self.answers[key] = error

        thread = threading.Thread(target=run)
        thread.start()
        self.threads.append(thread)
        if key == -1:
            assert self.inside.wait(30)

    def queue(self, works: list) -> None:
        for key, work in enumerate(works):
            self._start(key, work)
        for _ in range(300):
            if self.store.group.waiting() == len(works):
                break
            threading.Event().wait(0.05)
        assert self.store.group.waiting() == len(works)

    def finish(self) -> dict[int, object]:
        self.release.set()
        for thread in self.threads:
            thread.join(60)
        assert self.answers.pop(-1) == "held"
        return self.answers


def _stored_texts(store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT count(*) FROM comments WHERE text = :text"), {"text": TEXT}
        ).scalar_one()


def test_posts_arriving_during_a_commit_share_the_next_one(demo_store, batches):
    room = _Room(demo_store)
    room.queue([_document() for _ in range(8)])
    answers = room.finish()
    assert batches == [1, 8]  # the held write alone, then all eight in one transaction
    ids = {answer.comment.id for answer in answers.values()}
    assert len(ids) == 8
    listed = {c.id for c in participation.list_comments(demo_store, public=False)}
    assert ids <= listed
    assert _stored_texts(demo_store) == 8


def test_a_refused_post_is_refused_alone_and_the_others_are_kept(demo_store, batches):
    room = _Room(demo_store)
    room.queue([_document(), _document("finnes-ikke"), _document(), _document()])
    answers = room.finish()
    assert batches == [1, 4]
    assert isinstance(answers[1], InvalidInput)
    assert answers[1].problems[0].template == "velg en innspillsrunde"
    assert all(not isinstance(answers[k], Exception) for k in (0, 2, 3))
    assert _stored_texts(demo_store) == 3


def test_a_write_that_breaks_the_transaction_costs_the_others_nothing(demo_store, batches):
    def broken(repo):
        repo.connection.execute(sa.text("INSERT INTO comments (id) VALUES (NULL)"))

    room = _Room(demo_store)
    room.queue([_document(), broken, _document()])
    answers = room.finish()
    assert batches == [1, 3]  # together first; then each again in its own transaction
    assert isinstance(answers[1], sa.exc.IntegrityError)
    assert all(not isinstance(answers[k], Exception) for k in (0, 2))
    assert _stored_texts(demo_store) == 2  # each kept once


def test_a_comment_refused_by_the_database_at_the_commit_costs_the_others_nothing(
    demo_store, batches
):
    """New comments are written together just before the commit: one the database refuses
    there (a receipt digest already taken, say) spoils that shared write; each post is then
    written again alone and only the one at fault fails."""
    taken = _post(demo_store, _document())

    def clashing(repo):
        comment = dataclasses.replace(taken.comment, id=uuid.uuid4().hex)
        repo.participation.add_comment(comment, participation.digest(taken.receipt))
        return "added"

    room = _Room(demo_store)
    room.queue([_document(), clashing, _document()])
    answers = room.finish()
    assert batches == [1, 1, 3]  # the first post; the held write; then the three together
    assert isinstance(answers[1], sa.exc.IntegrityError)
    assert all(not isinstance(answers[k], Exception) for k in (0, 2))
    assert _stored_texts(demo_store) == 3  # the first post and the two kept, once each


def test_a_lone_post_is_written_at_once(demo_store, batches):
    posted = _post(demo_store, _document())
    assert batches == [1]
    assert posted.comment.id in {
        c.id for c in participation.list_comments(demo_store, public=False)
    }


def test_a_workshop_input_refused_at_the_commit_is_refused_alone(demo_store, batches):
    """A workshop's inputs are numbered just before the commit, where a workshop closed
    meanwhile refuses them: the shared transaction is undone and each write runs again alone,
    so only the input to the closed workshop is refused."""
    found = workshops.create_workshop(
        demo_store,
        {"title": "Kveldsmøte", "groups": ["Gruppe 1"], "prompts": ["Bærum 2040"]},
        "kari",
    )
    workshops.close_workshop(demo_store, found.id, "kari")
    word = Word(found.groups[0].id, "Bærum 2040", "for sent", datetime.now(UTC))
    room = _Room(demo_store)
    room.queue([_document(), lambda repo: repo.workshops.receive(found.id, word), _document()])
    answers = room.finish()
    assert batches == [1, 3]
    assert isinstance(answers[1], WorkshopClosed)
    assert all(not isinstance(answers[k], Exception) for k in (0, 2))
    assert _stored_texts(demo_store) == 2
    assert workshops.words(demo_store, found.id) == []


@pytest.fixture
def relayed(demo_store):
    """A store on the demo database through :class:`LostCommitAnswers` (PostGIS)."""
    relay = LostCommitAnswers(str(demo_store.engine.url.render_as_string(hide_password=False)))
    store = Store(create_engine(relay.url))
    yield store, relay
    store.engine.dispose()
    relay.close()


INSERT = b"INSERT INTO comments"

ON_POSTGIS = pytest.mark.parametrize(
    "backend", [pytest.param("postgis", marks=pytest.mark.postgis)]
)


@ON_POSTGIS
def test_a_shared_commit_whose_answer_is_lost_answers_every_post_once(relayed, batches):
    """The connection breaks as the database answers the shared commit: PostgreSQL is asked
    whether it went through (it did), and each post is answered as stored, not written again."""
    store, relay = relayed
    room = _Room(store)
    room.queue([_document() for _ in range(3)])
    relay.lose_commit_after(INSERT)
    answers = room.finish()
    assert relay.lost.is_set()
    assert batches == [1, 3]  # no write ran again
    assert all(not isinstance(answer, Exception) for answer in answers.values())
    ids = {answer.comment.id for answer in answers.values()}
    stored = {c.id for c in participation.list_comments(store, public=False) if c.text == TEXT}
    assert stored == ids and len(ids) == 3


@ON_POSTGIS
def test_a_lone_post_whose_commit_answer_is_lost_is_answered_as_stored(relayed, batches):
    store, relay = relayed
    relay.lose_commit_after(INSERT)
    posted = _post(store, _document())
    assert relay.lost.is_set()
    assert _stored_texts(store) == 1
    assert posted.comment.id in {c.id for c in participation.list_comments(store, public=False)}


@ON_POSTGIS
def test_a_lost_commit_answer_no_one_can_check_writes_nothing_twice(relayed, batches, demo_store):
    """The database is gone for a moment right after the commit, so whether it went through
    cannot be asked: each post gets the error (its author may send it again) and none is
    written again, though the database is back for a second try."""
    _, relay = relayed
    store = Store(sa.create_engine(relay.url, poolclass=sa.pool.NullPool))  # a new connection each
    room = _Room(store)
    room.queue([_document() for _ in range(3)])
    relay.lose_commit_after(INSERT, refusing=1)
    answers = room.finish()
    store.engine.dispose()
    assert batches == [1, 3]
    assert all(isinstance(answer, sa.exc.OperationalError) for answer in answers.values())
    assert _stored_texts(demo_store) == 3  # it had gone through, once


@ON_POSTGIS
def test_a_poolers_error_in_place_of_the_commit_answer_is_asked_about_too(relayed, batches):
    """PgBouncer answers a commit whose server connection it lost with an error that has a
    code (08P01): the commit may still have gone through, so PostgreSQL is asked — it had, and
    each post is answered as stored, once."""
    store, relay = relayed
    room = _Room(store)
    room.queue([_document() for _ in range(3)])
    relay.lose_commit_after(INSERT, instead=error_message("08P01", "server conn crashed?"))
    answers = room.finish()
    assert relay.lost.is_set()
    assert all(not isinstance(answer, Exception) for answer in answers.values())
    assert _stored_texts(store) == 3


@ON_POSTGIS
def test_writes_queued_when_no_transaction_can_begin_are_answered_after_one_try(relayed, batches):
    """The database turns connections away: the writes waiting get the error after the one
    try to begin their shared transaction, not after one more each."""
    _, relay = relayed
    store = Store(sa.create_engine(relay.url, poolclass=sa.pool.NullPool))
    room = _Room(store)
    room.queue([_document() for _ in range(3)])
    relay.turn_away(100)
    answers = room.finish()
    store.engine.dispose()
    assert all(isinstance(answer, sa.exc.OperationalError) for answer in answers.values())
    assert relay.turned_away == 1


@ON_POSTGIS
def test_a_commit_that_cannot_be_asked_about_for_want_of_a_connection_is_unknown(demo_store):
    """The pool has no connection to give for the question (not a database error): what
    became of the commit is unknown — never taken as done."""
    store = Store(
        sa.create_engine(demo_store.engine.url, pool_size=1, max_overflow=0, pool_timeout=0.1)
    )
    with store.engine.connect() as held:  # the pool's one connection
        work = UnitOfWork(held)
        work.stage = Stage.COMMITTING
        work.transaction_id, work.server_started = "1", "a server"
        assert store.outcome(work) is Outcome.UNKNOWN
    store.engine.dispose()


@ON_POSTGIS
def test_a_transaction_id_asked_of_another_server_is_not_taken_as_committed(demo_store):
    """After a failover the id may be someone else's on the promoted server: a server that
    started at another time than the one that gave the id cannot tell."""
    with demo_store.engine.begin() as connection:
        committed, started = connection.exec_driver_sql(
            "SELECT pg_current_xact_id()::text, pg_postmaster_start_time()::text"
        ).one()
    with demo_store.engine.connect() as connection:
        work = UnitOfWork(connection)
    work.stage, work.transaction_id = Stage.COMMITTING, committed
    work.server_started = started
    assert demo_store.outcome(work) is Outcome.COMMITTED
    work.outcome, work.server_started = None, "1999-12-31 23:59:59+00"
    assert demo_store.outcome(work) is Outcome.UNKNOWN
