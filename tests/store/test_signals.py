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
