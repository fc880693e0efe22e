"""The moderation queue: every comment of a consultation, filtered, numbered and counted.

A planner narrows the queue by moderation state or answer, kind, theme, zone and goal. Each
comment keeps its number (its place among the consultation's comments by the time they came
in), whatever the filter, so «innspill 12» means the same comment to everyone. The counts per
state are of the comments the other filters let through, so they say what choosing a state
would show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from arealweb.domain.goals import Theme
from arealweb.domain.participation import Comment, CommentKind, CommentState
from arealweb.domain.text import N_
from arealweb.store.repository import Store


class Status(StrEnum):
    """What the queue's status filter chooses: a moderation state, or whether answered."""

    PENDING = "pending"
    PUBLISHED = "published"
    HIDDEN = "hidden"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"

    @property
    def label(self) -> str:
        return {
            Status.PENDING: N_("Venter"),
            Status.PUBLISHED: N_("Publisert"),
            Status.HIDDEN: N_("Skjult"),
            Status.ANSWERED: N_("Besvart"),
            Status.UNANSWERED: N_("Ikke besvart"),
        }[self]

    def admits(self, comment: Comment) -> bool:
        if self is Status.ANSWERED:
            return comment.response is not None
        if self is Status.UNANSWERED:
            return comment.response is None
        return comment.state.value == self.value


@dataclass(frozen=True)
class QueueFilter:
    """The queue's filters; None lets everything through."""

    consultation_id: str | None = None
    status: Status | None = None
    kind: CommentKind | None = None
    theme: Theme | None = None
    zone_id: str | None = None
    goal_id: str | None = None


@dataclass(frozen=True)
class Queue:
    comments: list[tuple[int, Comment]]
    """The comments shown, each with its number, waiting ones first, then oldest first."""
    by_state: dict[CommentState, int]
    answered: int
    total: int
    """How many comments the filters other than status let through."""
    emailed: set[str] = field(default_factory=set)
    """Comments whose author asked to be told of the answer by e-mail."""


ORDER = {CommentState.PENDING: 0, CommentState.PUBLISHED: 1, CommentState.HIDDEN: 2}


def queue(store: Store, wanted: QueueFilter) -> Queue:
    """The comments ``wanted`` lets through, numbered, with the counts per state."""
    with store.read() as repo:
        every = repo.participation.comments(consultation_id=wanted.consultation_id)
        zone = repo.zones.find(wanted.zone_id) if wanted.zone_id else None
        goals = None
        if wanted.goal_id:
            tree = repo.goals.tree()
            goals = tree.subtree_ids(wanted.goal_id) if wanted.goal_id in tree else set()
        emailed = repo.participation.emailed_ids()
    numbers = {c.id: n for n, c in enumerate(every, 1)}

    def admitted(comment: Comment) -> bool:
        if wanted.kind and comment.kind is not wanted.kind:
            return False
        if wanted.theme and comment.theme is not wanted.theme:
            return False
        if wanted.zone_id and comment.zone_id != wanted.zone_id:
            # A comment on a place inside the zone is about the zone too.
            if zone is None or comment.geometry is None:
                return False
            if not zone.geometry.intersects(comment.geometry):
                return False
        return not (goals is not None and comment.goal_id not in goals)

    chosen = [c for c in every if admitted(c)]
    by_state = {state: sum(1 for c in chosen if c.state is state) for state in CommentState}
    shown = [c for c in chosen if wanted.status is None or wanted.status.admits(c)]
    shown.sort(key=lambda c: (ORDER[c.state], c.created_at))
    return Queue(
        comments=[(numbers[c.id], c) for c in shown],
        by_state=by_state,
        answered=sum(1 for c in chosen if c.response is not None),
        total=len(chosen),
        emailed=emailed & {c.id for c in shown},
    )
