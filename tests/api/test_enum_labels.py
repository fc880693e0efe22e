"""Enumerated values are read as people write them: by code or by the label a page shows, in
bokmål or English, whatever the case. Anything else is refused with the accepted values
listed, and nothing is stored.

A client that sent back ``"theme": "Møteplasser og nærmiljøer"`` — as the comment form and the
goal pages show it — used to be refused; only the lower-case code passed.
"""

from __future__ import annotations

import json

import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services import participation
from tests.api.test_editing import new_zone, tokens  # noqa: F401 (fixture)
from tests.api.test_participation_input import comment, refused
from tests.conftest import snapshot


def stored_comment_theme(app, comment_id: str) -> str:
    with app.app_context():
        found = participation.list_comments(current_store(), public=False)
    return next(c.theme.value for c in found if c.id == comment_id)


@pytest.mark.parametrize(
    "theme",
    [
        "Møteplasser og nærmiljøer",
        "MØTEPLASSER OG NÆRMILJØER",
        "  møteplasser   og nærmiljøer ",
        "Meeting places and neighbourhoods",
    ],
)
def test_a_comment_is_taken_with_its_theme_and_kind_as_the_page_shows_them(app, client, theme):
    response = client.post("/api/v1/comments", json=comment(theme=theme, kind="Problem her"))
    assert response.status_code == 201, response.data[:500]
    created = json.loads(response.data)
    assert stored_comment_theme(app, created["id"]) == "møteplasser og nærmiljøer"


def test_an_unknown_theme_is_refused_naming_every_accepted_value_and_nothing_is_stored(app, client):
    with app.app_context():
        before = snapshot(current_store())
    sent = client.post("/api/v1/comments", json=comment(theme="Møteplass"))
    problems = refused(sent, "properties.theme")
    message = next(p["message"] for p in problems if p["where"] == "properties.theme")
    assert "«Møteplass» er ukjent" in message
    for code in ("å leve i bærum", "møteplasser og nærmiljøer", "klima og miljø"):
        assert code in message
    with app.app_context():
        assert snapshot(current_store()) == before


def test_a_planner_creates_a_zone_with_kind_category_and_status_as_labels(client, tokens):  # noqa: F811
    response = client.post(
        "/api/v1/zones",
        json=new_zone(
            id="haslum",
            kind="Utviklingsområde",
            category="BYMESSIG OMRÅDE",
            status="Framtidig",
        ),
        headers=tokens[Role.PLANNER],
    )
    assert response.status_code == 201, response.data[:500]
    shown = json.loads(client.get("/api/v1/zones/haslum").data)["properties"]
    assert (shown["kind"], shown["category"], shown["status"]) == (
        "development",
        "bymessig område",
        "framtidig",
    )


def test_a_category_of_another_kind_is_still_refused_with_the_kinds_categories(client, tokens):  # noqa: F811
    response = client.post(
        "/api/v1/zones", json=new_zone(category="Marka"), headers=tokens[Role.PLANNER]
    )
    assert response.status_code == 422
    message = json.loads(response.data)["error"]["problems"][0]["message"]
    assert "kategorien «marka» finnes ikke for development" in message
    assert "vekstområde, knutepunkt, bymessig område, næringsområde" in message


@pytest.mark.parametrize("given", ["Vernet område", "PROTECTION", "Protected area"])
def test_query_parameters_take_labels_too(client, given):
    listed = json.loads(client.get("/api/v1/zones", query_string={"kind": given}).data)
    kinds = {f["properties"]["kind"] for f in listed["features"]}
    assert kinds == {"protection"}


def test_an_unknown_query_value_names_the_accepted_values(client):
    response = client.get("/api/v1/zones", query_string={"kind": "vern"})
    assert response.status_code == 400
    error = json.loads(response.data)["error"]
    text = json.dumps(error, ensure_ascii=False)
    assert "development, protection, corridor" in text
