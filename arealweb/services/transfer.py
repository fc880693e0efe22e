"""Importing zones from GeoJSON, GeoPackage and the other formats arealweb exports.

An import reads the whole file, checks every feature against the same rules as any other edit
(attributes, goal links, geometry type, validity, inside Bærum) and writes nothing unless all
of them pass: then everything is written in one transaction. Features with an ``id`` that
exists update that zone, so a file arealweb exported, edited in QGIS and imported back changes
exactly what was edited.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.goals import GoalTree
from arealweb.domain.history import changed_fields
from arealweb.domain.text import N_
from arealweb.domain.zones import (
    GoalLink,
    Zone,
    ZoneKind,
    ZoneStatus,
    same_zone,
    zone_attribute_problems,
)
from arealweb.geo.files import (
    RawFeature,
    file_format,
    read_features,
)
from arealweb.geo.validation import as_multi, geometry_problems
from arealweb.services.progress import Progress, Silent
from arealweb.store.repository import Store, UnitOfWork

UNPACKED_FACTOR = 10
"""A zipped file may unpack to at most ten times the largest file accepted."""

ZONE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def import_zones(
    store: Store,
    path: Path,
    *,
    tolerance_m: float,
    max_bytes: int,
    actor: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every zone in ``path`` or none; InvalidInput lists every problem found."""
    progress = progress or Silent()
    raw = _read_checked(path, max_bytes)
    with store.write() as repo:
        zones = parse_zones(repo, raw, tolerance_m, progress)
        return save_zones(repo, zones, progress, actor)


@dataclass
class FeatureReport:
    """What an import would do with one feature, and everything wrong with it."""

    number: int
    where: str
    zone: Zone | None
    problems: list[Problem]
    outcome: str = "error"
    """'created', 'updated', 'unchanged' or 'error'."""
    changes: list[str] = field(default_factory=list)
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
    reports = []
    progress.start(N_("Kontrollerer"), len(raw))
    for feature in raw:
        zone, problems = zone_from_feature(feature, tree, existing)
        report = FeatureReport(feature.number, feature.where, zone, problems)
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
            current = existing.get(zone.id)
            if current is None:
                report.outcome = "created"
            elif same_zone(current, zone):
                report.outcome = "unchanged"
            else:
                report.outcome = "updated"
                report.changes = changed_fields(current, zone)
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
    raw = _read_checked(path, max_bytes)
    with store.read() as repo:
        return inspect_features(repo, raw, tolerance_m, Silent())


def _read_checked(path: Path, max_bytes: int) -> list[RawFeature]:
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


def zone_from_feature(
    feature: RawFeature, tree: GoalTree, existing: dict[str, Zone]
) -> tuple[Zone | None, list[Problem]]:
    """The zone a feature describes and every problem with its attributes (not its geometry).

    ``existing`` holds stored zones by id: a link keeps its rationale when the feature names the
    goal but gives no new rationale."""
    where = feature.where
    props = feature.properties
    if feature.problem is not None:
        feature.problem.where = where
        return None, [feature.problem]

    def problem(template: str, **params: object) -> Problem:
        return Problem(template, params, where)

    problems = []
    zone_id = props.get("id")
    if zone_id is None or zone_id == "":
        zone_id = uuid.uuid4().hex
    zone_id = str(zone_id)
    if not ZONE_ID.match(zone_id):
        problems.append(
            problem(N_("id «%(id)s» kan bare ha bokstaver a–z, tall og . _ : -"), id=zone_id)
        )
    try:
        kind = ZoneKind(props.get("kind"))
    except ValueError:
        return None, [
            problem(
                N_("kind «%(kind)s» er ukjent; bruk development, protection eller corridor"),
                kind=props.get("kind"),
            )
        ]
    try:
        status = ZoneStatus(props.get("status") or ZoneStatus.FRAMTIDIG)
    except ValueError:
        problems.append(
            problem(
                N_("status «%(status)s» er ukjent; bruk nåværende eller framtidig"),
                status=props.get("status"),
            )
        )
        status = ZoneStatus.FRAMTIDIG
    arealformal = props.get("arealformal")
    if arealformal is not None and arealformal != "":
        try:
            arealformal = int(arealformal)
        except (TypeError, ValueError):
            problems.append(problem(N_("arealformål «%(code)s» er ikke et tall"), code=arealformal))
            arealformal = None
    else:
        arealformal = None

    goal_ids, link_problems = _goal_ids(props.get("goal_ids"))
    problems.extend(problem(p) for p in link_problems)
    rationales = _rationales(props.get("goal_links"))
    current = existing.get(zone_id)
    kept = {l.goal_id: l.rationale for l in current.links} if current else {}
    for goal_id in goal_ids:
        if goal_id not in tree:
            problems.append(problem(N_("målet «%(goal)s» finnes ikke"), goal=goal_id))
    links = [GoalLink(g, rationales.get(g, kept.get(g, ""))) for g in goal_ids]

    zone = Zone(
        id=zone_id,
        kind=kind,
        category=str(props.get("category") or ""),
        name=str(props.get("name") or "").strip(),
        geometry=feature.geometry,
        description=str(props.get("description") or ""),
        status=status,
        arealformal=arealformal,
        hensynssone=(str(props["hensynssone"]) if props.get("hensynssone") else None),
        links=links,
        draft=_flag(props["draft"]) if "draft" in props else bool(current and current.draft),
    )
    problems.extend(zone_attribute_problems(zone, where))
    return zone, problems


def _goal_ids(value: object) -> tuple[list[str], list[str]]:
    """goal_ids as a list, a JSON array in a text field (GeoPackage) or comma-separated text."""
    if value is None or value == "":
        return [], []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                return [], [N_("goal_ids er ikke en gyldig JSON-liste")]
        else:
            value = [part.strip() for part in text.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        return [], [N_("goal_ids må være en liste med mål-id-er")]
    return list(dict.fromkeys(str(v) for v in value)), []


def _flag(value: object) -> bool:
    """A yes/no field as JSON, GeoPackage (0/1) or a Shapefile's text gives it."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "ja", "yes")
    return bool(value)


def _rationales(value: object) -> dict[str, str]:
    if isinstance(value, str) and value.strip():
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return {}
    if not isinstance(value, list):
        return {}
    return {
        str(item["goal_id"]): str(item.get("rationale") or "")
        for item in value
        if isinstance(item, dict) and "goal_id" in item
    }
