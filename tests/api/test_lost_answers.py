"""A commit's answer lost on its way back (a failover, the network at the worst moment), or the
database gone right after it, seen from the user's side on PostGIS: what was stored is answered
as stored, and what they do again after an error is not stored twice."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date

import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services import participation
from arealweb.services.accounts import create_user
from tests.comments import feature as comment
from tests.conftest import _app
from tests.store.lost_answers import LostCommitAnswers
from tests.web.conftest import PASSWORD, csrf

pytestmark = pytest.mark.parametrize(
    "backend", [pytest.param("postgis", marks=pytest.mark.postgis)]
)


@pytest.fixture
def relayed(demo_database_url, tmp_path):
    """An app on the demo database through a relay that can lose a commit's answer."""
    relay = LostCommitAnswers(demo_database_url)
    for app in _app(relay.url, tmp_path):
        yield app, relay
    relay.close()


def _count(demo_store, sql: str) -> int:
    with demo_store.engine.connect() as connection:
        return connection.exec_driver_sql(sql).scalar_one()


def _published(demo_store) -> str:
    posted = participation.post_comment(demo_store, comment(), today=date.today(), tolerance_m=50)
    participation.moderate(demo_store, posted.comment.id, {"action": "approve"}, "kari")
    return posted.comment.id


def test_a_comment_whose_commit_answer_is_lost_is_answered_as_stored(relayed, demo_store):
    app, relay = relayed
    relay.lose_commit_after(b"INSERT INTO comments")
    answer = app.test_client().post("/api/v1/comments", json=comment(text="Tapt svar, lagret"))
    assert relay.lost.is_set()
    assert answer.status_code == 201, answer.get_data(as_text=True)
    stored = "SELECT count(*) FROM comments WHERE text = 'Tapt svar, lagret'"
    assert _count(demo_store, stored) == 1


def test_an_agreement_whose_commit_answer_is_lost_is_answered_as_counted(relayed, demo_store):
    app, relay = relayed
    comment_id = _published(demo_store)
    relay.lose_commit_after(b"INSERT INTO comment_agreements")
    answer = app.test_client().post(f"/api/v1/comments/{comment_id}/agree")
    assert relay.lost.is_set()
    assert answer.status_code == 200 and answer.get_json() == {"agreed": True, "agreements": 1}


def test_an_agreement_clicked_again_after_an_error_counts_once(relayed, demo_store):
    """The database is gone for a moment as it counts the "enig": whether it did cannot be
    told, so the answer is an error; the browser keeps its voter id all the same, and the
    click again, once the database is back, is the same person's."""
    app, relay = relayed
    comment_id = _published(demo_store)
    client = app.test_client()
    relay.lose_commit_after(b"INSERT INTO comment_agreements", refusing=1)
    failed = client.post(f"/api/v1/comments/{comment_id}/agree")
    assert failed.status_code == 503
    assert "arealweb_voter=" in failed.headers["Set-Cookie"]
    again = client.post(f"/api/v1/comments/{comment_id}/agree")
    assert again.status_code == 200 and again.get_json() == {"agreed": False, "agreements": 1}
    rows = f"SELECT count(*) FROM comment_agreements WHERE comment_id = '{comment_id}'"
    assert _count(demo_store, rows) == 1


def _scenario_names(demo_store) -> list[str]:
    with demo_store.engine.connect() as connection:
        return list(connection.exec_driver_sql("SELECT name FROM scenarios").scalars())


def test_a_scenario_made_as_the_database_goes_is_answered_as_made(relayed, planner, demo_store):
    """The database is gone right after the commit that made the scenario: the answer is built
    from what that transaction read, so the planner is told it is made (201) — a 503 would
    have them make it again."""
    app, relay = relayed
    relay.gone_after_commit(b"INSERT INTO scenarios", refusing=1)
    answer = app.test_client().post(
        "/api/v1/scenarios", json={"name": "Vekst på Fornebu"}, headers=planner["planner"]
    )
    assert relay.lost.is_set()
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert answer.get_json()["conflicts"] == []
    assert _scenario_names(demo_store) == ["Vekst på Fornebu"]


def test_a_scenario_imported_as_the_database_goes_is_answered_with_its_conflicts(
    relayed, planner, demo_store
):
    app, relay = relayed
    exported = app.test_client().get("/api/v1/zones/sandvika").get_json()
    exported["properties"].update(id="sandvika", name="Sandvika fra den gamle fila")
    with demo_store.write() as repo:  # the plan moves on after the export
        zone = repo.zones.find("sandvika")
        repo.zones.save(dataclasses.replace(zone, description="nyere i planen"), actor="ola")
    upload = json.dumps({"type": "FeatureCollection", "features": [exported]}).encode()
    relay.gone_after_commit(b"INSERT INTO scenario_changes", refusing=1)
    answer = app.test_client().post(
        "/api/v1/scenarios/import",
        data={"name": "Gammel fil", "file": (io.BytesIO(upload), "gammel.geojson")},
        headers=planner["planner"],
        content_type="multipart/form-data",
    )
    assert relay.lost.is_set()
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert [c["zone_id"] for c in answer.get_json()["conflicts"]] == ["sandvika"]
    assert _scenario_names(demo_store) == ["Gammel fil"]


def test_a_token_made_as_the_database_goes_is_shown_all_the_same(relayed):
    """The account page's answer is the only place a new token is ever shown: with the
    database gone right after the token is stored, it is shown without the lists beside it,
    and says so, rather than lost behind a 503."""
    app, relay = relayed
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
    client = app.test_client()
    form = client.get("/logg-inn").data.decode()
    client.post("/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)})
    page = client.get("/konto").data.decode()
    relay.gone_after_commit(b"INSERT INTO api_tokens", refusing=10)
    made = client.post("/konto/tokener", data={"label": "QGIS", "csrf_token": csrf(page)})
    assert relay.lost.is_set()
    assert made.status_code == 201
    html = made.data.decode()
    assert re.search(r"<code data-new-token>aw_[^<]+</code>", html)
    assert "kunne ikke leses nå; last siden på nytt" in html
