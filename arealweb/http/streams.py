"""Server-Sent Event streams: one thread per open stream, capped per process.

A stream is an answer that does not end: each event carries ``id: <revision>`` and the JSON
of what is new since the revision before; a comment line every ``STREAM_HEARTBEAT_S`` seconds
keeps proxies from closing a quiet one, and after ``STREAM_MAX_S`` it ends so the browser
reconnects (``retry:``) with ``Last-Event-ID`` and resumes where it was. Under a threaded
server each open stream holds one thread, so a process holds at most ``STREAM_MAX_OPEN``; one
more is refused (503 + ``Retry-After``) and its page polls instead. Streams opened with a
group's join code leave ``STREAM_KEPT_FOR_ACCOUNTS`` of them free, so the devices of a room
full of groups never take the plenary screen's stream.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from flask import Response, current_app

from arealweb.http.store import current_store
from arealweb.services import live
from arealweb.services.database import UNREACHABLE
from arealweb.services.live import News

RETRY_MS = 2000
"""How long the browser waits before it reconnects a stream that ended."""

RETRY_STREAM_SECONDS = 10
"""When a page refused a stream may try one again (``Retry-After``; it polls meanwhile)."""

Read = Callable[[object], tuple[object, bytes | None, bool]]
"""Given the id of the last event sent (a workshop's revision, the moderation queue's state):
the id reached, the event's JSON (``None``: nothing new) and whether the stream is finished
(a closed workshop changes no more)."""


class _Slots:
    """How many streams this process holds open."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.open = 0

    def take(self, limit: int) -> bool:
        with self._lock:
            if self.open >= limit:
                return False
            self.open += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self.open -= 1


_KEY = "arealweb.streams"


def _slots() -> _Slots:
    """The app's count (one app per process under gunicorn: the cap is per process)."""
    return current_app.extensions.setdefault(_KEY, _Slots())


def open_streams() -> int:
    """How many streams the app holds open now."""
    return _slots().open


def event_stream(news: News, read: Read, after: object, *, keep: int = 0) -> Response | None:
    """The streaming answer, or ``None`` when this process holds as many as it may, less
    ``keep`` (slots a stream for a group's code leaves for signed-in screens)."""
    config = current_app.config
    slots = _slots()
    if not slots.take(int(config["STREAM_MAX_OPEN"]) - keep):
        return None
    events = _events(
        news, read, after, float(config["STREAM_HEARTBEAT_S"]), float(config["STREAM_MAX_S"])
    )
    response = Response(events, mimetype="text/event-stream")
    response.call_on_close(slots.give_back)
    response.headers["Cache-Control"] = "no-cache"
    # nginx would otherwise hold the events back until its buffer fills.
    response.headers["X-Accel-Buffering"] = "no"
    return response


def _events(
    news: News, read: Read, after: int, heartbeat: float, lifetime: float
) -> Iterator[bytes]:
    yield b"retry: %d\n\n" % RETRY_MS
    ends = time.monotonic() + lifetime
    beat = time.monotonic()
    while True:
        # The mark is taken before the read: news arriving during it is not slept through.
        mark = news.mark()
        try:
            revision, data, finished = read(after)
        except UNREACHABLE:
            # The database went away: end the stream; the browser reconnects (from its last
            # event) and, while the database is down, is refused and polls.
            return
        if data is not None:
            yield b"id: %s\ndata: %s\n\n" % (str(revision).encode(), data)
            after = revision
        left = ends - time.monotonic()
        if finished or left <= 0 or news.ending:
            return
        pause = min(left, heartbeat - (time.monotonic() - beat))
        if news.recheck is not None:
            pause = min(pause, news.recheck)
        if news.wait(mark, max(pause, 0.0)):
            continue
        if time.monotonic() - beat >= heartbeat:
            yield b": still here\n\n"
            beat = time.monotonic()


def end_streams() -> None:
    """End every stream the app holds open, e.g. when its worker is asked to stop, so the
    stop is not held up for ``STREAM_MAX_S``; the browsers reconnect elsewhere."""
    live.end_streams(current_store())


def last_event_id(header: str | None) -> int | None:
    """The revision a reconnecting browser saw last (``Last-Event-ID``), if it sent a number."""
    if header is None or not header.strip().isdigit() or len(header.strip()) > 18:
        return None
    return int(header.strip())
