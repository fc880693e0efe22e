"""Scenarios: drafts of the plan made, kept apart from it, and promoted into it all at once.

Every change to a scenario is checked as a save of the zone would be (attributes, goal links,
geometry, inside Bærum) and moves the scenario's version: a planner editing over a version
someone else has moved on from is refused, nothing overwritten. Promotion applies every change
in one transaction, each a new version of its zone whose history row names the scenario; a zone
the plan changed since the scenario changed it is a conflict, and a scenario with conflicts is
not promoted until each is resolved (keep the scenario's change over the plan's zone as it is
now, or drop it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from arealweb.domain.errors import DomainError, InvalidInput, NotFound, Problem
from arealweb.domain.history import Action
from arealweb.domain.scenarios import (
    Change,
    ChangeAction,
    Conflict,
    ConflictReason,
    Origin,
    Scenario,
    ScenarioState,
    applied,
    change_to,
    conflicts,
    scenario_problems,
    slug,
)
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone
from arealweb.geo.files import read_feature
from arealweb.services.editing import addressed, checked_zone
from arealweb.services.progress import Progress, Silent
from arealweb.services.transfer import FeatureReport, inspect_features, read_checked
from arealweb.store.repository import Store, UnitOfWork


class ScenarioClosed(DomainError):
    """The scenario has been promoted or discarded: it is kept as it was, and not changed."""


class ScenarioConflicts(DomainError):
    """The plan has changed under the scenario: each conflict must be resolved first."""

    def __init__(self, found: list[Conflict]) -> None:
        super().__init__(
            N_(
                "planen er endret siden scenarioet ble laget: %(count)d av endringene er i "
                "konflikt og må avgjøres før scenarioet kan tas inn i planen"
            ),
            count=len(found),
        )
        self.conflicts = found


def scenarios(store: Store) -> list[Scenario]:
    with store.read() as repo:
        return repo.scenarios.all()


def scenario(store: Store, scenario_id: str) -> Scenario:
    with store.read() as repo:
        return repo.scenarios.get(scenario_id)


def create_scenario(
    store: Store,
    name: str,
    description: str = "",
    *,
    actor: str,
    origin: Origin = Origin.WORKBENCH,
) -> Scenario:
    """A new, empty scenario; its id is made from its name."""
    with store.write() as repo:
        return _created(repo, name, description, actor, origin)


def _created(
    repo: UnitOfWork,
    name: str,
    description: str,
    actor: str,
    origin: Origin,
    changes: list[Change] | None = None,
    workshop_id: str | None = None,
) -> Scenario:
    problems = scenario_problems(name, description)
    if problems:
        raise InvalidInput.of(problems)
    made = Scenario(
        id=slug(name, repo.scenarios.ids()),
        name=name.strip(),
        description=description.strip(),
        origin=origin,
        created_by=actor,
        created_at=datetime.now(UTC),
        workshop_id=workshop_id,
        changes=changes or [],
    )
    repo.scenarios.create(made)
    return repo.scenarios.get(made.id)


def scenario_zones(store: Store, scenario_id: str) -> tuple[Scenario, list[Zone], list[Zone]]:
    """The scenario, the plan's zones as it would leave them (drafts of the plan left out),
    and the plan's zones it removes."""
    with store.read() as repo:
        found = repo.scenarios.get(scenario_id)
        plan = [zone for zone in repo.zones.all() if not zone.draft or found.change_of(zone.id)]
        removed_ids = {c.zone_id for c in found.changes if c.action is ChangeAction.REMOVE}
        # Deleted ones too: a promoted scenario's removals are deleted from the plan by now.
        removed = sorted(
            repo.zones.by_ids(removed_ids, include_deleted=True), key=lambda z: (z.name, z.id)
        )
    return found, applied(plan, found.changes), removed


def _claimed(repo: UnitOfWork, scenario_id: str, expected_version: int | None) -> Scenario:
    """The open scenario, moved to its next version for this transaction's change."""
    found = repo.scenarios.get(scenario_id)
    if not found.is_open:
        raise _closed(found)
    return repo.scenarios.claim(scenario_id, expected_version)


def _closed(found: Scenario) -> ScenarioClosed:
    if found.state is ScenarioState.PROMOTED:
        return ScenarioClosed(
            N_("scenarioet «%(name)s» er allerede tatt inn i planen og kan ikke endres"),
            name=found.name,
        )
    return ScenarioClosed(
        N_("scenarioet «%(name)s» er forkastet og kan ikke endres"), name=found.name
    )


def save_change(
    store: Store,
    scenario_id: str,
    zone_id: str | None,
    document: object,
    *,
    expected_version: int | None,
    actor: str,
    tolerance_m: float,
    make_valid: bool = False,
) -> tuple[Scenario, str]:
    """Put the zone ``document`` (a GeoJSON Feature, as the zone API takes it) into the
    scenario: a plan zone's new shape or attributes, or a new zone (``zone_id`` None: it gets an
    id of its own; or an id the plan does not have). Returns the scenario and the zone's id.
    Saving a zone back to what the plan has drops the change."""
    raw = read_feature(document)
    if zone_id is None:
        raw.properties.pop("id", None)  # a new zone gets an id of its own
    else:
        addressed(raw, zone_id)
    with store.write() as repo:
        found = _claimed(repo, scenario_id, expected_version)
        prior = found.change_of(zone_id) if zone_id else None
        plan_zone = repo.zones.find(zone_id, include_deleted=True) if zone_id else None
        if prior is None and plan_zone is not None and plan_zone.deleted:
            raise NotFound(N_("sonen %(id)s er slettet fra planen"), id=zone_id)
        earlier = prior.zone if prior is not None and prior.zone is not None else plan_zone
        zone = checked_zone(
            repo, raw, {earlier.id: earlier} if earlier else {}, tolerance_m, make_valid
        )
        zone = replace(zone, draft=False, deleted=False)
        if prior is not None and prior.action is ChangeAction.ADD:
            change: Change | None = Change(zone.id, ChangeAction.ADD, zone, None)
        else:
            base = plan_zone if plan_zone is not None and not plan_zone.deleted else None
            change = change_to(base, zone, zone.id)
            if change is not None and prior is not None:
                # The version the scenario first changed the zone against stays its base.
                change = replace(change, base_version=prior.base_version)
        if change is None:
            repo.scenarios.drop_change(scenario_id, zone.id)
        else:
            repo.scenarios.put_change(scenario_id, change, actor=actor, at=datetime.now(UTC))
        return repo.scenarios.get(scenario_id), zone.id


def remove_zone(
    store: Store, scenario_id: str, zone_id: str, *, expected_version: int | None, actor: str
) -> Scenario:
    """Remove a zone in the scenario: a zone the scenario added goes, a plan zone is marked
    removed (the plan keeps it until the scenario is promoted)."""
    with store.write() as repo:
        found = _claimed(repo, scenario_id, expected_version)
        prior = found.change_of(zone_id)
        if prior is not None and prior.action is ChangeAction.ADD:
            repo.scenarios.drop_change(scenario_id, zone_id)
            return repo.scenarios.get(scenario_id)
        plan_zone = repo.zones.find(zone_id)
        if plan_zone is None:
            raise NotFound(N_("fant ingen sone med id %(id)s"), id=zone_id)
        base = prior.base_version if prior is not None else plan_zone.version
        repo.scenarios.put_change(
            scenario_id,
            Change(zone_id, ChangeAction.REMOVE, None, base),
            actor=actor,
            at=datetime.now(UTC),
        )
        return repo.scenarios.get(scenario_id)


def drop_change(
    store: Store, scenario_id: str, zone_id: str, *, expected_version: int | None, actor: str
) -> Scenario:
    """Undo the scenario's change to a zone: the scenario has the plan's zone again."""
    with store.write() as repo:
        found = _claimed(repo, scenario_id, expected_version)
        if found.change_of(zone_id) is None:
            raise NotFound(
                N_("scenarioet endrer ikke sonen %(id)s"),
                id=zone_id,
            )
        repo.scenarios.drop_change(scenario_id, zone_id)
        return repo.scenarios.get(scenario_id)


def _conflicts(repo: UnitOfWork, found: Scenario) -> list[Conflict]:
    return conflicts(found.changes, _zones_changed(repo, found))


def _zones_changed(repo: UnitOfWork, found: Scenario) -> dict[str, Zone]:
    """The plan's zones, deleted ones too, that the scenario's changes touch, by id."""
    ids = {c.zone_id for c in found.changes}
    return {zone.id: zone for zone in repo.zones.by_ids(ids, include_deleted=True)}


def scenario_conflicts(store: Store, scenario_id: str) -> list[Conflict]:
    """The scenario's changes made against a plan that has moved on since (none for a scenario
    promoted or discarded: it is history)."""
    with store.read() as repo:
        found = repo.scenarios.get(scenario_id)
        return _conflicts(repo, found) if found.is_open else []


def resolve_conflict(
    store: Store,
    scenario_id: str,
    zone_id: str,
    keep: bool,
    *,
    expected_version: int | None,
    actor: str,
) -> Scenario:
    """Settle a conflict: ``keep`` the scenario's change over the plan's zone as it is now
    (a zone the plan deleted comes back; an added zone whose id the plan has taken gets a new
    id), or drop the change."""
    with store.write() as repo:
        found = _claimed(repo, scenario_id, expected_version)
        conflict = next((c for c in _conflicts(repo, found) if c.change.zone_id == zone_id), None)
        if conflict is None:
            raise InvalidInput(N_("endringen av sonen %(id)s er ikke i konflikt"), id=zone_id)
        repo.scenarios.drop_change(scenario_id, zone_id)
        kept = _kept(conflict) if keep else None
        if kept is not None:
            repo.scenarios.put_change(scenario_id, kept, actor=actor, at=datetime.now(UTC))
        return repo.scenarios.get(scenario_id)


def _kept(conflict: Conflict) -> Change | None:
    """The change that keeps the scenario's wish over the plan as it is now."""
    change, current = conflict.change, conflict.current
    if conflict.reason is ConflictReason.TAKEN:
        new_id = uuid.uuid4().hex
        return Change(new_id, ChangeAction.ADD, replace(change.zone, id=new_id), None)
    if conflict.reason is ConflictReason.DELETED:
        if change.zone is None:
            return None  # the scenario removed it, and the plan has too
        return Change(change.zone_id, ChangeAction.ADD, change.zone, None)
    if change.zone is None:
        return Change(change.zone_id, ChangeAction.REMOVE, None, current.version)
    return Change(change.zone_id, ChangeAction.CHANGE, change.zone, current.version)


def promote(
    store: Store, scenario_id: str, *, expected_version: int | None, actor: str
) -> Scenario:
    """Apply every change of the scenario to the plan in one transaction, or none: each a new
    version of its zone, recorded in its history with the scenario's name. Refused while any
    change is in conflict with the plan (:class:`ScenarioConflicts`)."""
    with store.write() as repo:
        found = repo.scenarios.get(scenario_id)
        if not found.is_open:
            raise _closed(found)
        claimed = repo.scenarios.claim(
            scenario_id,
            expected_version,
            state=ScenarioState.PROMOTED.value,
            promoted_by=actor,
            promoted_at=datetime.now(UTC),
        )
        if not claimed.changes:
            raise InvalidInput(
                N_("scenarioet «%(name)s» endrer ingenting i planen"), name=found.name
            )
        current = _zones_changed(repo, claimed)
        found_conflicts = conflicts(claimed.changes, current)
        if found_conflicts:
            raise ScenarioConflicts(found_conflicts)
        _check_links(repo, claimed)
        named = (found.id, found.name)
        # The changes as the claim left them: a save that got in before it is applied too.
        for change in claimed.changes:
            before = current.get(change.zone_id)
            if change.action is ChangeAction.REMOVE:
                repo.zones.save(
                    replace(before, deleted=True),
                    before,
                    actor=actor,
                    expected_version=before.version,
                    action=Action.DELETE,
                    scenario=named,
                )
            else:
                repo.zones.save(
                    replace(change.zone, version=before.version if before else 1),
                    before,
                    actor=actor,
                    expected_version=before.version if before else None,
                    scenario=named,
                )
        return claimed


def _check_links(repo: UnitOfWork, found: Scenario) -> None:
    """A goal a change links to may have been deleted since the change was made."""
    tree = repo.goals.tree()
    problems = [
        Problem(
            N_("«%(name)s» lenker til målet %(goal)s, som ikke finnes lenger"),
            {"name": change.zone.name, "goal": link.goal_id},
        )
        for change in found.changes
        if change.zone is not None
        for link in change.zone.links
        if link.goal_id not in tree
    ]
    if problems:
        raise InvalidInput.of(problems)


def discard(
    store: Store, scenario_id: str, *, expected_version: int | None, actor: str
) -> Scenario:
    """Set the scenario aside: kept as it was, never promoted, no longer changed. (``actor`` is
    taken for symmetry with the other writes; a discard records no one.)"""
    with store.write() as repo:
        found = repo.scenarios.get(scenario_id)
        if not found.is_open:
            raise _closed(found)
        return repo.scenarios.claim(
            scenario_id, expected_version, state=ScenarioState.DISCARDED.value
        )


def from_workshop(store: Store, workshop_id: str, name: str, *, actor: str) -> Scenario:
    """A scenario that takes into the plan the draft zones planners made of a workshop's
    sketches (each no longer a draft once the scenario is promoted)."""
    with store.write() as repo:
        workshop = repo.workshops.workshop(workshop_id)
        zone_ids = {s.zone_id for s in repo.workshops.sketches(workshop_id) if s.zone_id}
        drafts = [z for z in repo.zones.by_ids(zone_ids) if z.draft]
        if not drafts:
            raise InvalidInput(
                N_(
                    "målverkstedet «%(title)s» har ingen utkast til soner ennå: gjør gruppenes "
                    "skisser til utkast først"
                ),
                title=workshop.title,
            )
        changes = [
            change
            for draft in sorted(drafts, key=lambda z: z.name)
            if (change := change_to(draft, replace(draft, draft=False), draft.id)) is not None
        ]
        return _created(repo, name, "", actor, Origin.WORKSHOP, changes, workshop_id=workshop_id)


@dataclass(frozen=True)
class Imported:
    """A scenario made from a file, with the conflicts its changes have with the plan, read in
    the same transaction (an answer read after the commit could fail for a scenario that is
    there, and asking again would make a second one)."""

    scenario: Scenario
    conflicts: list[Conflict]


def import_scenario(
    store: Store,
    path: Path,
    name: str,
    *,
    actor: str,
    tolerance_m: float,
    max_bytes: int,
    progress: Progress | None = None,
    description: str = "",
) -> Imported:
    """A scenario of the zones in a file, all or nothing: a feature whose ``id`` is a plan zone
    changes that zone, any other is a new zone (features the same as the plan's change
    nothing). Every feature passes the checks an import into the plan does. A feature that
    carries the ``version`` it was exported from is a change against that version: if the plan
    has moved on since, the scenario shows it as a conflict instead of undoing the newer edit
    when it is promoted."""
    progress = progress or Silent()
    raw = read_checked(path, max_bytes)
    with store.write() as repo:
        reports = inspect_features(repo, raw, tolerance_m, progress)
        problems = [p for r in reports for p in r.problems]
        if problems:
            raise InvalidInput.of(problems)
        changes = [change for r in reports if (change := _imported(r)) is not None]
        if not changes:
            raise InvalidInput(N_("filen endrer ingenting i planen"))
        made = _created(repo, name, description, actor, Origin.IMPORT, changes)
        return Imported(made, _conflicts(repo, made))


def _imported(report: FeatureReport) -> Change | None:
    """The change a checked feature of a file makes to the plan (None: none)."""
    zone, current = replace(report.zone, draft=False, deleted=False), report.current
    if current is None:
        return Change(zone.id, ChangeAction.ADD, zone, None)
    if report.outcome == "unchanged":
        return None
    base = report.file_version if report.file_version is not None else current.version
    return Change(zone.id, ChangeAction.CHANGE, zone, base)
