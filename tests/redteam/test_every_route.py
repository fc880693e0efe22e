"""Every route of the app, as a planner and anonymously (and by join code on a workshop's
routes), with hostile ids, malformed query values, malformed bodies and every known field
malformed in turn: no answer is a 5xx, every API refusal has the error shape with a message,
and a refused write changes nothing (see :mod:`tests.redteam.attack`).

The race of six sketch → draft zone requests (one 201, five 409) is
``tests/api/test_races.py::test_six_planners_making_one_sketch_a_draft_zone_at_once_make_one_zone``.
"""

from __future__ import annotations

import pytest

from tests.redteam.attack import Attack
from tests.redteam.corpus import API_ROUTES, SERVED_FILES, WEB_ROUTES

ROUTES = {**API_ROUTES, **WEB_ROUTES}


def test_the_corpus_knows_every_route_of_the_app(world):
    endpoints = {rule.endpoint for rule in world.app.url_map.iter_rules()} - SERVED_FILES
    assert endpoints - set(ROUTES) == set(), "add the new routes to tests/redteam/corpus.py"
    assert set(ROUTES) - endpoints == set(), "routes the app no longer has"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_no_malformed_request_answers_5xx_or_changes_what_it_refuses(world, endpoint):
    attack = Attack(world)
    for rule in world.app.url_map.iter_rules(endpoint):
        attack.route(rule, ROUTES[endpoint])
    assert attack.sent
    assert not attack.faults, f"{len(attack.faults)} of {attack.sent}:\n" + "\n".join(
        attack.faults
    )
