"""One writer at a time on SQLite, taken in turn rather than by retrying.

SQLite lets one connection write at a time. A connection that finds the file locked sleeps and
tries again (its busy handler waits 1, 2, 5 … up to 100 ms between tries), so under many
concurrent posts a writer that just missed its turn can sleep through several others': the
median post stays quick while the slowest wait long (the workshop benchmark's p95 was 9× its
median with 4 workers). The gate makes writers wait in the kernel instead: a lock per process
for its threads, then an exclusive ``flock`` on a file beside the database for the processes
(every `serve` worker, every instance on the machine), handed on the moment the holder lets go.
PostgreSQL needs none of this: its own locks queue writers.
"""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_GATES: weakref.WeakSet[WriterGate] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    """A forked process starts with none of the gates held: the parent's lock, its threads'
    depths and its descriptor (a lock on which would be the parent's) stay behind."""
    for gate in list(_GATES):
        gate._reset()


os.register_at_fork(after_in_child=_after_fork_in_child)


class WriterGate:
    """Held around each write transaction; re-entrant within a thread (a write inside a write
    takes it once)."""

    def __init__(self, database: str | None) -> None:
        self._path = Path(f"{database}-writer") if database else None
        self._reset()
        _GATES.add(self)

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._held = threading.local()
        self._descriptor_open: int | None = None

    def holding(self) -> bool:
        """Whether this thread is inside a write."""
        return getattr(self._held, "depth", 0) > 0

    @contextmanager
    def held(self) -> Iterator[None]:
        if self._path is None or getattr(self._held, "depth", 0):
            self._held.depth = getattr(self._held, "depth", 0) + 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        with self._lock:
            descriptor = self._descriptor()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
                fcntl.flock(descriptor, fcntl.LOCK_UN)

    def _descriptor(self) -> int:
        if self._descriptor_open is None:
            self._descriptor_open = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._descriptor_open


def sqlite_file(url) -> str | None:
    """The database file of an SQLite URL; ``None`` for PostgreSQL and in-memory databases."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    return database if database and database != ":memory:" else None
