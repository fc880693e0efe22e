"""`arealweb serve` as a municipality runs it: two instances (separate processes, two workers
each) on one database and one Redis behave as one service; each answers /healthz and
/readyz, logs requests as JSON lines, and stops gracefully on SIGTERM."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import time
from collections import Counter

import pytest
import requests

from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from tests.api.test_error_shape import comment
from tests.serve.servers import AREALWEB, redis_server, serve

PASSWORD = "et-langt-passord"


@pytest.fixture
def redis_url(tmp_path):
    """A Redis of this test's own (counts left by another test would skew its limits)."""
    with redis_server(tmp_path) as url:
        yield url


def _planner(url: str, folder) -> str:
    """kari, a planner with a password and a token, in the database at ``url``."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "UPLOAD_FOLDER": folder / "up"})
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
        token = create_token(current_store(), "kari")
        current_store().engine.dispose()
    return token


def _env(url: str, redis: str) -> dict[str, str]:
    return {
        "AREALWEB_DATABASE_URL": url,
        "AREALWEB_SECRET_KEY": "one-key-for-every-instance-of-this-test",
        "AREALWEB_RATE_LIMIT_STORAGE": redis,
        "AREALWEB_COMMENT_RATE_LIMIT": "3/minute",
        "AREALWEB_ACCESS_LOG": "json",
        "AREALWEB_PURGE_DAILY": "0",
    }


def _sign_in(session: requests.Session, base: str) -> None:
    form = session.get(base + "/logg-inn", timeout=10).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form).group(1)
    answer = session.post(
        base + "/logg-inn",
        data={"name": "kari", "password": PASSWORD, "csrf_token": token},
        timeout=10,
    )
    assert answer.status_code == 200 and "Logg ut" in answer.text, answer.text[:500]


class EventStream:
    """A live-update stream read over HTTP as a browser's EventSource reads it."""

    def __init__(self, url: str, headers: dict) -> None:
        self.response = requests.get(url, headers=headers, stream=True, timeout=30)
        assert self.response.status_code == 200, self.response.text[:300]
        self.lines = self.response.iter_lines(decode_unicode=True)

    def next_event(self) -> dict:
        data = None
        for line in self.lines:
            if line.startswith("data: "):
                data = json.loads(line[len("data: ") :])
            elif line == "" and data is not None:
                return data
        raise AssertionError("the stream ended")


def _workshop(base: str, bearer: dict) -> tuple[str, str]:
    """A workshop made by the planner: its id and its first group's join code."""
    values = {"title": "Målverksted", "groups": ["Gruppe 1"], "focus_goal_ids": ["2020.hm3"]}
    made = requests.post(base + "/api/v1/workshops", json=values, headers=bearer, timeout=30)
    assert made.status_code == 201, made.text
    return made.json()["id"], made.json()["groups"][0]["code"]


def test_two_instances_on_one_database_and_one_redis_are_one_service(
    demo_database_url, redis_url, tmp_path
):
    token = _planner(demo_database_url, tmp_path)
    env = _env(demo_database_url, redis_url)
    with serve(tmp_path, env, "--workers", "2") as a, serve(tmp_path, env, "--workers", "2") as b:
        for instance in (a, b):
            ready = requests.get(instance.url + "/readyz", timeout=10)
            assert (ready.status_code, ready.json()) == (200, {"status": "ok", "database": "ok"})

        # Signed in on one, signed in on the other (cookies are per host, not per port).
        browser = requests.Session()
        _sign_in(browser, a.url)
        assert "Logg ut" in browser.get(b.url + "/", timeout=10).text

        # A save on one, then a save on the other with the version read before: 412.
        bearer = {"Authorization": f"Bearer {token}"}
        read = requests.get(a.url + "/api/v1/zones/sandvika", headers=bearer, timeout=10)
        # Both instances have served the zone (and keep it in their caches) before the save.
        assert requests.get(b.url + "/api/v1/zones", timeout=30).status_code == 200
        assert requests.get(b.url + "/api/v1/zones/sandvika", timeout=10).status_code == 200
        zone = read.json()

        def save(server, name: str) -> requests.Response:
            zone["properties"]["name"] = name
            guarded = {**bearer, "If-Match": read.headers["ETag"]}
            url = server.url + "/api/v1/zones/sandvika"
            return requests.put(url, json=zone, headers=guarded, timeout=30)

        saved = save(a, "Sandvika, lagret i A")
        assert saved.status_code == 200, saved.text
        stale = save(b, "Sandvika, lagret i B fra den gamle versjonen")
        assert stale.status_code == 412, stale.text
        shown = requests.get(b.url + "/api/v1/zones/sandvika", timeout=10).json()
        assert shown["properties"]["name"] == "Sandvika, lagret i A"
        listed = requests.get(b.url + "/api/v1/zones", timeout=30).json()["features"]
        [sandvika] = [zone for zone in listed if zone["id"] == "sandvika"]
        assert sandvika["properties"]["name"] == "Sandvika, lagret i A"

        # A group's post on one reaches a plenary stream held open on the other: pushed
        # (NOTIFY on PostGIS, the shared Redis on SQLite; that nothing else wakes the stream
        # is proven in tests/api/test_workshop_events.py), and how soon is measured by
        # `make bench-workshop`, not timed here.
        workshop, code = _workshop(a.url, bearer)
        plenary = EventStream(f"{b.url}/api/v1/workshops/{workshop}/events", bearer)
        assert plenary.next_event()["comments"] == []
        word = requests.post(
            f"{a.url}/api/v1/workshops/{workshop}/comments",
            json={"goal_id": "2020.hm3", "stance": "keep", "text": "Behold grøntdraget"},
            headers={"X-Join-Code": code},
            timeout=30,
        )
        assert word.status_code == 201, word.text
        arrived = plenary.next_event()
        assert [c["text"] for c in arrived["comments"]] == ["Behold grøntdraget"]
        plenary.response.close()

        # The comment limit (3 a minute) counts across both instances and all their workers.
        statuses = [
            requests.post(server.url + "/api/v1/comments", json=comment(), timeout=30).status_code
            for server in (a, b, a, b)
        ]
        assert statuses == [201, 201, 201, 429]

        # One stops gracefully; the other goes on serving.
        assert a.stop(signal.SIGTERM) == 0
        assert requests.get(b.url + "/readyz", timeout=10).status_code == 200
        assert "Logg ut" in browser.get(b.url + "/", timeout=10).text

    lines = [json.loads(line) for line in a.log.read_text().splitlines() if line.startswith("{")]
    posts = [line for line in lines if line["path"] == "/api/v1/comments"]
    assert [line["status"] for line in posts] == [201, 201]
    assert {"time", "remote", "method", "query", "bytes", "ms", "user_agent"} <= set(posts[0])


def test_join_codes_stay_out_of_the_access_log(database_url, redis_url, tmp_path):
    env = {**_env(database_url, redis_url), "AREALWEB_WORKERS": "1"}
    with serve(tmp_path, env) as server:
        requests.get(server.url + "/?code=HEMMELIG7&lang=nb", timeout=10)
        assert server.stop() == 0
    log = server.log.read_text()
    assert "HEMMELIG7" not in log
    [line] = [json.loads(x) for x in log.splitlines() if x.startswith("{") and '"/"' in x]
    assert line["query"] == "code=%E2%80%A6&lang=nb"


def test_kept_alive_connections_are_spread_over_the_workers(demo_database_url, redis_url, tmp_path):
    """Each worker listens on its own socket and the kernel spreads connections over them: on
    one shared socket the first worker to wake took every kept-alive connection (a load
    test's, nginx's upstream keepalive) and the others idled."""
    env = _env(demo_database_url, redis_url)
    with serve(tmp_path, env, "--workers", "2") as server:
        port = int(server.url.rsplit(":", 1)[1])
        connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(16)]
        for _round in range(3):
            for connection in connections:
                connection.request("GET", "/healthz", headers={"User-Agent": "spread"})
                answer = connection.getresponse()
                assert (answer.status, json.loads(answer.read())) == (200, {"status": "ok"})
        for connection in connections:
            connection.close()
        assert server.stop() == 0
    answered = [json.loads(x) for x in server.log.read_text().splitlines() if x.startswith("{")]
    by_worker = Counter(line["pid"] for line in answered if line["user_agent"] == "spread")
    assert sum(by_worker.values()) == 48
    # 16 connections, each to either worker: all on one by chance once in 30 000 runs.
    assert len(by_worker) == 2, by_worker


def test_a_demo_serves_its_pages_with_one_process_on_sqlite(tmp_path):
    """`make demo`'s way: SQLite, one worker, no Redis, a key from the instance folder."""
    env = {"AREALWEB_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    for command in ("init", "load-demo"):
        subprocess.run([*AREALWEB, command], env={**os.environ, **env}, cwd=tmp_path, check=True)
    with serve(tmp_path, env) as server:
        page = requests.get(server.url + "/", timeout=30)
        assert page.status_code == 200
        # Leaflet and the map's own scripts come from the server itself, under gunicorn too.
        assets = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css)[^"]*)"', page.text)
        assert any("leaflet" in asset for asset in assets), assets
        for asset in assets:
            assert requests.get(server.url + asset, timeout=10).status_code == 200, asset
        zones = requests.get(server.url + "/api/v1/zones", timeout=30).json()
        assert "Sandvika" in {zone["properties"]["name"] for zone in zones["features"]}
    assert "Booting worker" in server.log.read_text()


def _stored_comment_ids(url: str, folder) -> set[str]:
    from arealweb.services.participation import list_comments

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "UPLOAD_FOLDER": folder / "up"})
    with app.app_context():
        found = {c.id for c in list_comments(current_store(), public=False)}
        current_store().engine.dispose()
    return found


def test_a_killed_instance_loses_nothing_it_answered_and_the_other_serves_on(
    demo_database_url, redis_url, tmp_path
):
    env = {**_env(demo_database_url, redis_url), "AREALWEB_COMMENT_RATE_LIMIT": "off"}
    before = _stored_comment_ids(demo_database_url, tmp_path)
    accepted: list[str] = []
    with serve(tmp_path, env, "--workers", "2") as a, serve(tmp_path, env, "--workers", "2") as b:
        for turn in range(40):
            server = (a, b)[turn % 2]
            if turn == 15:
                os.killpg(a.process.pid, signal.SIGKILL)  # master and workers, mid-stream
            try:
                answer = requests.post(server.url + "/api/v1/comments", json=comment(), timeout=30)
            except requests.ConnectionError:
                assert server is a and turn >= 15
                continue
            if answer.status_code == 201:
                accepted.append(answer.json()["id"])
        assert a.process.wait(10) == -signal.SIGKILL
        assert requests.get(b.url + "/readyz", timeout=10).status_code == 200
    assert len(accepted) >= 20 + 7  # all of b's, and a's before the kill
    assert set(accepted) <= _stored_comment_ids(demo_database_url, tmp_path) - before


def test_sigterm_lets_a_request_in_flight_finish(demo_database_url, redis_url, tmp_path):
    """The request's body is still arriving when SIGTERM comes: it is answered all the same,
    then the server exits 0."""
    import socket

    env = {**_env(demo_database_url, redis_url), "AREALWEB_COMMENT_RATE_LIMIT": "off"}
    body = json.dumps(comment()).encode()
    with serve(tmp_path, env) as server:
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            head = (
                f"POST /api/v1/comments HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            )
            connection.sendall(head.encode() + body[:20])
            time.sleep(1)  # the worker is reading the body
            server.process.send_signal(signal.SIGTERM)
            time.sleep(1)
            connection.sendall(body[20:])
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert server.process.wait(60) == 0
    assert answer.startswith(b"HTTP/1.1 201"), answer[:300]
    assert b"Handling signal: term" in server.log.read_bytes()


def test_a_stop_ends_open_streams_instead_of_waiting_for_them(
    demo_database_url, redis_url, tmp_path
):
    """A worker asked to stop ends its live streams at once (the browsers reconnect elsewhere)
    rather than holding the stop for as long as GRACEFUL_SECONDS allows."""
    token = _planner(demo_database_url, tmp_path)
    env = {**_env(demo_database_url, redis_url), "AREALWEB_GRACEFUL_SECONDS": "120"}
    bearer = {"Authorization": f"Bearer {token}"}
    with serve(tmp_path, env) as server:
        workshop, _ = _workshop(server.url, bearer)
        stream = EventStream(f"{server.url}/api/v1/workshops/{workshop}/events", bearer)
        stream.next_event()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(30) == 0  # far less than the 120 s a held stream would take
        with pytest.raises(AssertionError, match="the stream ended"):
            stream.next_event()
