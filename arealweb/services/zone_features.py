"""A feature read as a zone: its attributes checked by :class:`ZoneProperties` — strictly
when the API sent them, in the forms GIS formats give them when a file did — and the goals it
names looked up in the tree; a feature without ``id`` gets a new one. Geometry is checked by
the caller.
"""

from __future__ import annotations

import uuid

from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.goals import GoalTree
from arealweb.domain.text import N_
from arealweb.domain.zones import GoalLink, Zone, zone_attribute_problems
from arealweb.geo.files import RawFeature
from arealweb.schemas.base import parse
from arealweb.schemas.zones import ZoneProperties


def zone_from_feature(
    feature: RawFeature, tree: GoalTree, existing: dict[str, Zone]
) -> tuple[Zone | None, list[Problem]]:
    """The zone a feature describes and every problem with its attributes (not its geometry).

    ``existing`` holds stored zones by id: a link keeps its rationale when the feature names the
    goal but gives no new rationale. Links come from ``goal_ids``, or from ``goal_links`` when
    the feature gives only those."""
    where = feature.where
    if feature.problem is not None:
        place = feature.problem.where
        if not feature.strict:
            place = f"{where}, {place}" if place else where
        feature.problem.where = place
        return None, [feature.problem]
    try:
        props = parse(
            ZoneProperties,
            feature.properties,
            "properties" if feature.strict else f"{where}, properties",
            strict=feature.strict,
            context={"file": not feature.strict},
        )
    except InvalidInput as error:
        return None, error.problems

    problems = []
    zone_id = props.id or uuid.uuid4().hex
    current = existing.get(zone_id)
    rationales = {link.goal_id: link.rationale or "" for link in props.goal_links or ()}
    goal_ids = props.goal_ids if props.goal_ids is not None else list(rationales)
    kept = {l.goal_id: l.rationale for l in current.links} if current else {}
    for goal_id in dict.fromkeys(goal_ids):
        if goal_id not in tree:
            problems.append(Problem(N_("målet «%(goal)s» finnes ikke"), {"goal": goal_id}, where))
    links = [GoalLink(g, rationales.get(g, kept.get(g, ""))) for g in dict.fromkeys(goal_ids)]

    zone = Zone(
        id=zone_id,
        kind=props.kind,
        category=props.category,
        name=props.name,
        geometry=feature.geometry,
        description=props.description,
        status=props.status,
        arealformal=props.arealformal,
        hensynssone=props.hensynssone,
        links=links,
        draft=props.draft if props.draft is not None else bool(current and current.draft),
    )
    problems.extend(zone_attribute_problems(zone, where))
    return zone, problems
