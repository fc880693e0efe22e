"""News for open event streams: wait until a workshop's feed or the moderation queue changes.

The web layer holds a :class:`News` and does not know which database announces it; the store
wakes it after a commit (SQLite, in this process) or through PostgreSQL's ``LISTEN/NOTIFY``
(every process on the database). A stream reads the database after each wake, so news is a
hint to look again, never the data itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.store.repository import Store
from arealweb.store.signals import COMMENTS_TOPIC, Hub, Signals, workshop_topic


@dataclass(frozen=True)
class News:
    """One topic's news in this process."""

    signals: Signals
    topic: str

    @property
    def hub(self) -> Hub:
        return self.signals.hub

    @property
    def recheck(self) -> float | None:
        """Look at the database this often even without news (None: news is never missed);
        asked before each wait, as it changes when a shared Redis is lost or found again."""
        return self.signals.recheck_seconds

    def mark(self) -> int:
        """Where the news stands: take it *before* reading the database."""
        return self.hub.mark(self.topic)

    @property
    def ending(self) -> bool:
        """Whether the process is stopping (the stream should end now)."""
        return self.hub.ending

    def wait(self, mark: int, timeout: float) -> bool:
        """Sleep until there is news after ``mark``, at most ``timeout`` seconds; whether
        there was."""
        return self.hub.wait(self.topic, mark, timeout)


def redis_for_news(storage_uri: str | None) -> str | None:
    """The Redis URL in a rate limiter's storage URI, if it is a plain Redis (``redis://``,
    ``rediss://``, ``unix://``): processes that share it for their limits share it for their
    news too (what SQLite needs for several ``serve`` workers; PostgreSQL has its own)."""
    if storage_uri and storage_uri.split("://", 1)[0] in {"redis", "rediss", "unix"}:
        return storage_uri
    return None


def workshop_news(store: Store, workshop_id: str) -> News:
    """News of a workshop's feed: input from a group, or the workshop closed."""
    store.signals.listen()
    return News(store.signals, workshop_topic(workshop_id))


def moderation_news(store: Store) -> News:
    """News of the moderation queue: a comment sent, moderated or deleted."""
    store.signals.listen()
    return News(store.signals, COMMENTS_TOPIC)


def end_streams(store: Store) -> None:
    """End every open stream of this store's process (at a graceful stop); the browsers
    reconnect to another worker from their last event."""
    store.signals.hub.end_all()


def stop_listening(store: Store) -> None:
    """End the store's listener thread (PostgreSQL), e.g. when an app is torn down."""
    store.signals.stop()
