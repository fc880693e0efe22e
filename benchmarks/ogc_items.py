"""OGC items of 10 000 zones: arealweb next to its own /api/v1/zones and to pygeoapi, over HTTP.

    python benchmarks/ogc_items.py [--zones 10000] [--runs 7] [--database-url URL]
                                   [--pygeoapi-venv benchmarks/.venv-pygeoapi]

One run, one PostGIS, the same 10 000 synthetic zones (zones_api.synthetic_zones, loaded through
arealweb), three endpoints, each served by gunicorn with one sync worker on 127.0.0.1:
  ogc        arealweb  GET /ogc/collections/zones/items?limit=N
  api-v1     arealweb  GET /api/v1/zones                 (the whole listing: compared at 10 000)
  pygeoapi   pygeoapi 0.21.0 GET /collections/zones/items?limit=N, PostgreSQL provider reading
             the one-geometry view bench_zones (server.limits.max_items raised to N)
for N = 10, 100 and 10 000 (--zones: every zone on one page), all with
``Accept: application/geo+json``. Figures:
  cold   the first request after the server process has started and loaded its app
         (arealweb: empty Feature cache, first database connection);
  warm   the median of the next --runs requests (bounded by --budget seconds per series);
  bytes  the body's length;
next to a floor (arealweb's GET /ogc/conformance, a small fixed document: the HTTP round trip
through the same gunicorn), and the ratios ogc / api-v1 at 10 000 and ogc / pygeoapi at each N,
next to the goals (ogc ≤ 1.2 × api-v1, ≤ 0.1 × pygeoapi, warm). It checks that arealweb
answers 304 to ``If-None-Match`` with the ETag it sent. Nothing here is asserted in tests: it
prints.

gunicorn comes from the pygeoapi venv; arealweb's own interpreter imports it from there (only
the ``gunicorn`` package is put on its path), so both servers are the same gunicorn. Without
--database-url (or AREALWEB_BENCH_POSTGIS_URL) a private PostGIS cluster is started with
scripts/postgis.sh on its own port and directory; the benchmark database is created for the
run and dropped at the end, and the servers are stopped.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import orjson
import sqlalchemy as sa
from zones_api import synthetic_zones

from arealweb.services.demo import load_demo
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store

ROOT = Path(__file__).resolve().parent.parent
SMALL_PAGES = (10, 100)  # and one page of every zone (--zones)
ACCEPT = "application/geo+json"
GOAL_API_V1 = 1.2
GOAL_PYGEOAPI = 0.1
DATABASE = "arealweb_bench_ogc"
BOOT_SECONDS = 60
OWN_PG_PORT = "54377"
OWN_PG_DIR = "/tmp/arealweb-bench-ogc-pg"

VIEW = """
CREATE OR REPLACE VIEW bench_zones AS
SELECT id, kind, category, name, status, arealformal, hensynssone, updated_at,
       coalesce(area, line)::geometry(Geometry, 25832) AS geom
FROM zones WHERE deleted_at IS NULL
"""

RUN_GUNICORN = "from gunicorn.app.wsgiapp import run; run()"
GUNICORN_HOOKS = """
from pathlib import Path

def post_worker_init(worker):
    Path({ready!r}).write_text(str(worker.pid))
"""


def pygeoapi_config(port: int, url: sa.URL, max_items: int) -> dict:
    """The configuration of design14 §5, pointed at the benchmark database."""
    crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": port},
            "url": f"http://127.0.0.1:{port}",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US"],
            "limits": {"default_items": 10, "max_items": max_items},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "OSM"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "bench",
                "description": "bench",
                "keywords": ["bench"],
                "url": "http://127.0.0.1",
                "terms_of_service": "https://creativecommons.org/licenses/by/4.0/",
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "bench"},
            "contact": {"name": "bench"},
        },
        "resources": {
            "zones": {
                "type": "collection",
                "title": "Zones",
                "description": "arealweb zones",
                "keywords": ["zones"],
                "extents": {"spatial": {"bbox": [10.3, 59.8, 10.7, 60.1], "crs": crs84}},
                "providers": [
                    {
                        "type": "feature",
                        "name": "PostgreSQL",
                        "id_field": "id",
                        "table": "bench_zones",
                        "geom_field": "geom",
                        "time_field": "updated_at",
                        "storage_crs": "http://www.opengis.net/def/crs/EPSG/0/25832",
                        "crs": [crs84, "http://www.opengis.net/def/crs/EPSG/0/25832"],
                        "data": {
                            "host": url.host,
                            "port": url.port or 5432,
                            "dbname": url.database,
                            "user": url.username,
                            "password": url.password or "",
                            "search_path": ["public"],
                        },
                    }
                ],
            }
        },
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn (one sync worker) on 127.0.0.1; ``start`` returns once the app is loaded."""

    def __init__(self, name: str, argv: list[str], env: dict, tmp: Path) -> None:
        self.name, self.argv, self.env, self.tmp = name, argv, env, tmp
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        ready = self.tmp / f"{self.name}.ready"
        ready.unlink(missing_ok=True)
        hooks = self.tmp / f"{self.name}_hooks.py"
        hooks.write_text(GUNICORN_HOOKS.format(ready=str(ready)))
        log = open(self.tmp / f"{self.name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [*self.argv, "-w", "1", "-k", "sync", "-b", f"127.0.0.1:{self.port}", "-c", str(hooks)],
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + BOOT_SECONDS
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = (self.tmp / f"{self.name}.log").read_text(errors="replace")[-2000:]
                sys.exit(f"{self.name} did not start:\n{tail}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def get(self, path: str, headers: dict | None = None) -> tuple[float, int, dict, bytes]:
        """One request on a fresh connection: ms to the last byte, status, headers, body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        start = time.perf_counter()
        connection.request("GET", path, headers={"Accept": ACCEPT, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        ms = (time.perf_counter() - start) * 1000
        connection.close()
        return ms, response.status, dict(response.getheaders()), body


def measure(series: dict[str, tuple[Server, str]], runs: int, budget: float) -> dict:
    """Each (server, path) of ``series``: cold, the first request after its server started and
    loaded its app, then warm, the median of up to ``runs`` more, taken in turns (one request to
    each in every round) so that a change in the machine's load hits all of them alike."""
    servers = [server for server, _ in series.values()]
    try:
        for server in servers:
            server.start()
        results = {}
        for name, (server, path) in series.items():
            cold, status, _, body = server.get(path)
            if status != 200:
                sys.exit(f"{server.name} {path}: HTTP {status}\n{body[:500]!r}")
            results[name] = {
                "cold": cold,
                "times": [],
                "bytes": len(body),
                "features": len(orjson.loads(body).get("features", ())),
            }
        until = time.monotonic() + budget * len(series)
        for _ in range(runs):
            if time.monotonic() > until:
                break
            for name, (server, path) in series.items():
                results[name]["times"].append(server.get(path)[0])
        for result in results.values():
            result["runs"] = len(result["times"])
            result["warm"] = statistics.median(result.pop("times"))
        return results
    finally:
        for server in servers:
            server.stop()


@contextmanager
def benchmark_database(given: str | None):
    """A fresh database with PostGIS for this run, on the given server or a private cluster."""
    env = {**os.environ, "AREALWEB_PG_PORT": OWN_PG_PORT, "AREALWEB_PG_DIR": OWN_PG_DIR}
    own = not given
    if own:
        given = subprocess.run(
            [str(ROOT / "scripts" / "postgis.sh"), "start"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    admin = sa.create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.exec_driver_sql(f"CREATE DATABASE {DATABASE}")
        url = sa.make_url(given).set(database=DATABASE)
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        engine.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.dispose()
        if own:
            subprocess.run([str(ROOT / "scripts" / "postgis.sh"), "stop"], env=env, check=False)


def bar(ms: float, scale: float, width: int = 48) -> str:
    return "█" * max(1, round(ms / scale * width))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="warm requests per series")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per warm series")
    parser.add_argument("--database-url", default=os.environ.get("AREALWEB_BENCH_POSTGIS_URL"))
    parser.add_argument("--pygeoapi-venv", default=str(ROOT / "benchmarks" / ".venv-pygeoapi"))
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith("postgresql"):
        sys.exit("needs PostGIS: --database-url postgresql+psycopg://…")
    venv = Path(args.pygeoapi_venv).resolve()
    site = next(venv.glob("lib/python3*/site-packages"), None)
    if not (venv / "bin" / "pygeoapi").exists() or site is None:
        sys.exit(f"no pygeoapi in {venv}: run `make bench-ogc` (it creates the venv)")
    # the largest page is the whole selection, to compare with /api/v1/zones
    sizes = sorted({min(n, args.zones) for n in SMALL_PAGES} | {args.zones})

    with tempfile.TemporaryDirectory() as tmp_name, benchmark_database(args.database_url) as url:
        tmp = Path(tmp_name)
        store = Store(create_engine(url.render_as_string(hide_password=False)))
        migrate(store.engine)
        load_demo(store)
        synthetic_zones(store, args.zones)
        with store.engine.begin() as connection:
            connection.exec_driver_sql(VIEW)
            connection.exec_driver_sql("ANALYZE zones")
        store.engine.dispose()

        # gunicorn, and nothing else of the pygeoapi venv, on arealweb's path
        only_gunicorn = tmp / "gunicorn-only"
        only_gunicorn.mkdir()
        (only_gunicorn / "gunicorn").symlink_to(site / "gunicorn")
        arealweb, arealweb_v1 = (
            Server(
                name,
                [sys.executable, "-c", RUN_GUNICORN, "arealweb.app:create_app()"],
                {
                    **os.environ,
                    "PYTHONPATH": str(only_gunicorn),
                    "AREALWEB_DATABASE_URL": url.render_as_string(hide_password=False),
                    "AREALWEB_SECRET_KEY": "bench",
                    "AREALWEB_OGC_MAX_LIMIT": str(max(sizes)),
                },
                tmp,
            )
            for name in ("arealweb", "arealweb-v1")
        )
        pygeoapi_port = free_port()
        config, openapi = tmp / "pygeoapi.yml", tmp / "pygeoapi-openapi.yml"
        # YAML is a superset of JSON: no PyYAML needed on this side
        config.write_bytes(orjson.dumps(pygeoapi_config(pygeoapi_port, url, max(sizes))))
        pygeoapi_env = {
            **{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},
            "PYGEOAPI_CONFIG": str(config),
            "PYGEOAPI_OPENAPI": str(openapi),
        }
        generated = subprocess.run(
            [
                str(venv / "bin" / "pygeoapi"),
                "openapi",
                "generate",
                str(config),
                "--output-file",
                str(openapi),
            ],
            env=pygeoapi_env,
            capture_output=True,
            text=True,
        )
        if generated.returncode:
            sys.exit(f"pygeoapi openapi generate failed:\n{generated.stderr[-2000:]}")
        pygeoapi = Server(
            "pygeoapi",
            [str(venv / "bin" / "gunicorn"), "pygeoapi.flask_app:APP"],
            pygeoapi_env,
            tmp,
        )
        pygeoapi.port = pygeoapi_port

        results: dict[tuple[str, int], dict] = {}
        for n in sizes:
            series = {
                "ogc": (arealweb, f"/ogc/collections/zones/items?limit={n}"),
                "pygeoapi": (pygeoapi, f"/collections/zones/items?limit={n}"),
            }
            if n == max(sizes):
                series["api-v1"] = (arealweb_v1, "/api/v1/zones")
            for name, result in measure(series, args.runs, args.budget).items():
                results[name, n] = result
        # what no page can beat: a small fixed JSON document from the same server and worker
        floor = measure({"floor": (arealweb, "/ogc/conformance")}, args.runs, args.budget)["floor"]

        # 304 on an unchanged If-None-Match, each page size
        arealweb.start()
        try:
            not_modified = {}
            for n in sizes:
                path = f"/ogc/collections/zones/items?limit={n}"
                _, _, headers, _ = arealweb.get(path)
                stale = arealweb.get(path, {"If-None-Match": '"not-this-one"'})[1]
                answers = [
                    arealweb.get(path, {"If-None-Match": headers["ETag"]}) for _ in range(args.runs)
                ]
                statuses = {status for _, status, _, _ in answers}
                size = max(len(body) for *_, body in answers)
                ms = statistics.median(ms for ms, *_ in answers)
                not_modified[n] = (statuses, ms, size, stale)
        finally:
            arealweb.stop()

    print(
        f"OGC items, {args.zones} zones on PostGIS; gunicorn {gunicorn_version(site)}, one sync "
        f"worker each, 127.0.0.1, Accept: {ACCEPT}; warm = median of {args.runs}"
    )
    print(f"{'':>10} {'N':>6} {'features':>8} {'cold ms':>9} {'warm ms':>9} {'MB':>7}")
    for (name, n), r in sorted(results.items(), key=lambda item: (item[0][1], item[0][0])):
        short = " (fewer: budget)" if r["runs"] < args.runs else ""
        print(
            f"{name:>10} {n:>6} {r['features']:>8} {r['cold']:>9.1f} {r['warm']:>9.1f} "
            f"{r['bytes'] / 1e6:>7.3f}{short}"
        )
    print(
        f"{'floor':>10} {'':>6} {'':>8} {floor['cold']:>9.1f} {floor['warm']:>9.1f} "
        f"{floor['bytes'] / 1e6:>7.3f}  (arealweb GET /ogc/conformance: the HTTP round trip)"
    )
    print("\nwarm ms (each page size scaled to its slowest)")
    for n in sizes:
        group = {name: r for (name, m), r in results.items() if m == n}
        scale = max(r["warm"] for r in group.values())
        for name, r in sorted(group.items()):
            print(f"  {n:>6} {name:>9} {bar(r['warm'], scale):<48} {r['warm']:.1f}")

    print("\nratios (warm; cold in brackets) and goals")
    ok = True
    top = max(sizes)
    ogc, v1 = results["ogc", top], results["api-v1", top]
    ratio = ogc["warm"] / v1["warm"]
    holds = ratio <= GOAL_API_V1
    ok &= holds
    print(
        f"  ogc / api-v1    at {top:>6}: {ratio:5.2f} ({ogc['cold'] / v1['cold']:.2f}); bytes "
        f"{ogc['bytes'] / v1['bytes']:.2f}   goal ≤ {GOAL_API_V1}: "
        f"{'holds' if holds else 'MISSED'}"
    )
    for n in sizes:
        ogc, theirs = results["ogc", n], results["pygeoapi", n]
        ratio = ogc["warm"] / theirs["warm"]
        holds = ratio <= GOAL_PYGEOAPI
        ok &= holds
        print(
            f"  ogc / pygeoapi  at {n:>6}: {ratio:5.3f} ({ogc['cold'] / theirs['cold']:.3f}); "
            f"bytes {ogc['bytes'] / theirs['bytes']:.2f}   goal ≤ {GOAL_PYGEOAPI}: "
            f"{'holds' if holds else 'MISSED'}"
        )
        if not holds:
            print(
                f"      the goal means ≤ {GOAL_PYGEOAPI * theirs['warm']:.1f} ms; the round trip "
                f"alone (floor) takes {floor['warm']:.1f} ms"
            )
    for n, (statuses, ms, size, stale) in not_modified.items():
        holds = statuses == {304} and size == 0 and stale == 200
        ok &= holds
        shown = "/".join(str(s) for s in sorted(statuses))
        print(
            f"  If-None-Match   at {n:>6}: HTTP {shown} in {ms:.1f} ms (median), {size} bytes; "
            f"a stale ETag gets {stale}   goal 304: {'holds' if holds else 'MISSED'}"
        )
    print(f"\nall goals {'hold' if ok else 'do NOT all hold'}")


def gunicorn_version(site: Path) -> str:
    found = sorted(site.glob("gunicorn-*.dist-info"))
    return found[0].name.removeprefix("gunicorn-").removesuffix(".dist-info") if found else "?"


if __name__ == "__main__":
    main()
