"""Announcements of committed changes, so open event streams wake when there is news.

A write that changes what a stream shows (a workshop's feed, the moderation queue) announces a
*topic* (``workshop:<id>`` or ``comments``) through its unit of work. The streams of a process
wait on one :class:`Hub`: they remember the hub's count for their topic, read the database, and
sleep until the count moves. The announcement itself is the only thing that differs:

- **SQLite**: the hub is told once the transaction has committed. Other processes on the same
  file (``serve`` workers) hear it through Redis when one is shared (the rate limiter's
  ``redis://`` storage): the topic is published after the commit and each process's listener
  thread passes what the others published to its hub. Without Redis, or while it cannot be
  reached, the streams look at the database twice a second unasked.
- **PostgreSQL**: ``pg_notify`` inside the transaction, so PostgreSQL delivers it only if the
  transaction commits, to every process listening. Each process runs one listener thread on
  its own psycopg connection (``LISTEN``) that passes what arrives to its hub, and reconnects
  with backoff when the database goes away; on reconnecting it wakes every stream, since what
  was announced meanwhile was lost, and the streams read the database again. The comments'
  topic is announced by the database itself, from the trigger that moves the comments'
  revision (migration 0022): a comment changed in psql or QGIS wakes the moderation queue too.

The payload is small (the topic and, for a workshop, its revision); a stream always reads what
is new from the database, so a lost or doubled announcement costs a read, never an input.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from collections import defaultdict

import sqlalchemy as sa

from arealweb.store.database import connection_arguments

CHANNEL = "arealweb_live"
"""The PostgreSQL channel every announcement goes to (the topic is in its payload)."""

LISTENER = "arealweb-listen"
"""The listener's ``application_name`` (in ``pg_stat_activity``) and its thread's name."""

log = logging.getLogger(__name__)


def workshop_topic(workshop_id: str) -> str:
    return f"workshop:{workshop_id}"


COMMENTS_TOPIC = "comments"
"""New comments awaiting moderation (or any change to the queue)."""


class Hub:
    """The streams of one process waiting for news, by topic."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._counts: dict[str, int] = defaultdict(int)
        self._everything = 0
        self.ending = False
        """Set when the process is stopping: every stream ends at its next wake."""

    def mark(self, topic: str) -> int:
        """Where the topic stands now: pass it to :meth:`wait` after reading the database."""
        with self._changed:
            return self._counts[topic] + self._everything

    def wake(self, topic: str | None) -> None:
        """News on ``topic`` (``None``: maybe on every topic)."""
        with self._changed:
            if topic is None:
                self._everything += 1
            else:
                self._counts[topic] += 1
            self._changed.notify_all()

    def end_all(self) -> None:
        """Wake every stream to end, so a graceful stop is not held up by open streams."""
        self.ending = True
        self.wake(None)

    def wait(self, topic: str, mark: int, timeout: float) -> bool:
        """Sleep until ``topic`` moves past ``mark`` or ``timeout`` seconds pass; whether it
        moved."""
        with self._changed:
            return self._changed.wait_for(
                lambda: self._counts[topic] + self._everything != mark, timeout
            )


SQLITE_RECHECK_SECONDS = 0.5

PUBLISH_PAUSE_SECONDS = 5.0
"""How long writes leave Redis alone after a publish failed (a write waits at most its
socket timeout, once)."""


def _redis_channel(engine: sa.Engine) -> str:
    from pathlib import Path

    database = engine.url.database or ""
    if database and database != ":memory:":
        database = str(Path(database).resolve())
    return f"{CHANNEL}:{hashlib.sha256(database.encode()).hexdigest()[:16]}"


def _publisher(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=2.0)


class Signals:
    """How one store announces changes and how its streams hear them."""

    def __init__(self, engine: sa.Engine, redis_url: str | None = None) -> None:
        self.hub = Hub()
        self._engine = engine
        self._postgres = engine.url.get_backend_name() == "postgresql"
        self._redis_url = None if self._postgres else redis_url
        self._redis_channel = _redis_channel(engine) if self._redis_url else ""
        """One channel per database file: instances on other databases (other
        municipalities, say) that share the Redis do not wake these streams."""
        self._publisher = _publisher(self._redis_url) if self._redis_url else None
        self._quiet_until = 0.0
        """After a failed publish, writes do not try Redis again before this (monotonic)."""
        self._origin = uuid.uuid4().hex
        """Told apart from the other processes' announcements on Redis (its own are heard at
        once, not again through Redis)."""
        self._listener: threading.Thread | None = None
        self._start = threading.Lock()
        self._stopped = threading.Event()
        self.connected = threading.Event()

    @property
    def recheck_seconds(self) -> float | None:
        """How often a waiting stream should look at the database unasked: on PostgreSQL every
        process hears every commit, so never; on SQLite with a shared Redis that this process
        is listening to, never either; otherwise another process on the same file (a second
        `serve` worker) cannot wake this one, so twice a second."""
        if self._postgres or (self._redis_url and self.connected.is_set()):
            return None
        return SQLITE_RECHECK_SECONDS

    def announce(self, connection: sa.Connection, topics: set[str]) -> None:
        """Inside the transaction, just before it commits (PostgreSQL delivers on commit).
        The comments' topic is PostgreSQL's own to announce: the trigger that moves the
        comments' revision does it for every change to a comment, the app's or anyone's
        (migration 0022), so the app adds no round trip for it."""
        if self._postgres:
            for topic in sorted(topics - {COMMENTS_TOPIC}):
                connection.execute(
                    sa.text("SELECT pg_notify(:channel, :topic)"),
                    {"channel": CHANNEL, "topic": topic},
                )

    def committed(self, topics: set[str]) -> None:
        """After the transaction committed: on SQLite, wake this process's streams, and the
        other processes' through Redis. A publish that fails leaves Redis alone for a few
        seconds, so writes are not held up by a Redis that does not answer; the others'
        listeners have lost it too and their streams recheck on their own meanwhile."""
        if self._postgres:
            return
        for topic in topics:
            self.hub.wake(topic)
        if self._publisher is None or not topics or time.monotonic() < self._quiet_until:
            return
        try:
            for topic in sorted(topics):
                self._publisher.publish(self._redis_channel, f"{self._origin} {topic}")
        except Exception as error:
            self._quiet_until = time.monotonic() + PUBLISH_PAUSE_SECONDS
            log.warning("live updates: could not publish to Redis (%s)", error)

    def heard(self, message: str) -> None:
        """An announcement from Redis: wake this process's streams unless it was its own."""
        origin, _, topic = message.partition(" ")
        if origin != self._origin and topic:
            self.hub.wake(topic)

    def listen(self) -> Hub:
        """The hub, with the listener thread started on PostgreSQL or a shared Redis (once per
        store)."""
        if (self._postgres or self._redis_url) and self._listener is None:
            with self._start:
                if self._listener is None:
                    target = self._listen if self._postgres else self._listen_redis
                    self._listener = threading.Thread(target=target, name=LISTENER, daemon=True)
                    self._listener.start()
        return self.hub

    def stop(self) -> None:
        self._stopped.set()
        if self._publisher is not None:
            self._publisher.close()

    def _listen(self) -> None:
        import psycopg

        url = self._engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        # Its check of a quiet connection must not wait for TCP to give up either.
        arguments = connection_arguments(url)
        delay = 0.5
        while not self._stopped.is_set():
            try:
                with psycopg.connect(
                    url, autocommit=True, application_name=LISTENER, **arguments
                ) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    delay = 0.5
                    # Whatever was announced while nobody listened is lost: read again.
                    self.hub.wake(None)
                    while not self._stopped.is_set():
                        for notice in connection.notifies(timeout=5.0):
                            self.hub.wake(notice.payload)
                        # A quiet connection is checked, so a dead one is noticed.
                        connection.execute("SELECT 1")
            except Exception as error:
                self.connected.clear()
                log.warning(
                    "live updates: lost the database (%s); retrying in %.1f s", error, delay
                )
                self._stopped.wait(delay)
                delay = min(delay * 2, 30.0)

    def _listen_redis(self) -> None:
        import redis

        client = redis.Redis.from_url(
            self._redis_url,
            socket_connect_timeout=5,
            socket_timeout=5,
            health_check_interval=15,
            client_name=LISTENER,
        )
        delay = 0.5
        while not self._stopped.is_set():
            try:
                with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    pubsub.subscribe(self._redis_channel)
                    self.connected.set()
                    delay = 0.5
                    # Whatever the others announced while this one did not listen is lost.
                    self.hub.wake(None)
                    while not self._stopped.is_set():
                        message = pubsub.get_message(timeout=5.0)
                        if message is not None and message["type"] == "message":
                            self.heard(message["data"].decode())
            except Exception as error:
                self.connected.clear()
                log.warning("live updates: lost Redis (%s); retrying in %.1f s", error, delay)
                self._stopped.wait(delay)
                delay = min(delay * 2, 30.0)
        self.connected.clear()
