"""Real servers for tests: Debian's redis-server and ``arealweb serve`` as separate processes,
each on a free port of 127.0.0.1, stopped at the end. A missing redis-server fails the test
(``.ci/run`` installs it), never skips it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
AREALWEB = [sys.executable, "-c", "from arealweb.cli import main; main()"]
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until(ready, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped at start:\n{log.read_text()}", pytrace=False)
        if ready():
            return
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"{what} did not answer in {START_SECONDS} s:\n{log.read_text()}", pytrace=False)


@contextmanager
def redis_server(folder: Path):
    """A throwaway Redis (no persistence); yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: apt-get install redis-server", pytrace=False)
    port = free_port()
    log = folder / f"redis-{port}.log"
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "no", "--dir", str(folder)], stdout=out, stderr=subprocess.STDOUT
        )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    _wait_until(answers, "redis-server", process, log)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


class Instance:
    """One ``arealweb serve`` process: its URL, log, and how to stop it."""

    def __init__(self, process: subprocess.Popen, url: str, log: Path) -> None:
        self.process, self.url, self.log = process, url, log

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(60)


@contextmanager
def serve(folder: Path, env: dict[str, str], *args: str):
    """``arealweb serve`` with ``env`` (AREALWEB_* settings) on a free port, ready to answer."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    environ = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
    with log.open("w") as out:
        process = subprocess.Popen(
            [*AREALWEB, "serve", "--port", str(port), *args],
            cwd=folder,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    instance = Instance(process, f"http://127.0.0.1:{port}", log)

    def answers() -> bool:
        try:
            return requests.get(instance.url + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    _wait_until(answers, "arealweb serve", process, log)
    try:
        yield instance
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
