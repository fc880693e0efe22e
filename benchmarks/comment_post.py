"""Time comment posts against `arealweb run`, which serves each request in a thread of its own.

    python benchmarks/comment_post.py [--posts 200] [--database-url URL]

A comment's point is checked against the municipal boundary in EPSG:25832, so each post
projects it from WGS84. Prints the median and p95 of a post, one after another over HTTP, next
to the median of GET /api/v1/goals (the cheapest page of data) in the same run. Before the
transformers were built once per process every post rebuilt one in its new thread (36.6 ms a
post against 9.4 ms, #15). With no --database-url the comments go to a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.api.test_error_shape import comment
from tests.serve.servers import free_port

COMMENT = comment()


def _timed(url: str, body: dict | None = None) -> float:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status not in (200, 201):
            raise SystemExit(f"{url}: {response.status}")
    return time.perf_counter() - started


def _prepare(url: str) -> None:
    from arealweb.services.demo import load_demo
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store

    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    store.engine.dispose()


def _ms(seconds: list[float], share: float = 0.5) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a new SQLite file)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'comments.sqlite3'}"
        _prepare(url)
        port = free_port()
        env = {
            **os.environ,
            "AREALWEB_DATABASE_URL": url,
            "AREALWEB_SECRET_KEY": "bench",
            "AREALWEB_COMMENT_RATE_LIMIT": "off",
        }
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "arealweb"), "run", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            for _ in range(300):
                try:
                    _timed(base + "/goals")
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise SystemExit("arealweb run did not answer within 30 s")
            for _ in range(5):  # warm both routes before timing
                _timed(base + "/comments", COMMENT)
                _timed(base + "/goals")
            posts = [_timed(base + "/comments", COMMENT) for _ in range(args.posts)]
            goals = [_timed(base + "/goals") for _ in range(args.posts)]
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"comment posts under `arealweb run` ({'PostGIS' if args.database_url else 'SQLite'})")
    print(f"  POST /api/v1/comments  median {_ms(posts):6.1f} ms  p95 {_ms(posts, 0.95):6.1f} ms")
    print(f"  GET  /api/v1/goals     median {_ms(goals):6.1f} ms")
    print(f"  posts/s one after another: {len(posts) / sum(posts):.0f}")
    print(f"  post / goals: {statistics.median(posts) / statistics.median(goals):.2f}×")


if __name__ == "__main__":
    main()
