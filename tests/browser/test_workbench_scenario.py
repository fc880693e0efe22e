"""A scenario in Chromium: made on /scenarioer, edited in the workbench in scenario mode (a new
zone drawn, a plan zone changed, one removed and taken back), listed on its page — and the
plan's zones untouched."""

import pytest

from tests.browser.conftest import axe_violations, serve, wait_for_map
from tests.browser.test_workbench import _accounts, add_goal, api, draw_polygon, sign_in, view


@pytest.fixture(scope="module")
def scenario_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("scenario"), _accounts)


def test_a_planner_drafts_a_scenario_in_the_workbench_and_the_plan_stays(page, scenario_server):
    base = scenario_server
    plan_before = api(base, "/api/v1/zones")
    sign_in(page, base, "kari", target="/scenarioer")
    page.get_by_role("link", name="Scenarioer", exact=True).first.wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Navn", exact=True).fill("Vekst ved Avløs")
    page.get_by_label("Beskrivelse").fill("Et lokalsenter ved stasjonen")
    page.get_by_role("button", name="Lag scenarioet").click()
    page.get_by_text("Scenarioet «Vekst ved Avløs» er laget.").wait_for()
    assert page.url.endswith("/scenarioer/vekst-ved-avlos")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Åpne i arbeidsbenken").click()
    wait_for_map(page)
    banner = page.locator("[data-scenario-banner]")
    assert "Du arbeider i scenarioet «Vekst ved Avløs» — planen endres ikke." in banner.inner_text()
    assert page.locator("#scenario-pick").input_value() == "vekst-ved-avlos"
    assert page.get_by_role("link", name="Papirkurv").count() == 0
    assert axe_violations(page) == []

    # A new development zone, drawn.
    view(page, 59.9215, 10.553)
    draw_polygon(page, [(250, 250), (480, 260), (470, 450), (260, 430)])
    page.get_by_label("Navn", exact=True).fill("Avløs sentrum")
    page.get_by_label("Kategori").select_option("bymessig område")
    add_goal(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagt til i scenarioet: Avløs sentrum.").wait_for()
    new_id = page.locator("[data-saved]").get_attribute("data-zone-id")
    assert len(new_id) == 32
    # The list, reloaded from the scenario, marks it.
    page.locator(
        f'[data-zone-list] li:has(button[data-zone-id="{new_id}"])', has_text="Ny sone"
    ).wait_for()

    # A plan zone, changed.
    page.locator('[data-zone-list] button[data-zone-id="kolsas"]').click()
    page.get_by_text("Du endrer «Kolsås» i scenarioet.").wait_for()
    page.get_by_label("Navn", exact=True).fill("Kolsås knutepunkt")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret i scenarioet: Kolsås knutepunkt.").wait_for()
    page.locator(
        '[data-zone-list] li:has(button[data-zone-id="kolsas"])', has_text="Endret sone"
    ).wait_for()

    # A plan zone, removed in the scenario, drawn faint, and taken back.
    page.locator('[data-zone-list] button[data-zone-id="sandvika"]').click()
    page.get_by_text("Du endrer «Sandvika» i scenarioet.").wait_for()
    page.get_by_role("button", name="Slett sonen").click()
    page.get_by_role("button", name="Bekreft sletting").click()
    page.get_by_text("«Sandvika» er fjernet i scenarioet. Planen har den fortsatt.").wait_for()
    assert page.locator('path[data-zone-id="sandvika"][data-scenario-change="remove"]').count() == 1
    page.locator('[data-zone-list] button[data-zone-id="sandvika"]').click()
    page.get_by_role("button", name="Ta sonen tilbake").click()
    page.get_by_text("«Sandvika» er tatt tilbake; planens sone gjelder.").wait_for()
    assert page.locator('path[data-zone-id="sandvika"][data-scenario-change]').count() == 0

    page.get_by_role("link", name="Se scenarioets endringer").first.click()
    changes = page.locator("[data-change-zone]")
    assert changes.count() == 2
    assert "Avløs sentrum Ny sone" in page.locator(
        f'[data-change-zone="{new_id}"]'
    ).inner_text().replace("\t", " ")
    assert "Kolsås knutepunkt" in page.locator('[data-change-zone="kolsas"]').inner_text()
    assert "Endret sone" in page.locator('[data-change-zone="kolsas"]').inner_text()

    # The plan is as it was: same zones, same versions, Kolsås by its old name.
    plan_after = api(base, "/api/v1/zones")
    versions = {f["id"]: f["properties"]["version"] for f in plan_after["features"]}
    assert versions == {f["id"]: f["properties"]["version"] for f in plan_before["features"]}
    assert api(base, "/api/v1/zones/kolsas")["properties"]["name"] == "Kolsås"
    assert new_id not in versions


def _csrf(page):
    return page.locator('meta[name="csrf-token"]').get_attribute("content")


def test_a_stale_scenario_page_saves_nothing_and_a_conflict_is_settled_on_its_page(
    page, watch, scenario_server
):
    base = scenario_server
    sign_in(page, base, "ola", target="/scenarioer")
    page.get_by_label("Navn", exact=True).fill("Konflikt")
    page.get_by_role("button", name="Lag scenarioet").click()
    page.get_by_text("Scenarioet «Konflikt» er laget.").wait_for()
    page.goto(base + "/arbeidsbenk?scenario=konflikt")
    wait_for_map(page)
    page.locator('[data-zone-list] button[data-zone-id="kolsas"]').click()
    page.get_by_text("Du endrer «Kolsås» i scenarioet.").wait_for()
    page.get_by_label("Navn", exact=True).fill("Kolsås i scenarioet")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret i scenarioet: Kolsås i scenarioet.").wait_for()

    # Someone else removes a zone in the same scenario: the page's version is old now.
    headers = {"X-CSRFToken": _csrf(page)}
    current = page.request.get(base + "/api/v1/scenarios/konflikt")
    removed = page.request.delete(
        base + "/api/v1/scenarios/konflikt/zones/sandvika",
        headers={**headers, "If-Match": current.headers["etag"]},
    )
    assert removed.ok
    page.get_by_label("Beskrivelse").fill("Ny tekst")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text(
        "Scenarioet er endret av noen andre siden du åpnet det. Ingenting er lagret"
    ).wait_for()
    assert api(base, "/api/v1/zones/kolsas")["properties"]["name"] == "Kolsås"
    refused = "console error: Failed to load resource: the server responded with a status of 412 (PRECONDITION FAILED)"
    assert watch.errors == [refused]
    watch.errors.clear()

    # The plan's Kolsås changes under the scenario: a conflict.
    zone = page.request.get(base + "/api/v1/zones/kolsas")
    feature = zone.json()
    feature["properties"]["description"] = "Endret i planen"
    saved = page.request.put(
        base + "/api/v1/zones/kolsas",
        data=feature,
        headers={**headers, "If-Match": zone.headers["etag"], "Content-Type": "application/json"},
    )
    assert saved.ok, saved.text()
    page.goto(base + "/scenarioer/konflikt")
    conflict = page.locator('[data-conflict-zone="kolsas"]')
    assert "Sonen er endret i planen siden scenarioet endret den" in conflict.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ta inn i planen …").click()
    page.get_by_text("Scenarioet kan ikke tas inn i planen før hver konflikt er løst.").wait_for()
    assert page.get_by_role("button", name="Gjør 2 endringer i planen").count() == 0
    assert axe_violations(page) == []

    page.locator('[data-conflict-zone="kolsas"]').get_by_role(
        "button", name="Behold scenarioets endring"
    ).click()
    page.get_by_text("Scenarioets endring er beholdt.").wait_for()
    page.get_by_role("link", name="Ta inn i planen …").click()
    page.get_by_role("button", name="Gjør 2 endringer i planen").click()
    page.get_by_text("Scenarioet «Konflikt» er tatt inn i planen: 2 endringer.").wait_for()
    assert api(base, "/api/v1/zones/kolsas")["properties"]["name"] == "Kolsås i scenarioet"


def test_a_scenario_drawn_on_farmland_turns_its_goals_light_in_the_comparison(
    page, scenario_server
):
    """The whole path of #18: a scenario drawn in the workbench, compared with the plan, and the
    jordvern goal's light (development on farmland at most 0 daa) read as it changes."""
    base = scenario_server
    sign_in(page, base, "kari", target="/scenarioer")
    page.get_by_label("Navn", exact=True).fill("Grini næringspark")
    page.get_by_role("button", name="Lag scenarioet").click()
    page.get_by_text("Scenarioet «Grini næringspark» er laget.").wait_for()
    page.get_by_role("link", name="Åpne i arbeidsbenken").click()
    wait_for_map(page)
    view(page, 59.9352, 10.5810, zoom=16)  # the middle of Grini's farmland (jordvern)
    draw_polygon(page, [(300, 220), (460, 230), (450, 360), (310, 350)])
    page.get_by_label("Navn", exact=True).fill("Grini næringspark")
    page.get_by_label("Kategori").select_option("næringsområde")
    add_goal(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagt til i scenarioet: Grini næringspark.").wait_for()

    page.get_by_role("link", name="Se scenarioets endringer").first.click()
    page.get_by_role("link", name="Sammenlign med planen").click()
    page.wait_for_selector("[data-comparison-maps][data-ready='true']", timeout=20_000)
    farmland = page.locator("[data-indicators] [data-indicator]", has_text="på jordvern").first
    assert farmland.locator("[data-column='plan'] [data-light]").inner_text() == "✓ Nådd"
    scenario_light = farmland.locator("[data-column='grini-naeringspark'] [data-light]")
    assert scenario_light.inner_text() == "✗ Ikke nådd"
    assert axe_violations(page) == []
    # The plan itself still meets it.
    assert api(base, "/api/v1/zones/jordvern-grini")["properties"]["version"] == 1
