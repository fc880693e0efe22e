"""The moderation queue's live updates: a planner's stream hears of a comment the moment it is
sent, a reconnect hears only of what it has not seen, and only planners may listen."""

import threading

from tests.api.test_participation import body, post
from tests.api.test_workshop_events import Stream


def test_a_planner_hears_of_a_new_comment_awaiting_moderation(app, client, planner):
    stream = Stream(
        client.get("/api/v1/comments/events", headers=planner["planner"], buffered=False)
    )
    try:
        state, first = stream.next_event()
        sent = {}

        def send():
            threading.Event().wait(0.3)
            sent.update(body(post(app.test_client(), text="Farlig kryss ved skolen")))

        poster = threading.Thread(target=send)
        poster.start()
        state_after, event = stream.next_event()
        poster.join()
        assert event["pending"] == first["pending"] + 1
        assert event["ids"][0] == sent["id"] and sent["state"] == "pending"
        assert state_after != state
    finally:
        stream.close()
    # A reconnect that saw that state hears nothing until the queue changes again.
    app.config.update(STREAM_HEARTBEAT_S=1, STREAM_MAX_S=1)
    headers = {**planner["planner"], "Last-Event-ID": str(state_after)}
    again = Stream(client.get("/api/v1/comments/events", headers=headers, buffered=False))
    assert again.next_event() is None
    again.close()


def test_only_planners_may_listen_to_the_moderation_queue(client, planner):
    assert client.get("/api/v1/comments/events").status_code == 401
    refused = client.get("/api/v1/comments/events", headers=planner["council"])
    assert refused.status_code == 403
    assert body(refused)["error"]["status"] == 403


def test_the_queue_asked_for_gives_what_the_stream_pushes(app, client, planner):
    """The moderation page's fallback asks ``/comments/pending`` for the stream's news."""
    before = body(client.get("/api/v1/comments/pending", headers=planner["planner"]))
    sent = body(post(client, text="Hull i veien ved Stabekk"))
    answer = client.get("/api/v1/comments/pending", headers=planner["planner"])
    assert answer.status_code == 200
    after = body(answer)
    assert after["pending"] == before["pending"] + 1
    assert after["ids"][0] == sent["id"]
    assert client.get("/api/v1/comments/pending").status_code == 401
    refused = client.get("/api/v1/comments/pending", headers=planner["council"])
    assert refused.status_code == 403
    assert "moderasjonskøen" in body(refused)["error"]["message"]
