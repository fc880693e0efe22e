"""GET /api/v1/analysis/…: the golden thread in numbers, areas in m², daa and km².

Every answer is JSON; what belongs on a map (overlaps, catchments, gaps) comes as GeoJSON
FeatureCollections (RFC 7946, WGS84) inside it.
"""

from __future__ import annotations

from flask import Response

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.geo.geojson import dumps
from arealweb.http.store import current_store
from arealweb.services import analysis, analysis_json


def _json(body: dict) -> Response:
    return Response(dumps(body), mimetype=JSON)


@api.get("/analysis/areas")
def analysis_areas() -> Response:
    """Areas per kind, category, goal, main goal and dimension; overlaps counted once."""
    inputs.only(())
    return _json(analysis_json.areas_body(analysis.plan(current_store())))


@api.get("/analysis/conflicts")
def analysis_conflicts() -> Response:
    """Development overlapping protection, by protection category; corridor crossings apart."""
    inputs.only(())
    return _json(analysis_json.conflicts_body(analysis.plan(current_store())))


@api.get("/analysis/coverage")
def analysis_coverage() -> Response:
    """Goals with no zone at each level, zones with no goal, goals working against others."""
    inputs.only(())
    return _json(analysis_json.coverage_body(analysis.plan(current_store())))


@api.get("/analysis/stations")
def analysis_stations() -> Response:
    """The share of development area near a station, per growth area and in all, and the
    catchments; ``distances=500,1000`` (metres), ``planned=0`` leaves out planned stations."""
    inputs.only(("distances", "planned"))
    distances = inputs.distances()
    planned = inputs.flag("planned", default=True)
    return _json(analysis_json.stations_body(analysis.plan(current_store()), distances, planned))


@api.get("/analysis/corridors")
def analysis_corridors() -> Response:
    """Corridor length per category, gaps (ends with no other corridor within ``gap_m``) and
    growth areas the main cycle network does not reach within ``reach_m``."""
    inputs.only(("gap_m", "reach_m"))
    gap = inputs.number("gap_m", 100, 1, 5000)
    reach = inputs.number("reach_m", 500, 1, 10000)
    return _json(analysis_json.corridors_body(analysis.plan(current_store()), gap, reach))
