"""The workshop feed pushed as Server-Sent Events: an event after each post, a reconnect that
resumes from Last-Event-ID with nothing missed or repeated, the feed's access rules, and the
PostgreSQL announcement reaching a stream held by another app on the same database."""

import json
import threading

import pytest

from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.http.streams import end_streams, open_streams
from arealweb.services.accounts import create_token, create_user
from tests.api.test_workshops import setup
from tests.serve.servers import redis_server


def comment(text):
    return {"goal_id": "2020.hm3", "stance": "keep", "text": text}


class Stream:
    """An open event stream read event by event, as a browser's EventSource reads it."""

    def __init__(self, response):
        assert response.status_code == 200, response.data
        assert response.mimetype == "text/event-stream"
        self.response = response
        self.chunks = iter(response.response)
        self.heartbeats = 0
        self.retry = None

    def next_event(self):
        """The next event's id and data (heartbeats are counted, not returned)."""
        for chunk in self.chunks:
            fields = dict(
                line.split(": ", 1) for line in chunk.decode().strip().splitlines() if ": " in line
            )
            if chunk.startswith(b":"):
                self.heartbeats += 1
            elif "retry" in fields:
                self.retry = int(fields["retry"])
            elif "data" in fields:
                key = fields["id"]
                return (int(key) if key.isdigit() else key), json.loads(fields["data"])
        return None

    def close(self):
        self.response.close()


def post_later(app, url, code, text, delay=0.3):
    """Post a comment from another thread while the stream waits."""

    def post():
        threading.Event().wait(delay)
        answer = app.test_client().post(
            url + "/comments", json=comment(text), headers={"X-Join-Code": code}
        )
        assert answer.status_code == 201, answer.data

    thread = threading.Thread(target=post)
    thread.start()
    return thread


@pytest.fixture
def workshop(client, planner):
    found = setup(client, planner)
    return found, f"/api/v1/workshops/{found['id']}", found["groups"][0]["code"]


def test_a_post_arrives_on_an_open_stream_as_the_next_revision(app, client, workshop):
    _, url, code = workshop
    stream = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
    try:
        first_id, first = stream.next_event()
        assert stream.retry == 2000
        assert stream.response.headers["Cache-Control"] == "no-cache"
        assert stream.response.headers["X-Accel-Buffering"] == "no"
        assert first["comments"] == [] and first["revision"] == first_id
        poster = post_later(app, url, code, "Flere benker i parken")
        event_id, event = stream.next_event()
        poster.join()
        assert event_id == first_id + 1 == event["revision"]
        assert [c["text"] for c in event["comments"]] == ["Flere benker i parken"]
    finally:
        stream.close()
    with app.app_context():
        assert open_streams() == 0


def test_a_reconnect_with_last_event_id_gets_exactly_what_it_missed(app, client, workshop):
    _, url, code = workshop
    posted = app.test_client()
    for text in ("En", "To"):
        posted.post(url + "/comments", json=comment(text), headers={"X-Join-Code": code})
    seen = json.loads(client.get(url + "/feed", headers={"X-Join-Code": code}).data)["revision"]
    for text in ("Tre", "Fire"):
        posted.post(url + "/comments", json=comment(text), headers={"X-Join-Code": code})
    headers = {"X-Join-Code": code, "Last-Event-ID": str(seen)}
    stream = Stream(client.get(url + "/events", headers=headers, buffered=False))
    try:
        event_id, event = stream.next_event()
        assert event_id == seen + 2
        assert [c["text"] for c in event["comments"]] == ["Tre", "Fire"]
    finally:
        stream.close()
    # ?after= does the same for a first connection.
    stream = Stream(client.get(url + f"/events?after={seen + 1}&code={code}", buffered=False))
    try:
        assert [c["text"] for c in stream.next_event()[1]["comments"]] == ["Fire"]
    finally:
        stream.close()


def test_a_quiet_stream_sends_heartbeats_and_ends_in_time(app, client, workshop):
    _, url, code = workshop
    app.config.update(STREAM_HEARTBEAT_S=1, STREAM_MAX_S=2)
    stream = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
    assert stream.next_event() is not None
    assert stream.next_event() is None  # the stream ended by itself
    assert stream.heartbeats >= 1
    stream.close()
    with app.app_context():
        assert open_streams() == 0


def test_the_stream_is_refused_without_a_code_and_with_a_wrong_one(client, workshop):
    _, url, _ = workshop
    assert client.get(url + "/events").status_code == 401
    refused = client.get(url + "/events", headers={"X-Join-Code": "AAAAAA"})
    assert refused.status_code == 404
    assert "error" in json.loads(refused.data)


def test_beyond_the_cap_a_stream_is_refused_with_503_and_retry_after(app, client, workshop):
    _, url, code = workshop
    app.config.update(STREAM_MAX_OPEN=1, STREAM_KEPT_FOR_ACCOUNTS=0)
    held = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
    try:
        refused = app.test_client().get(url + "/events", headers={"X-Join-Code": code})
        assert refused.status_code == 503
        assert refused.headers["Retry-After"]
        assert json.loads(refused.data)["error"]["status"] == 503
    finally:
        held.close()
    again = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
    again.close()


def test_group_screens_leave_streams_for_the_signed_in_screens(app, client, planner, workshop):
    """With room for three streams and two kept for accounts, one group device streams, the
    next is refused (it polls), and the plenary screen still gets its stream."""
    _, url, code = workshop
    app.config.update(STREAM_MAX_OPEN=3, STREAM_KEPT_FOR_ACCOUNTS=2)
    held = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
    plenary = None
    try:
        refused = app.test_client().get(url + "/events", headers={"X-Join-Code": code})
        assert refused.status_code == 503 and refused.headers["Retry-After"]
        plenary = Stream(
            app.test_client().get(url + "/events", headers=planner["planner"], buffered=False)
        )
        event_id, event = plenary.next_event()
        assert event["revision"] == event_id
    finally:
        held.close()
        if plenary is not None:
            plenary.close()


def test_a_closed_workshop_sends_its_last_event_and_ends(client, planner, workshop):
    _, url, code = workshop
    assert client.post(url + "/close", headers=planner["planner"]).status_code == 200
    stream = Stream(client.get(url + "/events", headers=planner["planner"], buffered=False))
    event_id, event = stream.next_event()
    assert event["closed"] is True and event_id == event["revision"]
    assert stream.next_event() is None
    stream.close()
    by_code = client.get(url + "/events", headers={"X-Join-Code": code})
    assert by_code.status_code == 200
    assert b'"closed":true' in by_code.data and b'"comments":[]' in by_code.data


def test_a_post_through_another_app_wakes_the_stream(app, client, workshop, tmp_path, backend):
    """Two app objects on one database, each with its own engine and store: on PostGIS the post
    reaches the other app's stream only through NOTIFY (there is no shortcut between stores);
    on SQLite the other app's stream still sees it at its next heartbeat at the latest."""
    _, url, code = workshop
    app.config["STREAM_HEARTBEAT_S"] = 1 if backend == "sqlite" else 30
    with app.app_context():
        database = str(current_store().engine.url.render_as_string(hide_password=False))
    other = create_app(
        {"DATABASE_URL": database, "SECRET_KEY": "test-secret", "UPLOAD_FOLDER": tmp_path / "u"}
    )
    stream = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
    try:
        first_id, _ = stream.next_event()
        if backend == "postgis":
            with app.app_context():
                assert current_store().signals.connected.wait(10)
        poster = post_later(other, url, code, "Fra en annen prosess")
        event_id, event = stream.next_event()
        poster.join()
        assert event_id == first_id + 1
        assert [c["text"] for c in event["comments"]] == ["Fra en annen prosess"]
        if backend == "postgis":
            assert stream.heartbeats == 0  # woken by NOTIFY, not by the 30 s heartbeat
    finally:
        stream.close()
        with other.app_context():
            current_store().engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_on_sqlite_a_post_through_another_process_wakes_the_stream_through_a_shared_redis(
    demo_database_url, tmp_path
):
    """Two apps on one SQLite file sharing a real Redis, as two `serve` workers do: once the
    stream's app listens, it looks at the database only when told (no recheck) and its
    heartbeat is 15 s away, so the post can only arrive before it pushed through Redis."""
    with redis_server(tmp_path) as redis:
        apps = [
            create_app(
                {
                    "DATABASE_URL": demo_database_url,
                    "SECRET_KEY": "test-secret",
                    "UPLOAD_FOLDER": tmp_path / name,
                    "RATE_LIMIT_STORAGE": redis,
                    # Unheard, the stream would read the post only after its first heartbeat.
                    "STREAM_HEARTBEAT_S": 15,
                    "STREAM_MAX_S": 60,
                }
            )
            for name in ("a", "b")
        ]
        watching, posting = apps
        client = watching.test_client()
        with watching.app_context():
            create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
            bearer = {"Authorization": f"Bearer {create_token(current_store(), 'kari')}"}
        found = setup(client, {"planner": bearer})
        url, code = f"/api/v1/workshops/{found['id']}", found["groups"][0]["code"]
        stream = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
        try:
            first_id, _ = stream.next_event()
            with watching.app_context():
                signals = current_store().signals
                assert signals.connected.wait(10)
                assert signals.recheck_seconds is None
            poster = post_later(posting, url, code, "Fra en annen prosess")
            event_id, event = stream.next_event()
            poster.join()
            assert event_id == first_id + 1
            assert [c["text"] for c in event["comments"]] == ["Fra en annen prosess"]
            assert stream.heartbeats == 0, "the post was not heard, only read at a heartbeat"
        finally:
            stream.close()
            for app in apps:
                with app.app_context():
                    current_store().signals.stop()
                    current_store().engine.dispose()


def test_a_stopping_worker_ends_its_open_streams(app, client, workshop):
    _, url, code = workshop
    stream = Stream(client.get(url + "/events", headers={"X-Join-Code": code}, buffered=False))
    assert stream.next_event() is not None

    def stop():
        threading.Event().wait(0.3)
        with app.app_context():
            end_streams()

    stopper = threading.Thread(target=stop)
    stopper.start()
    assert stream.next_event() is None  # ended at once, not after STREAM_MAX_S
    stopper.join()
    assert stream.heartbeats == 0
    stream.close()
