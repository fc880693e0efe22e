"""How long a new process takes: `arealweb --help`, and the first answer of a new app.

    python benchmarks/startup.py [--runs 7]

Each figure is the median wall time of --runs new interpreters, next to the median of
`python -c "import flask"` measured in turn with them (the floor no Flask app can beat):
  help   `arealweb --help`                                     goal ≤ 2× import flask (#15)
  first  create_app() and GET /api/v1/goals through the test client, on a demo SQLite file
         (what a restarted server or a new worker pays before its first answer)
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST_ANSWER = """
from arealweb.app import create_app
app = create_app({{"DATABASE_URL": {url!r}, "SECRET_KEY": "bench"}})
answer = app.test_client().get("/api/v1/goals")
assert answer.status_code == 200, answer.status_code
"""


def _seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _demo(url: str) -> None:
    from arealweb.services.demo import load_demo
    from arealweb.store.database import create_engine, migrate
    from arealweb.store.repository import Store

    store = Store(create_engine(url))
    migrate(store.engine)
    load_demo(store)
    store.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    python = sys.executable
    commands = {
        "import flask": [python, "-c", "import flask"],
        "arealweb --help": [str(Path(python).parent / "arealweb"), "--help"],
    }
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'demo.sqlite3'}"
        _demo(url)
        commands["first answer"] = [python, "-c", FIRST_ANSWER.format(url=url)]
        for command in commands.values():  # warm the file cache once
            _seconds(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so load on the machine falls on all alike
            for name, command in commands.items():
                times[name].append(_seconds(command))

    floor = statistics.median(times["import flask"])
    print(f"new processes, median of {args.runs} (python {sys.version.split()[0]})")
    for name, measured in times.items():
        median = statistics.median(measured)
        print(f"  {name:<16} {1000 * median:7.0f} ms  {median / floor:5.2f}× import flask")
    help_ratio = statistics.median(times["arealweb --help"]) / floor
    print(f"  goal: arealweb --help ≤ 2× import flask: {'met' if help_ratio <= 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
