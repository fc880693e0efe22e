"""The planners' scenario pages through the test client, CSRF on, on SQLite and PostGIS: the
list and a new scenario, one scenario's changes and conflicts, promotion through its
confirmation, discarding, importing a file, a scenario from a workshop, and the workbench in
scenario mode."""

from __future__ import annotations

import html
import io
import json
import re

from arealweb.http.store import current_store
from arealweb.services import editing, workshops
from tests.services.test_scenarios import TOLERANCE, feature_of, new_feature, three_changes
from tests.web.conftest import csrf
from tests.web.test_workshops import workshop  # noqa: F401  (the fixture)


def rows(page: str, attribute: str) -> dict[str, str]:
    """The table rows carrying ``data-<attribute>``, by its value: their text, tags dropped."""
    found = {}
    for match in re.finditer(rf'<tr {attribute}="([^"]+)"[^>]*>(.*?)</tr>', page, re.S):
        text = re.sub(r"<[^>]+>", " ", match.group(2))
        found[html.unescape(match.group(1))] = " ".join(html.unescape(text).split())
    return found


def made(app, name="Vekst på Haslum"):
    """A scenario that adds, changes and removes a zone: the scenario and its zones' ids."""
    with app.app_context():
        scenario, new_id, development, grini = three_changes(current_store(), name)
    return scenario, new_id, development, grini


def plan_moves(app, zone):
    """Someone saves the plan's ``zone`` again, under the scenario that changed it."""
    with app.app_context():
        editing.update_zone(
            current_store(),
            zone.id,
            feature_of(zone, description="Endret i planen"),
            expected_version=zone.version,
            actor="ola",
            tolerance_m=TOLERANCE,
        )


def test_scenario_pages_are_read_by_accounts_and_written_by_planners(app, client, signed_in):
    made(app)
    assert client.get("/scenarioer").status_code == 302
    assert client.get("/scenarioer/vekst-pa-haslum").status_code == 302
    rita = signed_in("rita")
    listing = rita.get("/scenarioer").data.decode()
    assert "Vekst på Haslum" in listing and "Nytt scenario" not in listing
    page = rita.get("/scenarioer/vekst-pa-haslum").data.decode()
    assert "Endret sone" in page and "Forkast" not in page and "Åpne i arbeidsbenken" not in page
    token = csrf(page)
    assert rita.post("/scenarioer", data={"name": "Rådet", "csrf_token": token}).status_code == 403
    assert rita.get("/arbeidsbenk?scenario=vekst-pa-haslum").status_code == 403
    refused = rita.post("/scenarioer/vekst-pa-haslum/forkast", data={"csrf_token": token})
    assert refused.status_code == 403


def test_a_planner_makes_a_scenario_and_finds_it_in_the_list(app, signed_in):
    kari = signed_in("kari")
    listing = kari.get("/scenarioer").data.decode()
    assert "Ingen scenarioer ennå." in listing
    assert 'href="/scenarioer"' in listing  # in the main menu
    no_token = kari.post("/scenarioer", data={"name": "Uten token"})
    assert no_token.status_code == 400
    empty = kari.post("/scenarioer", data={"name": " ", "csrf_token": csrf(listing)})
    assert empty.status_code == 422
    assert "scenarioet mangler navn" in empty.data.decode()

    done = kari.post(
        "/scenarioer",
        data={
            "name": "Fornebubanen",
            "description": "Vekst langs banen",
            "csrf_token": csrf(listing),
        },
    )
    assert done.status_code == 302 and done.headers["Location"] == "/scenarioer/fornebubanen"
    page = kari.get("/scenarioer/fornebubanen").data.decode()
    assert "Scenarioet «Fornebubanen» er laget." in page
    assert "Vekst langs banen" in page and "Scenarioet har ingen endringer ennå." in page
    assert 'href="/arbeidsbenk?scenario=fornebubanen"' in page
    assert 'href="/scenarioer/sammenligning?s=fornebubanen"' in page
    row = rows(kari.get("/scenarioer").data.decode(), "data-scenario-id")["fornebubanen"]
    assert row.startswith("Fornebubanen Åpent Arbeidsbenken kari,")
    assert row.endswith("0 0 0 0")


def test_the_scenario_page_lists_each_change_with_its_zone_and_measure(app, signed_in):
    scenario, new_id, development, grini = made(app)
    kari = signed_in("kari")
    page = kari.get(f"/scenarioer/{scenario.id}").data.decode()
    assert "nye soner: 1, endrede: 1, fjernede: 1" in page
    changes = rows(page, "data-change-zone")
    assert changes[new_id] == (
        "Haslum stasjonsby Ny sone Utviklingsområde Prioritert vekstområde 174 daa (0,174 km²)"
        " Dropp endringen : Haslum stasjonsby"
    )
    assert changes[development.id].startswith("Nytt navn Endret sone Utviklingsområde")
    assert changes[grini.id].startswith(f"{grini.name} Fjernet sone")
    listing = rows(kari.get("/scenarioer").data.decode(), "data-scenario-id")[scenario.id]
    assert listing.endswith("1 1 1 0")

    dropped = kari.post(
        f"/scenarioer/{scenario.id}/endringer/{grini.id}/dropp",
        data={"version": str(scenario.version), "csrf_token": csrf(page)},
    )
    assert dropped.status_code == 302
    page = kari.get(f"/scenarioer/{scenario.id}").data.decode()
    assert "Endringen er droppet; planens sone gjelder." in page
    assert set(rows(page, "data-change-zone")) == {new_id, development.id}


def test_a_conflict_is_kept_or_dropped_with_the_scenarios_version(app, signed_in):
    scenario, _new_id, development, _grini = made(app)
    plan_moves(app, development)
    kari = signed_in("kari")
    page = kari.get(f"/scenarioer/{scenario.id}").data.decode()
    assert "Sonen er endret i planen siden scenarioet endret den" in page
    assert f'data-conflict-zone="{development.id}"' in page
    assert rows(kari.get("/scenarioer").data.decode(), "data-scenario-id")[scenario.id].endswith(
        "1 1 1 1"
    )
    token = csrf(page)
    address = f"/scenarioer/{scenario.id}/konflikter/{development.id}"
    stale = kari.post(address, data={"keep": "ja", "version": "1", "csrf_token": token})
    assert stale.status_code == 409
    assert "Scenarioet er endret av noen andre siden du åpnet siden" in stale.data.decode()

    kept = kari.post(
        address, data={"keep": "ja", "version": str(scenario.version), "csrf_token": token}
    )
    assert kept.status_code == 302
    page = kari.get(f"/scenarioer/{scenario.id}").data.decode()
    assert "Scenarioets endring er beholdt." in page
    assert "Ingen konflikter" in page and "Nytt navn" in page


def test_promotion_is_refused_while_conflicts_remain_and_then_changes_the_plan(app, signed_in):
    scenario, new_id, development, grini = made(app)
    plan_moves(app, development)
    kari = signed_in("kari")
    confirm = kari.get(f"/scenarioer/{scenario.id}/ta-inn").data.decode()
    assert "Scenarioet kan ikke tas inn i planen før hver konflikt er løst." in confirm
    assert "Gjør 3 endringer i planen" not in confirm
    token = csrf(confirm)
    refused = kari.post(
        f"/scenarioer/{scenario.id}/ta-inn",
        data={"version": str(scenario.version), "csrf_token": token},
    )
    assert refused.status_code == 409
    assert "1 av endringene er i konflikt" in refused.data.decode()

    kari.post(
        f"/scenarioer/{scenario.id}/konflikter/{development.id}",
        data={"keep": "nei", "version": str(scenario.version), "csrf_token": token},
    )
    confirm = kari.get(f"/scenarioer/{scenario.id}/ta-inn").data.decode()
    assert "Gjør 2 endringer i planen" in confirm
    changes = rows(confirm, "data-change-zone")
    assert set(changes) == {new_id, grini.id}
    stale = kari.post(
        f"/scenarioer/{scenario.id}/ta-inn",
        data={"version": str(scenario.version), "csrf_token": token},
    )
    assert stale.status_code == 409 and "endret av noen andre" in stale.data.decode()
    done = kari.post(
        f"/scenarioer/{scenario.id}/ta-inn",
        data={"version": str(scenario.version + 1), "csrf_token": token},
    )
    assert done.status_code == 302
    page = kari.get(f"/scenarioer/{scenario.id}").data.decode()
    assert "er tatt inn i planen: 2 endringer" in page
    assert 'data-scenario-state="promoted"' in page and "Forkast" not in page
    with app.app_context(), current_store().read() as repo:
        assert repo.zones.get(new_id).name == "Haslum stasjonsby"
        assert repo.zones.find(grini.id) is None
    assert kari.get(f"/arbeidsbenk?scenario={scenario.id}").status_code == 302


def test_discarding_leaves_the_plan_and_closes_the_scenario(app, signed_in):
    scenario, new_id, _development, _grini = made(app)
    kari = signed_in("kari")
    page = kari.get(f"/scenarioer/{scenario.id}").data.decode()
    done = kari.post(
        f"/scenarioer/{scenario.id}/forkast",
        data={"version": str(scenario.version), "csrf_token": csrf(page)},
    )
    assert done.status_code == 302
    listing = kari.get("/scenarioer").data.decode()
    assert "Scenarioet «Vekst på Haslum» er forkastet; planen er uendret." in listing
    assert rows(listing, "data-scenario-id")[scenario.id].startswith("Vekst på Haslum Forkastet")
    with app.app_context(), current_store().read() as repo:
        assert repo.zones.find(new_id) is None


def test_importing_a_scenario_is_all_or_nothing(app, signed_in):
    kari = signed_in("kari")
    token = csrf(kari.get("/scenarioer").data.decode())
    good = json.dumps({"type": "FeatureCollection", "features": [new_feature()]}).encode()
    bad_feature = new_feature(kind="motorvei")
    bad = json.dumps({"type": "FeatureCollection", "features": [new_feature(), bad_feature]})

    refused = kari.post(
        "/scenarioer/import",
        data={
            "name": "Fra fil",
            "file": (io.BytesIO(bad.encode()), "soner.geojson"),
            "csrf_token": token,
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    text = refused.data.decode()
    assert "Filen ble ikke importert, og ingenting er lagret:" in text
    assert "Ingen scenarioer ennå." in text

    no_file = kari.post(
        "/scenarioer/import",
        data={"name": "Fra fil", "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 422 and "velg en fil å importere" in no_file.data.decode()
    kari.get("/sprak/en")
    in_english = kari.post(
        "/scenarioer/import",
        data={"name": "Fra fil", "csrf_token": token},
        content_type="multipart/form-data",
    ).data.decode()
    assert "The file was not imported, and nothing was saved:" in in_english
    assert "choose a file to import" in in_english
    kari.get("/sprak/nb")

    done = kari.post(
        "/scenarioer/import",
        data={"name": "Fra fil", "file": (io.BytesIO(good), "soner.geojson"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    page = kari.get(done.headers["Location"]).data.decode()
    assert "Scenarioet «Fra fil» er importert med 1 endring." in page
    assert "Importert fil" in page and "Haslum stasjonsby" in page


def test_a_workshops_drafts_become_a_scenario_from_its_page(app, signed_in, workshop):  # noqa: F811
    kari = signed_in("kari")
    page = kari.get(f"/verksted/{workshop.id}").data.decode()
    assert "Lag scenario av skissene" not in page  # no draft zones yet
    with app.app_context():
        sketch = workshops.sketches(current_store(), workshop.id)[0]
        zone = workshops.sketch_to_zone(
            current_store(), workshop.id, sketch.id, {}, actor="kari", tolerance_m=25
        )
    page = kari.get(f"/verksted/{workshop.id}").data.decode()
    assert "Lag scenario av skissene" in page
    done = kari.post(
        "/scenarioer/fra-verksted",
        data={"workshop_id": workshop.id, "name": "Verkstedets forslag", "csrf_token": csrf(page)},
    )
    assert done.status_code == 302
    scenario_page = kari.get(done.headers["Location"]).data.decode()
    assert "Målverksted" in scenario_page
    assert rows(scenario_page, "data-change-zone")[zone.id].split(" ")[0] == zone.name.split(" ")[0]


def test_the_workbench_in_scenario_mode_says_so_and_sends_its_saves_to_the_scenario(app, signed_in):
    scenario, _new_id, _development, _grini = made(app)
    kari = signed_in("kari")
    plan = kari.get("/arbeidsbenk").data.decode()
    assert "Du arbeider i scenarioet" not in plan and "Papirkurv" in plan
    assert f'<option value="{scenario.id}" >Scenario: Vekst på Haslum</option>' in plan
    page = kari.get(f"/arbeidsbenk?scenario={scenario.id}").data.decode()
    assert "Du arbeider i scenarioet «Vekst på Haslum» — planen endres ikke." in page
    assert 'href="/arbeidsbenk">Tilbake til planen' in page
    assert "Papirkurv" not in page
    # Every zone of a scenario is proposed: no draft box to tick (and silently lose).
    assert '<label class="check" hidden><input type="checkbox" id="zone-draft"' in page
    assert '<label class="check"><input type="checkbox" id="zone-draft"' in plan
    config = json.loads(html.unescape(re.search(r"data-arealweb-map='([^']+)'", page).group(1)))
    assert config["api"]["zones"] == f"/api/v1/scenarios/{scenario.id}/zones"
    assert config["workbench"]["scenario"]["version"] == f'"v{scenario.version}"'
    assert config["workbench"]["scenario"]["zone"].startswith(
        f"/api/v1/scenarios/{scenario.id}/zones/"
    )
    assert kari.get("/arbeidsbenk?scenario=finnes-ikke").status_code == 404


def test_a_refusal_repeats_no_more_of_a_huge_value_than_a_cookie_can_carry(app, signed_in):
    """The flash message travels in the session cookie, which a browser drops past 4 KB: a
    message quoting 6 000 characters it was sent would be lost, and the refusal with it."""
    kari = signed_in("kari")
    page = kari.get("/scenarioer").data.decode()
    answer = kari.post(
        "/scenarioer/fra-verksted",
        data={"workshop_id": "x" * 6000, "name": "Forslag", "csrf_token": csrf(page)},
    )
    assert answer.status_code == 302
    assert len(answer.headers["Set-Cookie"]) < 4093
    with kari.session_transaction() as session:
        [(category, message)] = session["_flashes"]
    assert category == "error"
    assert message == "fant ikke verkstedet " + "x" * 999 + "…"
