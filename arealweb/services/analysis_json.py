"""The analyses as JSON documents: what /api/v1/analysis/… answers and what
`arealweb analyse --json` prints. Areas in m², daa and km²; what belongs on a map (overlaps,
catchments, gaps) as GeoJSON FeatureCollections (RFC 7946, WGS84) inside the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson

from arealweb.domain.zones import SQUARE_METRES_PER_DAA
from arealweb.geo.geojson import feature_collection
from arealweb.services import analysis

if TYPE_CHECKING:
    from arealweb.analysis.areas import AreaRow


def _area(m2: float) -> dict:
    m2 = float(m2)
    return {
        "area_m2": round(m2, 1),
        "area_daa": round(m2 / SQUARE_METRES_PER_DAA, 3),
        "area_km2": round(m2 / 1e6, 6),
    }


def _row(row: AreaRow) -> dict:
    return {
        "key": row.key,
        "zones": row.zones,
        **_area(row.area_m2),
        "length_m": round(row.length_m, 1),
    }


def _collection(ids, geometries, properties) -> orjson.Fragment:
    return orjson.Fragment(feature_collection(ids, geometries, properties))


def areas_body(found: analysis.Plan) -> dict:
    summary = analysis.areas(found)
    titles = {g.id: (g.title, g.level.value) for g in found.tree.walk()}

    def goal_row(row: AreaRow) -> dict:
        title, level = titles[row.key]
        return {**_row(row), "goal_id": row.key, "title": title, "level": level}

    return {
        "total": _row(summary.total),
        "by_kind": [_row(r) for r in summary.by_kind],
        "by_category": [_row(r) for r in summary.by_category],
        "by_goal": [goal_row(r) for r in summary.by_goal],
        "by_main_goal": [goal_row(r) for r in summary.by_main_goal],
        "by_dimension": [_row(r) for r in summary.by_dimension],
    }


def conflicts_body(found: analysis.Plan) -> dict:
    report = analysis.conflict_report(found)
    conflicts = [
        {
            "development_id": c.development_id,
            "development_name": c.development_name,
            "protection_id": c.protection_id,
            "protection_name": c.protection_name,
            "category": c.category,
            **_area(c.area_m2),
        }
        for c in report.conflicts
    ]
    crossings = [
        {
            "corridor_id": c.corridor_id,
            "corridor_name": c.corridor_name,
            "protection_id": c.protection_id,
            "protection_name": c.protection_name,
            "category": c.category,
            "length_m": round(c.length_m, 1),
        }
        for c in report.crossings
    ]
    features = _collection(
        [f"{c.development_id}×{c.protection_id}" for c in report.conflicts]
        + [f"{c.corridor_id}×{c.protection_id}" for c in report.crossings],
        [c.overlap for c in report.conflicts] + [c.inside for c in report.crossings],
        [{"type": "conflict", **c} for c in conflicts]
        + [{"type": "crossing", **c} for c in crossings],
    )
    return {
        **_area(report.total_m2),
        "by_category": [
            {"category": category, **_area(m2)} for category, m2 in report.by_category.items()
        ],
        "conflicts": conflicts,
        "crossings": crossings,
        "features": features,
    }


def coverage_body(found: analysis.Plan) -> dict:
    result = analysis.thread_coverage(found)
    tree = found.tree
    return {
        "levels": [
            {
                "level": level,
                "with_zones": result.goal_counts[level][0],
                "total": result.goal_counts[level][1],
                "goals_without_zones": [{"id": g, "title": tree.get(g).title} for g in goal_ids],
            }
            for level, goal_ids in result.goals_without_zones.items()
        ],
        "zones_without_goals": [
            {"id": z, "name": found.zones.loc[z, "name"]} for z in result.zones_without_goals
        ],
        "contradictions": [
            {
                "goal_id": c.goal_id,
                "goal_title": tree.get(c.goal_id).title if c.goal_id in tree else c.goal_id,
                "development_id": c.development_id,
                "protection_id": c.protection_id,
                "protection_goal_ids": list(c.protection_goal_ids),
                **_area(c.area_m2),
            }
            for c in result.contradictions
        ],
    }


def stations_body(found: analysis.Plan, distances: tuple[int, ...], planned: bool) -> dict:
    report = analysis.stations(found, distances, planned)
    return {
        "distances": list(distances),
        "planned_included": planned,
        **_area(report.total_m2),
        "within": [
            {
                "distance_m": d,
                **_area(report.total_within_m2[d]),
                "share": round(report.share(d), 4),
            }
            for d in distances
        ],
        "zones": [
            {
                "id": n.zone_id,
                "name": n.name,
                "category": n.category,
                **_area(n.area_m2),
                "within": [
                    {"distance_m": d, **_area(n.within_m2[d]), "share": round(n.share(d), 4)}
                    for d in distances
                ],
            }
            for n in report.zones
        ],
        "catchments": _collection(
            [f"{d} m" for d in distances],
            [report.catchments[d] for d in distances],
            [{"distance_m": d} for d in distances],
        ),
    }


def corridors_body(found: analysis.Plan, gap: float, reach: float) -> dict:
    report = analysis.corridors(found, gap, reach)
    return {
        "gap_m": gap,
        "reach_m": reach,
        "total_m": round(report.total_m, 1),
        "length_by_category": [
            {"category": c, "length_m": round(m, 1)} for c, m in report.length_by_category.items()
        ],
        "gaps": _collection(
            [f"{g.corridor_id}-{n}" for n, g in enumerate(report.gaps)],
            [g.end for g in report.gaps],
            [
                {
                    "corridor_id": g.corridor_id,
                    "name": g.name,
                    "nearest_m": None if g.nearest_m is None else round(g.nearest_m, 1),
                }
                for g in report.gaps
            ],
        ),
        "unreached": [
            {
                "id": u.zone_id,
                "name": u.name,
                "distance_m": None if u.distance_m is None else round(u.distance_m, 1),
            }
            for u in report.unreached
        ],
    }
