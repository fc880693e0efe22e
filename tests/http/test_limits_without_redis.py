"""Redis, where several processes count their limits, cannot be reached: the limits count in
this process's memory meanwhile (and say so in the log) — a citizen's comment, a sign-in or a
join code never becomes a 500."""

from __future__ import annotations

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from redis import Redis
from redis.exceptions import RedisError

from arealweb.app import create_app
from arealweb.http import ratelimit
from arealweb.store.database import create_engine
from tests.api.test_error_shape import comment
from tests.serve.servers import free_port, redis_server


def _app(database_url: str, folder, redis_url: str, **limits: str):
    """An app counting its limits in the Redis at ``redis_url`` (no one there yet, as given)."""
    settings = {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret"}
    return create_app(
        {**settings, "UPLOAD_FOLDER": folder / "up", "RATE_LIMIT_STORAGE": redis_url, **limits}
    )


@pytest.fixture
def app_without_redis(demo_database_url, tmp_path):
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    limits = {"COMMENT_RATE_LIMIT": "2/minute", "JOIN_RATE_LIMIT": "2/minute"}
    app = _app(demo_database_url, tmp_path, nothing_there, **limits)
    app.config["TESTING"] = True
    return app


def test_comments_are_taken_and_limited_while_redis_is_down(app_without_redis, caplog):
    client = app_without_redis.test_client()
    statuses = [client.post("/api/v1/comments", json=comment()).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


def test_wrong_join_codes_are_limited_while_redis_is_down(app_without_redis, caplog):
    client = app_without_redis.test_client()
    statuses = [client.get("/api/v1/workshops/ingen?code=ABCDEF").status_code for _ in range(3)]
    assert statuses == [404, 404, 429]
    assert "rate-limit storage unreachable, counting in memory" in caplog.text


def test_sign_in_attempts_answer_while_redis_is_down(app_without_redis):
    client = app_without_redis.test_client()
    assert client.get("/logg-inn").status_code == 200
    refused = client.post("/logg-inn", data={"name": "kari", "password": "feil-passord-her"})
    assert refused.status_code == 400


def test_a_limit_set_off_counts_nothing_anywhere(demo_database_url, tmp_path, caplog):
    """`off` is no limit, not a limit too large to reach: nothing asks the shared counters (here
    a Redis no one listens at, which any count would have to fall back from, and say so)."""
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    app = _app(
        demo_database_url, tmp_path, nothing_there, COMMENT_RATE_LIMIT="off", LOGIN_RATE_LIMIT="off"
    )
    client = app.test_client()
    answers = [client.post("/api/v1/comments", json=comment()) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert not any("X-RateLimit-Limit" in a.headers for a in answers)
    app.config["WTF_CSRF_ENABLED"] = False
    refused = client.post("/logg-inn", data={"name": "kari", "password": "feil-passord-her"})
    assert refused.status_code == 401
    assert "X-RateLimit-Limit" not in refused.headers
    assert "unreachable" not in caplog.text.lower()


def test_join_attempts_count_in_redis_again_once_it_is_back(
    demo_database_url, tmp_path, caplog, monkeypatch
):
    """After an outage the wrong join codes go back to the shared counters by themselves,
    whether or not a comment or a sign-in (Flask-Limiter's own limits) has come by since."""
    monkeypatch.setattr(ratelimit, "PAUSE_SECONDS", 0.0)
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    limits = {"COMMENT_RATE_LIMIT": "5/minute", "JOIN_RATE_LIMIT": "100/minute"}
    app = _app(demo_database_url, tmp_path, url, **limits)
    client = app.test_client()
    # A comment while Redis is down: Flask-Limiter marks its storage dead.
    assert client.post("/api/v1/comments", json=comment()).status_code == 201
    assert client.get("/api/v1/workshops/ingen?code=ABCDEF").status_code == 404
    assert "counting in memory" in caplog.text

    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        counters = Redis.from_url(url)
        deadline = time.monotonic() + 10
        while True:
            try:
                counters.ping()
                break
            except RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        for _ in range(2):
            assert client.get("/api/v1/workshops/ingen?code=ABCDEF").status_code == 404
        joins = [key for key in counters.keys("*") if b"join" in key]
        assert joins and int(counters.get(joins[0])) == 2
    finally:
        redis.terminate()
        redis.wait(10)


@contextmanager
def comments_held(database_url: str):
    """Another session holds the comments table, so a post waits to be written meanwhile."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.begin()
                connection.exec_driver_sql("LOCK TABLE comments IN EXCLUSIVE MODE")
            yield
            connection.rollback()
    finally:
        engine.dispose()


def test_a_comment_stored_as_redis_goes_away_is_answered_as_stored(
    demo_database_url, tmp_path, caplog
):
    """The post has passed the limit's check and waits to be written when Redis stops: it is
    stored and answered 201 (a 500 would have its author send it again), and the count it could
    not make is in the log."""
    with redis_server(tmp_path) as url:
        app = _app(demo_database_url, tmp_path, url, COMMENT_RATE_LIMIT="5/minute")
        client = app.test_client()
        with ThreadPoolExecutor(1) as pool, comments_held(demo_database_url):
            posting = pool.submit(
                client.post, "/api/v1/comments", json=comment(text="Sendt mens Redis stoppet")
            )
            counters = Redis.from_url(url)
            _wait_for_the_limit_asked(counters)  # then it waits for the comments table
            counters.shutdown(nosave=True)
        answer = posting.result(timeout=60)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    engine = create_engine(demo_database_url)
    with engine.connect() as connection:
        stored = connection.exec_driver_sql(
            "SELECT count(*) FROM comments WHERE text = 'Sendt mens Redis stoppet'"
        ).scalar_one()
    engine.dispose()
    assert stored == 1
    assert "Failed to deduct rate limit" in caplog.text


def _wait_for_the_limit_asked(counters: Redis) -> None:
    """Until the post has asked Redis for its count (a read of the limit's key)."""
    deadline = time.monotonic() + 30
    while not {"cmdstat_get", "cmdstat_evalsha", "cmdstat_eval"} & set(
        counters.info("commandstats")
    ):
        assert time.monotonic() < deadline, "the post never asked for its limit"
        time.sleep(0.02)
