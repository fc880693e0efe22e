"""Running a council workshop: set it up, let groups send input by join code, close it."""

from __future__ import annotations

import secrets
import uuid
from collections import Counter
from datetime import UTC, date, datetime

from arealweb.domain.errors import AlreadyExists, InvalidInput, NotFound
from arealweb.domain.text import N_
from arealweb.domain.workshops import (
    CODE_ALPHABET,
    CODE_LENGTH,
    GROUP_COLOURS,
    NOTE_MAX,
    WORD_MAX,
    GoalComment,
    Group,
    Sketch,
    SketchKind,
    Stance,
    Word,
    Workshop,
)
from arealweb.geo.files import read_feature
from arealweb.geo.validation import invalidity, outside_distance_m
from arealweb.store.repository import Store


class WorkshopClosed(AlreadyExists):
    """The workshop is closed: it takes no more input."""


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
        tree = repo.goal_tree()
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


def _open_group(store: Store, workshop_id: str, code: str | None) -> tuple[Workshop, Group]:
    found = workshop(store, workshop_id)
    group = next((g for g in found.groups if code and g.code == code.strip().upper()), None)
    if group is None:
        raise NotFound(N_("ukjent gruppekode for dette verkstedet"))
    if found.closed:
        raise WorkshopClosed(N_("verkstedet er avsluttet og tar ikke imot mer"))
    return found, group


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
        boundary = repo.boundary()
        if boundary and outside_distance_m(geometry, boundary.geometry) > 500:
            raise InvalidInput(N_("skissen ligger utenfor Bærum"))
        sketch = Sketch(uuid.uuid4().hex[:16], group.id, kind, note, geometry, datetime.now(UTC))
        repo.workshops.add_sketch(workshop_id, sketch)
    return sketch


def add_comment(store: Store, workshop_id: str, code: str | None, values: dict) -> GoalComment:
    """Keep, change or add: a group's word on a goal in focus."""
    found, group = _open_group(store, workshop_id, code)
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
    comment = GoalComment(uuid.uuid4().hex[:16], group.id, goal_id, stance, text, datetime.now(UTC))
    with store.write() as repo:
        repo.workshops.add_comment(workshop_id, comment)
    return comment


def add_word(store: Store, workshop_id: str, code: str | None, values: dict) -> Word:
    found, group = _open_group(store, workshop_id, code)
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
    word = Word(group.id, prompt, text, datetime.now(UTC))
    with store.write() as repo:
        repo.workshops.add_word(workshop_id, word)
    return word


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
