"""The analysis dashboard, map exports (PNG, PDF) and the golden-thread report (HTML, PDF)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import Response, current_app, render_template, request, url_for
from flask_babel import get_locale, gettext

from arealweb.domain.goals import GoalLevel
from arealweb.domain.zones import CATEGORIES, KIND_LABELS, ZoneKind
from arealweb.extensions import current_store
from arealweb.services import analysis
from arealweb.services.thread_report import export_map, golden_thread, thread_report_pdf
from arealweb.web import presentation, web
from arealweb.web.pages import map_config


def category_labels() -> dict[str, str]:
    return {code: gettext(label) for kind in ZoneKind for code, label in CATEGORIES[kind].items()}


def kind_labels() -> dict[str, str]:
    return {kind.value: gettext(label) for kind, label in KIND_LABELS.items()}


@web.get("/analyse")
def dashboard_page():
    """Areas, conflicts, coverage, nearness to stations and corridors: charts, tables, a map."""
    found = analysis.plan(current_store())
    areas = analysis.areas(found)
    conflicts = analysis.conflict_report(found)
    coverage = analysis.thread_coverage(found)
    stations = analysis.stations(found)
    corridors = analysis.corridors(found)
    tree = found.tree
    parts, config = map_config("analysis")
    config["analysis"] = {
        "conflicts": url_for("api.analysis_conflicts"),
        "stations": url_for("api.analysis_stations"),
        "corridors": url_for("api.analysis_corridors"),
        "text": {
            "conflict": gettext("Konflikt: {development} i {protection} ({area})"),
            "crossing": gettext("Kryssing: {corridor} gjennom {protection} ({length} m)"),
            "gap": gettext("Brudd i nettet: {name}"),
        },
    }
    return render_template(
        "dashboard.html",
        map=parts,
        config=config,
        charts=_charts(areas, conflicts, coverage, stations, corridors),
        areas=areas,
        conflicts=conflicts,
        coverage=coverage,
        stations=stations,
        corridors=corridors,
        tree=tree,
        levels=presentation.level_labels(),
        dimensions=presentation.dimension_labels(),
        categories=category_labels(),
        kinds=kind_labels(),
        main_goals=[g for g in tree.walk() if g.level is GoalLevel.HOVEDMAL],
    )


def _charts(areas, conflicts, coverage, stations, corridors) -> dict[str, dict]:
    """Each chart's labels and series (name, values per label), also shown as its table."""
    kinds, categories = kind_labels(), category_labels()
    dimensions, levels = presentation.dimension_labels(), presentation.level_labels()
    area_kinds = [r for r in areas.by_kind if r.key != ZoneKind.CORRIDOR.value]
    level_keys = list(coverage.goal_counts)
    return {
        "kinds": {
            "labels": [kinds[r.key] for r in area_kinds],
            "series": [(gettext("Areal"), [round(r.area_daa, 1) for r in area_kinds])],
            "unit": "daa",
        },
        "dimensions": {
            "labels": [dimensions[r.key] for r in areas.by_dimension],
            "series": [(gettext("Areal"), [round(r.area_daa, 1) for r in areas.by_dimension])],
            "unit": "daa",
        },
        "conflicts": {
            "labels": [categories.get(c, c) for c in conflicts.by_category],
            "series": [
                (
                    gettext("Overlapp"),
                    [round(m2 / 1000, 1) for m2 in conflicts.by_category.values()],
                )
            ],
            "unit": "daa",
        },
        "coverage": {
            "labels": [levels[k] for k in level_keys],
            "series": [
                (gettext("Med soner"), [coverage.goal_counts[k][0] for k in level_keys]),
                (gettext("Uten soner"), [len(coverage.goals_without_zones[k]) for k in level_keys]),
            ],
            "unit": "",
            "digits": 0,
        },
        "stations": {
            "labels": [n.name for n in stations.zones],
            "series": [
                (
                    gettext("Innenfor %(distance)d m", distance=d),
                    [round(100 * n.share(d)) for n in stations.zones],
                )
                for d in stations.distances
            ],
            "unit": "%",
            "digits": 0,
        },
        "corridors": {
            "labels": [categories.get(c, c) for c in corridors.length_by_category],
            "series": [
                (
                    gettext("Lengde"),
                    [round(m / 1000, 2) for m in corridors.length_by_category.values()],
                )
            ],
            "unit": "km",
        },
    }


class DrawingCache:
    """Maps and reports drawn once per state of the plan: drawing one takes about half a
    second, reading the plan's signature a few milliseconds. The newest drawings are kept."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, draw) -> bytes:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        made = draw()
        with self.lock:
            self.items[key] = made
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return made


def _drawings() -> DrawingCache:
    """The app's own cache (one per app: tests run several apps in one process)."""
    return current_app.extensions.setdefault("arealweb.drawings", DrawingCache())


def _drawing(kind: str, draw, mimetype: str, filename: str | None = None) -> Response:
    """A drawing of the plan, from the cache, with an ETag for the browser's cache too."""
    signature = analysis.plan_signature(current_store())
    goal_id = request.args.get("goal") or None
    key = (kind, signature, goal_id, str(get_locale()))
    response = Response(_drawings().get(key, lambda: draw(goal_id)), mimetype=mimetype)
    response.set_etag(hashlib.sha256(repr(key).encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = "no-cache"
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response.make_conditional(request)


@web.get("/kart.png")
def map_png():
    """The plan as a PNG for case documents; ``?goal=<id>`` highlights that goal's zones."""
    return _drawing(
        "png",
        lambda goal: export_map(analysis.plan(current_store()), goal, "png", gettext),
        "image/png",
    )


@web.get("/kart.pdf")
def map_pdf():
    return _drawing(
        "pdf",
        lambda goal: export_map(analysis.plan(current_store()), goal, "pdf", gettext),
        "application/pdf",
        "arealstrategi-kart.pdf",
    )


def _report():
    return golden_thread(analysis.plan(current_store()))


@web.get("/rapport/gyllen-trad")
def thread_report_page():
    """From the vision down to the zones, with a map per main goal; printable."""
    return render_template(
        "thread_report.html",
        report=_report(),
        levels=presentation.level_labels(),
        dimensions=presentation.dimension_labels(),
        categories=category_labels(),
    )


@web.get("/rapport/gyllen-trad.pdf")
def thread_report_pdf_page():
    return _drawing(
        "report",
        lambda _: thread_report_pdf(_report(), gettext, str(get_locale())),
        "application/pdf",
        "gyllen-trad.pdf",
    )
