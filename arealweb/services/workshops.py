"""Running a council workshop: set it up, let groups send input by join code, close it."""

from __future__ import annotations

import re
import secrets
import uuid
import weakref
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TypeVar

from arealweb.domain.errors import AlreadyExists, InvalidInput, NotFound
from arealweb.domain.goals import Goal
from arealweb.domain.text import N_
from arealweb.domain.workshops import (
    CODE_ALPHABET,
    CODE_LENGTH,
    GROUP_COLOURS,
    Feed,
    GoalComment,
    Group,
    Sketch,
    SketchKind,
    Stance,
    Word,
    Workshop,
    WorkshopClosed,
    WorkshopEvent,
)
from arealweb.domain.zones import CATEGORIES, Zone, ZoneKind
from arealweb.geo.files import RawFeature, read_feature
from arealweb.geo.validation import invalidity, outside_distance_m
from arealweb.schemas.base import IDENTIFIER, Schema, parse
from arealweb.schemas.workshops import (
    DraftZone,
    NewGoalComment,
    NewSketch,
    NewWord,
    NewWorkshop,
    new_sketch,
)
from arealweb.services.editing import checked_zone
from arealweb.store.repository import Store, UnitOfWork
from arealweb.store.workshops import Received

S = TypeVar("S", bound=Schema)


def _checked(model: type[S], values: S | dict) -> S:
    """The input as its model: a door hands the model it parsed (a form leniently, JSON
    strictly); a plain dict from any other caller is checked strictly here."""
    return values if isinstance(values, model) else parse(model, values)


def _code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def create_workshop(store: Store, values: NewWorkshop | dict, actor: str) -> Workshop:
    """A workshop with its title, date (today if none), goals in focus, word-cloud prompts
    and groups."""
    spec = _checked(NewWorkshop, values)
    focus = tuple(spec.focus_goal_ids)
    with store.write() as repo:
        tree = repo.goals.tree()
        unknown = [g for g in focus if g not in tree]
        if unknown:
            raise InvalidInput(N_("ukjente mål: %(ids)s"), "focus_goal_ids", ids=", ".join(unknown))
        taken = repo.workshops.codes_in_use()
        groups = tuple(
            Group(uuid.uuid4().hex[:12], name, _code(taken), GROUP_COLOURS[n])
            for n, name in enumerate(spec.groups)
        )
        workshop = Workshop(
            uuid.uuid4().hex[:12],
            spec.title,
            spec.held_on or date.today(),
            focus,
            tuple(spec.prompts),
            groups,
        )
        repo.workshops.add(workshop, actor)
        return repo.workshops.workshop(workshop.id)


def _is_code(text: str) -> bool:
    """Whether ``text`` could be a join code at all; anything else is wrong without asking
    the database (which cannot compare a NUL)."""
    return len(text) == CODE_LENGTH and all(c in CODE_ALPHABET for c in text)


def _stored(workshop_id: str, sketch_id: str | None = None) -> None:
    """NotFound for an id no workshop or sketch can have (a NUL, a page of text), before the
    database is asked: PostgreSQL cannot even compare a NUL."""
    if not re.fullmatch(IDENTIFIER, workshop_id):
        raise NotFound(N_("fant ikke verkstedet %(id)s"), id=workshop_id[:64])
    if sketch_id is not None and not re.fullmatch(IDENTIFIER, sketch_id):
        raise NotFound(N_("fant ikke skissen %(id)s"), id=sketch_id[:64])


def workshop(store: Store, workshop_id: str) -> Workshop:
    _stored(workshop_id)
    with store.read() as repo:
        return repo.workshops.workshop(workshop_id)


def all_workshops(store: Store) -> list[Workshop]:
    with store.read() as repo:
        return repo.workshops.all()


CODES_CLOSED = N_(
    "verkstedet er avsluttet, og gruppekodene virker ikke lenger; logg inn for å se det"
)
"""What a join code answers once its workshop is closed: only accounts read it then."""


def join(store: Store, code: str | None) -> tuple[Workshop, Group]:
    """The workshop and group a join code opens (codes are read case-insensitively);
    NotFound for a wrong code, WorkshopClosed once the workshop is closed."""
    wanted = (code or "").strip().upper()
    with store.read() as repo:
        workshop_id = repo.workshops.by_code(wanted) if _is_code(wanted) else None
        if workshop_id is None:
            raise NotFound(N_("ukjent gruppekode – sjekk koden på skjermen"))
        found = repo.workshops.workshop(workshop_id)
    if found.closed:
        raise WorkshopClosed(CODES_CLOSED)
    group = next(g for g in found.groups if g.code == wanted)
    return found, group


def group_of_code(store: Store, workshop_id: str, code: str | None) -> tuple[Workshop, Group]:
    """The workshop and the group whose join code ``code`` is: NotFound for a wrong code,
    WorkshopClosed once the workshop is closed (its codes stop working; accounts still read
    it)."""
    found = workshop(store, workshop_id)
    group = _group(found, code)
    if found.closed:
        raise WorkshopClosed(CODES_CLOSED)
    return found, group


def _group(found: Workshop, code: str | None) -> Group:
    group = next((g for g in found.groups if code and g.code == code.strip().upper()), None)
    if group is None:
        raise NotFound(N_("ukjent gruppekode for dette verkstedet"))
    return group


_SET_UP: weakref.WeakKeyDictionary[Store, dict[str, Workshop]] = weakref.WeakKeyDictionary()
"""The workshops a process has taken input for, as they were set up. A workshop's groups, join
codes, goals in focus and prompts never change once it is made, so a group's next post need
not read them again; whether it is still open is asked anew by every post, in the
transaction that stores it."""


def _open_group(store: Store, workshop_id: str, code: str | None) -> tuple[Workshop, Group]:
    """The group behind ``code`` in an open workshop. The store checks "open" once more in
    the transaction that writes, so an input racing the close cannot slip in."""
    set_up = _SET_UP.setdefault(store, {})
    found = set_up.get(workshop_id)
    if found is None:
        try:
            found, group = group_of_code(store, workshop_id, code)
        except WorkshopClosed:
            raise WorkshopClosed(N_("verkstedet er avsluttet og tar ikke imot mer")) from None
        set_up[workshop_id] = found
        return found, group
    return found, _group(found, code)


def add_sketch(
    store: Store, workshop_id: str, code: str | None, document: NewSketch | object
) -> Sketch:
    """A group's proposal on the map: an area, a line or a point (as its kind allows), of a
    kind, with a note. A geometry that crosses itself is refused with the place it does."""
    _, group = _open_group(store, workshop_id, code)
    drawn = document if isinstance(document, NewSketch) else new_sketch(document)
    geometry = read_feature({"type": "Feature", "geometry": drawn.geometry}).geometry
    if geometry is None or geometry.is_empty:
        raise InvalidInput(N_("tegn skissen i kartet"), "geometry")
    problem = invalidity(geometry)
    if problem is not None:
        raise InvalidInput.of([replace(problem, where="geometry")])

    def check_and_receive(repo: UnitOfWork) -> tuple[Sketch, Received]:
        boundary = repo.reference.boundary()
        if boundary and outside_distance_m(geometry, boundary.geometry) > 500:
            raise InvalidInput(N_("skissen ligger utenfor Bærum"), "geometry")
        sketch = Sketch(
            uuid.uuid4().hex[:16],
            group.id,
            drawn.properties.kind,
            drawn.properties.note,
            geometry,
            datetime.now(UTC),
        )
        return sketch, repo.workshops.receive(workshop_id, sketch)

    # A room's posts arriving together share a commit; each is answered after it, with the
    # number the commit gave it.
    sketch, received = store.write_together(check_and_receive)
    return replace(sketch, seq=received.seq)


def add_comment(
    store: Store, workshop_id: str, code: str | None, values: NewGoalComment | dict
) -> GoalComment:
    """Keep, change or add: a group's word on a goal in focus."""
    return _receive(store, workshop_id, code, _checked(NewGoalComment, values), _goal_comment)


def add_word(store: Store, workshop_id: str, code: str | None, values: NewWord | dict) -> Word:
    """A word or short phrase for one of the workshop's word clouds."""
    return _receive(store, workshop_id, code, _checked(NewWord, values), _word)


def _receive(store: Store, workshop_id: str, code: str | None, values: Schema, build):
    """A group's input: ``build`` checks ``values`` against the open workshop and makes the
    input, which is stored with the workshop's next revision."""
    found, group = _open_group(store, workshop_id, code)
    item = build(found, group, values)
    received = store.write_together(lambda repo: repo.workshops.receive(workshop_id, item))
    return replace(item, seq=received.seq)


def _goal_comment(found: Workshop, group: Group, given: NewGoalComment) -> GoalComment:
    if given.goal_id not in found.focus_goal_ids:
        raise InvalidInput(N_("velg et av målene verkstedet arbeider med"), "goal_id")
    return GoalComment(
        uuid.uuid4().hex[:16], group.id, given.goal_id, given.stance, given.text, datetime.now(UTC)
    )


def _word(found: Workshop, group: Group, given: NewWord) -> Word:
    if given.prompt not in found.prompts:
        raise InvalidInput(
            N_("velg en av ordskyene: %(prompts)s"), "prompt", prompts=", ".join(found.prompts)
        )
    return Word(group.id, given.prompt, given.word, datetime.now(UTC))


def focus_goals(store: Store, found: Workshop) -> list[Goal]:
    """The goals the workshop works with, those that still exist, in the order chosen."""
    with store.read() as repo:
        tree = repo.goals.tree()
    return [tree.get(g) for g in found.focus_goal_ids if g in tree]


def word_cloud(store: Store, workshop_id: str) -> dict[str, list[tuple[str, int]]]:
    """For every prompt, its words with how often they were given, most first."""
    found = workshop(store, workshop_id)
    with store.read() as repo:
        words = repo.workshops.words(workshop_id)
    clouds = {prompt: Counter() for prompt in found.prompts}
    for word in words:
        clouds.setdefault(word.prompt, Counter())[word.word] += 1
    return {prompt: counts.most_common() for prompt, counts in clouds.items()}


def close_workshop(store: Store, workshop_id: str, actor: str) -> Workshop:
    """Close the workshop: it takes no more input and its join codes stop working until a
    planner reopens it. Closing a closed workshop changes nothing and records nothing."""
    _stored(workshop_id)
    with store.write() as repo:
        repo.workshops.workshop(workshop_id)
        repo.workshops.close(workshop_id, actor)
        return repo.workshops.workshop(workshop_id)


def reopen_workshop(store: Store, workshop_id: str, actor: str) -> Workshop:
    """Open a closed workshop again: its groups' codes work once more and it takes input, with
    what was sent before kept. Reopening an open workshop changes nothing and records
    nothing."""
    _stored(workshop_id)
    with store.write() as repo:
        repo.workshops.workshop(workshop_id)
        repo.workshops.reopen(workshop_id, actor)
        return repo.workshops.workshop(workshop_id)


def received(store: Store, workshop_id: str) -> dict[str, int]:
    """How much the workshop has received: ``sketches``, ``comments`` and ``words``."""
    _stored(workshop_id)
    with store.read() as repo:
        repo.workshops.workshop(workshop_id)
        return repo.workshops.received(workshop_id)


def workshop_events(store: Store, workshop_id: str) -> list[WorkshopEvent]:
    """Who closed and reopened the workshop, and when, oldest first."""
    _stored(workshop_id)
    with store.read() as repo:
        repo.workshops.workshop(workshop_id)
        return repo.workshops.events(workshop_id)


def sketches(store: Store, workshop_id: str) -> list[Sketch]:
    workshop(store, workshop_id)
    with store.read() as repo:
        return repo.workshops.sketches(workshop_id)


def comments(store: Store, workshop_id: str) -> list[GoalComment]:
    workshop(store, workshop_id)
    with store.read() as repo:
        return repo.workshops.comments(workshop_id)


def words(store: Store, workshop_id: str) -> list[Word]:
    workshop(store, workshop_id)
    with store.read() as repo:
        return repo.workshops.words(workshop_id)


def feed(store: Store, workshop_id: str, after: int) -> Feed:
    """What the workshop received after revision ``after`` (-1: everything)."""
    _stored(workshop_id)
    with store.read() as repo:
        return repo.workshops.feed(workshop_id, after)


@dataclass(frozen=True)
class GoalSummary:
    """What the groups said of one goal in focus: counts per stance and every comment."""

    goal_id: str
    counts: dict[Stance, int]
    comments: list[GoalComment]


def goal_summaries(found: Workshop, given: list[GoalComment]) -> list[GoalSummary]:
    """Goal by goal, in the workshop's order of focus."""
    summaries = []
    for goal_id in found.focus_goal_ids:
        mine = [c for c in given if c.goal_id == goal_id]
        counts = Counter(c.stance for c in mine)
        summaries.append(GoalSummary(goal_id, {s: counts.get(s, 0) for s in Stance}, mine))
    return summaries


DRAFT_KIND = {
    SketchKind.NEW_DEVELOPMENT: (ZoneKind.DEVELOPMENT, "vekstområde"),
    SketchKind.PROTECT: (ZoneKind.PROTECTION, "grønnstruktur"),
    SketchKind.MISSING_CORRIDOR: (ZoneKind.CORRIDOR, "sykkelvei"),
    SketchKind.OTHER: (ZoneKind.DEVELOPMENT, "bymessig område"),
}
"""The kind and category a draft zone starts with, by what the group said the sketch is."""


def sketch_to_zone(
    store: Store,
    workshop_id: str,
    sketch_id: str,
    values: DraftZone | dict,
    *,
    actor: str,
    tolerance_m: float,
) -> Zone:
    """Make a group's sketch a draft zone (utkast) for the planners, linked to its sketch.

    The zone passes every check a new zone does; a corridor needs a line and an area a
    polygon, and a point cannot become a zone at all (the planners draw it in the workbench).
    The sketch is claimed for the zone in the database, so of planners racing to make the same
    sketch a zone one succeeds and the others are told which zone it became. A category
    chosen must be one of the zone's kind.
    """
    chosen = _checked(DraftZone, values)
    _stored(workshop_id, sketch_id)
    with store.write() as repo:
        found = repo.workshops.workshop(workshop_id)
        sketch = repo.workshops.sketch(workshop_id, sketch_id)
        if sketch.zone_id:
            raise _made_already(sketch)
        if sketch.geometry.geom_type in ("Point", "MultiPoint"):
            raise InvalidInput(
                N_("et punkt kan ikke bli en sone: tegn sonen i arbeidsbenken i stedet")
            )
        kind, category = DRAFT_KIND[sketch.kind]
        if sketch.geometry.geom_type in ("LineString", "MultiLineString"):
            kind, category = ZoneKind.CORRIDOR, "sykkelvei"
        elif kind is ZoneKind.CORRIDOR:
            kind, category = ZoneKind.DEVELOPMENT, "bymessig område"
        if chosen.category and chosen.category not in CATEGORIES[kind]:
            raise InvalidInput(
                N_("kategorien «%(category)s» passer ikke til %(kind)s; bruk en av: %(choices)s"),
                "category",
                category=chosen.category,
                kind=kind.value,
                choices=", ".join(CATEGORIES[kind]),
            )
        category = chosen.category or category
        group = found.group(sketch.group_id)
        group_name = group.name if group else sketch.group_id
        name = chosen.name or f"{found.title}: {group_name}"
        held = found.held_on
        origin = f"{found.title} ({held.day}.{held.month}.{held.year}), {group_name}"
        description = f"{origin}. {sketch.note}".strip() if sketch.note else origin
        raw = RawFeature(
            1,
            {
                "name": name[:200],
                "kind": kind.value,
                "category": category,
                "description": description,
                "draft": True,
            },
            sketch.geometry,
        )
        zone = checked_zone(repo, raw, {}, tolerance_m, make_valid=False)
        if not repo.workshops.claim_sketch(workshop_id, sketch.id, zone.id):
            raise _made_already(repo.workshops.sketch(workshop_id, sketch_id))
        repo.zones.save(zone, None, actor=actor)
        return repo.zones.get(zone.id)


def _made_already(sketch: Sketch) -> AlreadyExists:
    return AlreadyExists(N_("skissen er allerede gjort til sonen %(id)s"), id=sketch.zone_id)


def origin_of(store: Store, zone_id: str) -> tuple[Workshop, Sketch] | None:
    """The workshop and sketch a zone was made from, if it was."""
    with store.read() as repo:
        return repo.workshops.sketch_of_zone(zone_id)
