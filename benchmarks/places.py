"""Time the place search and «where a point is» with the gazetteer and with many more names.

    python benchmarks/places.py [--names 5000 20000] [--database-url POSTGRESQL_URL]

On SQLite (always) and PostGIS (with --database-url, a database the run may fill): the demo
with its 183-name gazetteer, then with N synthetic Stedsnavn names added (a municipality's
Stedsnavn file holds some thousands): the median of `search()` for «Bekkes», of
`describe_point()`, and `describe_comments()` for 500 comments (the moderation queue).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from shapely.geometry import Point

from arealweb.domain.places import Place, PlaceKind
from arealweb.services import places
from arealweb.services.demo import load_demo
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store

WEST, SOUTH, EAST, NORTH = 575_000, 6_640_000, 590_000, 6_655_000
"""The settled belt of Bærum in EPSG:25832, roughly."""


def median_ms(action, rounds: int = 20) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic(count: int, seed: int = 16) -> list[Place]:
    rng = random.Random(seed)
    syllables = ["bekk", "stua", "ås", "myr", "haug", "li", "dal", "vik", "rud", "berg", "tjern"]
    return [
        Place(
            id=f"ssr-bench-{n}",
            name="".join(rng.choice(syllables) for _ in range(3)).capitalize(),
            kind=rng.choice(list(PlaceKind)),
            geometry=Point(rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)),
            source="stedsnavn",
        )
        for n in range(count)
    ]


def run(url: str, label: str, sizes: list[int]) -> None:
    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    comments = [
        SimpleNamespace(id=str(n), zone_id=None, geometry=Point(575_000 + n * 30, 6_645_000))
        for n in range(500)
    ]
    added = 0
    for size in [0, *sizes]:
        if size > added:
            with store.write() as repo:
                repo.places.save_all(synthetic(size)[added:])
            added = size
        with store.read() as repo:
            total = repo.places.count()
        search = median_ms(lambda: places.search(store, "Bekkes"))
        point = median_ms(lambda: places.describe_point(store, 10.52556, 59.89278, str))
        queue = median_ms(lambda: places.describe_comments(store, comments, str), rounds=5)
        print(
            f"{label:8} {total:6d} names  search {search:7.1f} ms  describe {point:7.1f} ms  "
            f"500 comments {queue:8.1f} ms"
        )
    store.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, nargs="*", default=[5000, 20000])
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'places.sqlite3'}", "SQLite", args.names)
    if args.database_url:
        run(args.database_url, "PostGIS", args.names)


if __name__ == "__main__":
    main()
