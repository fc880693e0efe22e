"""GET /api/v1/goals (the tree) and /api/v1/goals/<id>."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from flask import Response

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.api.inputs import BadParameter
from arealweb.api.serialise import download, goal_brief, goal_fields
from arealweb.domain.errors import Problem
from arealweb.domain.goals import GoalTree
from arealweb.domain.text import N_
from arealweb.geo.geojson import dumps
from arealweb.http.store import current_store
from arealweb.services import goals
from arealweb.services.queries import subtree_zone_ids
from arealweb.services.spreadsheets import goal_csv


@api.get("/goals")
def goal_tree() -> Response:
    """The goal tree of every plan version (or of ``plan_version``), nested, with the number of
    zones linked to each goal directly (``zone_count``) and to it or anything below it
    (``zone_count_total``)."""
    inputs.only(["plan_version"])
    wanted = inputs.text("plan_version")
    linked = goals.linked_tree(current_store())
    versions, tree, direct = linked.versions, linked.tree, linked.zone_ids
    if wanted is not None and wanted not in {v.id for v in versions}:
        raise BadParameter(
            Problem(
                N_("plan_version=%(value)s er ukjent; bruk en av: %(choices)s"),
                {"value": wanted, "choices": ", ".join(v.id for v in versions)},
            )
        )
    totals = subtree_zone_ids(tree, direct)

    def node(goal_id: str) -> dict:
        goal = tree.get(goal_id)
        return {
            **goal_fields(goal),
            "zone_count": len(direct.get(goal_id, ())),
            "zone_count_total": len(totals.get(goal_id, ())),
            "children": [node(child.id) for child in tree.children_of(goal_id)],
        }

    body = {
        "plan_versions": [
            {
                "id": v.id,
                "title": v.title,
                "status": v.status.value,
                "adopted_on": v.adopted_on,
                "description": v.description,
            }
            for v in versions
            if wanted in (None, v.id)
        ],
        "goals": [node(r.id) for r in tree.roots() if wanted in (None, r.plan_version_id)],
    }
    return Response(dumps(body), mimetype=JSON)


class Delimiter(StrEnum):
    COMMA = "comma"
    SEMICOLON = "semicolon"


@api.get("/goals.csv")
def goal_tree_csv() -> Response:
    """Every goal as a row (semicolons, UTF-8 with BOM, as Norwegian Excel expects);
    ``?delimiter=comma`` for commas."""
    inputs.only(["delimiter"])
    delimiter = "," if inputs.choice("delimiter", Delimiter) is Delimiter.COMMA else ";"
    return download(goal_csv(current_store(), delimiter), "text/csv", "maltre.csv")


@api.get("/goals/<goal_id>")
def get_goal(goal_id: str) -> Response:
    """A goal with its ancestors (vision first), children and the zones that realise it."""
    linked = goals.linked_tree(current_store())
    tree, direct = linked.tree, linked.zone_ids
    goal = tree.get(goal_id)
    body = {
        **goal_fields(goal),
        "version": goal.version,
        "ancestors": [goal_brief(g) for g in reversed(tree.ancestors(goal_id))],
        "children": [goal_brief(g) for g in tree.children_of(goal_id)],
        "zone_ids": direct.get(goal_id, []),
        "zone_ids_total": sorted(_subtree_zones(tree, direct, goal_id)),
    }
    data = dumps(body)
    response = Response(data, mimetype=JSON)
    # The version for If-Match; the digest because children and zones change without it.
    response.headers["ETag"] = f'"v{goal.version}-{hashlib.sha1(data).hexdigest()[:12]}"'
    return response


def _subtree_zones(tree: GoalTree, direct: dict[str, list[str]], goal_id: str) -> set[str]:
    return {z for g in tree.subtree_ids(goal_id) for z in direct.get(g, ())}
