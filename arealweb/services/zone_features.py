"""A file's feature read as a zone: its attributes in the forms GIS formats give them.

GeoJSON keeps lists and booleans; GeoPackage and Shapefile hold lists as JSON text and flags
as 0/1 or text; a feature without ``id`` gets a new one. Geometry is checked by the caller.
"""

from __future__ import annotations

import json
import re
import uuid

from arealweb.domain.errors import Problem
from arealweb.domain.goals import GoalTree
from arealweb.domain.text import N_
from arealweb.domain.zones import (
    GoalLink,
    Zone,
    ZoneKind,
    ZoneStatus,
    zone_attribute_problems,
)
from arealweb.geo.files import RawFeature

ZONE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


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
