"""Importing zones from GeoJSON, GeoPackage and the other formats arealweb exports.

An import reads the whole file, checks every feature against the same rules as any other edit
(attributes, goal links, geometry type, validity, inside Bærum) and writes nothing unless all
of them pass: then everything is written in one transaction. Features with an ``id`` that
exists update that zone, so a file arealweb exported, edited in QGIS and imported back changes
exactly what was edited.

A feature that carries the ``version`` it was exported from is checked against the zone's
history first: a zone edited or deleted since is a conflict, refused unless the importer
chooses for it (see :mod:`arealweb.services.import_versions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.history import changed_fields
from arealweb.domain.text import N_
from arealweb.domain.zones import (
    Zone,
    ZoneKind,
    same_zone,
)
from arealweb.geo.files import (
    RawFeature,
    file_format,
    read_features,
)
from arealweb.geo.validation import as_multi, geometry_problems
from arealweb.services.import_versions import (
    Choice,
    Conflict,
    ImportConflict,
    Resolution,
    conflict_problems,
    find_conflict,
    version_of,
)
from arealweb.services.progress import Progress, Silent
from arealweb.services.zone_features import zone_from_feature
from arealweb.store.repository import Store, UnitOfWork

UNPACKED_FACTOR = 10
"""A zipped file may unpack to at most ten times the largest file accepted."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


MANY_ZONES = 200
"""An import writing at least this many zones refreshes the database's statistics."""


def import_zones(
    store: Store,
    path: Path,
    *,
    tolerance_m: float,
    max_bytes: int,
    actor: str,
    progress: Progress | None = None,
    resolutions: Mapping[str, Resolution] | None = None,
) -> ImportReport:
    """Import every zone in ``path`` or none; InvalidInput lists every problem found.

    A feature exported from an older version of its zone is imported only with a choice in
    ``resolutions`` (by zone id); without one, :class:`ImportConflict` (a StaleVersion) names
    every conflict with both sides. The versions read are checked again as each zone is
    written, in the same transaction: a save racing the import raises StaleVersion."""
    progress = progress or Silent()
    raw = read_checked(path, max_bytes)
    with store.write() as repo:
        reports = inspect_features(repo, raw, tolerance_m, progress)
        problems = [p for r in reports for p in r.problems]
        if problems:
            raise InvalidInput.of(problems)
        resolve(reports, resolutions or {})
        report = save_reports(repo, reports, progress, actor)
    if len(report.created) + len(report.updated) >= MANY_ZONES:
        store.refresh_statistics()
    return report


def resolve(reports: list[FeatureReport], resolutions: Mapping[str, Resolution]) -> None:
    """Apply the importer's choices to the conflicts; raise ImportConflict for any without one
    (or with one made against a version that is no longer the current one)."""
    conflicting = {r.zone.id: r for r in reports if r.conflict is not None}
    unknown = sorted(set(resolutions) - set(conflicting))
    if unknown:
        raise InvalidInput(
            N_("%(ids)s er ikke i konflikt; velg bare for objekter i konflikt"),
            ids=", ".join(unknown),
        )
    problems = []
    for zone_id, report in conflicting.items():
        choice = resolutions.get(zone_id)
        conflict = report.conflict
        if choice is None:
            problems.extend(conflict_problems(conflict, report.where))
        elif choice.seen_version not in (None, conflict.current_version):
            problems.append(
                Problem(
                    N_(
                        "sonen er endret igjen etter at du valgte (du så versjon %(seen)s, nå "
                        "versjon %(current)s); se over og velg på nytt"
                    ),
                    {"seen": choice.seen_version, "current": conflict.current_version},
                    report.where,
                )
            )
        elif choice.choice is Choice.CURRENT:
            report.outcome = "kept"
        else:
            report.outcome = "restored" if conflict.deleted else "updated"
    if problems:
        raise ImportConflict(problems)


@dataclass
class FeatureReport:
    """What an import would do with one feature, and everything wrong with it."""

    number: int
    where: str
    zone: Zone | None
    problems: list[Problem]
    outcome: str = "error"
    """'created', 'updated', 'restored' (a deleted zone), 'unchanged', 'conflict' (needs a
    choice), 'kept' (the current version chosen over the file's) or 'error'."""
    changes: list[str] = field(default_factory=list)
    current: Zone | None = None
    """The stored zone the feature names, as read (deleted or not)."""
    file_version: int | None = None
    conflict: Conflict | None = None
    protected_overlaps: list[tuple[str, float]] = field(default_factory=list)
    """For development areas: (protected zone, overlapping daa) — conflicts to weigh."""


def inspect_features(
    repo: UnitOfWork, raw: list[RawFeature], tolerance_m: float, progress: Progress
) -> list[FeatureReport]:
    """Check every feature against the plan without writing anything."""
    tree = repo.goals.tree()
    boundary = repo.reference.boundary()
    boundary_geometry = boundary.geometry if boundary else None
    seen_ids: dict[str, str] = {}
    named = {str(f.properties["id"]) for f in raw if f.properties.get("id") not in (None, "")}
    existing = {z.id: z for z in repo.zones.by_ids(named, include_deleted=True)} if named else {}
    protected = repo.zones.all(kind=ZoneKind.PROTECTION)
    unnamed = any(f.properties.get("id") in (None, "") for f in raw)
    live = _by_name(repo.zones.all()) if unnamed else {}
    reports = []
    progress.start(N_("Kontrollerer"), len(raw))
    for feature in raw:
        zone, problems = zone_from_feature(feature, tree, existing)
        twin = None
        if zone is not None and feature.properties.get("id") in (None, ""):
            twin = _twin(feature, live)
        if twin is not None:
            feature.properties = {**feature.properties, "id": twin.id}
            existing[twin.id] = twin
            zone, problems = zone_from_feature(feature, tree, existing)
        report = FeatureReport(feature.number, feature.where, zone, problems)
        report.file_version, version_problem = version_of(feature.properties)
        if version_problem is not None:
            version_problem.where = feature.where
            problems.append(version_problem)
        if zone is not None:
            if zone.id in seen_ids:
                problems.append(
                    Problem(
                        N_("id %(id)s er brukt også av %(other)s"),
                        {"id": zone.id, "other": seen_ids[zone.id]},
                        feature.where,
                    )
                )
            seen_ids[zone.id] = feature.where
            problems.extend(
                geometry_problems(
                    feature.geometry, zone.kind, boundary_geometry, tolerance_m, feature.where
                )
            )
        if zone is not None and not problems:
            zone.geometry = as_multi(zone.geometry)
            current = report.current = existing.get(zone.id)
            if current is None:
                report.outcome = "created"
            elif same_zone(current, zone):
                report.outcome = "unchanged"
            else:
                report.outcome = "restored" if current.deleted else "updated"
                report.changes = changed_fields(current, zone)
                report.conflict, problem = find_conflict(repo, zone, current, report.file_version)
                if problem is not None:
                    problem.where = feature.where
                    problems.append(problem)
                    report.outcome = "error"
                elif report.conflict is not None:
                    report.outcome = "conflict"
            if zone.kind is ZoneKind.DEVELOPMENT:
                report.protected_overlaps = [
                    (p.name, shapely.intersection(zone.geometry, p.geometry).area / 1000)
                    for p in protected
                    if p.id != zone.id and shapely.intersects(zone.geometry, p.geometry)
                ]
                report.protected_overlaps = [o for o in report.protected_overlaps if o[1] > 0]
        reports.append(report)
        progress.advance()
    progress.finish()
    return reports


SAME_SHAPE_M = 1.0
"""A feature without id is the live zone of the same name whose shape lies within this
Hausdorff distance (metres, EPSG:25832): far more than rounding to 6 decimals in WGS84 moves a
vertex (0.1 m), far less than any edit."""


def _by_name(zones: list[Zone]) -> dict[str, list[Zone]]:
    found: dict[str, list[Zone]] = {}
    for zone in zones:
        found.setdefault(zone.name.strip().casefold(), []).append(zone)
    return found


def _twin(feature: RawFeature, live: dict[str, list[Zone]]) -> Zone | None:
    """The live zone a feature without id already is: same name, same shape (within
    SAME_SHAPE_M), so importing a file twice does not create its zones twice."""
    name = feature.properties.get("name")
    if not isinstance(name, str) or feature.geometry is None:
        return None
    for zone in live.get(name.strip().casefold(), ()):
        if zone.geometry.geom_type.endswith(feature.geometry.geom_type.removeprefix("Multi")) and (
            shapely.hausdorff_distance(zone.geometry, feature.geometry) < SAME_SHAPE_M
        ):
            live[name.strip().casefold()].remove(zone)
            return zone
    return None


def parse_zones(
    repo: UnitOfWork, raw: list[RawFeature], tolerance_m: float, progress: Progress
) -> list[Zone]:
    """Turn raw features into zones, or raise InvalidInput with every problem in the file."""
    reports = inspect_features(repo, raw, tolerance_m, progress)
    problems = [p for r in reports for p in r.problems]
    if problems:
        raise InvalidInput.of(problems)
    return [r.zone for r in reports]


def preview_import(
    store: Store, path: Path, *, tolerance_m: float, max_bytes: int
) -> list[FeatureReport]:
    """What importing ``path`` would do, feature by feature; nothing is written."""
    raw = read_checked(path, max_bytes)
    with store.read() as repo:
        return inspect_features(repo, raw, tolerance_m, Silent())


def read_checked(path: Path, max_bytes: int) -> list[RawFeature]:
    file_format(path)
    if not path.is_file():
        raise InvalidInput(N_("fant ikke filen %(path)s"), path=str(path))
    size = path.stat().st_size
    if size > max_bytes:
        raise InvalidInput(
            N_("filen er %(size).1f MB; største tillatte er %(max).0f MB"),
            size=size / 1e6,
            max=max_bytes / 1e6,
        )
    raw = read_features(path, max_unpacked=max_bytes * UNPACKED_FACTOR)
    if not raw:
        raise InvalidInput(N_("filen inneholder ingen objekter"))
    return raw


def save_reports(
    repo: UnitOfWork, reports: list[FeatureReport], progress: Progress, actor: str
) -> ImportReport:
    """Write each checked feature over the version of its zone read while checking it (a zone
    saved since raises StaleVersion); a kept or unchanged one is left as it is."""
    report = ImportReport()
    progress.start(N_("Lagrer"), len(reports))
    for feature in reports:
        zone, current = feature.zone, feature.current
        if feature.outcome in ("kept", "unchanged"):
            report.unchanged.append(zone.name)
        else:
            outcome = repo.zones.save(
                zone,
                current,
                actor=actor,
                expected_version=current.version if current else None,
            )
            getattr(report, outcome).append(zone.name)
        progress.advance()
    progress.finish()
    return report


def save_zones(repo: UnitOfWork, zones: list[Zone], progress: Progress, actor: str) -> ImportReport:
    """Save every zone (a file's features are new, edited or the same), recording ``actor``."""
    report = ImportReport()
    existing = {
        zone.id: zone for zone in repo.zones.by_ids({z.id for z in zones}, include_deleted=True)
    }
    progress.start(N_("Lagrer"), len(zones))
    for zone in zones:
        outcome = repo.zones.save(zone, existing.get(zone.id), actor=actor)
        getattr(report, outcome).append(zone.name)
        progress.advance()
    progress.finish()
    return report
