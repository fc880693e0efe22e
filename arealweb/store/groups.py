"""Group commit: the small writes that arrive together share one transaction.

At a hearing's peak every comment post is a transaction of its own, and what a transaction
costs is mostly its commit: the database waits until the write-ahead log is on the disk (a few
milliseconds), and on SQLite the writers take turns (:mod:`.writers`), so posts queue behind
each other's flushes. A :class:`CommitGroup` lets the posts that arrive while a commit is under
way wait for the next one together: the first of them leads, opens one transaction, runs every
waiting write in it in turn, and commits once. Each caller still gets its own answer only
after the commit that holds its write, so nothing answered is ever lost.

A write given to the group follows one rule: it checks before it writes. A refusal (a
:class:`~arealweb.domain.errors.DomainError`, say a closed consultation) raised before its
first change goes back to its caller alone and the others go on. Anything else (an SQL error,
a lost connection) undoes the whole shared transaction; each write is then run again in a
transaction of its own, so one write's fault never becomes another's.

A commit whose answer is lost (the connection broken as it went) is not run again blindly: on
PostgreSQL the store asks the database whether the transaction went through
(:meth:`~arealweb.store.repository.Store.outcome`). If it did, every write is answered as done;
if it was undone, each runs again alone; if no one can tell, each is answered with the error
and none is written twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from arealweb.domain.errors import DomainError
from arealweb.store.transactions import Outcome

if TYPE_CHECKING:
    from arealweb.store.repository import Store, UnitOfWork

T = TypeVar("T")

log = logging.getLogger(__name__)

MOST = 64
"""The most writes one transaction takes; those beyond wait for the next."""


class _Write(Generic[T]):
    def __init__(self, work: Callable[[UnitOfWork], T]) -> None:
        self.work = work
        self.wake = threading.Event()
        self.leads = False
        self.done = False
        self.value: T | None = None
        self.error: BaseException | None = None

    def answer(self) -> T:
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class _Undone(Exception):
    """A write failed in a way that spoils the shared transaction."""


class CommitGroup:
    """The writes of one process that share transactions (one group per :class:`Store`)."""

    def __init__(self, store: Store, most: int = MOST) -> None:
        self._store = store
        self._most = most
        self._lock = threading.Lock()
        self._queue: list[_Write] = []
        self._leading = False

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """``work(repo)`` in a write transaction, possibly shared with other threads' writes;
        returns its value (or raises its error) once that transaction is committed."""
        if self._store.writers.holding():
            # Inside a write of its own (a thread never waits for a transaction it blocks).
            with self._store.write() as repo:
                return work(repo)
        write = _Write(work)
        with self._lock:
            self._queue.append(write)
            if not self._leading:
                self._leading = write.leads = True
        while not write.done:
            if write.leads:
                self._lead()
            else:
                write.wake.wait()
                write.wake.clear()
        return write.answer()

    def waiting(self) -> int:
        """How many writes wait for a transaction."""
        with self._lock:
            return len(self._queue)

    def _lead(self) -> None:
        batch: list[_Write] = []
        repo: UnitOfWork | None = None
        try:
            try:
                with self._store.write() as repo:
                    # Taken once the transaction is ours (on SQLite, once the writers' gate
                    # is): what arrived while waiting for it goes in too.
                    batch = self._take()
                    for write in batch:
                        try:
                            write.value = write.work(repo)
                        except DomainError as refused:
                            write.error = refused
                        except Exception as error:
                            raise _Undone from error
            except _Undone:
                self._one_by_one(batch)
            except Exception as error:
                outcome = self._store.outcome(repo)
                began = bool(batch)  # else the transaction could not begin, and took none
                batch = batch or self._take()
                if outcome is Outcome.COMMITTED:  # only its answer was lost: the answers stand
                    log.warning("a shared commit went through though it raised: %s", error)
                elif outcome is Outcome.UNDONE and began and len(batch) > 1:
                    # The commit (or what is written just before it: UnitOfWork.finish, the
                    # comments added, say) failed: try each alone.
                    self._one_by_one(batch)
                else:  # the one write failed, none could begin, or no one can tell what
                    if outcome is Outcome.UNKNOWN:  # became of them: none is written twice
                        log.error("a shared commit of %d writes may or may not have gone "
                                  "through; each is answered with its error: %s",
                                  len(batch), error)  # fmt: skip
                    for write in batch:
                        write.value, write.error = None, error
        except BaseException as error:  # escaped from the above: no write is answered as done
            for write in batch:
                write.value, write.error = None, error
            raise
        finally:
            self._hand_over(batch)

    def _take(self) -> list[_Write]:
        with self._lock:
            batch, self._queue = self._queue[: self._most], self._queue[self._most :]
        return batch

    def _one_by_one(self, batch: list[_Write]) -> None:
        for write in batch:
            write.value = write.error = None
            try:
                with self._store.write() as repo:
                    write.value = write.work(repo)
            except Exception as error:
                write.value, write.error = None, error

    def _hand_over(self, batch: list[_Write]) -> None:
        """Answer the batch and let the first write still waiting lead the next one."""
        with self._lock:
            if self._queue:
                self._queue[0].leads = True
                self._queue[0].wake.set()
            else:
                self._leading = False
        for write in batch:
            write.leads = False
            write.done = True
            write.wake.set()
