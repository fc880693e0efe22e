"""Time the moderation queue page and the mail sender.

    python benchmarks/moderation_queue.py [--comments 100,500] [--runs 3] [--mails 200]

The queue: GET /innspill/moderering as a planner with N comments in the consultation (each card
with its SVG spot map and the place in words), whole and filtered to one kind and state, the
median of --runs requests through Flask's test client; and one spot map alone. The sender:
--mails answers' mails queued, then `send_due` over one connection to a local aiosmtpd server.
SQLite (a temporary file), the demo plan.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from arealweb.app import create_app
from arealweb.domain.accounts import Role
from arealweb.domain.mail import OutgoingMail
from arealweb.domain.participation import CommentKind
from arealweb.http.store import current_store
from arealweb.render.spotmaps import spot_svg
from arealweb.services import mail, plan
from arealweb.services.accounts import create_user
from arealweb.services.demo import load_demo
from arealweb.services.live import stop_listening
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.comments_api import synthetic_comments
from tests.mailserver import MailServer
from tests.web.conftest import csrf

PASSWORD = "langt-nok-passord"


def _median_ms(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def queue(count: int, runs: int, folder: Path) -> None:
    url = f"sqlite:///{folder / f'queue-{count}.sqlite3'}"
    engine = create_engine(url)
    migrate(engine)
    store = Store(engine)
    load_demo(store)
    synthetic_comments(store, count)
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
        zones = plan.zones(current_store())
    client = app.test_client()
    form = client.get("/logg-inn").data.decode()
    client.post("/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)})
    for path, what in [
        ("/innspill/moderering", "whole queue"),
        ("/innspill/moderering?kind=forslag&status=published", "one kind"),
    ]:
        answer = client.get(path)
        assert answer.status_code == 200
        ms = _median_ms(lambda path=path: client.get(path), runs)
        cards = answer.data.count(b"data-spot-map")
        print(
            f"  {count:>5} comments, {what:<12} {cards:>5} cards  {ms:8.0f} ms  "
            f"{len(answer.data) / 1e6:5.2f} MB"
        )
    with app.app_context():
        stop_listening(current_store())
        current_store().engine.dispose()
    point = zones[0].geometry.representative_point()
    ms = _median_ms(lambda: spot_svg(point, CommentKind.FORSLAG, zones, "x"), 50)
    print(f"  one spot map over {len(zones)} zones: {ms:.2f} ms")


def sender(count: int, folder: Path) -> None:
    url = f"sqlite:///{folder / 'mail.sqlite3'}"
    engine = create_engine(url)
    migrate(engine)
    store = Store(engine)
    now = datetime.now(UTC)
    with store.write() as repo:
        for i in range(count):
            repo.outbox.enqueue(
                OutgoingMail(f"person{i}@example.no", "Svar", f"Svar nummer {i}.\n" * 20), now
            )
    with MailServer() as server:
        smtp = mail.SmtpServer("127.0.0.1", port=server.port, security="none")
        start = time.perf_counter()
        done = mail.send_due(store, smtp, now=now)
        seconds = time.perf_counter() - start
        assert done.sent == count == len(server.mailbox.messages)
    print(f"  {count} mails sent in {seconds:.2f} s ({count / seconds:.0f} a second)")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", default="100,500")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mails", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("Moderation queue (SQLite, demo plan):")
        for count in [int(n) for n in options.comments.split(",")]:
            queue(count, options.runs, Path(folder))
        print("Mail sender (aiosmtpd on 127.0.0.1):")
        sender(options.mails, Path(folder))


if __name__ == "__main__":
    main()
