"""The public comments map with 20 000 comments in headless Chromium, against a bare Leaflet page.

    python benchmarks/comments_map.py [--comments 20000] [--runs 5]

Fills a temporary SQLite database with the demo plan and --comments published comments at
random places inside Bærum (points, and a few small drawn areas; every kind and theme, some
answered, some from a group), serves it with `arealweb serve`, and opens in Debian's Chromium
(Playwright, nothing from outside):

  map   /innspill/kart, the page citizens open;
  bare  the plainest page that shows the same data: the app's own vendored Leaflet and
        markercluster, `fetch` of the same GET /api/v1/comments, `L.geoJSON(data)` added to a
        MarkerClusterGroup already on a map of the same size and view. It is served from the
        same origin by Playwright's router (no file of it in the app).

For each, the median over --runs fresh browser contexts (no cache) of:

  asked   when the page asked for GET /api/v1/comments (the same request for both);
  data    when its answer had arrived (the server's share is data - asked);
  first   when the first marker or cluster was in the map's marker pane;
  done    the page's own signal: for the map `data-comments` on the map frame (every comment in
          the cluster group and the list drawn), for the bare page when addLayer returned;
  DOM     elements in the document at done;
  bytes   transferred (document and every resource, headers included).

All times are milliseconds from the start of navigation. Prints map / bare for each, next to
the goal of #15: first markers within 1.5× the bare page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.serve.servers import serve

CONSULTATION = "baerum-2040"
GOAL = 1.5
VIEWPORT = {"width": 1280, "height": 900}
BARE = "/benchmark/bare-leaflet.html"

WORDS = [
    "sykkelvei",
    "trygg",
    "skolevei",
    "grøntområde",
    "turvei",
    "støy",
    "trafikk",
    "parkering",
    "boliger",
    "barnehage",
    "strandsone",
    "marka",
    "kollektiv",
    "buss",
    "bane",
    "fortetting",
    "lekeplass",
    "belysning",
    "fotgjengere",
    "natur",
    "utsikt",
    "idrettsanlegg",
    "møteplass",
    "bekk",
    "flom",
    "overvann",
    "handel",
    "kafé",
    "benker",
    "trær",
]


def _text(rng: np.random.Generator) -> str:
    return " ".join(rng.choice(WORDS, int(rng.integers(6, 40)))).capitalize() + "."


def fill(url: str, count: int, seed: int = 2040) -> None:
    """The demo plan and ``count`` published comments, written straight into the store's
    tables (posting them through the API would take longer than the benchmark)."""
    from arealweb.domain.goals import Theme
    from arealweb.domain.participation import AgeGroup, CommentKind, ResponseStatus
    from arealweb.services.demo import load_demo
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store
    from arealweb.store.schema import comments

    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    rng = np.random.default_rng(seed)
    kinds, themes, ages = list(CommentKind), list(Theme), list(AgeGroup)
    statuses = list(ResponseStatus)
    now = datetime.now(UTC)
    with store.write() as repo:
        boundary = repo.reference.boundary().geometry
        shapely.prepare(boundary)
        minx, miny, maxx, maxy = boundary.bounds
        rows = []
        while len(rows) < count:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            point = shapely.Point(x, y)
            if not boundary.contains(point):
                continue
            n = len(rows)
            # One in twenty is a small drawn area, as the comment form allows.
            where = point.buffer(float(rng.uniform(30, 120)), 4) if n % 20 == 0 else point
            answered = n % 7 == 0
            rows.append(
                {
                    "id": f"bench-{n:06d}",
                    "consultation_id": CONSULTATION,
                    "kind": kinds[n % len(kinds)].value,
                    "theme": themes[n % len(themes)].value,
                    "text": _text(rng),
                    "geom": where,
                    "age_group": ages[n % len(ages)].value if n % 3 else None,
                    "participant_group": "Elevrådet på Bekkestua skole" if n % 11 == 0 else None,
                    "state": "published",
                    "response_status": statuses[n % len(statuses)].value if answered else None,
                    "response_text": _text(rng) if answered else None,
                    "responded_by": "planlegger" if answered else None,
                    "responded_at": now if answered else None,
                    "receipt_digest": f"{n:064x}",
                    "created_at": now - timedelta(minutes=n),
                }
            )
        repo.connection.execute(comments.insert(), rows)
    store.engine.dispose()


# Run before any of the page's scripts: note when the first marker or cluster reaches the
# marker pane, and when the map frame says it is done.
OBSERVE = """
window.__bench = {};
new MutationObserver(function () {
  const b = window.__bench;
  if (!b.first && document.querySelector('.leaflet-marker-pane .leaflet-marker-icon')) {
    b.first = performance.now();
  }
  if (!b.done && document.querySelector('[data-arealweb-map][data-comments]')) {
    b.done = performance.now();
  }
}).observe(document, { subtree: true, childList: true, attributes: true,
                       attributeFilter: ['data-comments'] });
"""

FIGURES = """
() => {
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  const data = entries.find(e => e.name.includes('/api/v1/comments?') || e.name.endsWith('/api/v1/comments'));
  return {
    first: window.__bench.first,
    done: window.__bench.done,
    asked: data ? data.startTime : null,
    data: data ? data.responseEnd : null,
    elements: document.getElementsByTagName('*').length,
    bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
  };
}
"""


def bare_page(list_url: str, view: dict) -> str:
    """Leaflet, markercluster, one fetch, L.geoJSON, addLayer: nothing else."""
    return f"""<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Bare Leaflet</title>
<link rel="stylesheet" href="/vendor/leaflet/leaflet.css">
<link rel="stylesheet" href="/vendor/markercluster/MarkerCluster.css">
<link rel="stylesheet" href="/vendor/markercluster/MarkerCluster.Default.css">
<style>body {{ margin: 0 }} #map {{ width: {view["width"]}px; height: {view["height"]}px }}</style>
</head><body><div id="map"></div>
<script src="/vendor/leaflet/leaflet.js"></script>
<script src="/vendor/markercluster/leaflet.markercluster.js"></script>
<script>
const map = L.map("map", {{ maxZoom: 19 }}).setView([{view["lat"]}, {view["lng"]}], {view["zoom"]});
const clusters = L.markerClusterGroup().addTo(map);
fetch("{list_url}").then(r => r.json()).then(data => {{
  clusters.addLayer(L.geoJSON(data));
  window.__bench.done = performance.now();
}});
</script></body></html>"""


def measure(browser, url: str, bare_html: str | None) -> dict:
    """One visit in a fresh context: the map page, or the bare page when ``bare_html``."""
    context = browser.new_context(viewport=VIEWPORT)
    outside: list[str] = []
    requests: list[str] = []

    def route(route_):
        address = urlsplit(route_.request.url)
        if address.hostname != "127.0.0.1":
            outside.append(route_.request.url)
            route_.abort()
        elif address.path == BARE and bare_html is not None:
            route_.fulfill(status=200, content_type="text/html; charset=utf-8", body=bare_html)
        else:
            route_.continue_()

    context.route("**/*", route)
    context.add_init_script(OBSERVE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url + (BARE if bare_html is not None else "/innspill/kart"))
    deadline = time.monotonic() + 300
    while not page.evaluate("!!(window.__bench.done && window.__bench.first)"):
        if errors or time.monotonic() > deadline:
            raise SystemExit(f"the page did not finish: {errors or 'timed out'}")
        page.wait_for_timeout(50)
    figures = page.evaluate(FIGURES)
    if bare_html is None:
        figures["view"] = page.evaluate(
            """() => { const f = document.querySelector('[data-arealweb-map]');
                       const m = f.arealweb.map, c = m.getCenter(), s = m.getSize();
                       return {lat: c.lat, lng: c.lng, zoom: m.getZoom(), width: s.x, height: s.y,
                               markers: f.commentLayers.clusters.getLayers().length}; }"""
        )
        figures["list_url"] = next(
            r for r in requests if urlsplit(r).path == "/api/v1/comments"
        ).removeprefix(url)
    context.close()
    if outside or errors:
        raise SystemExit(f"outside requests {outside}, errors {errors}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = f"sqlite:///{folder / 'comments.sqlite3'}"
        started = time.perf_counter()
        fill(database, args.comments)
        print(f"{args.comments} comments written in {time.perf_counter() - started:.1f} s")
        env = {
            "AREALWEB_DATABASE_URL": database,
            "AREALWEB_SECRET_KEY": "benchmark-key",
            "AREALWEB_BASEMAPS": "none",
            "AREALWEB_PURGE_DAILY": "0",
        }
        results: dict[str, list[dict]] = {"map": [], "bare": []}
        with serve(folder, env, "--workers", "1") as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            first = measure(browser, server.url, None)
            if first["view"]["markers"] != args.comments:
                raise SystemExit(f"the map holds {first['view']['markers']} comments")
            html = bare_page(first["list_url"], first["view"])
            for _ in range(args.runs):
                results["map"].append(measure(browser, server.url, None))
                results["bare"].append(measure(browser, server.url, html))
            browser.close()

    def median(page: str, key: str) -> float:
        return statistics.median(r[key] for r in results[page])

    print(
        f"\nThe comments map with {args.comments} comments in Chromium (headless), "
        f"median of {args.runs} cold visits each"
    )
    print(f"{'':8}{'map':>12}{'bare':>12}{'map/bare':>10}")
    for key, label, unit in (
        ("asked", "asked", "ms"),
        ("data", "data", "ms"),
        ("first", "first", "ms"),
        ("done", "done", "ms"),
        ("elements", "DOM", ""),
        ("bytes", "bytes", ""),
    ):
        mine, bare = median("map", key), median("bare", key)
        print(f"{label:8}{mine:>10.0f}{unit:>2}{bare:>10.0f}{unit:>2}{mine / bare:>10.2f}")
    ratio = median("map", "first") / median("bare", "first")
    verdict = "met" if ratio <= GOAL else "missed"
    print(f"\nfirst markers: {ratio:.2f}× the bare page (goal ≤ {GOAL}×: {verdict})")
    print(f"done:          {median('map', 'done') / median('bare', 'done'):.2f}× the bare page")


if __name__ == "__main__":
    main()
