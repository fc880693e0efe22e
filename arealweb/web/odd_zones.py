"""The planners' page of zone rows that break a rule and are left out everywhere else."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext

from arealweb.domain.errors import Problem
from arealweb.http.access import editor_page
from arealweb.http.store import current_store
from arealweb.services import plan
from arealweb.web.blueprint import web


def _explain(problem: Problem) -> str:
    """One rule a row breaks, in the visitor's language."""
    params = dict(problem.params)
    if isinstance(params.get("what"), str):
        params["what"] = gettext(params["what"])  # the reason an invalid geometry gives
    text = gettext(problem.template)
    return text % params if params else text


@web.get("/soner-med-feil")
@editor_page
def odd_zones_page() -> str:
    odd = plan.odd_zones(current_store())
    rows = [{"zone": zone, "problems": [_explain(p) for p in zone.problems]} for zone in odd]
    return render_template("odd_zones.html", rows=rows)
