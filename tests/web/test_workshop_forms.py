"""The workshop forms through the validation layer, on SQLite and PostGIS: the set-up form
shares the API's model, and no field of any form answers 5xx."""

import html
import re

import pytest

from arealweb.http.store import current_store
from arealweb.services import workshops
from tests.conftest import snapshot
from tests.places import HASLUM
from tests.web.conftest import csrf

HUGE = "x" * (5 * 1024 * 1024)


@pytest.fixture
def workshop(app):
    with app.app_context():
        found = workshops.create_workshop(
            current_store(),
            {"title": "Verksted", "groups": ["Gruppe 1"], "prompts": ["Klimaklok"]},
            "kari",
        )
        workshops.add_sketch(
            current_store(),
            found.id,
            found.groups[0].code,
            {"type": "Feature", "properties": {"kind": "protect"}, "geometry": HASLUM},
        )
        return found


def errors(response) -> list[str]:
    """The messages of the form's error list, as a person reads them."""
    found = re.search(r'<div class="flash flash-error" role="alert">(.*?)</div>', response.text)
    return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", found.group(1))]


def test_the_set_up_form_makes_a_group_per_line(app, signed_in):
    kari = signed_in("kari")
    page = kari.get("/verksted/nytt").text
    made = kari.post(
        "/verksted/nytt",
        data={
            "title": "Verksted",
            "held_on": "2026-11-20",
            "groups": "Gruppe\n\n  Gruppe B  \n",
            "prompts": "Klimaklok\nKlimaklok",
            "csrf_token": csrf(page),
        },
    )
    assert made.status_code == 302
    with app.app_context():
        [found] = workshops.all_workshops(current_store())
    assert [g.name for g in found.groups] == ["Gruppe", "Gruppe B"]
    assert found.prompts == ("Klimaklok",)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", HUGE, "Tittel: kan være høyst 300 tegn"),
        ("title", " ", "Tittel: verkstedet trenger en tittel"),
        ("held_on", "20.11.2026", "Dato: oppgi datoen som ÅÅÅÅ-MM-DD"),
        ("groups", "A\n" + "x" * 101, "Grupper linje 2: kan være høyst 100 tegn"),
        ("groups", "\n".join("G" * n for n in range(1, 12)), "Grupper: et verksted har 1 til 10"),
        ("prompts", HUGE, "Ordskyer linje 1: kan være høyst 100 tegn"),
        ("focus_goal_ids", "finnes.ikke", "Mål i fokus: ukjente mål: finnes.ikke"),
    ],
)
def test_a_set_up_form_that_breaks_a_rule_says_where_and_changes_nothing(
    app, signed_in, field, value, message
):
    kari = signed_in("kari")
    page = kari.get("/verksted/nytt").text
    with app.app_context():
        before = snapshot(current_store())
    data = {"title": "Verksted", "groups": "Gruppe 1", "csrf_token": csrf(page), field: value}
    refused = kari.post("/verksted/nytt", data=data)
    assert refused.status_code == 422
    assert [e for e in errors(refused) if e.startswith(message)], errors(refused)
    with app.app_context():
        assert snapshot(current_store()) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": HUGE}, "Navn på utkastet: kan være høyst 200 tegn"),
        ({"category": "sykkelvei"}, "Kategori: kategorien «sykkelvei» passer ikke til protection"),
    ],
)
def test_a_draft_zone_form_that_breaks_a_rule_makes_no_zone(
    app, signed_in, workshop, data, message
):
    kari = signed_in("kari")
    page = kari.get(f"/verksted/{workshop.id}").text
    sketch_id = re.search(r'data-sketch-id="([0-9a-f]+)"', page).group(1)
    with app.app_context():
        before = snapshot(current_store())
    answer = kari.post(
        f"/verksted/{workshop.id}/skisser/{sketch_id}/sone",
        data={**data, "csrf_token": csrf(page)},
        follow_redirects=True,
    )
    assert answer.status_code == 200 and message in html.unescape(answer.text)
    with app.app_context():
        assert snapshot(current_store()) == before


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        (HUGE, 422, "Gruppekode: kan være høyst 64 tegn"),
        ("ÆØÅÆØÅ", 404, "ukjent gruppekode"),
        ("ZZZZZZZZZ", 404, "ukjent gruppekode"),
    ],
)
def test_a_join_code_no_group_can_have_is_refused_on_the_join_page(
    client, workshop, code, status, message
):
    form = client.get("/verksted/bli-med").text
    answer = client.post("/verksted/bli-med", data={"code": code, "csrf_token": csrf(form)})
    assert answer.status_code == status and message in html.unescape(answer.text)


def test_a_scanned_code_with_a_nul_is_an_unknown_code(client, workshop):
    assert client.get("/verksted/bli-med/A%00B").status_code == 404


def test_a_nul_in_any_workshop_form_is_refused_with_400_and_changes_nothing(
    app, client, signed_in, workshop
):
    kari = signed_in("kari")
    page = kari.get(f"/verksted/{workshop.id}").text
    sketch_id = re.search(r'data-sketch-id="([0-9a-f]+)"', page).group(1)
    token = csrf(page)
    with app.app_context():
        before = snapshot(current_store())
    posts = [
        ("/verksted/nytt", {"title": "a\x00b", "groups": "A"}),
        ("/verksted/nytt", {"title": "T", "groups": "A\nB\x00"}),
        ("/verksted/nytt", {"title": "T", "groups": "A", "held_on": "\x00"}),
        ("/verksted/nytt", {"title": "T", "groups": "A", "focus_goal_ids": "2020.hm3\x00"}),
        (f"/verksted/{workshop.id}/skisser/{sketch_id}/sone", {"name": "a\x00b"}),
        (f"/verksted/{workshop.id}/skisser/{sketch_id}/sone", {"category": "\x00"}),
        ("/verksted/bli-med", {"code": "A\x00B"}),
    ]
    for path, data in posts:
        assert kari.post(path, data={**data, "csrf_token": token}).status_code == 400, data
    with app.app_context():
        assert snapshot(current_store()) == before
