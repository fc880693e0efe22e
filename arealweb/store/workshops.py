"""Workshops and what their groups sent, in the database.

Every input is stored with a number, its ``seq``: the workshop's ``revision`` raised for it
(``UPDATE … WHERE closed_at IS NULL … RETURNING``), in the transaction that stores it. That one
statement both refuses input to a closed workshop, with no gap between the check and the write,
and orders the input: the row lock (PostgreSQL) or the write lock (SQLite) lets the next
transaction number its inputs only once this one is committed, so a reader asking for
``seq > n`` never skips a row that commits later.

The number is taken as late as it can be: :meth:`WorkshopRepository.receive` only notes the
input, and :meth:`WorkshopRepository.number` (called by the unit of work just before it
commits) raises each workshop's revision once for all the inputs the transaction holds and
writes them. So a transaction holds the workshop's row for its inserts and its commit alone,
not while the posts sharing it (:mod:`.groups`) are checked; another process's posts to the
same workshop are checked meanwhile instead of queueing behind them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from arealweb.domain.errors import NotFound
from arealweb.domain.text import N_
from arealweb.domain.workshops import (
    Feed,
    GoalComment,
    Group,
    Sketch,
    SketchKind,
    Stance,
    Word,
    Workshop,
    WorkshopAction,
    WorkshopClosed,
    WorkshopEvent,
)
from arealweb.store.schema import (
    workshop_comments,
    workshop_events,
    workshop_groups,
    workshop_sketches,
    workshop_words,
    workshops,
)
from arealweb.store.signals import workshop_topic


@dataclass
class Received:
    """An input given to the store: its ``seq`` is known once the transaction has numbered
    it (:meth:`WorkshopRepository.number`, just before the commit)."""

    seq: int | None = None


class WorkshopRepository:
    def __init__(self, connection: sa.Connection, topics: set[str] | None = None) -> None:
        self.connection = connection
        self.topics = topics if topics is not None else set()
        """The unit of work's announcements: a change to a feed adds its workshop."""
        self._waiting: dict[str, list[tuple[Sketch | GoalComment | Word, Received]]] = {}
        """Inputs received in this transaction and not yet numbered, by workshop, in order."""

    def add(self, workshop: Workshop, created_by: str) -> None:
        self.connection.execute(
            workshops.insert().values(
                id=workshop.id,
                title=workshop.title,
                held_on=workshop.held_on,
                focus_goal_ids=list(workshop.focus_goal_ids),
                prompts=list(workshop.prompts),
                created_by=created_by,
            )
        )
        self.connection.execute(
            workshop_groups.insert(),
            [
                {
                    "id": g.id,
                    "workshop_id": workshop.id,
                    "name": g.name,
                    "code": g.code,
                    "colour": g.colour,
                    "sort_order": n,
                }
                for n, g in enumerate(workshop.groups)
            ],
        )

    def codes_in_use(self) -> set[str]:
        return set(self.connection.execute(sa.select(workshop_groups.c.code)).scalars())

    def by_code(self, code: str) -> str | None:
        """The workshop a join code belongs to."""
        return self.connection.execute(
            sa.select(workshop_groups.c.workshop_id).where(workshop_groups.c.code == code)
        ).scalar()

    def all(self) -> list[Workshop]:
        ids = self.connection.execute(
            sa.select(workshops.c.id).order_by(workshops.c.held_on.desc(), workshops.c.title)
        ).scalars()
        return [self.workshop(workshop_id) for workshop_id in ids]

    def workshop(self, workshop_id: str) -> Workshop:
        row = self.connection.execute(
            sa.select(workshops).where(workshops.c.id == workshop_id)
        ).first()
        if row is None:
            raise NotFound(N_("fant ikke verkstedet %(id)s"), id=workshop_id)
        groups = self.connection.execute(
            sa.select(workshop_groups)
            .where(workshop_groups.c.workshop_id == workshop_id)
            .order_by(workshop_groups.c.sort_order)
        ).all()
        return Workshop(
            id=row.id,
            title=row.title,
            held_on=row.held_on,
            focus_goal_ids=tuple(row.focus_goal_ids),
            prompts=tuple(row.prompts),
            groups=tuple(Group(g.id, g.name, g.code, g.colour) for g in groups),
            closed_at=row.closed_at,
            revision=row.revision,
        )

    def close(self, workshop_id: str, actor: str) -> bool:
        """Close an open workshop and record who did; False when it was closed already (of two
        planners closing at once, one closes it and the other changes nothing)."""
        now = datetime.now(UTC)
        done = self.connection.execute(
            workshops.update()
            .where(workshops.c.id == workshop_id, workshops.c.closed_at.is_(None))
            .values(closed_at=now, revision=workshops.c.revision + 1)
        )
        return self._changed(workshop_id, done.rowcount, WorkshopAction.CLOSED, actor, now)

    def reopen(self, workshop_id: str, actor: str) -> bool:
        """Open a closed workshop again, so its groups' codes work and it takes input; False
        when it was open already. The revision moves, so every screen hears of it."""
        done = self.connection.execute(
            workshops.update()
            .where(workshops.c.id == workshop_id, workshops.c.closed_at.is_not(None))
            .values(closed_at=None, revision=workshops.c.revision + 1)
        )
        return self._changed(
            workshop_id, done.rowcount, WorkshopAction.REOPENED, actor, datetime.now(UTC)
        )

    def _changed(
        self, workshop_id: str, rowcount: int, action: WorkshopAction, actor: str, at: datetime
    ) -> bool:
        if rowcount != 1:
            return False
        self.connection.execute(
            workshop_events.insert().values(
                workshop_id=workshop_id, action=action.value, actor=actor, at=at
            )
        )
        self.topics.add(workshop_topic(workshop_id))
        return True

    def received(self, workshop_id: str) -> dict[str, int]:
        """How many sketches, comments and words the workshop has, counted in the database."""
        return {
            name: self.connection.execute(
                sa.select(sa.func.count()).where(table.c.workshop_id == workshop_id)
            ).scalar_one()
            for name, table in (
                ("sketches", workshop_sketches),
                ("comments", workshop_comments),
                ("words", workshop_words),
            )
        }

    def events(self, workshop_id: str) -> list[WorkshopEvent]:
        """Every closing and reopening, oldest first."""
        rows = self.connection.execute(
            sa.select(workshop_events)
            .where(workshop_events.c.workshop_id == workshop_id)
            .order_by(workshop_events.c.at, workshop_events.c.id)
        ).all()
        return [WorkshopEvent(WorkshopAction(r.action), r.actor, r.at) for r in rows]

    def receive(self, workshop_id: str, item: Sketch | GoalComment | Word) -> Received:
        """Take a group's input; it is numbered and written with the transaction's other
        inputs just before the commit (:meth:`number`), in the order received."""
        received = Received()
        self._waiting.setdefault(workshop_id, []).append((item, received))
        self.topics.add(workshop_topic(workshop_id))
        return received

    def number(self) -> None:
        """Number and write the inputs received in this transaction: each workshop's revision
        is raised once by how many it got, and they take the numbers up to it in turn.
        Workshops in the order of their ids, so two transactions never wait for each other's
        rows. A closed workshop refuses them all (:class:`WorkshopClosed`), and the
        transaction with them."""
        waiting, self._waiting = self._waiting, {}
        for workshop_id in sorted(waiting):
            inputs = waiting[workshop_id]
            # The row stays locked from here to the commit: every other transaction numbering
            # inputs of this workshop waits for this one, so nothing but the inserts follows.
            last = self.connection.execute(
                workshops.update()
                .where(workshops.c.id == workshop_id, workshops.c.closed_at.is_(None))
                .values(revision=workshops.c.revision + len(inputs))
                .returning(workshops.c.revision)
            ).scalar_one_or_none()
            if last is None:
                self.workshop(workshop_id)
                raise WorkshopClosed(N_("verkstedet er avsluttet og tar ikke imot mer"))
            rows: dict[sa.Table, list[dict]] = defaultdict(list)
            for seq, (item, received) in enumerate(inputs, start=last - len(inputs) + 1):
                received.seq = seq
                table, values = _input_row(item)
                rows[table].append(
                    {
                        "workshop_id": workshop_id,
                        "group_id": item.group_id,
                        "created_at": item.created_at,
                        "seq": seq,
                        **values,
                    }
                )
            for table, values in rows.items():
                self.connection.execute(table.insert(), values)

    def sketches(self, workshop_id: str, after: int = -1, upto: int | None = None) -> list[Sketch]:
        return self._sketches(_window(workshop_sketches, workshop_id, after, upto))

    def sketch(self, workshop_id: str, sketch_id: str) -> Sketch:
        found = self._sketches(
            (workshop_sketches.c.workshop_id == workshop_id, workshop_sketches.c.id == sketch_id)
        )
        if not found:
            raise NotFound(N_("fant ikke skissen %(id)s"), id=sketch_id)
        return found[0]

    def _sketches(self, where: tuple) -> list[Sketch]:
        rows = self.connection.execute(
            sa.select(workshop_sketches)
            .where(*where)
            .order_by(workshop_sketches.c.seq, workshop_sketches.c.created_at)
        ).all()
        return [
            Sketch(
                r.id,
                r.group_id,
                SketchKind(r.kind),
                r.note,
                r.geom,
                r.created_at,
                r.seq,
                r.zone_id,
            )
            for r in rows
        ]

    def claim_sketch(self, workshop_id: str, sketch_id: str, zone_id: str) -> bool:
        """Link the sketch to the draft zone made from it, unless another zone got there first.

        One ``UPDATE … WHERE zone_id IS NULL``: of several requests racing, the row lock
        (PostgreSQL) or the write lock (SQLite) lets one through and the others find the
        sketch taken, so a sketch never becomes two zones."""
        done = self.connection.execute(
            workshop_sketches.update()
            .where(
                workshop_sketches.c.workshop_id == workshop_id,
                workshop_sketches.c.id == sketch_id,
                workshop_sketches.c.zone_id.is_(None),
            )
            .values(zone_id=zone_id)
        )
        return done.rowcount == 1

    def sketch_of_zone(self, zone_id: str) -> tuple[Workshop, Sketch] | None:
        """The workshop and sketch a draft zone was made from."""
        row = self.connection.execute(
            sa.select(workshop_sketches.c.workshop_id, workshop_sketches.c.id).where(
                workshop_sketches.c.zone_id == zone_id
            )
        ).first()
        if row is None:
            return None
        return self.workshop(row.workshop_id), self.sketch(row.workshop_id, row.id)

    def comments(
        self, workshop_id: str, after: int = -1, upto: int | None = None
    ) -> list[GoalComment]:
        rows = self.connection.execute(
            sa.select(workshop_comments)
            .where(*_window(workshop_comments, workshop_id, after, upto))
            .order_by(workshop_comments.c.seq, workshop_comments.c.created_at)
        ).all()
        return [
            GoalComment(r.id, r.group_id, r.goal_id, Stance(r.stance), r.text, r.created_at, r.seq)
            for r in rows
        ]

    def words(self, workshop_id: str, after: int = -1, upto: int | None = None) -> list[Word]:
        rows = self.connection.execute(
            sa.select(workshop_words)
            .where(*_window(workshop_words, workshop_id, after, upto))
            .order_by(workshop_words.c.seq, workshop_words.c.id)
        ).all()
        return [Word(r.group_id, r.prompt, r.word, r.created_at, r.seq) for r in rows]

    def feed(self, workshop_id: str, after: int) -> Feed:
        """Everything after revision ``after`` up to the revision read first.

        Once revision R is visible, so is every input numbered up to R (each was committed
        with its number); an input numbered above R is left for the next request, so the
        reader neither skips nor repeats a row."""
        found = self.workshop(workshop_id)
        upto = found.revision
        return Feed(
            upto,
            found.closed,
            self.sketches(workshop_id, after, upto),
            self.comments(workshop_id, after, upto),
            self.words(workshop_id, after, upto),
        )


def _window(table: sa.Table, workshop_id: str, after: int, upto: int | None) -> tuple:
    where = (table.c.workshop_id == workshop_id, table.c.seq > after)
    return (*where, table.c.seq <= upto) if upto is not None else where


def _input_row(item: Sketch | GoalComment | Word) -> tuple[sa.Table, dict]:
    """The table a group's input goes to, and the columns only that kind of input has."""
    if isinstance(item, Sketch):
        values = {"id": item.id, "kind": item.kind.value, "note": item.note, "geom": item.geometry}
        return workshop_sketches, values
    if isinstance(item, GoalComment):
        values = {
            "id": item.id,
            "goal_id": item.goal_id,
            "stance": item.stance.value,
            "text": item.text,
        }
        return workshop_comments, values
    return workshop_words, {"prompt": item.prompt, "word": item.word}
