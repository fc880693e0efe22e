"""Maps and reports drawn only for what changes them, and never too many at once.

The drawings are counted (the drawing functions are wrapped), not timed."""

import threading

import pytest

import arealweb.web.analysis
from arealweb.app import create_app


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


class Counted:
    """Wraps a drawing function: counts its calls and can hold them until released."""

    def __init__(self, draw, hold: bool = False) -> None:
        self.draw = draw
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self.started.set()
        assert self.release.wait(30)
        return self.draw(*args, **kwargs)


@pytest.fixture
def drawings(monkeypatch):
    """The number of maps drawn so far (the report's drawings: tests/web/test_documents.py)."""
    maps = Counted(arealweb.web.analysis.export_map)
    monkeypatch.setattr(arealweb.web.analysis, "export_map", maps)
    return lambda: maps.calls


def test_an_unknown_goal_is_404_before_anything_is_drawn(client, drawings):
    for goal in ["nope", "2020.hm3x", "x" * 500]:
        assert client.get(f"/kart.png?goal={goal}").status_code == 404
        assert client.get(f"/kart.pdf?goal={goal}").status_code == 404
    assert client.get("/kart.png?goal=%00").status_code == 400  # refused before any route
    assert drawings() == 0


def test_junk_parameters_neither_draw_nor_push_real_drawings_out(client, drawings):
    real = client.get("/kart.png?goal=2020.hm3")
    plain = client.get("/kart.png")
    assert drawings() == 2
    for n in range(100):  # more than the cache holds
        assert client.get(f"/kart.png?junk={n}").data == plain.data
        assert client.get(f"/kart.png?goal=2020.hm3&n={n}").data == real.data
    assert client.get("/kart.png?goal=2020.hm3").data == real.data
    assert drawings() == 2


def test_each_language_and_goal_is_drawn_once(client, drawings):
    for _ in range(2):
        client.get("/kart.png")
        client.get("/kart.png?lang=en")
        client.get("/kart.png?goal=2020.hm3")
        client.get("/kart.png?lang=xx")  # an unknown language is the default one
    assert drawings() == 3


def held_drawings(url, tmp_path, monkeypatch, **settings):
    """An app whose maps are held until released, and a way to fetch from it in a thread."""
    held = Counted(arealweb.web.analysis.export_map, hold=True)
    monkeypatch.setattr(arealweb.web.analysis, "export_map", held)
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "x", "UPLOAD_FOLDER": tmp_path, **settings}
    )
    app.config["TESTING"] = True
    answers = {}

    def fetch(name, path):
        thread = threading.Thread(
            target=lambda: answers.__setitem__(name, app.test_client().get(path))
        )
        thread.start()
        return thread

    return app, held, answers, fetch


def test_beyond_the_cap_a_drawing_answers_503_with_retry_after(
    demo_database_url, tmp_path, monkeypatch
):
    app, held, answers, fetch = held_drawings(
        demo_database_url, tmp_path, monkeypatch, MAX_DRAWINGS=1, DRAWING_WAIT_SECONDS=0
    )
    drawing = fetch("first", "/kart.pdf")
    assert held.started.wait(30)
    # The same drawing is waited for, not drawn again; another one is refused.
    same = fetch("same", "/kart.pdf?junk=1")
    busy = app.test_client().get("/kart.png?goal=2020.hm3")
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) > 0
    assert "Det tegnes mange kart akkurat nå" in busy.data.decode()
    held.release.set()
    drawing.join(30)
    same.join(30)
    assert answers["first"].status_code == answers["same"].status_code == 200
    assert answers["first"].data == answers["same"].data
    assert held.calls == 1
    assert app.test_client().get("/kart.png?goal=2020.hm3").status_code == 200
    assert held.calls == 2


def test_within_the_wait_a_drawing_waits_for_room(demo_database_url, tmp_path, monkeypatch):
    _app, held, answers, fetch = held_drawings(
        demo_database_url, tmp_path, monkeypatch, MAX_DRAWINGS=1, DRAWING_WAIT_SECONDS=30
    )
    first = fetch("first", "/kart.pdf")
    assert held.started.wait(30)
    second = fetch("second", "/kart.png")
    second.join(0.3)
    assert second.is_alive() and held.calls == 1  # waiting for room, not drawing
    held.release.set()
    first.join(30)
    second.join(30)
    assert answers["first"].status_code == answers["second"].status_code == 200
    assert held.calls == 2
