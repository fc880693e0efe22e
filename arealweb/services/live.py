"""News for open event streams: wait until a workshop's feed or the moderation queue changes.

The web layer holds a :class:`News` and does not know which database announces it; the store
wakes it after a commit (SQLite, in this process) or through PostgreSQL's ``LISTEN/NOTIFY``
(every process on the database). A stream reads the database after each wake, so news is a
hint to look again, never the data itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.store.repository import Store
from arealweb.store.signals import COMMENTS_TOPIC, Hub, workshop_topic


@dataclass(frozen=True)
class News:
    """One topic's news in this process."""

    hub: Hub
    topic: str
    recheck: float | None = None
    """Look at the database this often even without news (None: news is never missed)."""

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


def workshop_news(store: Store, workshop_id: str) -> News:
    """News of a workshop's feed: input from a group, or the workshop closed."""
    return News(store.signals.listen(), workshop_topic(workshop_id), store.signals.recheck_seconds)


def moderation_news(store: Store) -> News:
    """News of the moderation queue: a comment sent, moderated or deleted."""
    return News(store.signals.listen(), COMMENTS_TOPIC, store.signals.recheck_seconds)


def end_streams(store: Store) -> None:
    """End every open stream of this store's process (at a graceful stop); the browsers
    reconnect to another worker from their last event."""
    store.signals.hub.end_all()


def stop_listening(store: Store) -> None:
    """End the store's listener thread (PostgreSQL), e.g. when an app is torn down."""
    store.signals.stop()
