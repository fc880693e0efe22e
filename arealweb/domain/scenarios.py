"""Scenarios: named drafts of the plan, as a set of changes on top of the plan as it stands.

A scenario adds zones, changes zones and removes zones. It never touches the plan until a
planner promotes it; each change remembers the version of the plan's zone it was made against,
so that a zone the plan has changed since shows as a conflict before promotion.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from arealweb.domain.errors import Problem
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone, same_zone

NAME_MAX = 200
DESCRIPTION_MAX = 5_000
ID_MAX = 64
COMPARED_MAX = 4
"""A comparison shows the plan and up to this many scenarios."""


class ChangeAction(StrEnum):
    ADD = "add"
    CHANGE = "change"
    REMOVE = "remove"

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self]


CHANGE_LABELS = {
    ChangeAction.ADD: N_("Ny sone"),
    ChangeAction.CHANGE: N_("Endret sone"),
    ChangeAction.REMOVE: N_("Fjernet sone"),
}


class ScenarioState(StrEnum):
    OPEN = "open"
    PROMOTED = "promoted"
    DISCARDED = "discarded"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    ScenarioState.OPEN: N_("Åpent"),
    ScenarioState.PROMOTED: N_("Vedtatt inn i planen"),
    ScenarioState.DISCARDED: N_("Forkastet"),
}


class Origin(StrEnum):
    """Where a scenario was made."""

    WORKBENCH = "workbench"
    WORKSHOP = "workshop"
    IMPORT = "import"

    @property
    def label(self) -> str:
        return ORIGIN_LABELS[self]


ORIGIN_LABELS = {
    Origin.WORKBENCH: N_("Arbeidsbenken"),
    Origin.WORKSHOP: N_("Målverksted"),
    Origin.IMPORT: N_("Importert fil"),
}


@dataclass(frozen=True)
class Change:
    """One change of a scenario to the plan's zone ``zone_id``.

    ``zone`` is the zone as the scenario has it (None when the scenario removes it);
    ``base_version`` the version of the plan's zone the change was made against (None for a
    zone the scenario adds)."""

    zone_id: str
    action: ChangeAction
    zone: Zone | None
    base_version: int | None


@dataclass
class Scenario:
    id: str
    name: str
    description: str = ""
    state: ScenarioState = ScenarioState.OPEN
    origin: Origin = Origin.WORKBENCH
    created_by: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1
    """Moves with every change to the scenario, so two planners' edits never overwrite."""
    workshop_id: str | None = None
    promoted_by: str | None = None
    promoted_at: datetime | None = None
    changes: list[Change] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state is ScenarioState.OPEN

    def change_of(self, zone_id: str) -> Change | None:
        return next((c for c in self.changes if c.zone_id == zone_id), None)

    def counts(self) -> dict[ChangeAction, int]:
        found = dict.fromkeys(ChangeAction, 0)
        for change in self.changes:
            found[change.action] += 1
        return found


def scenario_problems(name: str, description: str) -> list[Problem]:
    problems = []
    if not name.strip():
        problems.append(Problem(N_("scenarioet mangler navn"), where="name"))
    if len(name) > NAME_MAX:
        problems.append(
            Problem(N_("navnet er lengre enn %(max)d tegn"), {"max": NAME_MAX}, where="name")
        )
    if len(description) > DESCRIPTION_MAX:
        problems.append(
            Problem(
                N_("beskrivelsen er lengre enn %(max)d tegn"),
                {"max": DESCRIPTION_MAX},
                where="description",
            )
        )
    return problems


RESERVED_IDS = frozenset({"sammenligning", "import", "fra-verksted", "from-workshop", "compare"})
"""Words the pages and the API use beside scenario ids (``/scenarioer/sammenligning``,
``/api/v1/scenarios/import`` …): never a scenario's id, or its page could not be reached."""


def slug(name: str, taken: Iterable[str] = ()) -> str:
    """A readable id for a scenario named ``name``, not among ``taken``: «Vekst langs
    Fornebubanen» → ``vekst-langs-fornebubanen`` (æ, ø, å kept as ae, o, a)."""
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[: ID_MAX - 4].strip("-") or "scenario"
    taken = {*taken, *RESERVED_IDS}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def change_to(plan_zone: Zone | None, zone: Zone | None, zone_id: str) -> Change | None:
    """The change that makes the plan's zone ``plan_zone`` (None: the plan has none) into
    ``zone`` (None: removed); None when the two are the same — nothing to change."""
    if zone is None:
        if plan_zone is None:
            return None
        return Change(zone_id, ChangeAction.REMOVE, None, plan_zone.version)
    proposed = replace(zone, id=zone_id, draft=False, deleted=False)
    if plan_zone is None:
        return Change(zone_id, ChangeAction.ADD, proposed, None)
    if same_zone(plan_zone, replace(proposed, version=plan_zone.version)):
        return None
    return Change(zone_id, ChangeAction.CHANGE, proposed, plan_zone.version)


def applied(plan_zones: Iterable[Zone], changes: Sequence[Change]) -> list[Zone]:
    """The plan's live zones as the scenario would leave them: changed zones replaced, removed
    zones left out, added zones after the rest."""
    by_id = {change.zone_id: change for change in changes}
    result = []
    seen = set()
    for zone in plan_zones:
        seen.add(zone.id)
        change = by_id.get(zone.id)
        if change is None:
            result.append(zone)
        elif change.zone is not None:
            result.append(change.zone)
    result += [c.zone for c in changes if c.zone is not None and c.zone_id not in seen]
    return result


class ConflictReason(StrEnum):
    CHANGED = "changed"
    """The plan's zone has a newer version than the one the change was made against."""
    DELETED = "deleted"
    """The plan's zone was deleted since."""
    TAKEN = "taken"
    """The scenario adds a zone whose id the plan has since given to a zone of its own."""

    @property
    def label(self) -> str:
        return CONFLICT_LABELS[self]


CONFLICT_LABELS = {
    ConflictReason.CHANGED: N_("Sonen er endret i planen siden scenarioet endret den"),
    ConflictReason.DELETED: N_("Sonen er slettet fra planen siden scenarioet endret den"),
    ConflictReason.TAKEN: N_("Planen har fått en sone med samme id siden scenarioet la den til"),
}


@dataclass(frozen=True)
class Conflict:
    change: Change
    reason: ConflictReason
    current: Zone | None
    """The plan's zone as it is now (None when it is gone)."""


def conflicts(changes: Iterable[Change], current: dict[str, Zone]) -> list[Conflict]:
    """The changes made against a plan that has moved since. ``current`` holds the plan's zones
    by id, deleted ones too (marked deleted)."""
    found = []
    for change in changes:
        zone = current.get(change.zone_id)
        if change.action is ChangeAction.ADD:
            if zone is not None and not zone.deleted:
                found.append(Conflict(change, ConflictReason.TAKEN, zone))
        elif zone is None or zone.deleted:
            found.append(Conflict(change, ConflictReason.DELETED, zone))
        elif zone.version != change.base_version:
            found.append(Conflict(change, ConflictReason.CHANGED, zone))
    return found
