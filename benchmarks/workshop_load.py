"""A council workshop under load: 10 groups of 10 devices posting, one plenary screen polling.

    python benchmarks/workshop_load.py [--groups 10] [--devices 10] [--posts 10]
                                       [--interval 2.0] [--stream] [--database-url URL]

arealweb runs as ``arealweb run`` in its own process (as in the room), or with ``--server
'serve --workers 4 --threads 8'`` under the production server (then with a throwaway Redis for
the limits, as several workers need), on a temporary SQLite file with the demo loaded, or on
the PostgreSQL + PostGIS database given. Every simulated
participant joins as the group screen does (its QR link, keeping the session cookie that
says it joined; ``--code-only`` sends the join code alone, as an API client, which the server
checks against the join-code limiter on every post) and posts a mix of sketches, goal comments
and words, with a short pause between posts; the plenary screen polls the workshop's feed as the page does (every --interval
seconds, with the last revision it saw), or with ``--stream`` holds the workshop's event
stream open as the page's EventSource does (reconnecting with Last-Event-ID when it ends). At
the end the feed is read once more from the start.

It prints: how many posts were answered 201 and how many failed, how many accepted inputs the
plenary never saw and the final feed lacks (the aim: none), the time each post took, and the
delay from sending a post to its appearance on the plenary screen (median, 95th percentile,
worst), with a text chart of the delays.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serve.servers import AREALWEB, free_port, redis_server, serve  # noqa: E402

HASLUM = [[10.560, 59.913], [10.567, 59.913], [10.567, 59.917], [10.560, 59.917]]


@dataclass
class Result:
    sent: dict[str, float] = field(default_factory=dict)
    """Key of each accepted input -> when its post was sent (monotonic seconds)."""
    seen: dict[str, float] = field(default_factory=dict)
    """Key -> when the plenary screen first had it."""
    answered: dict[str, float] = field(default_factory=dict)
    """Key -> when its post was answered 201."""
    post_seconds: list[float] = field(default_factory=list)
    posting: float = 0.0
    """Seconds from the first device's start to the last one's last answer."""
    failures: list[str] = field(default_factory=list)
    final: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def lost(self) -> set[str]:
        return set(self.sent) - self.final

    @property
    def never_seen(self) -> set[str]:
        return set(self.sent) - set(self.seen)

    def delays(self) -> list[float]:
        return sorted(self.seen[k] - self.sent[k] for k in self.sent if k in self.seen)

    def after_answer(self) -> list[float]:
        """From the 201 to the screen (zero when the screen had it before the answer came)."""
        return sorted(
            max(0.0, self.seen[k] - self.answered[k]) for k in self.sent if k in self.seen
        )


def _request(
    url: str,
    body: dict | None = None,
    headers: dict | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method="POST" if body is not None else "GET",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            **(headers or {}),
        },
    )
    try:
        with (opener.open if opener else urllib.request.urlopen)(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


def _keys(feed: dict) -> set[str]:
    """What identifies each input in the feed: sketch and comment ids, and the (unique) words."""
    keys = {f"s:{f['id']}" for f in feed["sketches"]["features"]}
    keys |= {f"c:{c['id']}" for c in feed["comments"]}
    keys |= {f"w:{w['word']}" for w in feed["words"]}
    return keys


def _group(workshop: dict, number: int) -> dict:
    return workshop["groups"][number % len(workshop["groups"])]


def device(base: str, workshop: dict, number: int, joined: bool) -> urllib.request.OpenerDirector:
    """Device ``number``'s browser. ``joined``: as the group screen, which has joined with the
    code (its QR link) and keeps the session cookie that says so; without, as an API client
    sending the code alone, which the server checks against the join-code limiter on every
    post."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    if joined:
        opener.open(
            f"{base}/verksted/bli-med/{_group(workshop, number)['code']}", timeout=60
        ).close()
    return opener


def participant(
    base: str,
    workshop: dict,
    number: int,
    posts: int,
    result: Result,
    opener: urllib.request.OpenerDirector,
) -> None:
    """One device: ``posts`` inputs of every kind, by its group's code."""
    rng = random.Random(number)
    headers = {"X-Join-Code": _group(workshop, number)["code"]}
    url = f"{base}/api/v1/workshops/{workshop['id']}"
    goal = workshop["focus_goal_ids"][0]
    prompt = workshop["prompts"][0]
    for n in range(posts):
        what = n % 3
        if what == 0:
            dx, dy = rng.uniform(-0.004, 0.004), rng.uniform(-0.002, 0.002)
            ring = [[x + dx, y + dy] for x, y in HASLUM]
            body = {
                "type": "Feature",
                "properties": {"kind": "protect", "note": f"deltaker {number} skisse {n}"},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
            path = "/sketches"
        elif what == 1:
            body = {"goal_id": goal, "stance": "change", "text": f"deltaker {number} innspill {n}"}
            path = "/comments"
        else:
            body = {"prompt": prompt, "word": f"ord-{number}-{n}"}
            path = "/words"
        started = time.monotonic()
        status, answer = _request(url + path, body, headers, opener)
        took = time.monotonic() - started
        with result.lock:
            result.post_seconds.append(took)
            if status != 201:
                result.failures.append(f"{path} {status}")
            else:
                key = {"/sketches": "s:", "/comments": "c:", "/words": "w:"}[path]
                key += answer["word"] if path == "/words" else answer["id"]
                result.sent[key] = started
                result.answered[key] = started + took
        time.sleep(rng.uniform(0.05, 0.4))


def plenary(base: str, workshop: dict, token: str, interval: float, stop, result: Result) -> None:
    """The plenary screen: poll the feed after the last revision seen, as the page does."""
    url = f"{base}/api/v1/workshops/{workshop['id']}/feed?after="
    headers = {"Authorization": f"Bearer {token}"}
    revision = -1
    while True:
        status, feed = _request(url + str(revision), headers=headers)
        now = time.monotonic()
        if status == 200:
            with result.lock:
                for key in _keys(feed):
                    result.seen.setdefault(key, now)
            revision = feed["revision"]
        if stop.is_set():
            return
        stop.wait(interval)


def streamed_plenary(base: str, workshop: dict, token: str, _, stop, result: Result) -> None:
    """The plenary screen as an EventSource: hold the event stream open, note each event's
    inputs as they arrive, reconnect with the last event's id when the stream ends."""
    url = f"{base}/api/v1/workshops/{workshop['id']}/events"
    last = None
    while not stop.is_set():
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last is not None:
            headers["Last-Event-ID"] = last
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                event_id = None
                for raw in response:
                    line = raw.decode().rstrip("\n")
                    if line.startswith("id: "):
                        event_id = line[4:]
                    elif line.startswith("data: "):
                        feed = json.loads(line[6:])
                        now = time.monotonic()
                        with result.lock:
                            for key in _keys(feed):
                                result.seen.setdefault(key, now)
                        last = event_id
                    if stop.is_set():
                        return
        except (OSError, urllib.error.URLError):
            stop.wait(0.5)


def simulate(
    base: str,
    workshop: dict,
    token: str,
    devices: int,
    posts: int,
    interval: float,
    stream: bool = False,
    joined: bool = True,
) -> Result:
    """Run ``devices`` participants and one plenary screen against ``base``; read back all.
    The devices join before the clock starts (a room joins before it is asked to post)."""
    browsers = [device(base, workshop, n, joined) for n in range(devices)]
    result = Result()
    stop = threading.Event()
    screen = threading.Thread(
        target=streamed_plenary if stream else plenary,
        args=(base, workshop, token, interval, stop, result),
        daemon=True,
    )
    screen.start()
    threads = [
        threading.Thread(target=participant, args=(base, workshop, n, posts, result, browsers[n]))
        for n in range(devices)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.posting = time.monotonic() - started
    time.sleep(2.0 if stream else interval * 1.5)
    stop.set()
    screen.join()
    _, feed = _request(
        f"{base}/api/v1/workshops/{workshop['id']}/feed",
        headers={"Authorization": f"Bearer {token}"},
    )
    result.final = _keys(feed)
    return result


@contextmanager
def _development_server(folder: Path, env: dict[str, str], command: str, options: list[str]):
    """``arealweb run`` (or another command serving on --port) in its own process."""
    port = free_port()
    server = subprocess.Popen(
        [*AREALWEB, command, *options, "--port", str(port)],
        cwd=folder,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/goals", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(10)


def _prepare(url: str, groups: int) -> tuple[dict, str]:
    from arealweb.domain.accounts import Role
    from arealweb.services import workshops
    from arealweb.services.accounts import create_token, create_user
    from arealweb.services.demo import load_demo
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store

    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    name = f"bench-{os.getpid()}"
    create_user(store, name, Role.PLANNER, "et-langt-passord-for-last")
    token = create_token(store, name)
    found = workshops.create_workshop(
        store,
        {
            "title": "Lasttest",
            "groups": [f"Gruppe {n + 1}" for n in range(groups)],
            "prompts": ["Bærum 2040"],
            "focus_goal_ids": ["2020.hm3"],
        },
        name,
    )
    store.engine.dispose()
    workshop = {
        "id": found.id,
        "groups": [{"id": g.id, "code": g.code} for g in found.groups],
        "focus_goal_ids": list(found.focus_goal_ids),
        "prompts": list(found.prompts),
    }
    return workshop, token


def _chart(delays: list[float], width: int = 40) -> list[str]:
    """A text histogram of the delays in half-second bins."""
    if not delays:
        return []
    bins: dict[float, int] = {}
    for delay in delays:
        bins[int(delay * 2) / 2] = bins.get(int(delay * 2) / 2, 0) + 1
    most = max(bins.values())
    return [
        f"  {start:4.1f}–{start + 0.5:4.1f} s {'█' * max(1, round(width * n / most)):<{width}} {n}"
        for start, n in sorted(bins.items())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--devices", type=int, default=10, help="devices per group")
    parser.add_argument("--posts", type=int, default=10, help="posts per device")
    parser.add_argument("--interval", type=float, default=2.0, help="plenary poll, seconds")
    parser.add_argument(
        "--stream", action="store_true", help="the plenary holds the event stream, no polling"
    )
    parser.add_argument(
        "--server",
        default="run",
        help="the arealweb command and its options, e.g. 'serve --workers 1 --threads 16'",
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a new SQLite file)")
    parser.add_argument(
        "--code-only",
        action="store_true",
        help="devices send the join code alone (an API client), not joined as a group screen",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        folder = Path(name)
        url = args.database_url or f"sqlite:///{folder / 'last.sqlite3'}"
        workshop, token = _prepare(url, args.groups)
        env = {
            "AREALWEB_DATABASE_URL": url,
            "AREALWEB_SECRET_KEY": "last",
            # The reader checks whether the run is over at each heartbeat.
            "AREALWEB_STREAM_HEARTBEAT_S": "1",
        }
        command, *options = args.server.split()
        if command == "serve":
            # Several workers count the limits in one place, as `serve` insists.
            env["AREALWEB_RATE_LIMIT_STORAGE"] = stack.enter_context(redis_server(folder))
            base = stack.enter_context(serve(folder, env, *options)).url
        else:
            base = stack.enter_context(_development_server(folder, env, command, options))
        devices = args.groups * args.devices
        result = simulate(
            base,
            workshop,
            token,
            devices,
            args.posts,
            args.interval,
            args.stream,
            joined=not args.code_only,
        )
        seconds = result.posting

    delays = result.delays()
    posts = sorted(result.post_seconds)
    backend = "PostGIS" if args.database_url else "SQLite"
    print(
        f"workshop load on {backend} under `arealweb {args.server}`: "
        f"{args.groups} groups × {args.devices} devices, "
        f"{args.posts} posts each, plenary "
        + ("holding the event stream" if args.stream else f"polling every {args.interval:g} s")
        + (
            "; devices send the code alone"
            if args.code_only
            else "; devices joined as group screens"
        )
    )
    print(
        f"  posts accepted (201)      {len(result.sent):6d}   failed {len(result.failures)}"
        + (f" ({', '.join(sorted(set(result.failures)))})" if result.failures else "")
    )
    print(f"  lost (accepted, not kept) {len(result.lost):6d}")
    print(f"  never on the plenary      {len(result.never_seen):6d}")
    print(f"  throughput                {len(posts) / seconds:6.1f} posts/s over {seconds:.1f} s")
    print(
        f"  post took                 median {statistics.median(posts) * 1000:6.0f} ms   "
        f"p95 {posts[int(0.95 * (len(posts) - 1))] * 1000:6.0f} ms   max {posts[-1] * 1000:6.0f} ms"
    )
    if delays:
        print(
            f"  post → plenary screen     median {statistics.median(delays):6.2f} s    "
            f"p95 {delays[int(0.95 * (len(delays) - 1))]:6.2f} s    max {delays[-1]:6.2f} s"
        )
        answered = result.after_answer()
        print(
            f"  201 answer → plenary      median {statistics.median(answered):6.2f} s    "
            f"p95 {answered[int(0.95 * (len(answered) - 1))]:6.2f} s    max {answered[-1]:6.2f} s"
        )
        print("  delay from post to plenary screen:")
        print("\n".join(_chart(delays)))
    if result.lost or result.never_seen or result.failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
