"""arealweb under `arealweb serve` at a hearing's peak: comment ingest, and two instances
against one.

    python benchmarks/service_load.py [--backend sqlite|postgis|both] [--clients 50]
                                      [--seconds 30] [--rounds 5] [--workers 4]
                                      [--scale-workers 1] [--only ingest|scaling]

1. **Comment ingest.** `arealweb serve` with --workers processes on the demo (SQLite file, or
   a throwaway PostGIS cluster of its own on port 54378), limits counted in a throwaway Redis
   and the comment limit off (every client is 127.0.0.1). --clients clients (threads in a few
   load processes, keep-alive connections) post comments for --seconds in all, in --rounds
   rounds, each followed by as long asking for `/healthz`, the cheapest answer the same server
   gives. Taken in turn because this machine's speed drifts within a minute: the ratio of posts
   per second to healthz per second (goal ≥ 0.5) is the median of the rounds' own, printed with
   each round's. Also the median and p95 time per post, the CPU each answer cost the server,
   PostgreSQL and the load generator (and the cores left idle), and whether the database holds
   exactly the comments answered 201.
2. **Two instances against one.** The zone listing (`/api/v1/zones`) and comment posts against
   one instance with --scale-workers workers, then against two such instances on the same
   database and Redis, the clients split between them. Prints the throughputs and the factor
   (goal ≥ 1.6). The load is made on the same machine as the servers: on 2 cores the clients'
   own work takes CPU from the servers, which the figures include.

Nothing here asserts anything: it prints figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serve.servers import AREALWEB, redis_server, serve  # noqa: E402

PG_PORT = 54378
PG_DIR = "/tmp/arealweb-bench-load"
COMMENT = json.dumps(
    {
        "type": "Feature",
        "properties": {
            "consultation_id": "baerum-2040",
            "text": "Flere sykkelparkeringer ved stasjonen",
            "kind": "forslag",
            "theme": "by- og stedsutvikling",
        },
        "geometry": {"type": "Point", "coordinates": [10.5635, 59.9150]},
    }
).encode()


def _client(port: int, method: str, path: str, until: float, out) -> None:
    """One client: requests back to back on a kept-alive connection until ``until``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"} if method == "POST" else {}
    body = COMMENT if method == "POST" else None
    times, statuses, ids = [], {}, []
    while time.monotonic() < until:
        start = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException):
            statuses["error"] = statuses.get("error", 0) + 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        times.append(time.monotonic() - start)
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
        if method == "POST" and answer.status == 201:
            ids.append(json.loads(data)["id"])
    out.append((times, statuses, ids))


def _load_process(ports, method, path, clients, until, queue) -> None:
    out: list = []
    threads = [
        threading.Thread(target=_client, args=(ports[n % len(ports)], method, path, until, out))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(out)


TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float]]:
    """Every process on the machine: pid → (parent pid, CPU seconds used so far)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def _descendants(root: int, processes: dict[int, tuple[int, float]]) -> set[int]:
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, (parent, _) in processes.items() if parent in tree} - tree
        grown, tree = bool(more), tree | more
    return tree


def _idle_seconds() -> float:
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return (int(fields[4]) + int(fields[5])) / TICKS  # idle + iowait


@contextmanager
def cpu_spent(roots: dict[str, int]):
    """CPU seconds spent meanwhile by each named process tree (a server and its workers, a
    PostgreSQL cluster and its backends), by this process's children (the load generator,
    joined before the end) and left idle; filled in when the block ends."""
    before, idle, own, start = _processes(), _idle_seconds(), os.times(), time.monotonic()
    spent: dict[str, float] = {}
    yield spent
    after, now, wall = _processes(), os.times(), time.monotonic() - start
    for name, root in roots.items():
        tree = _descendants(root, after)
        spent[name] = sum(after[p][1] - before.get(p, (0, 0.0))[1] for p in tree)
    spent["load generator"] = (now.children_user + now.children_system) - (
        own.children_user + own.children_system
    )
    spent["idle cores"] = (_idle_seconds() - idle) / wall


def _per_request(spent: dict[str, float], answered: int, idle: bool = True) -> str:
    """CPU per answer of each part («server 1.47 ms, …»), and how many cores stood idle."""
    parts = [
        f"{name} {1000 * seconds / answered:.2f} ms"
        for name, seconds in spent.items()
        if name != "idle cores"
    ]
    if not idle:
        return ", ".join(parts)
    return ", ".join(parts) + f"; idle {spent['idle cores']:.2f} of {os.cpu_count()} cores"


def load(ports: list[int], method: str, path: str, clients: int, seconds: float) -> dict:
    """``clients`` clients against ``ports`` for ``seconds``: rate, latencies, ids answered."""
    processes = min(4, clients)
    queue = multiprocessing.Queue()
    until = time.monotonic() + seconds
    shares = [clients // processes + (n < clients % processes) for n in range(processes)]
    workers = [
        multiprocessing.Process(
            target=_load_process, args=(ports, method, path, share, until, queue)
        )
        for share in shares
    ]
    for worker in workers:
        worker.start()
    results = [item for _ in workers for item in queue.get()]
    for worker in workers:
        worker.join()
    return _summary(
        [t for result in results for t in result[0]],
        [counted for _, counted, _ in results],
        {i for result in results for i in result[2]},
        seconds,
    )


def _summary(times: list[float], counts: list[dict], ids: set[str], seconds: float) -> dict:
    """Rate, median and p95 latency, answers by status and ids answered, over ``seconds``."""
    times = sorted(times)
    statuses: dict = {}
    for counted in counts:
        for status, n in counted.items():
            statuses[status] = statuses.get(status, 0) + n
    return {
        "answered": len(times),
        "rate": len(times) / seconds,
        "median_ms": 1000 * statistics.median(times) if times else float("nan"),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))] if times else float("nan"),
        "statuses": statuses,
        "ids": ids,
        "times": times,
    }


def _together(rounds: list[dict], seconds: float) -> dict:
    """The rounds' results as one load of ``seconds`` in all."""
    return _summary(
        [t for each in rounds for t in each["times"]],
        [each["statuses"] for each in rounds],
        {i for each in rounds for i in each["ids"]},
        seconds,
    )


@contextmanager
def database(backend: str, folder: Path):
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    env = {
        **os.environ,
        "AREALWEB_PG_PORT": str(PG_PORT),
        "AREALWEB_PG_DIR": PG_DIR,
        # Commits flushed to disk, as in production.
        "AREALWEB_PG_DURABLE": "1",
    }
    script = str(ROOT / "scripts" / "postgis.sh")
    url = subprocess.run([script, "start"], env=env, check=True, capture_output=True, text=True)
    try:
        yield url.stdout.strip()
    finally:
        subprocess.run([script, "stop"], env=env, check=False)


def _stored(url: str) -> set[str]:
    from arealweb.app import create_app
    from arealweb.http.store import current_store
    from arealweb.services.participation import list_comments

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        found = {c.id for c in list_comments(current_store(), public=False)}
        current_store().engine.dispose()
    return found


def _port(instance) -> int:
    return int(instance.url.rsplit(":", 1)[1])


def _bar(value: float, top: float, width: int = 40) -> str:
    return "█" * max(1, round(width * value / top)) if top else ""


def run(backend: str, args, folder: Path) -> None:
    with ExitStack() as stack:
        url = stack.enter_context(database(backend, folder))
        env = {"AREALWEB_DATABASE_URL": url}
        for command in ("init", "load-demo"):
            subprocess.run(
                [*AREALWEB, command], env={**os.environ, **env}, check=True, capture_output=True
            )
        redis = stack.enter_context(redis_server(folder))
        env.update(
            {
                "AREALWEB_SECRET_KEY": "benchmark-key",
                "AREALWEB_RATE_LIMIT_STORAGE": redis,
                "AREALWEB_COMMENT_RATE_LIMIT": "off",
                "AREALWEB_PURGE_DAILY": "0",
            }
        )
        if args.only != "scaling":
            ingest(backend, url, env, args, folder)
        if args.only != "ingest":
            scaling(backend, env, args, folder)


def ingest(backend: str, url: str, env: dict[str, str], args, folder: Path) -> None:
    """Comment posts and /healthz in turn, against one `serve` with --workers workers."""
    before = _stored(url)
    each = args.seconds / args.rounds
    rounds: list[tuple[dict, dict]] = []
    posts_cpu: dict[str, float] = {}
    floor_cpu: dict[str, float] = {}
    with serve(folder, env, "--workers", str(args.workers)) as server:
        roots = {"server": server.process.pid}
        if backend == "postgis":
            roots["PostgreSQL"] = int(Path(PG_DIR, "data", "postmaster.pid").read_text().split()[0])
        warmup = None
        if args.warmup > 0:
            with cpu_spent(roots) as spent:
                warmup = load(
                    [_port(server)], "POST", "/api/v1/comments", args.clients, args.warmup
                )
            warmup["cpu"] = spent
            load([_port(server)], "GET", "/healthz", args.clients, min(1.0, args.warmup))
        for _ in range(args.rounds):
            with cpu_spent(roots) as spent:
                posted = load([_port(server)], "POST", "/api/v1/comments", args.clients, each)
            _add(posts_cpu, spent, 1 / args.rounds)
            posted["cpu"] = spent
            with cpu_spent(roots) as spent:
                healthz = load([_port(server)], "GET", "/healthz", args.clients, each)
            _add(floor_cpu, spent, 1 / args.rounds)
            rounds.append((posted, healthz))
    stored = _stored(url) - before
    posts = _together([posted for posted, _ in rounds], args.seconds)
    accepted = posts["ids"] | (warmup["ids"] if warmup else set())
    floor = _together([healthz for _, healthz in rounds], args.seconds)
    print(
        f"\n{backend}: comment ingest, serve --workers {args.workers}, {args.clients} clients,"
        f" {args.rounds} rounds of {each:.0f} s posting and {each:.0f} s asking for /healthz"
    )
    print(
        f"  posts      {posts['rate']:8.1f}/s   median {posts['median_ms']:6.1f} ms   p95 {posts['p95_ms']:6.1f} ms   {posts['statuses']}"
    )
    print(
        f"  /healthz   {floor['rate']:8.1f}/s   median {floor['median_ms']:6.1f} ms   p95 {floor['p95_ms']:6.1f} ms"
    )
    print(f"  CPU a post:    {_per_request(posts_cpu, posts['answered'])}")
    print(f"  CPU a healthz: {_per_request(floor_cpu, floor['answered'])}")
    if warmup:
        print(
            f"  warm-up, {args.warmup:.0f} s of posts first (not in the figures above):"
            f" {warmup['rate']:.1f} posts/s, CPU a post:"
            f" {_per_request(warmup['cpu'], warmup['answered'], idle=False)}"
        )
    ratios = [posted["rate"] / healthz["rate"] for posted, healthz in rounds]
    for number, ((posted, healthz), ratio) in enumerate(zip(rounds, ratios, strict=True), 1):
        print(
            f"  round {number}: {posted['rate']:7.1f} posts/s ÷ {healthz['rate']:7.1f} healthz/s"
            f" = {ratio:.2f} {_bar(ratio, 1.0, 20)}   CPU a post:"
            f" {_per_request(posted['cpu'], posted['answered'], idle=False)}"
        )
    ratio = statistics.median(ratios)
    print(
        f"  ratio posts / healthz (median of the rounds): {ratio:.2f}"
        f"   goal ≥ 0.5: {'holds' if ratio >= 0.5 else 'MISSED'}"
    )
    same = stored == accepted
    print(
        f"  stored = accepted: {len(stored)} stored, {len(accepted)} answered 201 — {'holds' if same else 'DOES NOT HOLD'}"
    )


def _add(total: dict[str, float], spent: dict[str, float], weight: float) -> None:
    """Sum CPU seconds by process tree; shares such as idle cores are averaged by ``weight``."""
    for name, value in spent.items():
        share = name == "idle cores"
        total[name] = total.get(name, 0.0) + (value * weight if share else value)


def scaling(backend: str, env: dict[str, str], args, folder: Path) -> None:
    """The zone listing and comment posts against one instance, then two."""
    print(f"\n{backend}: one instance against two, each serve --workers {args.scale_workers}")
    figures = {}
    for what, method, path in (
        ("zone listing", "GET", "/api/v1/zones"),
        ("comment posts", "POST", "/api/v1/comments"),
    ):
        with serve(folder, env, "--workers", str(args.scale_workers)) as one:
            alone = load([_port(one)], method, path, args.clients, args.seconds)
            with serve(folder, env, "--workers", str(args.scale_workers)) as two:
                both = load([_port(one), _port(two)], method, path, args.clients, args.seconds)
        figures[what] = (alone["rate"], both["rate"])
    top = max(v for pair in figures.values() for v in pair)
    for what, (alone, both) in figures.items():
        factor = both / alone
        print(f"  {what:14s} one {alone:7.1f}/s {_bar(alone, top)}")
        print(
            f"  {'':14s} two {both:7.1f}/s {_bar(both, top)}   ×{factor:.2f}   goal ≥ 1.6: {'holds' if factor >= 1.6 else 'MISSED'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgis", "both"), default="both")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--rounds", type=int, default=5, help="ingest: posts and healthz taken in turn, so often"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=5.0,
        help="ingest: seconds of posts before the rounds, printed but not counted (0: none)",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scale-workers", type=int, default=1)
    parser.add_argument(
        "--only", choices=("ingest", "scaling"), help="run one of the two measurements"
    )
    args = parser.parse_args()
    print(f"arealweb serve under load on {os.cpu_count()} cores; load made on the same machine")
    for backend in ("sqlite", "postgis") if args.backend == "both" else (args.backend,):
        with tempfile.TemporaryDirectory(prefix="arealweb-load-") as folder:
            run(backend, args, Path(folder))


if __name__ == "__main__":
    main()
