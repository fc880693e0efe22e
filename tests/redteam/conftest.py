"""The world the red-team corpus attacks: the demo plan, a planner, an admin and a council
member with their sign-ins, a workshop with a sketch, a goal comment and a word, and a
citizen's comment with its receipt, on a fresh database of each kind for every test."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services import participation, scenarios, workshops
from arealweb.services.accounts import create_token
from tests.comments import feature
from tests.conftest import BACKENDS, SQLiteFactory, _demo
from tests.places import HASLUM

PASSWORD = "et-langt-passord"
QUICK_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
"""The fixture's accounts skip the slow hash: the corpus signs in on every page test."""

NO_LIMITS = {
    "COMMENT_RATE_LIMIT": "off",
    "LOGIN_RATE_LIMIT": "off",
    "JOIN_RATE_LIMIT": "off",
    "JOIN_WORKSHOP_RATE_LIMIT": "off",
    "BASEMAPS": "none",
}
"""The corpus sends hundreds of requests from one address; limits would answer 429 to most."""


@pytest.fixture(scope="session")
def sqlite_factory(tmp_path_factory):
    """SQLite files in memory-backed storage where the machine has it: the corpus commits
    thousands of times, and each commit to disk waits for the disk (PostgreSQL runs with
    fsync off for the tests already)."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix="arealweb-redteam-", dir=shm))
        yield SQLiteFactory(root)
        shutil.rmtree(root, ignore_errors=True)
    else:
        yield SQLiteFactory(tmp_path_factory.mktemp("redteam-db"))


@dataclass
class World:
    """Real ids from the demo and from what the fixture made, and who is asking."""

    app: object
    zone: str
    goal: str
    goal_parent: str
    arealstrategi: str
    consultation: str
    workshop: str
    code: str
    prompt: str
    sketch: str
    workshop_comment: str
    comment: str
    receipt: str
    token_id: int
    bearer: str
    scenario: str

    def store(self):
        with self.app.app_context():
            return current_store()


def _redteam_app(url: str, uploads: Path):
    """The demo app at ``url`` with its rate limits off."""
    from arealweb.app import create_app

    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret",
            "UPLOAD_FOLDER": uploads,
            "DRAWINGS_FOLDER": uploads.parent / f"{uploads.name}-drawings",
            **NO_LIMITS,
        }
    )
    app.config["TESTING"] = True
    yield app
    from arealweb.services.live import stop_listening
    from arealweb.web.drawn_pdf import wait_for_drawings

    wait_for_drawings()  # a PDF the attack asked for is drawn before its database goes

    with app.app_context():
        stop_listening(current_store())
        current_store().engine.dispose()


@pytest.fixture
def world(demo_database_url, tmp_path) -> World:
    """A world of its own for a test that writes."""
    for app in _redteam_app(demo_database_url, tmp_path / "uploads"):
        yield _populated(app)


@pytest.fixture(scope="module", params=BACKENDS)
def shared_world(request, tmp_path_factory) -> World:
    """One world for every test of a module that only reads: a database costs more to make
    than the requests a read-only route is sent."""
    factory = request.getfixturevalue(
        "postgis_factory" if request.param == "postgis" else "sqlite_factory"
    )
    url = factory.new("demo", _demo)
    for app in _redteam_app(url, tmp_path_factory.mktemp("uploads")):
        yield _populated(app)


def _populated(app) -> World:
    with app.app_context():
        store = current_store()
        with store.write() as repo:
            for name, role in (
                ("kari", Role.PLANNER),
                ("anna", Role.ADMIN),
                ("rita", Role.COUNCIL),
            ):
                repo.accounts.add_user(name, QUICK_HASH, role)
        bearer = create_token(store, "kari")
        create_token(store, "rita")
        found = workshops.create_workshop(
            store,
            {
                "title": "Verksted",
                "groups": ["Gruppe 1", "Gruppe 2"],
                "prompts": ["Hva er bra?"],
                "focus_goal_ids": ["2020.hm1"],
            },
            "kari",
        )
        code = found.groups[0].code
        sketch = workshops.add_sketch(
            store,
            found.id,
            code,
            {"type": "Feature", "properties": {"kind": "protect"}, "geometry": HASLUM},
        )
        remark = workshops.add_comment(
            store, found.id, code, {"goal_id": "2020.hm1", "stance": "keep", "text": "Bra"}
        )
        workshops.add_word(store, found.id, code, {"prompt": "Hva er bra?", "word": "skog"})
        posted = participation.post_comment(
            store,
            feature(kind="bra her", text="Fin sti"),
            today=date.today(),
            tolerance_m=app.config["BOUNDARY_TOLERANCE_M"],
        )
        with store.read() as repo:
            token_id = repo.accounts.tokens(repo.accounts.existing_user("rita"))[0].id
        plan_b = scenarios.create_scenario(store, "Vekst på Haslum", actor="kari")
        scenarios.save_change(
            store,
            plan_b.id,
            None,
            {
                "type": "Feature",
                "properties": {"name": "Haslum", "kind": "development", "category": "vekstområde"},
                "geometry": HASLUM,
            },
            expected_version=plan_b.version,
            actor="kari",
            tolerance_m=app.config["BOUNDARY_TOLERANCE_M"],
        )
    return World(
        app=app,
        zone="sandvika",
        goal="2020.hm1",
        goal_parent="2020.hm2",
        arealstrategi="2020.hm1.d1.s1.a1",
        consultation="baerum-2040",
        workshop=found.id,
        code=code,
        prompt="Hva er bra?",
        sketch=sketch.id,
        workshop_comment=remark.id,
        comment=posted.comment.id,
        receipt=posted.receipt,
        token_id=token_id,
        bearer=bearer,
        scenario=plan_b.id,
    )


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def signed_in_client(app, name: str | None):
    """A test client signed in as ``name`` through the sign-in page (anonymous for None),
    and the CSRF token its forms carry."""
    client = app.test_client()
    token = csrf_of(client.get("/logg-inn").get_data(as_text=True))
    if name is not None:
        answer = client.post(
            "/logg-inn", data={"name": name, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 302, answer.data[:300]
        token = csrf_of(client.get("/konto").get_data(as_text=True))
    return client, token
