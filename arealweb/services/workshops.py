"""Running a council workshop: set it up, let groups send input by join code, close it."""

from __future__ import annotations

import secrets
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from arealweb.domain.errors import AlreadyExists, InvalidInput, NotFound
from arealweb.domain.goals import Goal
from arealweb.domain.text import N_
from arealweb.domain.workshops import (
    CODE_ALPHABET,
    CODE_LENGTH,
    GROUP_COLOURS,
    NOTE_MAX,
    WORD_MAX,
    Feed,
    GoalComment,
    Group,
    Sketch,
    SketchKind,
    Stance,
    Word,
    Workshop,
    WorkshopClosed,
)
from arealweb.domain.zones import CATEGORIES, Zone, ZoneKind
from arealweb.geo.files import RawFeature, read_feature
from arealweb.geo.validation import invalidity, outside_distance_m
from arealweb.services.editing import checked_zone
from arealweb.store.repository import Store


def _code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def create_workshop(store: Store, values: dict, actor: str) -> Workshop:
    """A workshop with its title, date, goals in focus, word-cloud prompts and groups."""
    title = str(values.get("title") or "").strip()
    if not title:
        raise InvalidInput(N_("verkstedet trenger en tittel"))
    try:
        held_on = date.fromisoformat(str(values.get("held_on") or date.today().isoformat()))
    except ValueError:
        raise InvalidInput(N_("oppgi datoen som ÅÅÅÅ-MM-DD")) from None
    names = [str(n).strip() for n in values.get("groups") or () if str(n).strip()]
    if not 1 <= len(names) <= len(GROUP_COLOURS):
        raise InvalidInput(N_("et verksted har 1 til %(max)d grupper"), max=len(GROUP_COLOURS))
    prompts = tuple(str(p).strip() for p in values.get("prompts") or () if str(p).strip())
    focus = tuple(str(g) for g in values.get("focus_goal_ids") or ())
    with store.write() as repo:
        tree = repo.goals.tree()
        unknown = [g for g in focus if g not in tree]
        if unknown:
            raise InvalidInput(N_("ukjente mål: %(ids)s"), ids=", ".join(unknown))
        taken = repo.workshops.codes_in_use()
        groups = tuple(
            Group(uuid.uuid4().hex[:12], name, _code(taken), GROUP_COLOURS[n])
            for n, name in enumerate(names)
        )
        workshop = Workshop(uuid.uuid4().hex[:12], title, held_on, focus, prompts, groups)
        repo.workshops.add(workshop, actor)
        return repo.workshops.workshop(workshop.id)


def workshop(store: Store, workshop_id: str) -> Workshop:
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
        workshop_id = repo.workshops.by_code(wanted) if wanted else None
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
    group = next((g for g in found.groups if code and g.code == code.strip().upper()), None)
    if group is None:
        raise NotFound(N_("ukjent gruppekode for dette verkstedet"))
    if found.closed:
        raise WorkshopClosed(CODES_CLOSED)
    return found, group


def _open_group(store: Store, workshop_id: str, code: str | None) -> tuple[Workshop, Group]:
    """The group behind ``code`` in an open workshop. The store checks "open" once more in
    the transaction that writes, so an input racing the close cannot slip in."""
    try:
        return group_of_code(store, workshop_id, code)
    except WorkshopClosed:
        raise WorkshopClosed(N_("verkstedet er avsluttet og tar ikke imot mer")) from None


def add_sketch(store: Store, workshop_id: str, code: str | None, document: object) -> Sketch:
    """A group's proposal on the map: an area, a line or a point, of a kind, with a note."""
    _, group = _open_group(store, workshop_id, code)
    raw = read_feature(document)
    props = raw.properties
    try:
        kind = SketchKind(props.get("kind"))
    except ValueError:
        raise InvalidInput(
            N_("velg hva skissen er: %(choices)s"), choices=", ".join(k.value for k in SketchKind)
        ) from None
    note = str(props.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(N_("notatet er lengre enn %(max)d tegn"), max=NOTE_MAX)
    geometry = raw.geometry
    if geometry is None or geometry.is_empty or raw.problem is not None:
        raise InvalidInput(N_("tegn skissen i kartet"))
    problem = invalidity(geometry)
    if problem is not None:
        raise InvalidInput.of([problem])
    with store.write() as repo:
        boundary = repo.reference.boundary()
        if boundary and outside_distance_m(geometry, boundary.geometry) > 500:
            raise InvalidInput(N_("skissen ligger utenfor Bærum"))
        sketch = Sketch(uuid.uuid4().hex[:16], group.id, kind, note, geometry, datetime.now(UTC))
        seq = repo.workshops.receive(workshop_id, sketch)
    return replace(sketch, seq=seq)


def add_comment(store: Store, workshop_id: str, code: str | None, values: dict) -> GoalComment:
    """Keep, change or add: a group's word on a goal in focus."""
    return _receive(store, workshop_id, code, values, _goal_comment)


def add_word(store: Store, workshop_id: str, code: str | None, values: dict) -> Word:
    """A word or short phrase for one of the workshop's word clouds."""
    return _receive(store, workshop_id, code, values, _word)


def _receive(store: Store, workshop_id: str, code: str | None, values: dict, build):
    """A group's input: ``build`` checks ``values`` against the open workshop and makes the
    input, which is stored with the workshop's next revision."""
    found, group = _open_group(store, workshop_id, code)
    item = build(found, group, values)
    with store.write() as repo:
        seq = repo.workshops.receive(workshop_id, item)
    return replace(item, seq=seq)


def _goal_comment(found: Workshop, group: Group, values: dict) -> GoalComment:
    goal_id = str(values.get("goal_id") or "")
    if goal_id not in found.focus_goal_ids:
        raise InvalidInput(N_("velg et av målene verkstedet arbeider med"))
    try:
        stance = Stance(values.get("stance"))
    except ValueError:
        raise InvalidInput(N_("velg behold, endre eller legg til")) from None
    text = str(values.get("text") or "").strip()
    if not text or len(text) > NOTE_MAX:
        raise InvalidInput(N_("skriv en kommentar på høyst %(max)d tegn"), max=NOTE_MAX)
    return GoalComment(uuid.uuid4().hex[:16], group.id, goal_id, stance, text, datetime.now(UTC))


def _word(found: Workshop, group: Group, values: dict) -> Word:
    prompt = str(values.get("prompt") or "")
    if prompt not in found.prompts:
        raise InvalidInput(
            N_("velg en av ordskyene: %(prompts)s"), prompts=", ".join(found.prompts)
        )
    text = " ".join(str(values.get("word") or "").split()).lower()
    if not text or len(text) > WORD_MAX:
        raise InvalidInput(
            N_("skriv ett ord eller et kort uttrykk (høyst %(max)d tegn)"), max=WORD_MAX
        )
    return Word(group.id, prompt, text, datetime.now(UTC))


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


def close_workshop(store: Store, workshop_id: str) -> Workshop:
    with store.write() as repo:
        repo.workshops.workshop(workshop_id)
        repo.workshops.close(workshop_id)
        return repo.workshops.workshop(workshop_id)


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
    values: dict,
    *,
    actor: str,
    tolerance_m: float,
) -> Zone:
    """Make a group's sketch a draft zone (utkast) for the planners, linked to its sketch.

    The zone passes every check a new zone does; a corridor needs a line and an area a
    polygon, and a point cannot become a zone at all (the planners draw it in the workbench).
    The sketch is claimed for the zone in the database, so of planners racing to make the same
    sketch a zone one succeeds and the others are told which zone it became.
    """
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
        chosen = str(values.get("category") or category)
        if chosen in CATEGORIES[kind]:
            category = chosen
        group = found.group(sketch.group_id)
        group_name = group.name if group else sketch.group_id
        name = str(values.get("name") or "").strip() or f"{found.title}: {group_name}"
        origin = f"{found.title} ({found.held_on.isoformat()}), {group_name}"
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
