"""Planners' edits of zones: create, edit, delete (soft) and restore, each a new version.

Every edit passes the same checks as an import (attributes, goal links, geometry type for the
kind, validity, minimum size, inside Bærum). An edit names the version it started from; if the
zone has moved on since, the edit is refused and nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import (
    AlreadyExists,
    DomainError,
    InvalidInput,
    NotFound,
    Problem,
    StaleVersion,
)
from arealweb.domain.history import Action, Deletion, Version
from arealweb.domain.text import N_
from arealweb.domain.zones import SQUARE_METRES_PER_DAA, Zone, ZoneKind
from arealweb.geo.files import RawFeature, read_feature
from arealweb.geo.validation import as_multi, geometry_problems, outside_distance_m
from arealweb.services.transfer import zone_from_feature
from arealweb.store.repository import Store, UnitOfWork


class NeedsConfirmation(DomainError):
    """The save is allowed, but the planner is asked first: a development zone over protected
    land, or a zone linked to no goal. Sent again with the confirmation, it is saved."""

    def __init__(
        self, zone: Zone, protected: dict[str, float], total_daa: float, no_goals: bool
    ) -> None:
        self.zone = zone
        self.protected = protected
        """Protection category -> daa of it the zone covers (each category counted once)."""
        self.total_daa = total_daa
        """The protected land covered, counted once across categories."""
        self.no_goals = no_goals
        problems = []
        if protected:
            areas = ", ".join(f"{category} {daa:.1f} daa" for category, daa in protected.items())
            params = {"name": zone.name, "areas": areas, "total": f"{total_daa:.1f}"}
            template = (
                N_("«%(name)s» ligger på vernet areal: %(areas)s (til sammen %(total)s daa)")
                if len(protected) > 1
                else N_("«%(name)s» ligger på vernet areal: %(areas)s")
            )
            problems.append(Problem(template, params))
        if self.no_goals:
            problems.append(
                Problem(N_("«%(name)s» er ikke knyttet til noe mål"), {"name": zone.name})
            )
        super().__init__(problems[0].template, **problems[0].params)
        self.problems = problems
        self.args = (self.message,)


def confirmation_needed(
    repo: UnitOfWork, zone: Zone, before: Zone | None = None
) -> NeedsConfirmation | None:
    """What saving ``zone`` asks the planner to confirm, or None: the protected land a
    development zone covers (by category, in daa, measured in EPSG:25832 by the conflict
    analysis the analysis pages use), and a missing goal link.

    An edit of a stored zone (``before``) asks only about what it makes new or worse: a
    category it covers more of than before, or goals it takes away; a planner renaming a zone
    that already lay on protected land is not asked again."""
    earlier = before if before is not None and not before.deleted else None
    nearby = _protection_near(repo, zone, earlier)
    protected, total_daa = _protected_daa(zone, nearby)
    no_goals = not zone.links
    if earlier is not None:
        was, _ = _protected_daa(earlier, nearby)
        grown = {
            category: daa
            for category, daa in protected.items()
            if daa - was.get(category, 0.0) > GROWTH_DAA
        }
        if not grown:
            protected = {}
        no_goals = no_goals and bool(earlier.links)
    if not protected and not no_goals:
        return None
    return NeedsConfirmation(zone, protected, total_daa, no_goals)


GROWTH_DAA = 0.01
"""An edit that covers less than this much more protected land (10 m²) is not asked about:
vertices moved along a shared edge."""


def _protection_near(repo: UnitOfWork, zone: Zone, before: Zone | None) -> list[Zone]:
    """The protection zones a development zone (as saved, or as it was) may lie on; read once
    for both."""
    shapes = [
        z.geometry for z in (zone, before) if z is not None and z.kind is ZoneKind.DEVELOPMENT
    ]
    if not shapes:
        return []
    envelope = shapely.union_all([shapely.envelope(shape) for shape in shapes]).envelope
    return [z for z in repo.zones.all(kind=ZoneKind.PROTECTION, bbox=envelope) if z.id != zone.id]


def _protected_daa(zone: Zone, nearby: list[Zone]) -> tuple[dict[str, float], float]:
    """The protected land among ``nearby`` a development zone covers: daa by category, and in
    all (counted once); nothing for other kinds."""
    if zone.kind is not ZoneKind.DEVELOPMENT or not nearby:
        return {}, 0.0
    from arealweb.analysis.conflicts import conflicts
    from arealweb.analysis.frames import zones_frame

    report = conflicts(zones_frame([replace(zone, draft=False, deleted=False), *nearby]))
    by_category = {
        category: m2 / SQUARE_METRES_PER_DAA
        for category, m2 in report.by_category.items()
        if m2 > 0
    }
    return by_category, report.total_m2 / SQUARE_METRES_PER_DAA


def create_zone(
    store: Store,
    document: object,
    *,
    actor: str,
    tolerance_m: float,
    make_valid: bool = False,
    ask: bool = False,
) -> Zone:
    """Save a new zone. With ``ask``, a zone that needs confirming (see
    :func:`confirmation_needed`) raises :class:`NeedsConfirmation` and nothing is written."""
    raw = read_feature(document)
    with store.write() as repo:
        given = raw.properties.get("id")
        if given and repo.zones.find(str(given), include_deleted=True) is not None:
            raise AlreadyExists(N_("det finnes allerede en sone med id %(id)s"), id=given)
        zone = checked_zone(repo, raw, {}, tolerance_m, make_valid)
        if ask and (needed := confirmation_needed(repo, zone)) is not None:
            raise needed
        repo.zones.save(zone, None, actor=actor)
        return repo.zones.get(zone.id)


def update_zone(
    store: Store,
    zone_id: str,
    document: object,
    *,
    expected_version: int | None,
    actor: str,
    tolerance_m: float,
    make_valid: bool = False,
    ask: bool = False,
) -> Zone:
    """Save a new version of a zone over ``expected_version``; ``ask`` as for
    :func:`create_zone`."""
    raw = addressed(read_feature(document), zone_id)
    with store.write() as repo:
        current = repo.zones.get(zone_id)
        zone = checked_zone(repo, raw, {zone_id: current}, tolerance_m, make_valid)
        # A stale edit is refused by the save below before any question is asked.
        fresh = expected_version is None or current.version == expected_version
        if ask and fresh and (needed := confirmation_needed(repo, zone, current)) is not None:
            raise needed
        repo.zones.save(zone, current, actor=actor, expected_version=expected_version)
        return repo.zones.get(zone_id)


def addressed(raw: RawFeature, zone_id: str) -> RawFeature:
    """``raw`` as the zone ``zone_id`` (the one in the address); refused if it names another."""
    given = raw.properties.get("id")
    if given not in (None, "", zone_id):
        raise InvalidInput(
            N_("id i objektet (%(given)s) er ikke sonen i adressen (%(id)s)"),
            given=given,
            id=zone_id,
        )
    raw.properties["id"] = zone_id
    return raw


def delete_zone(store: Store, zone_id: str, *, expected_version: int | None, actor: str) -> Zone:
    with store.write() as repo:
        return repo.zones.delete(zone_id, actor=actor, expected_version=expected_version)


def restore_version(
    store: Store,
    zone_id: str,
    version: int,
    *,
    expected_version: int | None,
    actor: str,
    tolerance_m: float,
    deleted_only: bool = False,
) -> Zone:
    """Make an earlier version the current one again, as a new version (``deleted_only``: only
    if the zone is deleted now)."""
    with store.write() as repo:
        target = next((v for v in repo.zones.history(zone_id) if v.version == version), None)
        if target is None:
            raise NotFound(
                N_("sonen %(id)s har ingen versjon %(version)s"), id=zone_id, version=version
            )
        current = repo.zones.get(zone_id, include_deleted=True)
        if deleted_only and not current.deleted:
            raise StaleVersion(
                N_("«%(name)s» er allerede gjenopprettet (nå versjon %(version)s)"),
                current.version,
                name=current.name,
                version=current.version,
            )
        tree = repo.goals.tree()
        missing = [l.goal_id for l in target.zone.links if l.goal_id not in tree]
        if missing:
            raise InvalidInput(
                N_("versjonen lenker til mål som ikke finnes lenger: %(goals)s"),
                goals=", ".join(missing),
            )
        boundary = repo.reference.boundary()
        problems = geometry_problems(
            target.zone.geometry,
            target.zone.kind,
            boundary.geometry if boundary else None,
            tolerance_m,
        )
        if problems:
            raise InvalidInput.of(problems)
        restored = replace(target.zone, deleted=False, version=current.version)
        repo.zones.save(
            restored, current, actor=actor, expected_version=expected_version, action=Action.RESTORE
        )
        return repo.zones.get(zone_id)


def deleted_zones(store: Store) -> list[Deletion]:
    """The bin: every deleted zone, most recently deleted first, with who deleted it and when."""
    with store.read() as repo:
        return repo.zones.deleted()


def restore_deleted(
    store: Store, zone_id: str, *, deleted_version: int, actor: str, tolerance_m: float
) -> Zone:
    """Bring a zone back from the bin: its version before the deletion becomes a new version.
    ``deleted_version`` is the deleted version the planner saw: if the zone has moved on since
    (someone restored it first), :class:`StaleVersion` is raised and nothing is written."""
    return restore_version(
        store,
        zone_id,
        max(1, deleted_version - 1),
        expected_version=deleted_version,
        actor=actor,
        tolerance_m=tolerance_m,
        deleted_only=True,
    )


def zone_history(store: Store, zone_id: str) -> list[Version]:
    with store.read() as repo:
        return repo.zones.history(zone_id)


def changed_outside(store: Store, zone_id: str) -> tuple[Version, Version | None] | None:
    """When the zone's latest version was made outside arealweb (QGIS, psql): that version and
    the one to offer back — the latest arealweb made, else the one before it (None if there is
    none); it stays restorable. Else (or for a zone with no history) None."""
    try:
        versions = zone_history(store, zone_id)
    except NotFound:
        return None  # written by another client where no trigger keeps a history (SQLite)
    if not versions[-1].outside:
        return None
    earlier = versions[:-1]
    ours = [v for v in earlier if not v.outside]
    return versions[-1], (ours or earlier or [None])[-1]


def checked_zone(
    repo: UnitOfWork,
    raw: RawFeature,
    existing: dict[str, Zone],
    tolerance_m: float,
    make_valid: bool,
) -> Zone:
    """The zone ``raw`` describes, after every check a save applies; InvalidInput otherwise."""
    tree = repo.goals.tree()
    zone, problems = zone_from_feature(raw, tree, existing)
    if zone is None:
        raise InvalidInput.of(problems)
    geometry = raw.geometry
    if make_valid and geometry is not None and not geometry.is_valid:
        geometry = repaired(geometry, zone.kind)
    boundary = repo.reference.boundary()
    problems += geometry_problems(
        geometry, zone.kind, boundary.geometry if boundary else None, tolerance_m, raw.where
    )
    if problems:
        raise InvalidInput.of(problems)
    zone.geometry = as_multi(geometry)
    return zone


def repaired(geometry: BaseGeometry, kind: ZoneKind) -> BaseGeometry:
    """``shapely.make_valid`` keeping only the parts that fit the kind (areas or lines)."""
    fixed = shapely.make_valid(geometry)
    wanted = ("Polygon", "MultiPolygon") if kind.is_area else ("LineString", "MultiLineString")
    parts = [p for p in shapely.get_parts(fixed) if p.geom_type in wanted]
    if not parts:
        raise InvalidInput.of(
            [
                Problem(
                    N_("geometrien kan ikke repareres til en gyldig %(kind)s"), {"kind": kind.value}
                )
            ]
        )
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


@dataclass(frozen=True)
class Overlap:
    zone_id: str
    name: str
    category: str
    amount: float
    """Overlapping area in daa (for areas) or length in m inside the zone (for corridors)."""


@dataclass(frozen=True)
class GeometryCheck:
    """What a planner sees while drawing: size, problems, overlaps with protected land."""

    area_daa: float | None
    length_m: float | None
    problems: list[Problem]
    overlaps: list[Overlap]
    outside_m: float


def check_geometry(
    store: Store,
    document: object,
    kind: ZoneKind,
    *,
    tolerance_m: float,
    exclude: str | None = None,
) -> GeometryCheck:
    """Measure a drawn geometry (GeoJSON, WGS84) in EPSG:25832 against the plan."""
    raw = read_feature({"type": "Feature", "properties": {}, "geometry": document})
    geometry = raw.geometry
    if raw.problem is not None:
        raise InvalidInput.of([raw.problem])
    if geometry is None:
        raise InvalidInput(N_("geometrien kan ikke leses som GeoJSON"))
    with store.read() as repo:
        boundary = repo.reference.boundary()
        protected = [z for z in repo.zones.all(kind=ZoneKind.PROTECTION) if z.id != exclude]
    problems = geometry_problems(
        geometry, kind, boundary.geometry if boundary else None, tolerance_m
    )
    overlaps = []
    if geometry.is_valid:
        for zone in protected:
            if not shapely.intersects(geometry, zone.geometry):
                continue
            shared = shapely.intersection(geometry, zone.geometry)
            amount = shared.area / SQUARE_METRES_PER_DAA if kind.is_area else shared.length
            if amount > 0:
                overlaps.append(Overlap(zone.id, zone.name, zone.category, amount))
    outside = (
        outside_distance_m(geometry, boundary.geometry) if boundary and geometry.is_valid else 0.0
    )
    return GeometryCheck(
        area_daa=geometry.area / SQUARE_METRES_PER_DAA if kind.is_area else None,
        length_m=None if kind.is_area else geometry.length,
        problems=problems,
        overlaps=sorted(overlaps, key=lambda o: -o.amount),
        outside_m=outside,
    )
