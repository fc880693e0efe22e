"""The store: one entry to the database, handing out a unit of work with the repositories.

Each repository keeps one aggregate (goals, zones, reference layers, accounts, participation,
workshops); they share the unit of work's connection, so what one transaction writes through
several of them is kept together or not at all.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import sqlalchemy as sa

from arealweb.store.accounts import AccountRepository
from arealweb.store.goals import GoalRepository
from arealweb.store.groups import CommitGroup
from arealweb.store.indicators import IndicatorRepository
from arealweb.store.mail import OutboxRepository
from arealweb.store.participation import ParticipationRepository
from arealweb.store.places import PlaceRepository
from arealweb.store.reference import ReferenceRepository
from arealweb.store.scenarios import ScenarioRepository
from arealweb.store.signals import Signals
from arealweb.store.transactions import Outcome, Stage
from arealweb.store.workshops import WorkshopRepository
from arealweb.store.writers import WriterGate, sqlite_file
from arealweb.store.zones import ZoneRepository

T = TypeVar("T")

log = logging.getLogger(__name__)

OUTCOME_WAIT_SECONDS = 2.0
"""How long :meth:`Store.outcome` asks again while PostgreSQL still has the transaction in
progress (its client gone, the commit not yet finished)."""

FLUSH_WAIT_MS = 5_000
"""How long emptying SQLite's write-ahead log waits for the readers still in it."""

STATISTICS_LOCK_WAIT_MS = 5_000
"""How long refreshing the statistics waits for a table another session holds (an index
being built, another vacuum) before it leaves the work to autovacuum."""


class Store:
    """The database behind arealweb: hands out repositories for reading or for one transaction."""

    def __init__(self, engine: sa.Engine, news_redis: str | None = None) -> None:
        self.engine = engine
        self.signals = Signals(engine, news_redis)
        self.writers = WriterGate(sqlite_file(engine.url))
        self.group = CommitGroup(self)
        self._postgres = engine.dialect.name == "postgresql"

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        with self.engine.connect() as connection:
            yield UnitOfWork(connection)

    def warm_up(self) -> None:
        """Open a connection and prepare it for the request a new server process most often
        gets first, the whole plan's zone listing (:meth:`ZoneRepository.plan_listing`); it
        stays in the pool for that request."""
        with self.read() as repo:
            repo.zones.plan_listing()

    def flush_log(self) -> bool:
        """On SQLite, copy the write-ahead log into the database file and empty it, so that
        values just forgotten do not linger in the ``-wal`` file; PostgreSQL needs nothing.

        Returns whether the log was emptied. A reader that holds on to it for longer than
        :data:`FLUSH_WAIT_MS` keeps it: that is logged, and the next flush or SQLite's own
        checkpoints empty it later."""
        if self.engine.url.get_backend_name() != "sqlite":
            return True
        with self.engine.connect() as connection:
            usual = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {FLUSH_WAIT_MS}")
            try:
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(usual)}")
        if busy:
            log.warning(
                "the write-ahead log was not emptied (a reader held it): values just forgotten "
                "stay in the -wal file until the next checkpoint"
            )
        return not busy

    def refresh_statistics(self) -> bool:
        """After many zones were written at once (an import), let PostgreSQL know the tables
        now rather than at autovacuum's next round: their sizes for the planner (planned for
        the 24 zones it last saw, a listing of 10 000 sorted 7 MB of stored Features on disk,
        47 ms against 19 ms), and which pages are all visible, so a listing reads ids and
        versions from the index alone (migration 0021; at 50 000 zones 18 ms against 72).
        ``VACUUM`` runs outside a transaction. SQLite needs nothing.

        Only an improvement on what is already committed: when it cannot be done now (a table
        held by another session beyond :data:`STATISTICS_LOCK_WAIT_MS`, the database gone), it
        is logged and left to autovacuum, and the write it follows still stands. Returns
        whether it was done."""
        if self.engine.url.get_backend_name() != "postgresql":
            return True
        try:
            with self.engine.connect() as connection:
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.exec_driver_sql(f"SET lock_timeout = {STATISTICS_LOCK_WAIT_MS}")
                try:
                    connection.exec_driver_sql("VACUUM (ANALYZE) zones, zone_goals, zone_features")
                finally:
                    connection.exec_driver_sql("RESET lock_timeout")
        except Exception as error:  # the database, the pool: only an improvement is lost
            log.warning(
                "zone statistics not refreshed after a large write, left to autovacuum: %s",
                str(getattr(error, "orig", None) or error).strip(),
            )
            return False
        return True

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """One transaction: everything done inside is kept together or not at all.

        On PostgreSQL the transaction's id is noted just before the commit (one round trip), so
        that a commit whose answer never comes (the connection lost as it went: a failover, the
        network) is asked after (:meth:`outcome`): one that went through is not raised as a
        failure, so its caller does not do it again."""
        work: UnitOfWork | None = None
        try:
            with self.writers.held(), self.engine.begin() as connection:
                work = UnitOfWork(connection)
                yield work
                if work.topics:
                    self.signals.announce(connection, work.topics)
                # Last, so that what it locks is held for the commit alone.
                work.finish()
                if self._postgres:
                    work.transaction_id, work.server_started = connection.exec_driver_sql(
                        "SELECT pg_current_xact_id_if_assigned()::text, "
                        "pg_postmaster_start_time()::text"
                    ).one()
                work.stage = Stage.COMMITTING
        except Exception as error:
            if self.outcome(work) is not Outcome.COMMITTED:
                raise
            log.warning("a commit went through though its answer was lost: %s", error)
        work.stage = Stage.COMMITTED
        if work.topics:
            self.signals.committed(work.topics)

    def outcome(self, work: UnitOfWork | None) -> Outcome:
        """Whether the transaction of ``work`` (from :meth:`write`, ``None`` if it never began)
        was committed, now that an error came out of it.

        Raised before the commit was asked for, it was undone; raised after, it stands. A commit
        that raised may have happened or not (its answer lost with the connection, or replaced
        by a pooler's error): on PostgreSQL the transaction's status is asked on a new
        connection of the same server; if it cannot be told, :attr:`Outcome.UNKNOWN` — the
        caller must then neither answer the write as done nor write it again. SQLite commits in
        this process: a commit that raised did not happen."""
        if work is None or work.stage is Stage.OPEN:
            return Outcome.UNDONE
        if work.stage is Stage.COMMITTED:
            return Outcome.COMMITTED
        if work.outcome is None:
            work.outcome = self._asked(work)
        return work.outcome

    def _asked(self, work: UnitOfWork) -> Outcome:
        if not self._postgres:
            return Outcome.UNDONE
        if work.transaction_id is None:  # it wrote nothing, so there is nothing to lose
            return Outcome.COMMITTED
        # Asked even when an error came back with a code: a pooler (PgBouncer) answers a
        # commit its server connection lost mid-way with an error of its own.
        deadline = time.monotonic() + OUTCOME_WAIT_SECONDS
        while True:
            try:
                with self.engine.connect() as connection:
                    status, started = connection.execute(
                        sa.text(
                            "SELECT pg_xact_status(CAST(:id AS xid8)), "
                            "pg_postmaster_start_time()::text"
                        ),
                        {"id": work.transaction_id},
                    ).one()
            except Exception:  # the database, the pool, anything: then no one can tell
                status = started = None
            if started is not None and started != work.server_started:
                # Another server now (a standby promoted): the id may be someone else's.
                return Outcome.UNKNOWN
            if status == "committed":
                return Outcome.COMMITTED
            if status == "aborted":
                return Outcome.UNDONE
            if status is None or time.monotonic() >= deadline:
                return Outcome.UNKNOWN
            time.sleep(0.05)  # in progress: the server is still finishing it

    def write_together(self, work: Callable[[UnitOfWork], T]) -> T:
        """``work(repo)`` in a transaction it may share with the writes of other threads that
        arrive meanwhile (group commit, :mod:`.groups`); its value once that is committed.
        ``work`` must check before it writes: a refusal it raises goes to its caller alone."""
        return self.group.run(work)


class UnitOfWork:
    """The repositories over one connection (and, from :meth:`Store.write`, one transaction)."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.topics: set[str] = set()
        """What this transaction changes that open streams show (:mod:`.signals`)."""
        self.stage = Stage.OPEN
        self.transaction_id: str | None = None
        """PostgreSQL's id of this transaction, noted just before its commit (``None`` if it
        wrote nothing)."""
        self.server_started: str | None = None
        """When the PostgreSQL server that gave ``transaction_id`` started."""
        self.outcome: Outcome | None = None
        """What became of it, once a commit that raised was asked about."""
        self.goals = GoalRepository(connection)
        self.zones = ZoneRepository(connection)
        self.reference = ReferenceRepository(connection)
        self.places = PlaceRepository(connection)
        self.accounts = AccountRepository(connection)
        self.participation = ParticipationRepository(connection, self.topics)
        self.workshops = WorkshopRepository(connection, self.topics)
        self.outbox = OutboxRepository(connection)
        self.indicators = IndicatorRepository(connection)
        self.scenarios = ScenarioRepository(connection)

    def finish(self) -> None:
        """Just before the commit: what was left for last is written (new comments, together;
        a workshop's inputs are numbered here, so its row is locked for the commit alone)."""
        self.participation.write_pending()
        self.workshops.number()
