"""Time GET /api/v1/zones with synthetic zones against the bare serialisation floor.

    python benchmarks/zones_api.py [--zones 1000 10000 50000] [--runs 5] [--database-url URL]

For each count of --zones, these figures, each the median of --runs:
  first  the first listing ever: zones written by a bulk SQL import, nothing stored in
         ``zone_features``, a new app (empty Feature cache): read every row, parse WKB, compute
         areas, project to WGS84, round, serialise, hash the ETag, and store the Features;
  cold   the first listing of a new app (a restart, a new worker, another machine) over a
         database where the Features are stored, prepared as ``arealweb serve`` prepares a
         worker: the stored Features read into its memory before the request, which reads
         ids, versions and goal links, joins the bytes and hashes;
         (the first GET /healthz of a new app is printed too: what any first request costs);
  keep   what that preparation costs the worker's start: reading the stored Features;
  read   the first listing of a new app whose memory is empty (``arealweb run``, or a worker
         that started while the database was down): read ids, versions, goal links and the
         stored Features (a join), join the bytes, hash;
  warm   the same request again in the same app, every Feature in its memory: read ids,
         versions and goal links, join the cached bytes, hash;
  floor  shapely.to_geojson + orjson of the same WGS84 geometries and properties, already in
         memory, in the same process (what no endpoint can beat);
  gdf    GeoDataFrame.to_json of the same data.
and the ratios to the floor (aims: warm within 1.3, cold within 1.5), each the median of the
runs' own ratios: cold, read, warm and floor are taken in turn in every run. A new app stands for a
new process: what it cannot show is the process's own start (imports, the pyproj transformer;
see benchmarks/startup.py). With no --database-url the zones live in a temporary SQLite file;
pass a PostgreSQL URL to measure PostGIS.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import numpy as np
import orjson
import shapely
import sqlalchemy as sa

from arealweb.api.features import feature_cache, keep_stored_features
from arealweb.app import create_app, prepare_worker
from arealweb.geo.crs import to_wgs84
from arealweb.services.demo import load_demo
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store
from arealweb.store.schema import zone_goals, zones


def synthetic_zones(store: Store, count: int, seed: int = 2040) -> None:
    """``count`` irregular 16-gon areas inside the municipal boundary, each linked to a goal."""
    rng = np.random.default_rng(seed)
    with store.write() as repo:
        boundary = repo.reference.boundary().geometry
        goal_ids = [g.id for g in repo.goals.tree().walk() if g.plan_version_id == "ksd-2020"]
        repo.connection.execute(zones.delete())
        minx, miny, maxx, maxy = boundary.bounds
        shapes = []
        while len(shapes) < count:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            angles = np.sort(rng.uniform(0, 2 * np.pi, 16))
            radii = rng.uniform(60, 250, 16)
            ring = np.column_stack([x + radii * np.cos(angles), y + radii * np.sin(angles)])
            polygon = shapely.Polygon(ring)
            if polygon.is_valid and boundary.contains(polygon):
                shapes.append(shapely.MultiPolygon([polygon]))
        now = datetime.now(UTC)
        rows = [
            {
                "id": f"syn-{i:05d}",
                "kind": "development" if i % 2 else "protection",
                "category": "vekstområde" if i % 2 else "grønnstruktur",
                "name": f"Syntetisk sone {i} – Bærum",
                "description": "",
                "status": "framtidig",
                "arealformal": 1800,
                "hensynssone": None,
                "area": shape,
                "line": None,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for i, shape in enumerate(shapes)
        ]
        repo.connection.execute(zones.insert(), rows)
        repo.connection.execute(
            zone_goals.insert(),
            [
                {"zone_id": r["id"], "goal_id": goal_ids[i % len(goal_ids)], "rationale": ""}
                for i, r in enumerate(rows)
            ],
        )


def median_ms(action, runs: int) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def new_app(url: str, keep: bool = True):
    """What a restarted server or a new worker is: a new app prepared as `arealweb serve`
    prepares a worker before its first request (``prepare_worker``: its URL map built, a
    connection opened and the listing's statements planned on it, the stored Features read
    into its memory, what exists so far frozen out of the garbage collector's rounds); without
    ``keep``, prepared but for reading the stored Features."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    if keep:
        prepare_worker(app)
    else:
        with mock.patch("arealweb.api.features.keep_stored_features", return_value=0):
            prepare_worker(app)
        with app.app_context():
            assert feature_cache().view().empty(), "the preparation kept Features all the same"
    return app


def keep_ms(url: str) -> float:
    """How long a worker's preparation takes to read the stored Features into its memory."""
    app = new_app(url, keep=False)
    with app.app_context():
        start = time.perf_counter()
        kept = keep_stored_features()
        spent = (time.perf_counter() - start) * 1000
    assert kept > 0
    close_app(app)
    return spent


def close_app(app) -> None:
    from arealweb.http.store import current_store
    from arealweb.services.live import stop_listening

    with app.app_context():
        stop_listening(current_store())
        current_store().engine.dispose()
    # prepare_worker froze the app's objects, its memory of Features too: let them go, and
    # freeze again what lives on (the floor's inputs, the warm app).
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def first_request_ms(
    url: str, runs: int, before=None, path: str = "/api/v1/zones", keep: bool = True
) -> float:
    """The median time of the first GET ``path`` of a new app (``before`` runs first, untimed,
    each time; ``keep``: see :func:`new_app`)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        app = new_app(url, keep)
        client = app.test_client()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        close_app(app)
    return statistics.median(times)


def measure(url: str, count: int, runs: int) -> None:
    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    synthetic_zones(store, count)
    store.refresh_statistics()  # as arealweb's imports do after writing many zones

    def forget_features() -> None:
        with store.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM zone_features"))

    first_ms = first_request_ms(url, runs, before=forget_features)
    # A plan of this size has been in the database for a while when a server restarts:
    # autovacuum has counted and vacuumed its rows (within a minute of a bulk write; arealweb's
    # imports ask at once), so the cold listing is planned for them and reads the ids and
    # versions from the index alone.
    store.refresh_statistics()
    new_app_ms = first_request_ms(url, runs, path="/healthz")

    app = new_app(url)
    client = app.test_client()
    body = client.get("/api/v1/zones").data
    features = orjson.loads(body)["features"]
    assert len(features) == count, len(features)

    with store.read() as repo:
        stored = repo.zones.all()
    geometries = to_wgs84(np.array([z.geometry for z in stored]))
    properties = [f["properties"] for f in features]
    ids = [f["id"] for f in features]

    def floor() -> bytes:
        texts = shapely.to_geojson(geometries)
        return orjson.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": i,
                        "geometry": orjson.Fragment(g),
                        "properties": p,
                    }
                    for i, g, p in zip(ids, texts, properties, strict=True)
                ],
            }
        )

    import geopandas as gpd

    frame = gpd.GeoDataFrame(properties, geometry=list(geometries), crs=4326)
    frame["goal_ids"] = frame["goal_ids"].map(",".join)

    # The floor's inputs, like the app, leave the collector's rounds: each figure pays only for
    # the objects it makes itself.
    gc.collect()
    gc.freeze()
    # Cold, warm and floor taken in turn, run by run, and each ratio the median of the runs'
    # own: this machine's speed drifts by half within a minute, which taken phase after phase
    # moved the floor alone between 4.5 and 8.3 ms at 1 000 zones.
    cold, kept, read, warm, bare = [], [], [], [], []
    for _ in range(runs):
        cold.append(first_request_ms(url, 1))
        kept.append(keep_ms(url))
        read.append(first_request_ms(url, 1, keep=False))
        warm.append(median_ms(lambda: client.get("/api/v1/zones").data, 1))
        bare.append(median_ms(floor, 1))
    cold_ms, keep_ms_, read_ms, warm_ms, floor_ms = map(
        statistics.median, (cold, kept, read, warm, bare)
    )

    def ratio(times: list[float]) -> float:
        return statistics.median(t / f for t, f in zip(times, bare, strict=True))

    gdf_ms = median_ms(frame.to_json, runs)
    close_app(app)
    store.signals.stop()
    store.engine.dispose()

    backend = "PostGIS" if url.startswith("postgresql") else "SQLite"
    print(f"GET /api/v1/zones, {count} zones on {backend}, median of {runs} runs")
    print(f"  first  {first_ms:8.1f} ms  (nothing stored, new app; {len(body) / 1e6:.1f} MB)")
    print(f"  cold   {cold_ms:8.1f} ms  (Features stored, new app prepared as serve prepares one)")
    print(f"  (a new app's first GET /healthz: {new_app_ms:.1f} ms, in first and cold alike)")
    print(f"  keep   {keep_ms_:8.1f} ms  (the preparation reading the stored Features, at start)")
    print(f"  read   {read_ms:8.1f} ms  (Features stored, new app, nothing in memory)")
    print(f"  warm   {warm_ms:8.1f} ms  (every Feature in the app's memory at its version)")
    print(f"  floor  {floor_ms:8.1f} ms  (shapely.to_geojson + orjson, same geometries in memory)")
    print(f"  gdf    {gdf_ms:8.1f} ms  (GeoDataFrame.to_json)")
    print(f"  first / floor = {first_ms / floor_ms:.2f}")
    print(f"  cold  / floor = {ratio(cold):.2f}   (aim: within 1.50; median of the runs' ratios)")
    print(f"  read  / floor = {ratio(read):.2f}")
    print(f"  warm  / floor = {ratio(warm):.2f}   (aim: within 1.30; median of the runs' ratios)")
    print(f"  gdf   / floor = {gdf_ms / floor_ms:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database-url", help="a PostgreSQL URL: a database is made next to its one per count"
    )
    args = parser.parse_args()
    for count in args.zones:
        if args.database_url:
            with postgis_database(args.database_url, count) as url:
                measure(url, count, args.runs)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", count, args.runs)


@contextmanager
def postgis_database(url: str, count: int):
    """A new database next to ``url``'s for ``count`` zones (a delete of zones is soft on
    PostGIS, so each count starts afresh), dropped afterwards."""
    base = sa.make_url(url)
    name = f"{base.database}_zones_{count}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
