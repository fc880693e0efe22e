"""Join codes: guessing is refused after a few wrong codes per address and per workshop, a
room of groups on one address joins freely, and a closed workshop's codes stop working."""

import json

import pytest

from arealweb.http.store import current_store
from arealweb.services import workshops
from tests.web.conftest import csrf

ROOM = "10.1.2.3"
GUESSER = "10.6.6.6"
WORD = {"prompt": "Bærum 2040", "word": "grønn"}


def body(response):
    return json.loads(response.data)


@pytest.fixture
def workshop(app):
    with app.app_context():
        return workshops.create_workshop(
            current_store(),
            {
                "title": "Romverksted",
                "groups": [f"Gruppe {n}" for n in range(1, 11)],
                "prompts": ["Bærum 2040"],
            },
            "kari",
        )


def join(client, code, address=ROOM):
    """Type ``code`` on the join page from ``address``."""
    form = client.get("/verksted/bli-med", environ_base={"REMOTE_ADDR": address}).data.decode()
    return client.post(
        "/verksted/bli-med",
        data={"code": code, "csrf_token": csrf(form)},
        environ_base={"REMOTE_ADDR": address},
    )


def post_word(client, workshop, code, address=ROOM):
    return client.post(
        f"/api/v1/workshops/{workshop.id}/words",
        json=WORD,
        headers={"X-Join-Code": code},
        environ_base={"REMOTE_ADDR": address},
    )


def wrong_codes(workshop, count):
    taken = {g.code for g in workshop.groups}
    candidates = (f"ZZZZ{a}{b}" for a in "23456789" for b in "23456789")
    return [c for c in candidates if c not in taken][:count]


def test_guessing_codes_is_refused_with_429_after_the_limit_even_for_a_right_code(
    app, client, workshop
):
    app.config["JOIN_RATE_LIMIT"] = "5/10minutes"
    for code in wrong_codes(workshop, 5):
        assert join(client, code, GUESSER).status_code == 404
    refused = join(client, "ZZZZZZ", GUESSER)
    assert refused.status_code == 429
    assert "for mange feil gruppekoder på kort tid; vent 10 minutter" in refused.data.decode()
    assert 540 < int(refused.headers["Retry-After"]) <= 600
    # The right code is refused too while the limit holds: a guesser learns nothing more.
    assert join(client, workshop.groups[0].code, GUESSER).status_code == 429
    api = post_word(client, workshop, workshop.groups[0].code, GUESSER)
    assert api.status_code == 429
    assert body(api)["error"]["code"] == "too_many_requests"
    assert body(api)["error"]["message"].startswith("for mange feil gruppekoder")
    assert 540 < int(api.headers["Retry-After"]) <= 600
    # Another address is not held up by the guesser.
    assert join(app.test_client(), workshop.groups[0].code, ROOM).status_code == 302


def test_wrong_codes_for_one_workshop_from_many_addresses_lock_its_codes_for_strangers(
    app, client, workshop
):
    app.config["JOIN_WORKSHOP_RATE_LIMIT"] = "8/10minutes"
    url = f"/api/v1/workshops/{workshop.id}"
    for n, code in enumerate(wrong_codes(workshop, 8)):
        guess = client.get(
            url, headers={"X-Join-Code": code}, environ_base={"REMOTE_ADDR": f"10.9.0.{n}"}
        )
        assert guess.status_code == 404
    refused = client.get(
        url,
        headers={"X-Join-Code": workshop.groups[0].code},
        environ_base={"REMOTE_ADDR": "10.9.1.1"},
    )
    assert refused.status_code == 429


def test_a_room_of_ten_groups_on_one_address_joins_and_posts_even_with_typos(app, client, workshop):
    assert app.config["JOIN_RATE_LIMIT"] == "20/10minutes"  # the default
    devices = [app.test_client() for _ in workshop.groups]
    for device, group in zip(devices, workshop.groups, strict=True):
        typo = group.code[:-1] + ("2" if group.code[-1] != "2" else "3")
        assert join(device, typo, ROOM).status_code == 404
    for device, group in zip(devices, workshop.groups, strict=True):
        joined = join(device, group.code.lower(), ROOM)
        assert joined.status_code == 302 and joined.headers["Location"] == "/verksted/gruppe"
        assert group.name in device.get("/verksted/gruppe").data.decode()
        assert post_word(device, workshop, group.code, ROOM).status_code == 201
    # Someone in the room now guesses and trips the address's limit...
    for code in wrong_codes(workshop, 10):
        assert join(client, code, ROOM).status_code == 404
    assert join(client, "ZZZZZZ", ROOM).status_code == 429
    # ...yet every group that has joined keeps working from its screen.
    for device, group in zip(devices, workshop.groups, strict=True):
        assert group.name in device.get("/verksted/gruppe").data.decode()
        assert post_word(device, workshop, group.code, ROOM).status_code == 201
    with app.app_context():
        assert len(workshops.words(current_store(), workshop.id)) == 20


def test_a_closed_workshops_codes_stop_working_and_readers_need_an_account(
    app, client, workshop, planner
):
    code = workshop.groups[0].code
    device = app.test_client()
    assert join(device, code).status_code == 302
    assert post_word(device, workshop, code).status_code == 201
    url = f"/api/v1/workshops/{workshop.id}"
    assert client.get(url, headers={"X-Join-Code": code}).status_code == 200
    assert client.post(url + "/close", headers=planner["planner"]).status_code == 200

    closed = "verkstedet er avsluttet, og gruppekodene virker ikke lenger; logg inn for å se det"
    typed = join(client, code)
    assert typed.status_code == 409 and closed in typed.data.decode()
    scanned = client.get(f"/verksted/bli-med/{code}")
    assert scanned.status_code == 409 and closed in scanned.data.decode()
    screen = device.get("/verksted/gruppe")
    assert screen.status_code == 409 and closed in screen.data.decode()
    assert "Skriv inn gruppekoden" in screen.data.decode()
    feed = body(client.get(url + "/feed", headers={"X-Join-Code": code}))
    assert feed["closed"] is True
    assert (feed["sketches"]["features"], feed["comments"], feed["words"]) == ([], [], [])
    assert len(body(client.get(url + "/feed", headers=planner["council"]))["words"]) == 1
    for path in ("", "/sketches", "/comments", "/words"):
        read = client.get(url + path, headers={"X-Join-Code": code})
        assert read.status_code == 409, path
        assert body(read)["error"] == {
            "status": 409,
            "code": "workshop_closed",
            "message": closed,
            "problems": [{"message": closed, "where": None}],
        }
    posted = post_word(device, workshop, code)
    assert posted.status_code == 409
    assert body(posted)["error"]["message"] == "verkstedet er avsluttet og tar ikke imot mer"
    assert client.get(url + "/words", headers=planner["council"]).status_code == 200
    assert body(client.get(url, headers=planner["council"]))["closed"] is True
