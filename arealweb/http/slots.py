"""A bound on how many costly answers (files written for a download) are made at once.

A request past the bound waits a while for room, then is told to come back (503 with
Retry-After) rather than queueing without end behind a crowd of others."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app


class Busy(Exception):
    """Every slot is taken and none came free in time."""


class Slots:
    def __init__(self, concurrent: int, wait: float) -> None:
        self._free = threading.BoundedSemaphore(concurrent)
        self.wait = wait

    @contextmanager
    def held(self) -> Iterator[None]:
        taken = (
            self._free.acquire(timeout=self.wait)
            if self.wait > 0
            else self._free.acquire(blocking=False)
        )
        if not taken:
            raise Busy
        try:
            yield
        finally:
            self._free.release()


def export_slots() -> Slots:
    """The app's slots for writing zone files (one set per app: tests run several apps)."""
    extensions = current_app.extensions
    if "arealweb.export_slots" not in extensions:
        config = current_app.config
        made = Slots(int(config["MAX_EXPORTS"]), float(config["EXPORT_WAIT_SECONDS"]))
        extensions.setdefault("arealweb.export_slots", made)  # one, if two requests race here
    return extensions["arealweb.export_slots"]
