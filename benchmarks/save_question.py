"""Time the question asked before a save (#17): how much it adds to each save of a zone.

    python benchmarks/save_question.py [--zones 0 10000] [--runs 30]

On SQLite, for the demo plan and for that many synthetic zones instead of its own (half of
them protection zones), the median of ``--runs``:

- ``question``: :func:`arealweb.services.editing.confirmation_needed` alone, for a 300 × 300 m
  development zone (the conflict analysis over the protection zones near it);
- ``PUT asked`` and ``PUT confirmed``: a whole save of that zone through the API, once with
  the question (``PUT /api/v1/zones/<id>``, an edit that makes nothing worse) and once
  skipping it (``?confirm=true``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import shapely

SQUARE_M = 300


def median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(zones: int, runs: int) -> dict[str, float]:
    from arealweb.app import create_app
    from arealweb.domain.accounts import Role
    from arealweb.domain.zones import GoalLink, Zone, ZoneKind
    from arealweb.geo.crs import to_wgs84
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_token, create_user
    from arealweb.services.demo import load_demo
    from arealweb.services.editing import confirmation_needed
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store

    folder = Path(tempfile.mkdtemp(prefix="arealweb-bench-question-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    if zones:
        from zones_api import synthetic_zones

        synthetic_zones(store, zones)
    with store.read() as repo:
        protected = repo.zones.all(kind=ZoneKind.PROTECTION)
        goal = next(iter(repo.goals.tree().walk())).id
    store.engine.dispose()
    centre = max(protected, key=lambda z: z.geometry.area).geometry.representative_point()
    square = shapely.MultiPolygon([shapely.buffer(centre, SQUARE_M / 2, cap_style="square")])
    zone = Zone(
        id="benk",
        kind=ZoneKind.DEVELOPMENT,
        category="næringsområde",
        name="Benk",
        geometry=square,
        links=[GoalLink(goal)],
    )

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "BASEMAPS": "none"})
    client = app.test_client()
    with app.app_context():
        create_user(current_store(), "benk", Role.PLANNER, "et-langt-passord")
        headers = {"Authorization": f"Bearer {create_token(current_store(), 'benk')}"}

        def question():
            with current_store().read() as repo:
                confirmation_needed(repo, zone)

        question_ms = median_ms(question, runs)
    geometry = shapely.geometry.mapping(to_wgs84(square, decimals=None))
    feature = {
        "type": "Feature",
        "properties": {
            "id": "benk",
            "name": "Benk",
            "kind": "development",
            "category": "næringsområde",
            "goal_ids": [goal],
        },
        "geometry": geometry,
    }
    created = client.post("/api/v1/zones?confirm=true", json=feature, headers=headers)
    assert created.status_code == 201, created.data
    etag = [created.headers["ETag"]]

    def put(query: str):
        def run():
            feature["properties"]["description"] = str(time.perf_counter())
            answer = client.put(
                f"/api/v1/zones/benk{query}", json=feature, headers={**headers, "If-Match": etag[0]}
            )
            assert answer.status_code == 200, answer.data
            etag[0] = answer.headers["ETag"]

        return run

    asked = median_ms(put(""), runs)
    confirmed = median_ms(put("?confirm=true"), runs)
    return {"question": question_ms, "PUT asked": asked, "PUT confirmed": confirmed}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, nargs="+", default=[0, 10_000])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"{'plan':>16} {'question':>10} {'PUT asked':>10} {'PUT confirmed':>14}  (median ms)")
    for zones in args.zones:
        found = measure(zones, args.runs)
        plan = "demo" if not zones else f"{zones} zones"
        print(
            f"{plan:>16} {found['question']:>10.1f} {found['PUT asked']:>10.1f}"
            f" {found['PUT confirmed']:>14.1f}"
        )


if __name__ == "__main__":
    main()
