"""Redis, where several processes count their limits, cannot be reached: the limits count in
this process's memory meanwhile (and say so in the log) — a citizen's comment, a sign-in or a
join code never becomes a 500."""

from __future__ import annotations

import pytest

from arealweb.app import create_app
from tests.api.test_error_shape import comment
from tests.serve.servers import free_port


@pytest.fixture
def app_without_redis(demo_database_url, tmp_path):
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    app = create_app(
        {
            "DATABASE_URL": demo_database_url,
            "SECRET_KEY": "test-secret",
            "UPLOAD_FOLDER": tmp_path / "up",
            "RATE_LIMIT_STORAGE": nothing_there,
            "COMMENT_RATE_LIMIT": "2/minute",
            "JOIN_RATE_LIMIT": "2/minute",
        }
    )
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
    app = create_app(
        {
            "DATABASE_URL": demo_database_url,
            "SECRET_KEY": "test-secret",
            "UPLOAD_FOLDER": tmp_path / "up",
            "RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{free_port()}/0",
            "COMMENT_RATE_LIMIT": "off",
            "LOGIN_RATE_LIMIT": "off",
        }
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
