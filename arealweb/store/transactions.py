"""How far a transaction came, and what became of one whose commit raised."""

from __future__ import annotations

import enum


class Outcome(enum.Enum):
    """What became of a transaction whose commit raised
    (:meth:`arealweb.store.repository.Store.outcome`)."""

    COMMITTED = "committed"
    UNDONE = "undone"
    UNKNOWN = "unknown"


class Stage(enum.Enum):
    """How far a transaction of :meth:`arealweb.store.repository.Store.write` has come."""

    OPEN = "open"
    COMMITTING = "committing"
    COMMITTED = "committed"
