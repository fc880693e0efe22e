"""Signing in through the pages, with CSRF on, for the tests of planners' and council pages."""

import re

import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_user

PASSWORD = "langt-nok-passord"


def csrf(html: str) -> str:
    """The CSRF token a page's form carries."""
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


@pytest.fixture
def signed_in(app, client):
    """``signed_in("kari")`` (a planner) or ``signed_in("rita")`` (council): the client, signed in."""
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
        create_user(current_store(), "rita", Role.COUNCIL, PASSWORD)

    def as_(name):
        form = client.get("/logg-inn").data.decode()
        client.post(
            "/logg-inn", data={"name": name, "password": PASSWORD, "csrf_token": csrf(form)}
        )
        return client

    return as_
