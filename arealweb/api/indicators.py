"""Goal indicators: GET/POST /api/v1/goals/<id>/indicators, GET/PUT/DELETE
/api/v1/indicators/<id>, and the catalogue of measures at /api/v1/indicators/measures.

Reading is for anyone; writing for planners and admins (with the CSRF token in a session), as
for goals. Each indicator's version is in its ETag; PUT and DELETE need it back in ``If-Match``
(428 without it, 412 when someone else changed it since). The readings carry each indicator's
value on the plan as it stands and its traffic light.
"""

from __future__ import annotations

import hashlib

from flask import Response, url_for
from flask_babel import gettext

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.domain.indicators import Indicator, Light
from arealweb.geo.geojson import dumps
from arealweb.http.access import editor_required
from arealweb.http.indicators import label_of, measure_choices, thresholds_text
from arealweb.http.store import current_store
from arealweb.schemas.base import parse
from arealweb.schemas.indicators import IndicatorInput
from arealweb.services import indicators


def indicator_fields(
    indicator: Indicator, value: float | None = None, light: Light | None = None
) -> dict:
    return {
        "id": indicator.id,
        "goal_id": indicator.goal_id,
        "measure": indicator.measure.value,
        "measure_label": label_of(indicator),
        "parameter": indicator.parameter,
        "unit": indicator.unit.value,
        "target": indicator.target,
        "direction": indicator.direction.value,
        "baseline": indicator.baseline,
        "baseline_year": indicator.baseline_year,
        "note": indicator.note,
        "version": indicator.version,
        "value": None if value is None else round(value, 6),
        "light": None if light is None else light.value,
        "light_label": None if light is None else gettext(light.label),
    }


def _measured(indicator_id: int | None = None) -> dict[int, tuple[float, Light]]:
    return {
        each.indicator.id: (each.value, each.light)
        for each in indicators.indicator_values(current_store())
        if indicator_id is None or each.indicator.id == indicator_id
    }


def _response(body: dict, status: int = 200) -> Response:
    """``ETag: "v<version>-<digest>"`` as for zones: the version for If-Match, the digest of
    the body for conditional GET (the value changes with the plan, the version does not)."""
    data = dumps(body)
    response = Response(data, status=status, mimetype=JSON)
    digest = hashlib.sha1(data if isinstance(data, bytes) else data.encode()).hexdigest()[:12]
    response.headers["ETag"] = f'"v{body["version"]}-{digest}"'
    return response


@api.get("/indicators/measures")
def indicator_measures() -> Response:
    """The catalogue of measures an indicator can take, and the rule of the traffic lights."""
    inputs.only([])
    body = {"measures": measure_choices(), "lights": thresholds_text()}
    return Response(dumps(body), mimetype=JSON)


@api.get("/goals/<goal_id>/indicators")
def list_goal_indicators(goal_id: str) -> Response:
    """The goal's indicators in order, each with its value on the plan and its light."""
    inputs.only([])
    found = indicators.goal_indicators(current_store(), goal_id)
    measured = _measured() if found else {}
    body = {
        "goal_id": goal_id,
        "indicators": [indicator_fields(i, *measured.get(i.id, (None, None))) for i in found],
    }
    return Response(dumps(body), mimetype=JSON)


@api.post("/goals/<goal_id>/indicators")
@editor_required
def create_indicator(goal_id: str) -> Response:
    values = parse(IndicatorInput, inputs.json_object()).values()
    made = indicators.add_indicator(current_store(), goal_id, **values)
    response = _response(indicator_fields(made), 201)
    response.headers["Location"] = url_for("api.get_indicator", indicator_id=made.id)
    return response


@api.get("/indicators/<int:indicator_id>")
def get_indicator(indicator_id: int) -> Response:
    """One indicator with its value on the plan and its light."""
    inputs.only([])
    found = indicators.indicator(current_store(), indicator_id)
    value, light = _measured(indicator_id).get(indicator_id, (None, None))
    return _response(indicator_fields(found, value, light))


@api.put("/indicators/<int:indicator_id>")
@editor_required
def update_indicator(indicator_id: int) -> Response:
    expected = inputs.expected_version(required=True)
    values = parse(IndicatorInput, inputs.json_object()).values()
    changed = indicators.update_indicator(
        current_store(), indicator_id, **values, expected_version=expected
    )
    return _response(indicator_fields(changed))


@api.delete("/indicators/<int:indicator_id>")
@editor_required
def delete_indicator(indicator_id: int) -> Response:
    expected = inputs.expected_version(required=True)
    indicators.delete_indicator(current_store(), indicator_id, expected_version=expected)
    return Response(dumps({"deleted": indicator_id}), mimetype=JSON)
