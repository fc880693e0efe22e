"""The analysis dashboard, map exports (PNG, PDF) and the golden-thread report (HTML, PDF)."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict

from flask import Response, current_app, render_template, request, url_for
from flask_babel import get_locale, gettext

from arealweb.domain.errors import InvalidInput
from arealweb.domain.goals import GoalLevel
from arealweb.domain.zones import CATEGORY_LABELS, KIND_LABELS, ZoneKind
from arealweb.http.i18n import date_text
from arealweb.http.indicators import rows_by_goal, thresholds_text
from arealweb.http.store import current_store
from arealweb.render.paper import paper
from arealweb.services import analysis, goals
from arealweb.services.map_export import export_map
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.errors import paper_refused, unavailable_page
from arealweb.web.pages import map_config

BUSY_RETRY_SECONDS = 10
"""What a 503 asks the client to wait when the drawings allowed at once are all underway."""


def category_labels() -> dict[str, str]:
    return {code: gettext(label) for code, label in CATEGORY_LABELS.items()}


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
    indicator_rows = rows_by_goal()
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
        zone_names=dict(zip(found.zones["id"], found.zones["name"], strict=True)),
        levels=presentation.level_labels(),
        dimensions=presentation.dimension_labels(),
        categories=category_labels(),
        kinds=kind_labels(),
        main_goals=[g for g in tree.walk() if g.level is GoalLevel.HOVEDMAL],
        indicator_goals=[(g, indicator_rows[g.id]) for g in tree.walk() if g.id in indicator_rows],
        indicator_thresholds=thresholds_text(),
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


class Busy(Exception):
    """As many drawings as allowed are underway, and none finished in time to make room."""


class DrawingCache:
    """Maps and reports drawn once per state of the plan: drawing one takes up to a few
    seconds, reading the plan's signature a few milliseconds. The newest drawings are kept.

    At most ``concurrent`` drawings are drawn at once; a request for another waits up to
    ``wait`` seconds for room (a report page asks for eight maps at once), then gets
    :class:`Busy`. A drawing asked for while it is being drawn is waited for, not drawn twice."""

    def __init__(self, size: int = 64, concurrent: int = 2, wait: float = 30.0) -> None:
        self.size = size
        self.wait = wait
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.drawing: dict[tuple, threading.Event] = {}
        self.slots = threading.BoundedSemaphore(concurrent)
        self.lock = threading.Lock()

    def get(self, key: tuple, draw, keep=None) -> tuple[bytes, bool]:
        """The drawing for ``key`` and whether it is kept under it: drawn now unless kept or
        underway; a new drawing is kept only if ``keep()`` says so once it is drawn (the state
        the key names may have moved while it was drawn)."""
        while True:
            with self.lock:
                if key in self.items:
                    self.items.move_to_end(key)
                    return self.items[key], True
                underway = self.drawing.get(key)
            if underway is not None:
                # Drawn by another request: wait, then take it from the cache (or, had that
                # drawing failed, draw it here).
                underway.wait()
                continue
            if not self._slot():
                raise Busy
            with self.lock:
                if key not in self.items and key not in self.drawing:
                    done = self.drawing[key] = threading.Event()
                    break
            self.slots.release()  # drawn or begun by another request meanwhile
        try:
            made = draw()
            if keep is not None and not keep():
                return made, False
            with self.lock:
                self.items[key] = made
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
            return made, True
        finally:
            with self.lock:
                del self.drawing[key]
            self.slots.release()
            done.set()

    def _slot(self) -> bool:
        if self.wait <= 0:
            return self.slots.acquire(blocking=False)
        return self.slots.acquire(timeout=self.wait)


def _drawings() -> DrawingCache:
    """The app's own cache (one per app: tests run several apps in one process)."""
    extensions = current_app.extensions
    if "arealweb.drawings" not in extensions:
        config = current_app.config
        made = DrawingCache(
            concurrent=int(config["MAX_DRAWINGS"]), wait=float(config["DRAWING_WAIT_SECONDS"])
        )
        extensions.setdefault("arealweb.drawings", made)  # one, if two requests race here
    return extensions["arealweb.drawings"]


def _goal_parameter() -> str | None:
    """``?goal=<id>`` of a known goal, else None without it; 404 (before anything is drawn)
    for a goal that does not exist."""
    goal_id = request.args.get("goal") or None
    if goal_id is not None:
        goals.goal(current_store(), goal_id)
    return goal_id


def _drawing(
    kind: str, draw, mimetype: str, filename: str | None = None, by_goal: bool = True
) -> Response:
    """A drawing of the plan, from the cache, with an ETag for the browser's cache too.

    The cache key holds only what changes the drawing: the plan's state, the language and,
    for the maps (``by_goal``), a goal that exists. Any other parameter is ignored, so it can
    neither cause a drawing nor push a real one out of the cache."""
    goal_id = _goal_parameter() if by_goal else None
    store = current_store()
    signature = analysis.plan_signature(store)
    key = (kind, signature, goal_id, str(get_locale()))

    def unmoved() -> bool:
        # A drawing made while another process changed the plan may show either state: it is
        # served, but neither kept nor tagged as the first (an edit undone later would bring
        # that state back).
        return analysis.plan_signature(store) == signature

    try:
        made, kept = _drawings().get(key, lambda: draw(goal_id), keep=unmoved)
    except Busy:
        return unavailable_page(
            BUSY_RETRY_SECONDS,
            gettext("Det tegnes mange kart akkurat nå. Prøv igjen om noen sekunder."),
        )
    response = Response(made, mimetype=mimetype)
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if not kept:
        response.headers["Cache-Control"] = "no-store"
        return response
    response.set_etag(hashlib.sha256(repr(key).encode()).hexdigest()[:32])
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def _map_export(fmt: str, mimetype: str, filename: str | None = None) -> Response:
    """The plan as a printed map: ``?goal=<id>`` highlights that goal's zones, ``?paper=a4|a3``
    and ``?orientation=landscape|portrait`` choose the sheet (A4 landscape without them); a
    sheet that does not exist is refused (400) in the visitor's language before any drawing.
    The date in the title block is today's, so the drawing is kept per day."""
    try:
        sheet = paper(request.args.get("paper"), request.args.get("orientation"))
    except InvalidInput as error:
        return paper_refused(error)
    today = dt.date.today()
    return _drawing(
        f"{fmt}-{sheet.slug}-{today.isoformat()}",
        lambda goal: export_map(
            current_store(), goal, fmt, gettext, paper=sheet, today=today, day_text=date_text
        ),
        mimetype,
        filename and f"{filename}-{sheet.slug}.{fmt}",
    )


@web.get("/kart.png")
def map_png():
    """The plan as a PNG for case documents; ``?goal=<id>`` highlights that goal's zones."""
    return _map_export("png", "image/png")


@web.get("/kart.pdf")
def map_pdf():
    return _map_export("pdf", "application/pdf", "arealstrategi-kart")
