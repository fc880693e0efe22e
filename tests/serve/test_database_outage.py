"""PostGIS stops under light load and starts again: meanwhile every request gets a 503 with
Retry-After (a page, or the API's error shape), never a traceback; afterwards the same
processes serve normally, without a restart."""

from __future__ import annotations

import os
import subprocess
import threading
import time

import requests

from tests.serve.servers import AREALWEB, free_port, serve

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PATHS = ("/api/v1/zones", "/mal", "/api/v1/goals", "/soner/sandvika")


def _postgis(command: str, port: int) -> str:
    """scripts/postgis.sh on a cluster of this test's own, in /tmp where its user may write."""
    folder = f"/tmp/arealweb-outage-{port}"
    env = {**os.environ, "AREALWEB_PG_PORT": str(port), "AREALWEB_PG_DIR": folder}
    done = subprocess.run(
        [os.path.join(ROOT, "scripts", "postgis.sh"), command],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


class Load:
    """A client asking for pages and API answers every 50 ms, keeping what it got."""

    def __init__(self, base: str) -> None:
        self.base, self.answers, self.stop = base, [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        turn = 0
        while not self.stop.is_set():
            path = PATHS[turn % len(PATHS)]
            turn += 1
            try:
                answer = requests.get(self.base + path, timeout=20)
                self.answers.append((time.monotonic(), path, answer))
            except requests.RequestException as error:
                self.answers.append((time.monotonic(), path, error))
            self.stop.wait(0.05)

    def since(self, moment: float) -> list:
        return [(path, answer) for at, path, answer in self.answers if at >= moment]

    def until(self, wanted, seconds: float) -> list:
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            seen = self.since(start)
            if seen and wanted(seen):
                return seen
            time.sleep(0.1)
        raise AssertionError(f"not within {seconds} s: {[(p, a) for p, a in self.since(start)]}")


def test_requests_get_503_while_postgis_is_down_and_the_same_processes_recover(tmp_path):
    port = free_port()
    url = _postgis("start", port)
    try:
        env = {"AREALWEB_DATABASE_URL": url, "AREALWEB_PURGE_DAILY": "0"}
        for command in ("init", "load-demo"):
            subprocess.run([*AREALWEB, command], env={**os.environ, **env}, check=True)
        with serve(tmp_path, env, "--threads", "4") as server:
            load = Load(server.url)
            load.thread.start()
            try:
                load.until(lambda seen: all(a.status_code == 200 for _, a in seen[-4:]), 30)
                _postgis("pause", port)
                down = load.until(lambda seen: len(seen) >= 8, 60)
                _postgis("start", port)
                load.until(
                    lambda seen: (
                        len(seen) >= 4
                        and all(
                            not isinstance(a, Exception) and a.status_code == 200
                            for _, a in seen[-4:]
                        )
                    ),
                    60,
                )
            finally:
                load.stop.set()
                load.thread.join(30)
            refused = [(path, answer) for path, answer in down if answer.status_code != 200]
            assert refused, "the outage was not seen"
            for path, answer in down:
                assert not isinstance(answer, Exception), (path, answer)
                if answer.status_code == 200:
                    continue  # answered before the stop reached it
                assert answer.status_code == 503, (path, answer.status_code, answer.text[:300])
                assert int(answer.headers["Retry-After"]) > 0
                assert "Traceback" not in answer.text
                if path.startswith("/api/"):
                    assert answer.json()["error"]["code"] == "service_unavailable"
                else:
                    assert "får ikke kontakt med databasen" in answer.text, answer.text[:300]
            log = server.log.read_text()
            assert log.count("Booting worker") == 1, log  # recovered, not restarted
    finally:
        _postgis("stop", port)
