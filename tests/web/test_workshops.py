"""Workshop pages through the test client, CSRF on: set-up, joining, roles, closing, drafts."""

import html
import json
import re

import pytest

from arealweb.http.store import current_store
from arealweb.services import workshops
from tests.conftest import snapshot
from tests.places import HASLUM
from tests.web.conftest import csrf


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


@pytest.fixture
def workshop(app):
    with app.app_context():
        found = workshops.create_workshop(
            current_store(),
            {
                "title": "Verksted <i>kursiv</i>",
                "held_on": "2026-11-20",
                "groups": ["Gruppe 1", "Gruppe 2"],
                "prompts": ["Klimaklok"],
                "focus_goal_ids": ["2020.hm3"],
            },
            "kari",
        )
        workshops.add_sketch(
            current_store(),
            found.id,
            found.groups[0].code,
            {
                "type": "Feature",
                "properties": {"kind": "protect", "note": "Skogen"},
                "geometry": HASLUM,
            },
        )
        return found


def test_setting_up_needs_a_planner_and_a_bad_form_keeps_what_was_typed(app, client, signed_in):
    assert client.get("/verksted/nytt").status_code == 302
    assert client.get("/verksted").headers["Location"].startswith("/logg-inn")
    rita = signed_in("rita")
    assert rita.get("/verksted").status_code == 200
    assert rita.get("/verksted/nytt").status_code == 403
    kari = signed_in("kari")
    page = kari.get("/verksted/nytt").data.decode()
    assert "Bærum 2040\nBærekraft\nKlimaklok" in page
    with app.app_context():
        before = snapshot(current_store())
    refused = kari.post(
        "/verksted/nytt",
        data={"title": "", "groups": "A", "prompts": "", "csrf_token": csrf(page)},
    )
    assert refused.status_code == 422
    assert "verkstedet trenger en tittel" in refused.data.decode()
    with app.app_context():
        assert snapshot(current_store()) == before
    made = kari.post(
        "/verksted/nytt",
        data={
            "title": "Høstverksted",
            "held_on": "2026-11-20",
            "groups": "Gruppe rød\n\nGruppe blå\n",
            "prompts": "Bærum 2040",
            "focus_goal_ids": ["2020.hm3", "2020.hm3.d1.s1.a1"],
            "csrf_token": csrf(page),
        },
    )
    assert made.status_code == 302
    page = kari.get(made.headers["Location"]).data.decode()
    assert "Høstverksted" in page and "Gruppe rød" in page and "Gruppe blå" in page
    assert len(re.findall(r"data-join-code>([A-Z2-9]{6})<", page)) == 2
    assert page.count('<svg width="') == 2  # a QR code per group


def test_the_council_sees_the_workshop_without_codes_and_cannot_close_it(
    client, signed_in, workshop
):
    rita = signed_in("rita")
    page = rita.get(f"/verksted/{workshop.id}").data.decode()
    assert "Verksted &lt;i&gt;kursiv&lt;/i&gt;" in page
    assert workshop.groups[0].code not in page and "Avslutt verkstedet" not in page
    assert rita.get(f"/verksted/{workshop.id}/plenum").status_code == 200
    assert (
        rita.post(f"/verksted/{workshop.id}/avslutt", data={"csrf_token": csrf(page)}).status_code
        == 403
    )


def test_a_group_joins_by_code_without_an_account_and_the_code_stays_out_of_the_address(
    client, workshop
):
    assert client.get("/verksted/gruppe").headers["Location"] == "/verksted/bli-med"
    form = client.get("/verksted/bli-med").data.decode()
    wrong = client.post("/verksted/bli-med", data={"code": "ZZZZZZ", "csrf_token": csrf(form)})
    assert wrong.status_code == 404
    assert "ukjent gruppekode – sjekk koden på skjermen" in wrong.data.decode()
    joined = client.post(
        "/verksted/bli-med",
        data={"code": " " + workshop.groups[1].code.lower(), "csrf_token": csrf(form)},
    )
    assert joined.headers["Location"] == "/verksted/gruppe"
    page = client.get("/verksted/gruppe").data.decode()
    assert "Gruppe 2" in page and "Det er ikke nå målene og strategiene besluttes" in page
    assert "Bærum er ledende i arbeidet for et klima- og miljøvennlig samfunn" in page
    scanned = client.get(f"/verksted/bli-med/{workshop.groups[0].code}")
    assert scanned.headers["Location"] == "/verksted/gruppe"
    assert "Gruppe 1" in client.get("/verksted/gruppe").data.decode()
    assert client.get("/verksted/bli-med/ZZZZZZ").status_code == 404


def test_a_planner_closes_the_workshop_and_turns_a_sketch_into_a_draft(
    app, client, signed_in, workshop
):
    kari = signed_in("kari")
    page = kari.get(f"/verksted/{workshop.id}").data.decode()
    sketch_id = re.search(r'data-sketch-id="([0-9a-f]+)"', page).group(1)
    made = kari.post(
        f"/verksted/{workshop.id}/skisser/{sketch_id}/sone",
        data={"name": "", "csrf_token": csrf(page)},
        follow_redirects=True,
    )
    text = made.data.decode()
    assert "Utkastet «Verksted &lt;i&gt;kursiv&lt;/i&gt;: Gruppe 1» er laget." in text
    assert "Se utkastet" in text


def test_closing_asks_first_on_a_page_and_reopening_is_recorded_with_who_and_when(
    app, client, signed_in, workshop
):
    kari = signed_in("kari")
    page = kari.get(f"/verksted/{workshop.id}").data.decode()
    assert f'<form method="get" action="/verksted/{workshop.id}/avslutt">' in page
    # A close without the confirmation page's answer (an old form, a script) only asks.
    unconfirmed = kari.post(f"/verksted/{workshop.id}/avslutt", data={"csrf_token": csrf(page)})
    assert unconfirmed.status_code == 303
    assert unconfirmed.headers["Location"] == f"/verksted/{workshop.id}/avslutt"
    asked = kari.get(f"/verksted/{workshop.id}/avslutt").data.decode()
    assert "Avslutte «Verksted &lt;i&gt;kursiv&lt;/i&gt;»?" in asked
    assert "Verkstedet har fått 1 skisse, 0 kommentarer og 0 ord." in asked
    assert "De 2 gruppekodene slutter å virke" in asked
    with app.app_context():
        assert not workshops.workshop(current_store(), workshop.id).closed
    closed = kari.post(
        f"/verksted/{workshop.id}/avslutt",
        data={"csrf_token": csrf(asked), "confirmed": "ja"},
        follow_redirects=True,
    ).data.decode()
    assert 'data-workshop-state="closed"' in closed
    assert "Du kan åpne det igjen nederst på siden." in closed
    assert re.search(r'data-workshop-event="closed">Avsluttet [^<]*2\d{3}[^<]* av kari<', closed)
    assert kari.post(f"/verksted/{workshop.id}/avslutt").status_code == 400  # no CSRF token
    # A closed workshop has nothing to confirm; its codes are refused.
    assert kari.get(f"/verksted/{workshop.id}/avslutt").headers["Location"] == (
        f"/verksted/{workshop.id}"
    )
    with app.test_client() as group:
        assert group.get(f"/verksted/bli-med/{workshop.groups[0].code}").status_code == 409

    reopened = kari.post(
        f"/verksted/{workshop.id}/gjenapne",
        data={"csrf_token": csrf(closed)},
        follow_redirects=True,
    ).data.decode()
    assert 'data-workshop-state="open"' in reopened
    assert "Verkstedet er åpnet igjen." in reopened
    events = re.findall(r'data-workshop-event="(\w+)">(\w+) [^<]* av kari<', reopened)
    assert events == [("closed", "Avsluttet"), ("reopened", "Gjenåpnet")]
    with app.test_client() as group:
        joined = group.get(f"/verksted/bli-med/{workshop.groups[0].code}")
        assert joined.headers["Location"] == "/verksted/gruppe"
        assert "Gruppe 1" in group.get("/verksted/gruppe").data.decode()


def test_the_council_can_neither_close_nor_reopen(client, signed_in, workshop, app):
    with app.app_context():
        workshops.close_workshop(current_store(), workshop.id, "kari")
    rita = signed_in("rita")
    page = rita.get(f"/verksted/{workshop.id}").data.decode()
    assert "Åpne verkstedet igjen" not in page
    assert rita.get(f"/verksted/{workshop.id}/avslutt").status_code == 403
    refused = rita.post(f"/verksted/{workshop.id}/gjenapne", data={"csrf_token": csrf(page)})
    assert refused.status_code == 403
    with app.app_context():
        assert workshops.workshop(current_store(), workshop.id).closed


def test_the_summary_and_presentation_escape_what_groups_wrote(client, signed_in, workshop, app):
    with app.app_context():
        workshops.add_comment(
            current_store(),
            workshop.id,
            workshop.groups[1].code,
            {"goal_id": "2020.hm3", "stance": "add", "text": "<script>alert(1)</script>"},
        )
    kari = signed_in("kari")
    summary = kari.get(f"/verksted/{workshop.id}/oppsummering").data.decode()
    assert "<script>alert(1)</script>" not in summary
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    assert summary.count('class="print-map"') == 2
    assert "Skisser: 1 · kommentarer: 1 · ord: 0" in summary
    slides = kari.get(f"/verksted/{workshop.id}/presentasjon").data.decode()
    config = json.loads(html.unescape(re.search(r"data-arealweb-map='([^']+)'", slides).group(1)))
    steps = config["presentation"]["steps"]
    assert [s["id"] for s in steps][:3] == ["2020.hm3", "2020.hm3.d1", "2020.hm3.d1.s1.a1"]
    assert steps[0]["comments"] == 1 and steps[1]["comments"] == 0
    assert steps[2]["strategy"].startswith("Legge til rette for at miljøvennlige transportmidler")


def test_a_draft_zone_page_says_it_is_a_draft_and_where_it_came_from(
    app, client, signed_in, workshop
):
    with app.app_context():
        sketch = workshops.sketches(current_store(), workshop.id)[0]
        zone = workshops.sketch_to_zone(
            current_store(), workshop.id, sketch.id, {}, actor="kari", tolerance_m=25
        )
    page = client.get(f"/soner/{zone.id}").data.decode()
    assert "Utkast: foreslått, ikke en del av arealstrategien ennå." in page
    assert "Laget av en skisse fra målverkstedet" in page and "Gruppe 1" in page
    assert f'href="/verksted/{workshop.id}"' not in page
    assert (
        f'href="/verksted/{workshop.id}"'
        in signed_in("rita").get(f"/soner/{zone.id}").data.decode()
    )
    assert "data-draft" not in client.get("/soner/sandvika").data.decode()
