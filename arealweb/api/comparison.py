"""GET /api/v1/scenarios/compare: the plan and one to four scenarios side by side, the
arealregnskap in m² and daa (lengths in m and km), every goal indicator with its value and
traffic light in each column."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext

from arealweb.api import inputs
from arealweb.api.blueprint import api
from arealweb.api.errors import JSON
from arealweb.domain.indicators import CATALOGUE, CLOSE_FRACTION, Measure
from arealweb.geo.geojson import dumps
from arealweb.http.access import account_required
from arealweb.http.store import current_store
from arealweb.services.comparison import (
    GROUP_LABELS,
    Comparison,
    column_name,
    compare,
    figure_label,
    indicator_label,
)


def comparison_body(found: Comparison) -> dict:
    """The comparison as JSON, labels in the reader's language."""
    columns = [
        {
            "key": column.key,
            "name": column_name(column, gettext),
            "scenario_id": None if column.scenario is None else column.scenario.id,
            "state": None if column.scenario is None else column.scenario.state.value,
            "version": None if column.scenario is None else column.scenario.version,
            "promoted": column.promoted,
            "changes": {action.value: count for action, count in column.counts.items()},
            "changed_zone_ids": sorted(column.changed),
        }
        for column in found.columns
    ]
    figures = []
    for figure in found.figures:
        area = figure.unit == "m2"
        figures.append(
            {
                "key": figure.key,
                "group": figure.group,
                "group_label": gettext(GROUP_LABELS[figure.group]),
                "code": figure.code,
                "label": figure_label(figure, gettext),
                "unit": figure.unit,
                "values": [round(v, 2) for v in figure.values],
                "changes": [round(v, 2) for v in figure.changes],
                ("values_daa" if area else "values_km"): [
                    round(v / 1000, 4) for v in figure.values
                ],
                ("changes_daa" if area else "changes_km"): [
                    round(v / 1000, 4) for v in figure.changes
                ],
            }
        )
    indicators = [
        {
            "id": row.indicator.id,
            "goal_id": row.indicator.goal_id,
            "goal_title": row.goal_title,
            "measure": row.indicator.measure.value,
            "parameter": row.indicator.parameter,
            "label": indicator_label(row.indicator, gettext),
            "unit": row.indicator.unit.value,
            "target": row.indicator.target,
            "direction": row.indicator.direction.value,
            "baseline": row.indicator.baseline,
            "baseline_year": row.indicator.baseline_year,
            "values": [round(v, 4) for v in row.values],
            "lights": [light.value for light in row.lights],
            "light_labels": [gettext(light.label) for light in row.lights],
        }
        for row in found.indicators
    ]
    return {
        "columns": columns,
        "figures": figures,
        "indicators": indicators,
        "thresholds": {
            "close_fraction": CLOSE_FRACTION,
            "close_floor": {m.value: CATALOGUE[m].close_floor for m in Measure},
        },
        "signature": found.signature,
    }


@api.get("/scenarios/compare")
@account_required
def compare_scenarios() -> Response:
    """``?ids=a,b``: the plan and the scenarios a and b (one to four) side by side."""
    inputs.only(("ids",))
    raw = inputs.text("ids") or ""
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    found = compare(current_store(), ids)
    return Response(dumps(comparison_body(found)), mimetype=JSON)
