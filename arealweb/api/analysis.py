"""GET /api/v1/analysis/…: the golden thread in numbers, areas in m², daa and km².

Every answer is JSON; what belongs on a map (overlaps, catchments, gaps) comes as GeoJSON
FeatureCollections (RFC 7946, WGS84) inside it.
"""

from __future__ import annotations

from flask import Response, request

from arealweb.api import api
from arealweb.api.errors import JSON, BadParameter
from arealweb.api.params import only
from arealweb.domain.errors import Problem
from arealweb.domain.text import N_
from arealweb.extensions import current_store
from arealweb.geo.geojson import dumps
from arealweb.services import analysis, analysis_json


def _number(name: str, default: float, low: float, high: float) -> float:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadParameter(
            Problem(
                N_("%(name)s må være et tall fra %(low)g til %(high)g (meter)"),
                {"name": name, "low": low, "high": high},
            )
        )
    return value


def _json(body: dict) -> Response:
    return Response(dumps(body), mimetype=JSON)


@api.get("/analysis/areas")
def analysis_areas() -> Response:
    """Areas per kind, category, goal, main goal and dimension; overlaps counted once."""
    only(())
    return _json(analysis_json.areas_body(analysis.plan(current_store())))


@api.get("/analysis/conflicts")
def analysis_conflicts() -> Response:
    """Development overlapping protection, by protection category; corridor crossings apart."""
    only(())
    return _json(analysis_json.conflicts_body(analysis.plan(current_store())))


@api.get("/analysis/coverage")
def analysis_coverage() -> Response:
    """Goals with no zone at each level, zones with no goal, goals working against others."""
    only(())
    return _json(analysis_json.coverage_body(analysis.plan(current_store())))


def _distances() -> tuple[int, ...]:
    raw = request.args.get("distances")
    if raw in (None, ""):
        return (500, 1000)
    try:
        values = tuple(sorted({int(part) for part in raw.split(",")}))
    except ValueError:
        values = ()
    if not values or len(values) > 5 or not all(50 <= v <= 5000 for v in values):
        raise BadParameter(
            Problem(N_("distances må være 1 til 5 hele meter fra 50 til 5000, f.eks. 500,1000"))
        )
    return values


@api.get("/analysis/stations")
def analysis_stations() -> Response:
    """The share of development area near a station, per growth area and in all, and the
    catchments; ``distances=500,1000`` (metres), ``planned=0`` leaves out planned stations."""
    only(("distances", "planned"))
    distances = _distances()
    planned = request.args.get("planned", "1") not in ("0", "false", "nei")
    return _json(analysis_json.stations_body(analysis.plan(current_store()), distances, planned))


@api.get("/analysis/corridors")
def analysis_corridors() -> Response:
    """Corridor length per category, gaps (ends with no other corridor within ``gap_m``) and
    growth areas the main cycle network does not reach within ``reach_m``."""
    only(("gap_m", "reach_m"))
    gap = _number("gap_m", 100, 1, 5000)
    reach = _number("reach_m", 500, 1, 10000)
    return _json(analysis_json.corridors_body(analysis.plan(current_store()), gap, reach))
