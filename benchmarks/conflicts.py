"""Conflict detection over 10 000 synthetic zones: arealweb's analysis next to PostGIS.

    python benchmarks/conflicts.py --database-url postgresql+psycopg://…  [--zones 10000] [--runs 5]

Both run in one go on the same zones (irregular 16-gons inside Bærum, every other one
development, the rest protection; see zones_api.py):
  analysis   arealweb.analysis.conflicts.conflicts() on the zones frame already in memory
             (STRtree query, vectorised intersections, areas of 1 m² or more);
  frame      the same, plus reading the zones from the database and building the frame;
  postgis    one SQL self-join: ST_Intersects on the GiST index, ST_Area(ST_Intersection(…))
             >= 1 m², computed and fetched.
It checks that both find the same pairs with the same areas (to 0.01 m²), prints the medians
and the ratio analysis / PostGIS (the aim: 1.0 or less). Without --database-url it uses
AREALWEB_TEST_POSTGIS_URL. The database's zones are replaced.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import sqlalchemy as sa
from zones_api import synthetic_zones

from arealweb.analysis.conflicts import MIN_OVERLAP_M2, conflicts
from arealweb.analysis.frames import zones_frame
from arealweb.services.demo import load_demo
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store

POSTGIS_CONFLICTS = sa.text(
    """
    SELECT d.id, p.id, ST_Area(ST_Intersection(d.area, p.area)) AS overlap
    FROM zones d JOIN zones p ON ST_Intersects(d.area, p.area)
    WHERE d.kind = 'development' AND p.kind = 'protection'
      AND d.deleted_at IS NULL AND p.deleted_at IS NULL
      AND ST_Area(ST_Intersection(d.area, p.area)) >= :min
    """
)


def timed(action, runs: int) -> tuple[float, object]:
    result = action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--zones", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("AREALWEB_TEST_POSTGIS_URL"))
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        sys.exit("needs a PostGIS database: --database-url postgresql+psycopg://…")

    store = Store(create_engine(args.database_url))
    migrate(store.engine)
    load_demo(store)
    synthetic_zones(store, args.zones)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE zones")
    with store.read() as repo:
        frame = zones_frame(repo.zones.all())

    def from_database():
        with store.read() as repo:
            return conflicts(zones_frame(repo.zones.all()))

    def postgis():
        with store.engine.connect() as connection:
            return connection.execute(POSTGIS_CONFLICTS, {"min": MIN_OVERLAP_M2}).all()

    ours_ms, report = timed(lambda: conflicts(frame), args.runs)
    frame_ms, _ = timed(from_database, max(1, args.runs // 2))
    theirs_ms, rows = timed(postgis, args.runs)

    ours = {(c.development_id, c.protection_id): c.area_m2 for c in report.conflicts}
    theirs = {(d, p): area for d, p, area in rows}
    same = ours.keys() == theirs.keys() and all(abs(ours[k] - theirs[k]) < 0.01 for k in ours)
    print(
        f"conflicts among {len(frame)} zones ({(frame['kind'] == 'development').sum()} "
        f"development × {(frame['kind'] == 'protection').sum()} protection), median of {args.runs}"
    )
    print(
        f"  pairs found                 analysis {len(ours):6d}   PostGIS {len(theirs):6d}   "
        f"{'same pairs and areas' if same else 'DIFFERENT'}"
    )
    print(f"  analysis (frame in memory)  {ours_ms:8.1f} ms")
    print(f"  analysis (read + frame)     {frame_ms:8.1f} ms")
    print(f"  PostGIS ST_Intersects join  {theirs_ms:8.1f} ms")
    print(
        f"  ratio analysis / PostGIS    {ours_ms / theirs_ms:8.2f}   (with reading: "
        f"{frame_ms / theirs_ms:.2f})"
    )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
