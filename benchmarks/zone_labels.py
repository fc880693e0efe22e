"""Time the web map's zone-name layout (static/zone-labels.js) in Chromium.

    python benchmarks/zone_labels.py [--zones 0 2000] [--runs 200]

For the demo plan, and the demo with that many synthetic zones instead of its own, served by
`arealweb serve` and opened in Debian's Chromium (headless, 1280×900): over Sandvika at zoom
13, 14 and 16, how long one layout of the names takes (the map's ``resize`` event, which
runs only the layout), the median of ``--runs``, with how many names were candidates in view
and how many found room.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.serve.servers import serve

SANDVIKA = (59.8895, 10.5240)

LAYOUT = """([lat, lon, zoom, runs]) => {
  const map = document.querySelector('[data-arealweb-map]').arealweb.map;
  map.setView([lat, lon], zoom, {animate: false});
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    map.fire('resize');
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {median: times[Math.floor(times.length / 2)],
          placed: document.querySelectorAll('.zone-label').length};
}"""


def fill(url: str, zones: int) -> None:
    from arealweb.services.demo import load_demo
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store

    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    if zones:
        from zones_api import synthetic_zones

        synthetic_zones(store, zones)
    store.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, nargs="+", default=[0, 2000])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    for count in args.zones:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            database = f"sqlite:///{folder / 'labels.sqlite3'}"
            fill(database, count)
            env = {
                "AREALWEB_DATABASE_URL": database,
                "AREALWEB_SECRET_KEY": "benchmark-key",
                "AREALWEB_BASEMAPS": "none",
            }
            with serve(folder, env, "--workers", "1") as server, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(server.url + "/")
                page.wait_for_selector("[data-arealweb-map][data-ready='true']", timeout=120_000)
                name = f"{count} synthetic zones" if count else "the demo (30 zones)"
                for zoom in (13, 14, 16):
                    found = page.evaluate(LAYOUT, [*SANDVIKA, zoom, args.runs])
                    print(
                        f"{name:<24} zoom {zoom}: {found['median']:6.2f} ms per layout, "
                        f"{found['placed']} names placed"
                    )
                browser.close()


if __name__ == "__main__":
    main()
