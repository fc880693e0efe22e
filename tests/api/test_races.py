"""Check-then-write pairs raced over real HTTP on both databases: the database decides, so
exactly one of several identical requests wins and the others are told why."""

import json
import threading
import urllib.error
import urllib.request

from werkzeug.serving import make_server

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services import workshops
from arealweb.services.accounts import create_token, create_user
from tests.places import HASLUM

RACERS = 6


def race(app, path: str, token: str, document: dict | None = None) -> list[tuple[int, dict]]:
    """POST ``document`` to ``path`` from RACERS threads released at the same moment; the
    statuses and bodies, sorted by status."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    start = threading.Barrier(RACERS)
    answers = []

    def send() -> None:
        call = urllib.request.Request(
            f"http://127.0.0.1:{server.server_port}{path}",
            data=json.dumps(document or {}).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        start.wait()
        try:
            with urllib.request.urlopen(call, timeout=60) as answer:
                answers.append((answer.status, _parsed(answer.read())))
        except urllib.error.HTTPError as refused:
            answers.append((refused.code, _parsed(refused.read())))

    threads = [threading.Thread(target=send) for _ in range(RACERS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.shutdown()
    return sorted(answers, key=lambda answer: answer[0])


def _parsed(text: bytes) -> dict:
    try:
        return json.loads(text)
    except ValueError:
        return {"text": text.decode(errors="replace")}


def planner_token(app) -> str:
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
        return create_token(current_store(), "kari")


def test_six_planners_making_one_sketch_a_draft_zone_at_once_make_one_zone(app):
    token = planner_token(app)
    with app.app_context():
        found = workshops.create_workshop(
            current_store(), {"title": "Kappløp", "groups": ["Gruppe 1"]}, "kari"
        )
        sketch = workshops.add_sketch(
            current_store(),
            found.id,
            found.groups[0].code,
            {"type": "Feature", "properties": {"kind": "new development"}, "geometry": HASLUM},
        )
    zones_before = {z.id for z in _zones(app)}

    answers = race(app, f"/api/v1/workshops/{found.id}/sketches/{sketch.id}/zone", token)

    assert [status for status, _ in answers] == [201] + [409] * (RACERS - 1)
    made = answers[0][1]["id"]
    for _, refused in answers[1:]:
        assert refused["error"]["message"] == f"skissen er allerede gjort til sonen {made}"
    new_zones = {z.id for z in _zones(app)} - zones_before
    assert new_zones == {made}
    with app.app_context(), current_store().read() as repo:
        assert [v.action.value for v in repo.zones.history(made)] == ["create"]
        assert repo.workshops.sketch(found.id, sketch.id).zone_id == made


def test_six_planners_creating_a_zone_with_one_id_at_once_make_one_zone(app):
    token = planner_token(app)
    feature = {
        "type": "Feature",
        "properties": {
            "id": "haslum-kapplop",
            "name": "Haslum",
            "kind": "development",
            "category": "bymessig område",
            "goal_ids": ["2020.hm2.d2.s1.a1"],
        },
        "geometry": HASLUM,
    }

    answers = race(app, "/api/v1/zones", token, feature)

    assert [status for status, _ in answers] == [201] + [409] * (RACERS - 1)
    for _, refused in answers[1:]:
        assert refused["error"]["message"] == "det finnes allerede en sone med id haslum-kapplop"
    with app.app_context(), current_store().read() as repo:
        assert [v.action.value for v in repo.zones.history("haslum-kapplop")] == ["create"]


def _zones(app):
    with app.app_context(), current_store().read() as repo:
        return repo.zones.all()
