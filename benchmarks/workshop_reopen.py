"""Time what closing and reopening a workshop costs the server.

    python benchmarks/workshop_reopen.py [--inputs 1000] [--database-url POSTGRESQL_URL]

On SQLite (always) and PostGIS (with --database-url, a database the run may fill): a workshop
of ten groups with ``--inputs`` sketches, as many goal comments and as many words. Printed:
the confirmation page's count of what the workshop received (three COUNTs) next to reading the
whole feed, which is what counting it in Python would cost; the confirmation page itself; and
the check a closed workshop's screens make every 10 s to learn whether it was reopened — a
group screen's (by join code) and the plenary's (by account) — as median and 95th percentile,
with what 100 closed screens cost per second of server time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.services import accounts, workshops
from arealweb.services.demo import load_demo
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[10.560, 59.914], [10.566, 59.914], [10.566, 59.917], [10.560, 59.917], [10.560, 59.914]]
    ],
}
SCREENS = 100
CHECK_EVERY_S = 10


def times_ms(action, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
    return f"median {statistics.median(times):7.2f} ms  p95 {p95:7.2f} ms"


def fill(store: Store, inputs: int):
    found = workshops.create_workshop(
        store,
        {
            "title": "Benchmark",
            "held_on": "2026-11-20",
            "groups": [f"Gruppe {n + 1}" for n in range(10)],
            "prompts": ["Klimaklok"],
            "focus_goal_ids": ["2020.hm3"],
        },
        "bench",
    )
    for n in range(inputs):
        code = found.groups[n % 10].code
        workshops.add_sketch(
            store,
            found.id,
            code,
            {
                "type": "Feature",
                "properties": {"kind": "protect", "note": f"{n}"},
                "geometry": SQUARE,
            },
        )
        workshops.add_comment(
            store, found.id, code, {"goal_id": "2020.hm3", "stance": "keep", "text": f"{n}"}
        )
        workshops.add_word(store, found.id, code, {"prompt": "Klimaklok", "word": f"ord{n}"})
    return found


def run(url: str, label: str, inputs: int) -> None:
    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    accounts.create_user(store, "bench", Role.PLANNER, "et-langt-passord")
    token = accounts.create_token(store, "bench", "benchmark")
    found = fill(store, inputs)
    counted = times_ms(lambda: workshops.received(store, found.id), 20)
    read = times_ms(lambda: workshops.feed(store, found.id, -1), 5)
    print(f"{label:8} {3 * inputs} inputs  count {summary(counted)}  read all {summary(read)}")

    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "BASEMAPS": "none", "JOIN_RATE_LIMIT": "off"}
    )
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    page = times_ms(lambda: client.get(f"/verksted/{found.id}/avslutt", headers=bearer), 20)
    print(f"{label:8} the confirmation page            {summary(page)}")

    workshops.close_workshop(store, found.id, "bench")
    revision = workshops.workshop(store, found.id).revision
    events = f"/api/v1/workshops/{found.id}/events?after={revision}"
    code = found.groups[0].code

    def ask(headers: dict, query: str = "") -> None:
        answer = client.get(events + query, headers=headers)
        body = answer.get_data()
        answer.close()  # a stream holds its slot until closed
        assert answer.status_code == 200 and b'"closed":true' in body, body

    def group_check():
        ask({}, f"&code={code}")

    def plenary_check():
        ask(bearer)

    for who, screen in (("group screen", group_check), ("plenary", plenary_check)):
        taken = times_ms(screen, 200)
        print(f"{label:8} closed, a {who:12} checks  {summary(taken)}")
        if screen is group_check:
            load = SCREENS / CHECK_EVERY_S * statistics.median(taken)
            print(f"{label:8} {SCREENS} closed group screens: {load:5.1f} ms of server time per s")
    store.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'reopen.sqlite3'}", "SQLite", args.inputs)
    if args.database_url:
        run(args.database_url, "PostGIS", args.inputs)


if __name__ == "__main__":
    main()
