"""Time GET /api/v1/comments and /comments/counts with 20 000 published comments: built, kept, 304.

    python benchmarks/comments_api.py [--comments 20000] [--runs 5] [--database-url URL]

For each answer (the public list, the moderation list, the counts) three figures, each the
median of --runs requests through Flask's test client:
  build        the first request after a change: the revision read, every comment read and
               serialised (the process's cache of bodies emptied before each run);
  cached       the same request again, nothing changed: the revision read, the kept body sent;
  conditional  the same request with the ETag in If-None-Match: the revision read, 304.
SQLite always (a temporary file); PostGIS too with --database-url (a PostgreSQL server URL:
the run makes and drops its own database there). On PostGIS it also posts comments from
--writers processes at once, with the revision's triggers on and then off: what the one
counter row (locked from a post's INSERT to its commit) costs concurrent posts.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import shapely
import sqlalchemy as sa

from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.domain.goals import Theme
from arealweb.domain.participation import CommentKind
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from arealweb.services.demo import load_demo
from arealweb.services.live import stop_listening
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store
from arealweb.store.schema import comments

DATABASE = "arealweb_bench_comments"


def synthetic_comments(store: Store, count: int, seed: int = 2040) -> None:
    """``count`` published comments at random points inside the municipal boundary."""
    rng = np.random.default_rng(seed)
    kinds, themes = list(CommentKind), list(Theme)
    with store.write() as repo:
        boundary = repo.reference.boundary().geometry
        minx, miny, maxx, maxy = boundary.bounds
        points: list[shapely.Point] = []
        while len(points) < count:
            xs = rng.uniform(minx, maxx, count)
            ys = rng.uniform(miny, maxy, count)
            candidates = shapely.points(xs, ys)
            points.extend(candidates[shapely.contains(boundary, candidates)][: count - len(points)])
        start = datetime.now(UTC) - timedelta(days=30)
        rows = [
            {
                "id": uuid.uuid4().hex,
                "consultation_id": "baerum-2040",
                "kind": kinds[i % len(kinds)].value,
                "theme": themes[i % len(themes)].value,
                "text": f"Innspill nummer {i}: trygg skolevei og flere benker langs stien.",
                "geom": point,
                "participant_group": "Velforeningen" if i % 7 == 0 else None,
                "name": "Kari" if i % 3 == 0 else None,
                "state": "published",
                "receipt_digest": uuid.uuid4().hex + uuid.uuid4().hex,
                "created_at": start + timedelta(seconds=i),
            }
            for i, point in enumerate(points)
        ]
        for first in range(0, len(rows), 2000):
            repo.connection.execute(comments.insert(), rows[first : first + 2000])


def _median_ms(call, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _post_many(url: str, posts: int, start) -> None:
    from datetime import date

    from arealweb.services.participation import post_comment

    store = Store(create_engine(url))
    document = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [10.5635, 59.9150]},
        "properties": {
            "consultation_id": "baerum-2040",
            "text": "Trygg skolevei trengs her",
            "kind": "problem her",
            "theme": "by- og stedsutvikling",
        },
    }
    post_comment(store, document, today=date.today(), tolerance_m=50)  # connect, warm up
    start.wait()
    for _ in range(posts):
        post_comment(store, document, today=date.today(), tolerance_m=50)
    store.engine.dispose()


def posts_per_second(url: str, writers: int, posts: int) -> float:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    start = context.Barrier(writers + 1)
    workers = [context.Process(target=_post_many, args=(url, posts, start)) for _ in range(writers)]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    return writers * posts / (time.perf_counter() - began)


def measure_posts(url: str, writers: int, posts: int, runs: int = 3) -> None:
    """Posts per second with the revision's trigger on and off, in turn (the machine's load
    drifts; alternating spreads it over both)."""
    engine = create_engine(url)
    print(f"\nPostGIS: {writers} processes posting {posts} comments each, {runs} runs each way")
    rates: dict[str, list[float]] = {"ENABLE": [], "DISABLE": []}
    try:
        for _ in range(runs):
            for switch, found in rates.items():
                with engine.begin() as connection:
                    connection.exec_driver_sql(
                        f"ALTER TABLE comments {switch} TRIGGER comments_revision_insert"
                    )
                found.append(posts_per_second(url, writers, posts))
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "ALTER TABLE comments ENABLE TRIGGER comments_revision_insert"
            )
        engine.dispose()
    for switch, label in [("ENABLE", "revision trigger on"), ("DISABLE", "revision trigger off")]:
        found = rates[switch]
        listed = ", ".join(f"{r:.0f}" for r in found)
        print(f"{label:<22}{statistics.median(found):>8.0f} posts/s (runs: {listed})")


def measure(label: str, url: str, count: int, runs: int, folder: Path) -> None:
    engine = create_engine(url)
    migrate(engine)
    store = Store(engine)
    load_demo(store)
    synthetic_comments(store, count)
    create_user(store, "kari", Role.PLANNER, "et-langt-passord")
    bearer = {"Authorization": f"Bearer {create_token(store, 'kari')}"}
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "UPLOAD_FOLDER": folder})
    client = app.test_client()

    def forget() -> None:
        for key in [k for k in app.extensions if k.startswith("arealweb.revisioned.")]:
            del app.extensions[key]

    print(f"\n{label}: {count} published comments")
    print(f"{'answer':<22}{'size':>10}{'build':>11}{'cached':>11}{'304':>10}{'build/304':>11}")
    for name, path, headers in [
        ("comments (public)", "/api/v1/comments", {}),
        ("comments (moderation)", "/api/v1/comments?view=moderation", bearer),
        ("counts", "/api/v1/comments/counts", {}),
    ]:
        first = client.get(path, headers=headers)
        assert first.status_code == 200, (path, first.status_code, first.data[:300])
        etag = first.headers["ETag"]
        conditional_headers = {**headers, "If-None-Match": etag}
        assert client.get(path, headers=conditional_headers).status_code == 304

        def get(h=headers, p=path):
            assert client.get(p, headers=h).status_code == 200

        def get_conditional(h=conditional_headers, p=path):
            assert client.get(p, headers=h).status_code == 304

        build = _median_ms(get, runs, before=forget)
        cached = _median_ms(get, runs)
        conditional = _median_ms(get_conditional, runs)
        size = (
            f"{len(first.data) / 1e6:.1f} MB" if len(first.data) > 1e5 else f"{len(first.data)} B"
        )
        print(
            f"{name:<22}{size:>10}{build:>9.1f}ms{cached:>9.1f}ms{conditional:>8.1f}ms"
            f"{build / conditional:>10.0f}×"
        )
    with app.app_context():
        stop_listening(current_store())
        current_store().engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="a PostgreSQL server (the run makes a database)")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--posts", type=int, default=100, help="per writer")
    parser.add_argument(
        "--posts-only", action="store_true", help="on PostGIS, only the concurrent posts"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not args.posts_only:
            sqlite = f"sqlite:///{folder}/comments.sqlite3"
            measure("SQLite", sqlite, args.comments, args.runs, Path(folder))
        if args.database_url:
            admin = sa.create_engine(args.database_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{DATABASE}"')
                connection.exec_driver_sql(f'CREATE DATABASE "{DATABASE}"')
            url = sa.make_url(args.database_url).set(database=DATABASE)
            try:
                target = url.render_as_string(hide_password=False)
                if args.posts_only:
                    engine = create_engine(target)
                    migrate(engine)
                    load_demo(Store(engine))
                    engine.dispose()
                else:
                    measure("PostGIS", target, args.comments, args.runs, Path(folder))
                measure_posts(target, args.writers, args.posts)
            finally:
                with admin.connect() as connection:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
                admin.dispose()


if __name__ == "__main__":
    main()
