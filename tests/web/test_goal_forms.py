"""The planners' goal pages through the test client, CSRF on."""

import pytest

from tests.web.conftest import csrf


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


def test_goal_pages_are_for_planners(client, signed_in):
    assert client.get("/mal/2020.hm3/endre").status_code == 302
    assert signed_in("rita").get("/mal/2020.hm3/endre").status_code == 403


def test_a_planner_adds_edits_moves_and_deletes_a_goal(signed_in):
    client = signed_in("kari")
    goal_page = client.get("/mal/2020.hm4.d1").data.decode()
    assert "Nytt mål under dette" in goal_page
    form = client.get("/mal/2020.hm4.d1/nytt").data.decode()
    assert "Nytt strategi under «Kommunen samarbeider" in form
    created = client.post(
        "/mal/2020.hm4.d1/nytt",
        data={
            "title": "Ungdommens kartdag",
            "status": "utkast",
            "sdgs": ["4", "16"],
            "csrf_token": csrf(form),
        },
    )
    assert created.status_code == 302
    new_id = created.headers["Location"].rsplit("/", 1)[1]
    assert "Ungdommens kartdag" in client.get(f"/mal/{new_id}").data.decode()

    edit = client.get(f"/mal/{new_id}/endre").data.decode()
    token = csrf(edit)
    saved = client.post(
        f"/mal/{new_id}/endre",
        data={
            "title": "Ungdommens kartdag",
            "status": "høring",
            "version": "1",
            "csrf_token": token,
        },
    )
    assert saved.status_code == 302
    stale = client.post(
        f"/mal/{new_id}/endre",
        data={"title": "Gammel", "status": "utkast", "version": "1", "csrf_token": token},
    )
    assert stale.status_code == 422
    assert "endret av noen andre" in stale.data.decode()

    moved = client.post(
        f"/mal/{new_id}/flytt",
        data={"parent_id": "2020.hm4.d2", "position": "1", "version": "2", "csrf_token": token},
    )
    assert moved.status_code == 302
    assert f"/mal/{new_id}" in client.get("/mal/2020.hm4.d2").data.decode()

    deleted = client.post(f"/mal/{new_id}/slett", data={"csrf_token": token})
    assert deleted.status_code == 302
    assert client.get(f"/mal/{new_id}").status_code == 404


def test_deleting_a_realised_goal_asks_about_the_links_and_moves_them(signed_in):
    client = signed_in("kari")
    edit = client.get("/mal/2020.hm2.d1.s1.a1/endre").data.decode()
    assert "3 soner realiserer målet. Hva skal skje med lenkene?" in edit
    asked = client.post("/mal/2020.hm2.d1.s1.a1/slett", data={"csrf_token": csrf(edit)})
    assert asked.status_code == 422
    done = client.post(
        "/mal/2020.hm2.d1.s1.a1/slett",
        data={"links": "move", "target": "2020.hm2.d2.s1.a1", "csrf_token": csrf(edit)},
    )
    assert done.status_code == 302
    assert "3 soner fikk nye lenker" in client.get("/mal").data.decode()


def test_a_planner_opens_a_consultation_from_the_form(signed_in):
    client = signed_in("kari")
    form = client.get("/innspill/runder/ny").data.decode()
    refused = client.post(
        "/innspill/runder/ny",
        data={
            "title": "",
            "opens_on": "2026-01-01",
            "closes_on": "2027-01-01",
            "csrf_token": csrf(form),
        },
    )
    assert refused.status_code == 422 and "trenger en tittel" in refused.data.decode()
    done = client.post(
        "/innspill/runder/ny",
        data={
            "title": "Lekeplasser i Sandvika",
            "introduction": "Hvor leker barna?",
            "opens_on": "2026-01-01",
            "closes_on": "2030-01-01",
            "moderation": "before",
            "zone_ids": ["sandvika"],
            "csrf_token": csrf(form),
        },
    )
    assert done.status_code == 302
    assert "Lekeplasser i Sandvika" in client.get(done.headers["Location"]).data.decode()
    assert signed_in("rita").get("/innspill/runder/ny").status_code == 403
