"""Announcements of committed changes: only a committed write wakes a waiting stream, and on
PostGIS the listener comes back after its connection is cut, with a wake to read again."""

import shutil
import threading
import time

import pytest
import sqlalchemy as sa

from arealweb.domain.errors import InvalidInput
from arealweb.services import live, workshops
from arealweb.store.database import create_engine
from arealweb.store.repository import Store
from tests.comments import post
from tests.serve.servers import redis_server


@pytest.fixture
def workshop(demo_store):
    found = workshops.create_workshop(
        demo_store, {"title": "Signal", "groups": ["A"], "prompts": ["Bærum 2040"]}, "kari"
    )
    return found.id, found.groups[0].code


def post_word(store, workshop, word, delay=0.2):
    workshop_id, code = workshop

    def post():
        threading.Event().wait(delay)
        workshops.add_word(store, workshop_id, code, {"prompt": "Bærum 2040", "word": word})

    thread = threading.Thread(target=post)
    thread.start()
    return thread


def wait_connected(store, backend):
    if backend == "postgis":
        assert store.signals.connected.wait(10)


def test_a_committed_input_wakes_the_waiting_stream_and_a_refused_one_does_not(
    demo_store, workshop, backend
):
    news = live.workshop_news(demo_store, workshop[0])
    wait_connected(demo_store, backend)
    mark = news.mark()
    with pytest.raises(InvalidInput):
        workshops.add_word(demo_store, workshop[0], workshop[1], {"prompt": "nei", "word": "x"})
    assert news.wait(mark, 1.0) is False
    poster = post_word(demo_store, workshop, "grønt")
    assert news.wait(mark, 10.0) is True
    poster.join()


def test_the_listener_comes_back_when_its_connection_is_cut(demo_store, workshop, backend):
    news = live.workshop_news(demo_store, workshop[0])
    wait_connected(demo_store, backend)
    if backend == "postgis":
        demo_store.signals.connected.clear()
        with demo_store.engine.connect() as connection:
            cut = connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'arealweb-listen' AND datname = current_database()"
                )
            ).all()
        assert cut == [(True,)]
        assert demo_store.signals.connected.wait(15)
    mark = news.mark()
    poster = post_word(demo_store, workshop, "trygt")
    assert news.wait(mark, 10.0) is True
    poster.join()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_on_sqlite_without_its_shared_redis_streams_look_again_on_their_own(
    demo_database_url, tmp_path
):
    """Two stores on one SQLite file share a Redis: a write in one wakes the other's stream,
    and a write to the same workshop in a copy of the database (another instance sharing the
    Redis) does not. With Redis gone, the streams look at the database twice a second again
    and writes go on."""
    with redis_server(tmp_path) as redis:
        watching = Store(create_engine(demo_database_url), redis)
        posting = Store(create_engine(demo_database_url), redis)
        found = workshops.create_workshop(
            posting, {"title": "Redis", "groups": ["A"], "prompts": ["Bærum 2040"]}, "kari"
        )
        posting.flush_log()
        copy = tmp_path / "elsewhere.sqlite3"
        shutil.copyfile(posting.engine.url.database, copy)
        elsewhere = Store(create_engine(f"sqlite:///{copy}"), redis)
        news = live.workshop_news(watching, found.id)
        assert watching.signals.connected.wait(10)
        assert news.recheck is None
        mark = news.mark()
        word = {"prompt": "Bærum 2040", "word": "annet sted"}
        workshops.add_word(elsewhere, found.id, found.groups[0].code, word)
        assert news.wait(mark, 1.0) is False
        poster = post_word(posting, (found.id, found.groups[0].code), "delt")
        assert news.wait(mark, 10.0) is True
        poster.join()
    # redis-server has stopped.
    assert _eventually(lambda: not watching.signals.connected.is_set())
    assert news.recheck == 0.5
    workshops.add_word(
        posting, found.id, found.groups[0].code, {"prompt": "Bærum 2040", "word": "x"}
    )
    for store in (watching, posting, elsewhere):
        store.signals.stop()
        store.engine.dispose()


def _eventually(condition, seconds=10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_a_comment_moderated_outside_the_app_wakes_the_moderation_queue(demo_store):
    """Migration 0022: PostgreSQL announces every change to a comment, psql's too; an
    agreement, which the queue does not show, and a change rolled back announce nothing."""
    posted = post(demo_store).comment
    news = live.moderation_news(demo_store)
    wait_connected(demo_store, "postgis")
    mark = news.mark()
    with demo_store.engine.connect() as connection:
        with connection.begin() as transaction:
            connection.execute(
                sa.text("UPDATE comments SET state = 'hidden' WHERE id = :id"), {"id": posted.id}
            )
            transaction.rollback()
        with connection.begin():
            connection.execute(
                sa.text(
                    "INSERT INTO comment_agreements (comment_id, voter_digest, created_at) "
                    "VALUES (:id, 'a-voter', now())"
                ),
                {"id": posted.id},
            )
    assert news.wait(mark, 1.0) is False
    with demo_store.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE comments SET state = 'hidden' WHERE id = :id"), {"id": posted.id}
        )
    assert news.wait(mark, 10.0) is True


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_a_posted_comment_is_announced_by_the_database_alone(demo_store):
    """The app sends no ``pg_notify`` of its own for comments (a round trip in every post's
    transaction); the moderation queue still hears of the post, once."""
    news = live.moderation_news(demo_store)
    wait_connected(demo_store, "postgis")
    statements = []
    sa.event.listen(
        demo_store.engine, "before_cursor_execute", lambda *args: statements.append(args[2])
    )
    mark = news.mark()
    post(demo_store)
    assert news.wait(mark, 10.0) is True
    assert statements and not [s for s in statements if "pg_notify" in s]
    assert news.mark() == mark + 1
