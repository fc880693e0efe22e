"""HTML pages."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, render_template
from flask_babel import get_locale

from arealweb.domain.goals import GoalLevel
from arealweb.domain.zones import CATEGORIES, ZoneKind
from arealweb.extensions import current_store

web = Blueprint("web", __name__)


@web.app_context_processor
def _locale() -> dict:
    return {"get_locale": get_locale}


@web.get("/")
def overview() -> str:
    """What the plan holds: zones per kind and category, goals per plan version, layers."""
    with current_store().read() as repo:
        zones = repo.zones()
        tree = repo.goal_tree()
        versions = repo.plan_versions()
        boundary = repo.boundary()
        stations = repo.stations()
    per_category = Counter((z.kind, z.category) for z in zones)
    area_daa = Counter()
    length_m = Counter()
    for zone in zones:
        if zone.kind.is_area:
            area_daa[zone.kind] += zone.area_daa()
        else:
            length_m[zone.kind] += zone.length_m()
    kinds = [
        {
            "kind": kind,
            "count": sum(n for (k, _), n in per_category.items() if k is kind),
            "area_daa": area_daa.get(kind),
            "length_m": length_m.get(kind),
            "categories": [
                (label, per_category[(kind, code)])
                for code, label in CATEGORIES[kind].items()
                if per_category[(kind, code)]
            ],
        }
        for kind in ZoneKind
    ]
    plans = [
        {
            "version": version,
            "levels": Counter(g.level for g in tree.walk() if g.plan_version_id == version.id),
        }
        for version in versions
    ]
    unlinked = sum(1 for z in zones if not z.links)
    return render_template(
        "overview.html",
        kinds=kinds,
        plans=plans,
        levels=list(GoalLevel),
        zone_total=len(zones),
        unlinked=unlinked,
        boundary=boundary,
        station_count=len(stations),
    )
