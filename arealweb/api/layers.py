"""GET /api/v1/layers/boundary and /api/v1/layers/stations."""

from __future__ import annotations

from flask import Response

from arealweb.api.blueprint import api
from arealweb.api.errors import GEOJSON
from arealweb.domain.errors import NotFound
from arealweb.domain.text import N_
from arealweb.geo.geojson import feature_collection
from arealweb.http.store import current_store
from arealweb.services import plan


@api.get("/layers/boundary")
def boundary_layer() -> Response:
    """The municipal boundary as a FeatureCollection with one MultiPolygon."""
    boundary = plan.reference_layers(current_store()).boundary
    if boundary is None:
        raise NotFound(
            N_("ingen kommunegrense er lastet; kjør «arealweb load-demo» eller «arealweb boundary»")
        )
    properties = {
        "kommunenummer": boundary.kommunenummer,
        "name": boundary.name,
        "source": boundary.source,
        "area_km2": round(boundary.geometry.area / 1e6, 3),
    }
    body = feature_collection([boundary.kommunenummer], [boundary.geometry], [properties])
    return Response(body, mimetype=GEOJSON)


@api.get("/layers/stations")
def stations_layer() -> Response:
    """Train, metro and planned Fornebu line stations."""
    stations = plan.reference_layers(current_store()).stations
    body = feature_collection(
        [s.id for s in stations],
        [s.geometry for s in stations],
        [
            {
                "id": s.id,
                "name": s.name,
                "line": s.line,
                "planned": s.planned,
                "approximate": s.approximate,
            }
            for s in stations
        ],
    )
    return Response(body, mimetype=GEOJSON)
