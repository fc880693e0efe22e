"""The moderation queue as a planner uses it: a small map and the place in words for each
comment, numbers that stay with the comments, counts per state, and filters in a GET form
that keeps its values; and the answer that goes to an author who gave an e-mail address."""

import copy
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from arealweb.http.store import current_store
from arealweb.services import mail, participation
from tests.mailserver import MailServer
from tests.serve.servers import free_port
from tests.web.conftest import csrf
from tests.web.test_moderation_forms import COMMENT

PUBLIC_URL = "https://arealstrategi.baerum.kommune.no"


def _post(
    client, text, kind="problem her", theme="by- og stedsutvikling", lang=None, host=None, **more
):
    comment = copy.deepcopy(COMMENT)
    comment["properties"].update(text=text, kind=kind, theme=theme, **more)
    path = "/api/v1/comments" + (f"?lang={lang}" if lang else "")
    answer = client.post(path, json=comment, headers={"Host": host} if host else {})
    assert answer.status_code == 201, answer.data
    return json.loads(answer.data)


def _cards(html: str) -> list[tuple[str, str]]:
    """Each card's number and text, in the order the page shows them."""
    return re.findall(
        r'data-number="(\d+)".*?<p class="comment-text">([^<]*)</p>', html, flags=re.S
    )


@pytest.fixture
def three(client, signed_in):
    """Three comments (the second published), signed in as a planner: their ids."""
    ids = [
        _post(client, "Farlig kryss")["id"],
        _post(client, "Fin park", kind="bra her", theme="møteplasser og nærmiljøer")["id"],
        _post(client, "Bygg flere boliger", kind="forslag")["id"],
    ]
    signed_in("kari")
    token = csrf(client.get("/innspill/moderering").data.decode())
    client.post(f"/innspill/{ids[1]}/moderering", data={"action": "approve", "csrf_token": token})
    return ids


def test_each_comment_has_a_number_a_small_map_and_its_place_in_words(client, three):
    html = client.get("/innspill/moderering").data.decode()
    assert _cards(html) == [("1", "Farlig kryss"), ("3", "Bygg flere boliger"), ("2", "Fin park")]
    assert html.count("data-spot-map") == 3
    maps = re.findall(r'<svg[^>]*role="img"[^>]*aria-label="([^"]+)"', html)
    assert len(maps) == 3 and all(label.startswith("Kart: ") for label in maps)
    assert html.count("data-where>") == 3
    assert "Nr. 3" in html


def test_counts_per_state_and_a_filter_that_keeps_its_values(client, three):
    html = client.get("/innspill/moderering?status=pending&kind=forslag").data.decode()
    assert _cards(html) == [("3", "Bygg flere boliger")]
    counts = dict(re.findall(r'data-count="(\w+)"[^>]*>[^<:]+: (\d+)<', html))
    # Counts are of what the other filters let through: one suggestion, waiting.
    assert counts == {"pending": "1", "published": "0", "hidden": "0", "answered": "0", "all": "1"}
    assert re.search(r'<option value="pending"\s+selected>', html)
    assert re.search(r'<option value="forslag"\s+selected>', html)

    html = client.get("/innspill/moderering").data.decode()
    counts = dict(re.findall(r'data-count="(\w+)"[^>]*>[^<:]+: (\d+)<', html))
    assert counts == {"pending": "2", "published": "1", "hidden": "0", "answered": "0", "all": "3"}

    html = client.get("/innspill/moderering?theme=møteplasser og nærmiljøer").data.decode()
    assert _cards(html) == [("2", "Fin park")]
    html = client.get("/innspill/moderering?status=published&kind=forslag").data.decode()
    assert _cards(html) == [] and "Ingen innspill passer filtrene." in html


def test_a_filter_by_zone_finds_the_comments_on_places_inside_it(client, three, app):
    from shapely.geometry import Point

    from arealweb.geo.crs import to_utm, to_wgs84
    from arealweb.services import plan

    with app.app_context():
        zones = plan.zones(current_store())
    where = to_utm([Point(COMMENT["geometry"]["coordinates"])])[0]
    zone = next(z for z in zones if z.kind.is_area and not z.geometry.intersects(where))
    inside = to_wgs84([zone.geometry.representative_point()])[0]
    comment = copy.deepcopy(COMMENT)
    comment["geometry"]["coordinates"] = [inside.x, inside.y]
    comment["properties"]["text"] = "Inne i sonen"
    assert client.post("/api/v1/comments", json=comment).status_code == 201
    html = client.get(f"/innspill/moderering?zone={zone.id}").data.decode()
    assert [text for _, text in _cards(html)] == ["Inne i sonen"]
    assert re.search(rf'<option value="{zone.id}"\s+selected>', html)


def test_an_unknown_filter_value_shows_everything_instead_of_failing(client, three):
    answer = client.get("/innspill/moderering?status=sur&kind=nei&zone=a%0Ab&goal=x")
    assert answer.status_code == 200
    assert len(_cards(answer.data.decode())) == 0  # no comment has the goal «x»
    answer = client.get("/innspill/moderering?status=sur&kind=nei")
    assert len(_cards(answer.data.decode())) == 3


def test_moderating_from_a_filtered_queue_comes_back_to_the_same_filters(client, three):
    html = client.get("/innspill/moderering?status=pending&kind=forslag").data.decode()
    answer = client.post(
        f"/innspill/{three[2]}/moderering",
        data={
            "action": "approve",
            "csrf_token": csrf(html),
            "back_status": "pending",
            "back_kind": "forslag",
            "back_evil": "x",
        },
    )
    assert answer.headers["Location"] == (
        f"/innspill/moderering?status=pending&kind=forslag#innspill-{three[2]}"
    )


@pytest.fixture
def mailing(app):
    app.config.update(
        MAIL_HOST="127.0.0.1",
        MAIL_SECURITY="none",
        MAIL_SENDER="plan@baerum.no",
        PUBLIC_URL=PUBLIC_URL,
    )
    return app


def _outbox(app):
    with app.app_context():
        return mail.outbox(current_store())


def test_the_form_asks_for_an_address_only_when_mail_can_be_sent(client, app):
    assert 'name="email"' not in client.get("/innspill").data.decode()
    app.config["MAIL_HOST"] = "127.0.0.1"
    assert 'name="email"' not in client.get("/innspill").data.decode(), "no PUBLIC_URL yet"
    app.config["PUBLIC_URL"] = PUBLIC_URL
    assert 'name="email"' in client.get("/innspill").data.decode()


def test_an_answer_is_queued_as_a_mail_in_the_authors_language(client, mailing, signed_in):
    posted = _post(client, "Trygg skolevei", lang="en", email="ola@example.no")
    signed_in("kari")
    token = csrf(client.get("/innspill/moderering").data.decode())
    html = client.get("/innspill/moderering").data.decode()
    assert "Vil ha svaret på e-post" in html and "ola@example.no" not in html
    form = {"status": "tatt til følge", "text": "Vi legger inn fortau.", "csrf_token": token}
    client.post(f"/innspill/{posted['id']}/svar", data=form)
    queued = _outbox(mailing)
    assert len(queued) == 1
    sent = queued[0].mail
    assert sent.recipient == "ola@example.no"
    assert sent.subject == "Answer to your comment to Bærum kommune"
    assert "Assessment: Taken into account" in sent.body
    assert "Vi legger inn fortau." in sent.body
    assert f"{PUBLIC_URL}/innspill/kvittering#{posted['receipt_token']}" in sent.body
    # Saving the same answer again sends nothing new; a changed answer replaces the waiting one.
    client.post(f"/innspill/{posted['id']}/svar", data=form)
    assert len(_outbox(mailing)) == 1
    client.post(f"/innspill/{posted['id']}/svar", data={**form, "text": "Fortau i 2031."})
    assert [m.mail.body.count("Fortau i 2031.") for m in _outbox(mailing)] == [1]


def test_no_address_no_mail_and_a_bad_address_is_said_back(client, mailing, signed_in):
    posted = _post(client, "Uten adresse")
    answer = client.post(
        "/api/v1/comments",
        json={**COMMENT, "properties": {**COMMENT["properties"], "email": "ikke en adresse"}},
    )
    assert answer.status_code == 422
    assert "properties.email" in answer.data.decode()
    signed_in("kari")
    token = csrf(client.get("/innspill/moderering").data.decode())
    client.post(
        f"/innspill/{posted['id']}/svar",
        data={"status": "tatt til følge", "text": "Takk", "csrf_token": token},
    )
    assert _outbox(mailing) == []


def test_deleting_the_comment_or_the_retention_time_forgets_the_address(client, mailing, signed_in):
    first = _post(client, "Slettes", email="a@example.no")
    second = _post(client, "Blir gammelt", email="b@example.no")
    signed_in("kari")
    token = csrf(client.get("/innspill/moderering").data.decode())
    for posted in (first, second):
        client.post(
            f"/innspill/{posted['id']}/svar",
            data={"status": "tatt til følge", "text": "Takk", "csrf_token": token},
        )
    assert len(_outbox(mailing)) == 2
    client.delete("/api/v1/receipt", headers={"X-Receipt-Token": first["receipt_token"]})
    assert [m.mail.recipient for m in _outbox(mailing)] == ["b@example.no"]
    with mailing.app_context():
        store = current_store()
        participation.purge_personal(store, 365, now=datetime.now(UTC) + timedelta(days=366))
        assert mail.outbox(store) == []
        left = participation.list_comments(store, public=False)
    assert [c.email for c in left if c.text == "Blir gammelt"] == [None]


def test_a_mail_answering_an_old_comment_is_forgotten_with_it_however_new_the_answer(
    client, mailing
):
    from arealweb.domain.mail import OutgoingMail

    posted = _post(client, "Skrevet for lenge siden", email="c@example.no")
    later = datetime.now(UTC) + timedelta(days=10)
    with mailing.app_context():
        store = current_store()
        with store.write() as repo:
            repo.outbox.enqueue(OutgoingMail("c@example.no", "Svar", "Hei!", posted["id"]), later)
        # Five days on, with one day's retention: the comment is old, the mail is not.
        participation.purge_personal(store, 1, now=datetime.now(UTC) + timedelta(days=5))
        assert mail.outbox(store) == []


def test_the_mail_links_to_the_public_address_whatever_host_the_post_named(
    client, mailing, signed_in
):
    posted = _post(client, "Lenken", email="d@example.no", host="evil.example")
    signed_in("kari")
    token = csrf(client.get("/innspill/moderering").data.decode())
    form = {"status": "tatt til følge", "text": "Svar.", "csrf_token": token}
    client.post(f"/innspill/{posted['id']}/svar", data=form)
    [queued] = _outbox(mailing)
    assert "evil.example" not in queued.mail.body
    assert f"{PUBLIC_URL}/innspill/kvittering#{posted['receipt_token']}" in queued.mail.body


@pytest.mark.parametrize(
    "address", ["postmottak,ola@example.no", "a;b@example.no", '"x"@example.no', "a@b@example.no"]
)
def test_an_address_that_would_name_a_second_recipient_is_refused(client, mailing, address):
    comment = copy.deepcopy(COMMENT)
    comment["properties"].update(text="Hei", kind="forslag", theme="klima og miljø", email=address)
    answer = client.post("/api/v1/comments", json=comment)
    assert answer.status_code == 422 and "properties.email" in answer.data.decode()


def test_the_smtp_password_stays_out_of_every_description_of_the_server():
    server = mail.SmtpServer("smtp.example.no", user="plan", password="hemmelig-passord")
    assert "hemmelig-passord" not in repr(server) and "hemmelig-passord" not in str(server)


def test_the_sender_delivers_to_a_real_smtp_server_and_retries_one_that_refuses(mailing):
    with mailing.app_context():
        store = current_store()
        from arealweb.domain.mail import OutgoingMail

        with store.write() as repo:
            repo.outbox.enqueue(OutgoingMail("ola@example.no", "Svar", "Hei!\nSvaret."), NOW)
        down = mail.SmtpServer("127.0.0.1", port=free_port(), security="none")
        done = mail.send_due(store, down, now=NOW)
        assert (done.sent, done.failed) == (0, 1)
        [waiting] = mail.outbox(store)
        assert waiting.attempts == 1 and waiting.next_attempt_at > NOW
        with MailServer() as server:
            up = mail.SmtpServer("127.0.0.1", port=server.port, security="none")
            server.mailbox.refusing = True
            later = waiting.next_attempt_at
            assert mail.send_due(store, up, now=NOW).sent == 0  # not due yet: nothing tried
            assert server.mailbox.refused == 0
            done = mail.send_due(store, up, now=later)
            assert (done.sent, done.failed, server.mailbox.refused) == (0, 1, 1)
            [waiting] = mail.outbox(store)
            assert waiting.attempts == 2 and "451" in waiting.last_error
            assert waiting.next_attempt_at - later > later - NOW  # backoff: waits longer
            server.mailbox.refusing = False
            done = mail.send_due(store, up, now=waiting.next_attempt_at)
            assert done.sent == 1
            [message] = server.mailbox.messages
        assert message["To"] == "ola@example.no" and "Svaret." in message.get_content()
        assert mail.outbox(store) == []


NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def test_a_long_queue_comes_in_pages_that_keep_the_numbers_and_filters(client, three, monkeypatch):
    from arealweb.web import comments

    monkeypatch.setattr(comments, "QUEUE_PAGE", 2)
    html = client.get("/innspill/moderering?kind=problem her").data.decode()
    assert "Side" not in html  # one comment of that kind: one page
    html = client.get("/innspill/moderering").data.decode()
    assert _cards(html) == [("1", "Farlig kryss"), ("3", "Bygg flere boliger")]
    assert "Innspill 1–2 av 3" in html and "Side 1 av 2" in html
    following = re.search(r'<a href="([^"]+)" rel="next">', html).group(1)
    html = client.get(following.replace("&amp;", "&")).data.decode()
    assert _cards(html) == [("2", "Fin park")]
    assert "Innspill 3–3 av 3" in html and 'rel="prev"' in html
    assert 'name="back_side" value="2"' in html
    assert _cards(client.get("/innspill/moderering?side=99").data.decode()) == [("2", "Fin park")]


def test_the_queue_tells_the_planners_of_mails_given_up(client, mailing, signed_in):
    from arealweb.domain.mail import MAX_ATTEMPTS, OutgoingMail

    with mailing.app_context():
        store = current_store()
        with store.write() as repo:
            repo.outbox.enqueue(OutgoingMail("e@example.no", "Svar", "Hei!"), NOW)
        down = mail.SmtpServer("127.0.0.1", port=free_port(), security="none")
        signed_in("kari")
        assert "data-undelivered" not in client.get("/innspill/moderering").data.decode()
        for attempt in range(MAX_ATTEMPTS):
            mail.send_due(store, down, now=NOW + timedelta(days=attempt))
        assert mail.given_up(store) == 1
    page = client.get("/innspill/moderering").data.decode()
    assert 'data-undelivered="1"' in page
    assert "1 svar kunne ikke sendes på e-post, selv etter gjentatte forsøk." in page
    assert "e@example.no" not in page


def test_the_age_group_is_shown_in_the_readers_language(client, signed_in):
    assert '<option value="67 eller eldre">67 or older' in client.get("/innspill?lang=en").text
    _post(client, "Benker langs turveien", age_group="67 eller eldre")
    signed_in("kari")
    assert "· 67 or older" in client.get("/innspill/moderering?lang=en").text
    assert "· 67 eller eldre" in client.get("/innspill/moderering?lang=nb").text
