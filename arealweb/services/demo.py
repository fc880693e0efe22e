"""Loading the demo dataset in ``geodata/``: goals, boundary, stations, places and zones.

Loading is idempotent: everything is keyed by stable ids, and a second load changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import orjson
import shapely
from shapely.geometry import MultiPolygon

from arealweb.domain.errors import InvalidInput
from arealweb.domain.goals import (
    Dimension,
    Goal,
    GoalLevel,
    GoalStatus,
    GoalTree,
    PlanVersion,
    Theme,
)
from arealweb.domain.indicators import (
    Direction,
    Indicator,
    Measure,
    indicator_problems,
    with_default_parameter,
)
from arealweb.domain.participation import Consultation, Moderation
from arealweb.domain.reference import Boundary, Station
from arealweb.geo.crs import to_utm
from arealweb.geo.files import read_features
from arealweb.services.places import load_gazetteer
from arealweb.services.progress import Progress, Silent
from arealweb.services.transfer import parse_zones, save_zones
from arealweb.store.repository import Store, UnitOfWork

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
DEMO_ACTOR = "demo"


def load_demo(
    store: Store,
    geodata: Path = GEODATA,
    tolerance_m: float = 25.0,
    progress: Progress | None = None,
) -> Counter:
    """Load the demo; return how many things were created, updated or left unchanged.

    A boundary installed with ``arealweb boundary`` (the official one, say) is kept: the demo's
    approximate outline only goes in when there is none, or replaces an older copy of itself.
    """
    progress = progress or Silent()
    counts: Counter = Counter()
    versions, goals = read_goals(geodata / "goals.json")
    tree = GoalTree.build(goals)
    with store.write() as repo:
        for version in versions:
            counts[repo.goals.save_plan_version(version)] += 1
        for goal in tree.walk():
            counts[repo.goals.save(goal)] += 1
        demo_boundary = read_boundary(geodata / "boundary.geojson")
        current = repo.reference.boundary()
        if current is None or current.source == demo_boundary.source:
            counts[repo.reference.save_boundary(demo_boundary)] += 1
        for station in read_stations(geodata / "stations.geojson"):
            counts[repo.reference.save_station(station)] += 1
        if (geodata / "places.geojson").exists():
            found = load_gazetteer(repo, geodata / "places.geojson")
            for outcome in ("created", "updated", "unchanged"):
                counts[outcome] += found[outcome]
        for consultation in read_consultations(geodata / "consultations.json"):
            counts[repo.participation.save_consultation(consultation)] += 1
        zones = parse_zones(repo, read_features(geodata / "zones.geojson"), tolerance_m, progress)
        report = save_zones(repo, zones, progress, actor=DEMO_ACTOR)
        for indicator in read_indicators(geodata / "indicators.json"):
            counts[save_demo_indicator(repo, indicator)] += 1
    counts["created"] += len(report.created)
    counts["updated"] += len(report.updated)
    counts["unchanged"] += len(report.unchanged)
    return counts


def read_goals(path: Path) -> tuple[list[PlanVersion], list[Goal]]:
    """Plan versions and their nested goal trees, as written in ``goals.json``."""
    document = orjson.loads(path.read_bytes())
    versions, goals = [], []
    for entry in document["plan_versions"]:
        version = PlanVersion(
            id=entry["id"],
            title=entry["title"],
            status=GoalStatus(entry["status"]),
            adopted_on=entry.get("adopted_on"),
            description=entry.get("description", ""),
        )
        versions.append(version)
        _flatten(entry["goals"], version, None, goals)
    return versions, goals


def _flatten(nodes: list[dict], version: PlanVersion, parent: str | None, out: list[Goal]) -> None:
    for order, node in enumerate(nodes):
        out.append(
            Goal(
                id=node["id"],
                plan_version_id=version.id,
                level=GoalLevel(node["level"]),
                title=node["title"],
                parent_id=parent,
                description=node.get("description", ""),
                order=order,
                dimension=Dimension(node["dimension"]) if node.get("dimension") else None,
                theme=Theme(node["theme"]) if node.get("theme") else None,
                sdgs=tuple(node.get("sdgs", ())),
                status=GoalStatus(node.get("status", version.status)),
            )
        )
        _flatten(node.get("children", []), version, node["id"], out)


def read_indicators(path: Path) -> list[Indicator]:
    """The demo's goal indicators (illustrative targets), checked as every indicator is."""
    if not path.exists():
        return []
    found = []
    for entry in orjson.loads(path.read_bytes())["indicators"]:
        indicator = Indicator(
            goal_id=entry["goal_id"],
            measure=Measure(entry["measure"]),
            target=float(entry["target"]),
            direction=Direction(entry["direction"]),
            parameter=entry.get("parameter"),
            baseline=entry.get("baseline"),
            baseline_year=entry.get("baseline_year"),
            note=entry.get("note", ""),
        )
        problems = indicator_problems(with_default_parameter(indicator), entry["goal_id"])
        if problems:
            raise InvalidInput.of(problems)
        found.append(with_default_parameter(indicator))
    return found


def save_demo_indicator(repo: UnitOfWork, indicator: Indicator) -> str:
    """Add ``indicator`` unless its goal has one measuring the same already; 'created',
    'updated' (the demo's target or note changed) or 'unchanged'."""
    for current in repo.indicators.of_goal(indicator.goal_id):
        if current.key != indicator.key:
            continue
        wanted = replace(indicator, id=current.id, version=current.version)
        if wanted == current:
            return "unchanged"
        repo.indicators.update(wanted, current.version)
        return "updated"
    repo.indicators.add(indicator)
    return "created"


def read_boundary(path: Path) -> Boundary:
    feature = orjson.loads(path.read_bytes())["features"][0]
    geometry = to_utm(shapely.geometry.shape(feature["geometry"]))
    if geometry.geom_type == "Polygon":
        geometry = MultiPolygon([geometry])
    props = feature["properties"]
    return Boundary(props["kommunenummer"], props["name"], geometry, props.get("source", ""))


def read_stations(path: Path) -> list[Station]:
    stations = []
    for feature in orjson.loads(path.read_bytes())["features"]:
        props = feature["properties"]
        stations.append(
            Station(
                id=props["id"],
                name=props["name"],
                line=props["line"],
                geometry=to_utm(shapely.geometry.shape(feature["geometry"])),
                planned=bool(props.get("planned", False)),
                approximate=bool(props.get("approximate", False)),
            )
        )
    return stations


def read_consultations(path: Path) -> list[Consultation]:
    if not path.exists():
        return []
    return [
        Consultation(
            id=entry["id"],
            title=entry["title"],
            introduction=entry["introduction"],
            opens_on=date.fromisoformat(entry["opens_on"]),
            closes_on=date.fromisoformat(entry["closes_on"]),
            moderation=Moderation(entry["moderation"]),
            zone_ids=tuple(entry.get("zone_ids", ())),
            goal_ids=tuple(entry.get("goal_ids", ())),
        )
        for entry in orjson.loads(path.read_bytes())["consultations"]
    ]
