"""``arealweb serve``: arealweb as a municipality runs it — gunicorn, several worker processes
with threads each, graceful shutdown, JSON access logs, and the daily forgetting of personal
data.

gunicorn, not waitress: it runs several processes (one process's threads share one GIL, and
map drawing, exports and analyses are CPU work), restarts a worker that dies, stops gracefully
on SIGTERM (requests in flight are finished, for ``GRACEFUL_SECONDS``), and is what Debian,
systemd units and nginx guides expect. Its ``gthread`` workers hold ``THREADS`` requests each,
so a worker waiting on the database or a slow client does not hold up the rest.

Every worker builds its own app (after the fork: no shared database connections). Before it
starts, ``serve`` checks what would go wrong only with several processes: counting rate limits
in each process's memory (each would allow the whole limit) and a session key each process
might generate on its own (a sign-in on one would be unknown to the next).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode

import click
from flask import current_app
from flask.cli import with_appcontext
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from gunicorn.util import is_ipv6

from arealweb.http.store import current_store
from arealweb.services.database import UNREACHABLE, is_current, location

DAY_SECONDS = 24 * 60 * 60
SECRET_QUERY = frozenset({"code", "token", "receipt"})
"""Query parameters an access log never writes out (a workshop's join code, say)."""


class JsonAccessLog(Logger):
    """gunicorn's logger writing each request as one JSON line (AREALWEB_ACCESS_LOG=json)."""

    def access(self, resp, req, environ, request_time) -> None:
        if not self.cfg.accesslog:
            return
        query = [
            (name, "…" if name in SECRET_QUERY else value)
            for name, value in parse_qsl(req.query, keep_blank_values=True)
        ]
        record = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "remote": environ.get("REMOTE_ADDR"),
            "method": req.method,
            "path": req.path,
            "query": urlencode(query),
            "status": resp.status_code,
            "bytes": getattr(resp, "sent", None),
            "ms": round(request_time.total_seconds() * 1000, 1),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "pid": os.getpid(),
        }
        self.access_log.info(json.dumps(record, ensure_ascii=False))


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        from arealweb.app import create_app

        return create_app()


def refusals(config, workers: int, secret_from_environment: bool) -> list[str]:
    """Why these settings cannot serve with ``workers`` processes (nothing when they can)."""
    problems = []
    if workers > 1 and str(config["RATE_LIMIT_STORAGE"]).startswith("memory://"):
        problems.append(
            f"{workers} prosesser teller hver sine grenser i minnet, så hver grense ville gjelde "
            f"{workers} ganger: sett AREALWEB_RATE_LIMIT_STORAGE=redis://… (Redis som alle "
            "prosesser og maskiner deler), eller kjør med --workers 1"
        )
    if workers > 1 and not secret_from_environment:
        problems.append(
            "prosessene må dele en fast nøkkel for innlogginger: sett AREALWEB_SECRET_KEY (lang og "
            "tilfeldig, lik på alle maskiner), f.eks. fra "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return problems


def own_sockets(workers: int) -> bool:
    """Whether each worker listens on a socket of its own (SO_REUSEPORT), the kernel spreading
    new connections over them.

    On one shared socket the worker that wakes first accepts them all, and kept-alive
    connections (nginx's upstream keepalive, a load test's clients) stay with it while the
    others idle: 50 clients posting comments to 4 workers all landed on one, with 0.9 of the
    machine's 2 cores idle. What it costs: the master holds no socket, so while a worker
    restarts the connections the kernel gives its socket wait or are reset — hence only with
    several workers (one worker keeps gunicorn's shared socket, open across its restarts), and
    only on Linux, whose kernel spreads connections over such sockets (BSD and macOS do not)."""
    return workers > 1 and sys.platform.startswith("linux")


def _listening(host: str) -> tuple[str, socket.AddressFamily]:
    """The address gunicorn listens on for ``host`` and its family: IPv6 for an IPv6 address
    (brackets or none), IPv4 for anything else, names such as «localhost» included."""
    address = host.strip("[]")
    return address, socket.AF_INET6 if is_ipv6(address) else socket.AF_INET


def _bind(host: str, port: int) -> str:
    """gunicorn's bind address: an IPv6 address in brackets (``[::1]:8000``), as it parses."""
    address, family = _listening(host)
    return f"[{address}]:{port}" if family == socket.AF_INET6 else f"{address}:{port}"


def port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (already taken, say), or ``None``.

    With SO_REUSEPORT the workers would join a port another server listens on with the same
    flag, and share its connections, rather than fail: asked first, without the flag, a port
    anyone listens on is refused (a server starting in the seconds between is not seen). The
    address is bound as gunicorn binds it: IPv6 for an IPv6 address, else IPv4."""
    address, family = _listening(host)
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            # Connections of an earlier server still closing (TIME_WAIT) do not count.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((address, port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return f"{host}:{port} er i bruk av en annen server: velg en annen --port"
        return f"kan ikke lytte på {host}:{port}: {error.strerror or error}"
    return None


def _purge_daily(stop: threading.Event, log) -> None:
    """Run ``arealweb purge-personal`` now and then once a day, as its own process (the
    master forks workers: it must not hold the app's connections or locks)."""
    command = [sys.executable, "-c", "from arealweb.cli import main; main()", "purge-personal"]
    while not stop.is_set():
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        said = (done.stdout + done.stderr).strip()
        if done.returncode == 0:
            log.info("purge-personal: %s", said)
        else:
            log.error("purge-personal failed (%d): %s", done.returncode, said)
        stop.wait(DAY_SECONDS)


def _send_mail(every: int, stop: threading.Event, log) -> None:
    """Keep ``arealweb send-mail --every`` running beside the workers, as its own process
    (sending never holds a worker's thread, nor the master's), and start it again should it
    end; stop it when the server stops."""
    command = [sys.executable, "-c", "from arealweb.cli import main; main()", "send-mail"]
    command += ["--every", str(every)]
    while not stop.is_set():
        sender = subprocess.Popen(command)
        while sender.poll() is None and not stop.wait(1):
            pass
        if sender.poll() is None:
            sender.terminate()
            sender.wait(10)
            return
        log.error("send-mail ended (%d); starting it again in %d s", sender.returncode, every)
        stop.wait(every)


def _worker_ready(worker) -> None:
    """Once a worker has loaded the app: prepared before its first request
    (:func:`~arealweb.app.prepare_worker`), and a stop ends its streams."""
    from arealweb.app import prepare_worker

    prepare_worker(worker.wsgi)
    _end_streams_on_stop(worker)


def _end_streams_on_stop(worker) -> None:
    """A worker asked to stop ends its open live-update streams at once (the browsers reconnect
    to another worker from their last event) instead of holding the stop up to their end."""
    app = worker.wsgi
    previous = signal.getsignal(signal.SIGTERM)

    def stopping(number, frame) -> None:
        from arealweb.http.streams import end_streams

        with app.app_context():
            end_streams()
        if callable(previous):
            previous(number, frame)

    signal.signal(signal.SIGTERM, stopping)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option("--workers", type=click.IntRange(1, 64), help="Processes (AREALWEB_WORKERS).")
@click.option("--threads", type=click.IntRange(1, 256), help="Threads each (AREALWEB_THREADS).")
@with_appcontext
def serve_command(host: str, port: int, workers: int | None, threads: int | None) -> None:
    """Serve arealweb in production: gunicorn with WORKERS processes of THREADS threads."""
    config = current_app.config
    workers = workers or int(config["WORKERS"])
    threads = threads or int(config["THREADS"])
    store = current_store()
    try:
        current = is_current(store)
    except UNREACHABLE as error:
        raise click.ClickException(f"databasen {location(store)} svarer ikke: {error}") from None
    if not current:
        raise click.ClickException(
            f"databasen {location(store)} har ikke nyeste skjema: kjør «arealweb init» først"
        )

    problems = refusals(config, workers, "AREALWEB_SECRET_KEY" in os.environ)
    taken = port_taken(host, port)
    if taken:
        problems.append(taken)
    if problems:
        raise click.ClickException("kan ikke starte:\n- " + "\n- ".join(problems))
    access = str(config["ACCESS_LOG"])
    options: dict[str, object] = {
        "bind": _bind(host, port),
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "graceful_timeout": max(1, round(float(config["GRACEFUL_SECONDS"]))),
        "timeout": 120,
        "keepalive": 5,
        "reuse_port": own_sockets(workers),
        # Proxy headers are ProxyFix's (AREALWEB_TRUSTED_PROXIES), never gunicorn's own guess.
        "forwarded_allow_ips": "",
        "proxy_allow_ips": "",
        "errorlog": "-",
        "accesslog": "-" if access != "off" else None,
        "proc_name": "arealweb",
        # Several instances may run on one machine: no shared control socket in $HOME.
        "control_socket_disable": True,
    }
    if access == "json":
        options["logger_class"] = JsonAccessLog
    stop = threading.Event()
    mail_every = int(config["MAIL_SEND_EVERY_S"]) if config["MAIL_HOST"] else 0

    def when_ready(server) -> None:
        if config["PURGE_DAILY"]:
            threading.Thread(
                target=_purge_daily, args=(stop, server.log), name="purge", daemon=True
            ).start()
        if mail_every:
            sender = threading.Thread(
                target=_send_mail, args=(mail_every, stop, server.log), name="mail", daemon=True
            )
            sender.start()
            senders.append(sender)

    def on_exit(server) -> None:
        stop.set()
        for sender in senders:
            sender.join(15)  # it stops its send-mail process first

    senders: list[threading.Thread] = []
    options["when_ready"] = when_ready
    options["on_exit"] = on_exit
    options["post_worker_init"] = _worker_ready
    store.engine.dispose()  # the workers open their own connections after the fork
    _Gunicorn(options).run()
