"""Announcements of committed changes: only a committed write wakes a waiting stream, and on
PostGIS the listener comes back after its connection is cut, with a wake to read again."""

import threading

import pytest
import sqlalchemy as sa

from arealweb.domain.errors import InvalidInput
from arealweb.services import live, workshops


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
