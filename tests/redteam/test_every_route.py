"""Every route of the app, as a planner and anonymously (and by join code on a workshop's
routes), with hostile ids, malformed query values, malformed bodies and every known field
malformed in turn: no answer is a 5xx, every API refusal has the error shape with a message,
and a refused write changes nothing (see :mod:`tests.redteam.attack`).

Routes that only read share one world per database; each route that can write gets its own.
The race of six sketch → draft zone requests (one 201, five 409) is
``tests/api/test_races.py::test_six_planners_making_one_sketch_a_draft_zone_at_once_make_one_zone``.
"""

from __future__ import annotations

import shutil
import tempfile

import pytest

from arealweb.app import create_app
from tests.redteam.attack import Attack
from tests.redteam.corpus import API_ROUTES, SERVED_FILES, WEB_ROUTES

ROUTES = {**API_ROUTES, **WEB_ROUTES}


def _methods_by_endpoint() -> dict[str, set[str]]:
    """The methods of every endpoint, from an app that is made and never asked."""
    folder = tempfile.mkdtemp(prefix="arealweb-routes-")
    try:
        app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "UPLOAD_FOLDER": folder})
        found: dict[str, set[str]] = {}
        for rule in app.url_map.iter_rules():
            found.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
        return found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


METHODS = _methods_by_endpoint()
READING = sorted(e for e in ROUTES if METHODS.get(e) == {"GET"})
WRITING = sorted(e for e in ROUTES if e not in READING)


def test_the_corpus_knows_every_route_of_the_app():
    endpoints = set(METHODS) - SERVED_FILES
    assert endpoints - set(ROUTES) == set(), "add the new routes to tests/redteam/corpus.py"
    assert set(ROUTES) - endpoints == set(), "routes the app no longer has"


def _attacked(world, endpoint: str) -> None:
    attack = Attack(world)
    for rule in world.app.url_map.iter_rules(endpoint):
        attack.route(rule, ROUTES[endpoint])
    assert attack.sent
    assert not attack.faults, f"{len(attack.faults)} of {attack.sent}:\n" + "\n".join(attack.faults)


@pytest.mark.parametrize("endpoint", READING)
def test_no_malformed_read_answers_5xx(shared_world, endpoint):
    _attacked(shared_world, endpoint)


@pytest.mark.parametrize("endpoint", WRITING)
def test_no_malformed_write_answers_5xx_or_changes_what_it_refuses(world, endpoint):
    _attacked(world, endpoint)
