"""The planners' forms for citizens' input read the same models as the API (lax, since a
form's values are all text): a value no field can use is said back by name, never a 500, and
changes nothing."""

import json

import pytest

from arealweb.http.store import current_store
from tests.comments import feature
from tests.conftest import snapshot
from tests.web.conftest import csrf

COMMENT = feature()


def store_of(app):
    with app.app_context():
        return current_store()


@pytest.fixture
def queue(client, signed_in):
    """A pending comment's id and the moderation page's CSRF token, signed in as a planner."""
    comment_id = json.loads(client.post("/api/v1/comments", json=COMMENT).data)["id"]
    signed_in("kari")
    return comment_id, csrf(client.get("/innspill/moderering").data.decode())


def _flash(client) -> str:
    return client.get("/innspill/moderering").data.decode()


@pytest.mark.parametrize(
    ("path", "form", "said"),
    [
        ("moderering", {"action": "sur"}, "Handling: «sur» er ukjent; bruk en av:"),
        ("moderering", {}, "Handling: mangler"),
        (
            "moderering",
            {"action": "hide", "reason": "x" * 501},
            "Grunn til å skjule: kan være høyst 500 tegn",
        ),
        ("svar", {"status": "kanskje", "text": "Takk"}, "Behandling: «kanskje» er ukjent"),
        (
            "svar",
            {"status": "tatt til følge", "text": "x" * 5001},
            "Svar til innsenderen: kan være høyst 5000",
        ),
        ("svar", {"status": "tatt til følge", "text": "Takk", "zone_id": "a b"}, "Sone: kan"),
    ],
)
def test_a_moderation_form_value_no_field_can_use_is_said_back_by_name(
    client, app, queue, path, form, said
):
    comment_id, token = queue
    before = snapshot(store_of(app))
    answer = client.post(f"/innspill/{comment_id}/{path}", data={**form, "csrf_token": token})
    assert answer.status_code == 302
    assert said in _flash(client)
    assert snapshot(store_of(app)) == before


def test_a_newline_in_a_moderation_path_is_refused_not_a_server_error(client, app, queue):
    _, token = queue
    before = snapshot(store_of(app))
    answer = client.post(
        "/innspill/a%0Ab/moderering", data={"action": "approve", "csrf_token": token}
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/innspill/moderering#innspill-a%0Ab"
    assert "comment_id: kan bare ha bokstaver" in _flash(client)
    assert snapshot(store_of(app)) == before


def test_a_form_field_with_a_nul_is_refused_before_the_form_is_read(client, app, queue):
    comment_id, token = queue
    before = snapshot(store_of(app))
    for path, form in [
        ("moderering", {"action": "hide", "reason": "a\x00b"}),
        ("svar", {"status": "tatt til følge", "text": "a\x00b"}),
    ]:
        answer = client.post(f"/innspill/{comment_id}/{path}", data={**form, "csrf_token": token})
        assert answer.status_code == 400
    assert snapshot(store_of(app)) == before


def test_the_moderation_form_approves_and_answers_through_the_same_models(client, queue):
    comment_id, token = queue
    client.post(
        f"/innspill/{comment_id}/moderering", data={"action": "approve", "csrf_token": token}
    )
    client.post(
        f"/innspill/{comment_id}/svar",
        data={"status": "tatt til følge", "text": "Takk", "zone_id": "", "csrf_token": token},
    )
    page = _flash(client)
    assert "Svaret er lagret." in page and 'data-state="published"' in page


CONSULTATION = {
    "title": "Stasjonsbyen Hauger",
    "introduction": "Hva trenger Hauger?",
    "opens_on": "2026-01-01",
    "closes_on": "2030-01-01",
    "moderation": "after",
}


@pytest.mark.parametrize(
    ("form", "said"),
    [
        ({"opens_on": "1. januar"}, "Åpner: må være en dato (ÅÅÅÅ-MM-DD)"),
        ({"moderation": "aldri"}, "Kontroll: «aldri» er ukjent"),
        ({"title": "x" * 301}, "Tittel: kan være høyst 300 tegn"),
        ({"zone_ids": "ikke en sone"}, "Soner runden gjelder: kan bare ha bokstaver"),
        ({"closes_on": "2025-01-01"}, "Stenger: sluttdatoen kommer før åpningsdatoen"),
    ],
)
def test_a_new_consultation_form_value_no_field_can_use_is_said_back_by_name(
    client, app, signed_in, form, said
):
    signed_in("kari")
    token = csrf(client.get("/innspill/runder/ny").data.decode())
    before = snapshot(store_of(app))
    answer = client.post("/innspill/runder/ny", data={**CONSULTATION, **form, "csrf_token": token})
    assert answer.status_code == 422
    assert said in answer.data.decode()
    assert snapshot(store_of(app)) == before


def test_a_new_consultation_from_the_form_reads_dates_and_lists_from_text(client, signed_in):
    signed_in("kari")
    token = csrf(client.get("/innspill/runder/ny").data.decode())
    answer = client.post(
        "/innspill/runder/ny",
        data={**CONSULTATION, "zone_ids": ["kolsas", "sandvika"], "csrf_token": token},
    )
    assert answer.status_code == 302
    [created] = [
        c
        for c in json.loads(client.get("/api/v1/consultations").data)["consultations"]
        if c["title"] == "Stasjonsbyen Hauger"
    ]
    assert created["zone_ids"] == ["kolsas", "sandvika"] and created["moderation"] == "after"
