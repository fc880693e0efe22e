"""The workbench in Chromium: undo and redo of drawing steps and of saves, the bin, and the
questions asked before saving a development zone over protected land or a zone with no goal."""

import json

import pytest
import shapely

from tests.browser.conftest import axe_violations, serve, wait_until
from tests.browser.test_workbench import (
    _accounts,
    _click,
    add_goal,
    api,
    draw_polygon,
    history,
    sign_in,
    view,
)

OPEN_GROUND = (59.9505, 10.555, 16)
"""Nothing to snap to here (as the corridor test in test_workbench knows)."""
AREA = "[data-feedback] [data-area-daa]"
VERTICES = ".leaflet-marker-pane .marker-icon:not(.cursor-marker):not(.marker-icon-middle)"


@pytest.fixture(scope="module")
def undo_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("undo"), _accounts)


def area(page):
    return float(page.locator(AREA).get_attribute("data-area-daa"))


def area_becomes_other_than(page, old):
    wait_until(
        page,
        f"(() => {{ const a = document.querySelector('{AREA}');"
        f" return a !== null && Number(a.dataset.areaDaa) !== {old}; }})()",
    )
    return area(page)


def vertex_count(page):
    return page.locator(VERTICES).count()


def drag_vertex(page, dx, dy):
    """Drag the first vertex marker of the shape being edited by (dx, dy) pixels."""
    box = page.locator(VERTICES).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    page.mouse.move(x + dx, y + dy, steps=4)
    page.mouse.up()


def refused_with(watch, status, reason):
    """The console errors a refused request leaves, as Chromium words them; then forgotten."""
    expected = (
        "console error: Failed to load resource: the server responded with a status of "
        f"{status} ({reason})"
    )
    assert watch.errors and set(watch.errors) == {expected}, watch.errors
    watch.errors.clear()


def test_undo_and_redo_a_vertex_while_drawing_and_each_drawing_step_after(page, undo_server):
    sign_in(page, undo_server, "kari")
    view(page, *OPEN_GROUND)
    undo_button = page.get_by_role("button", name="Angre", exact=True)
    redo_button = page.get_by_role("button", name="Gjør om", exact=True)
    assert undo_button.is_disabled() and redo_button.is_disabled()

    page.get_by_role("button", name="Nytt område").click()
    _click(page, [(150, 300), (450, 300), (450, 550)])
    assert vertex_count(page) == 3
    page.locator(".folium-map").hover(position={"x": 20, "y": 20})
    page.keyboard.press("Control+z")
    assert vertex_count(page) == 2
    assert page.locator("[data-undo-status]").inner_text() == "Angret siste hjørne."
    page.keyboard.press("Control+Shift+z")
    assert vertex_count(page) == 3
    _click(page, [(150, 550), (150, 300)])  # the fourth corner, then close on the first
    drawn = float(page.locator(AREA).get_attribute("data-area-daa"))

    page.get_by_role("button", name="Flytt hjørner").click()
    drag_vertex(page, -80, -60)
    moved = area_becomes_other_than(page, drawn)
    assert moved > drawn

    undo_button.click()
    assert area_becomes_other_than(page, moved) == pytest.approx(drawn)
    assert page.locator("[data-undo-status]").inner_text() == "Angret et tegnesteg."
    page.keyboard.press("Control+Shift+z")
    assert area_becomes_other_than(page, drawn) == pytest.approx(moved)

    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")  # before the shape was drawn: nothing on the map
    page.get_by_text("Tegn et område eller en korridor i kartet").wait_for()
    assert page.locator(AREA).count() == 0
    assert undo_button.is_disabled() and redo_button.is_enabled()
    redo_button.click()
    assert area_becomes_other_than(page, -1) == pytest.approx(drawn)

    # Ctrl+Z in a text field is the field's own undo, not the map's.
    page.get_by_label("Navn").fill("Navn")
    page.get_by_label("Navn").press("Control+z")
    assert page.locator(AREA).count() == 1


def test_undo_after_a_save_restores_the_version_before_and_redo_brings_it_back(
    page, watch, undo_server
):
    sign_in(page, undo_server, "kari")
    view(page, *OPEN_GROUND)
    draw_polygon(page, [(150, 300), (450, 300), (450, 550), (150, 550)])
    page.get_by_label("Navn").fill("Angreflate")
    add_goal(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Opprettet: Angreflate.").wait_for()
    zone_id = page.locator("[data-saved]").get_attribute("data-zone-id")
    first = api(undo_server, f"/api/v1/zones/{zone_id}")

    page.get_by_role("button", name="Flytt hjørner").click()
    page.get_by_label("Navn").fill("Angreflate utvidet")
    drag_vertex(page, -80, -60)
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret: Angreflate utvidet, versjon 2.").wait_for()
    second = api(undo_server, f"/api/v1/zones/{zone_id}")
    assert second["properties"]["area_daa"] > first["properties"]["area_daa"]

    page.get_by_role("button", name="Angre", exact=True).click()
    page.get_by_text("Angret lagringen: «Angreflate» er tilbake som versjon 3.").wait_for()
    restored = api(undo_server, f"/api/v1/zones/{zone_id}")
    assert restored["properties"]["name"] == "Angreflate"
    assert shapely.equals_exact(
        shapely.from_geojson(json.dumps(restored["geometry"])),
        shapely.from_geojson(json.dumps(first["geometry"])),
        1e-9,
    )
    assert page.get_by_label("Navn").input_value() == "Angreflate"

    page.keyboard.press("Control+Shift+z")
    page.get_by_text(
        "Gjorde om lagringen: «Angreflate utvidet» er lagret som versjon 4."
    ).wait_for()
    assert api(undo_server, f"/api/v1/zones/{zone_id}")["properties"]["area_daa"] == (
        pytest.approx(second["properties"]["area_daa"])
    )
    actions = [(v["action"], v["actor"]) for v in history(page, undo_server, zone_id)]
    assert actions == [
        ("create", "kari"),
        ("update", "kari"),
        ("restore", "kari"),
        ("restore", "kari"),
    ]

    # Someone else edits the zone meanwhile: the undo is refused and overwrites nothing.
    zone = page.request.get(f"{undo_server}/api/v1/zones/{zone_id}")
    feature = zone.json()
    feature["properties"]["description"] = "Endret et annet sted"
    changed = page.request.put(
        f"{undo_server}/api/v1/zones/{zone_id}",
        data=feature,
        headers={
            "If-Match": zone.headers["etag"],
            "X-CSRFToken": page.locator('meta[name="csrf-token"]').get_attribute("content"),
        },
    )
    assert changed.status == 200, changed.text()
    page.get_by_role("button", name="Angre", exact=True).click()
    page.locator("[data-form-errors]").filter(has_text="endret av noen andre").wait_for()
    after = api(undo_server, f"/api/v1/zones/{zone_id}")["properties"]
    assert (after["version"], after["description"]) == (5, "Endret et annet sted")
    refused_with(watch, 412, "PRECONDITION FAILED")


def test_a_deleted_zone_is_restored_from_the_bin(page, undo_server):
    sign_in(page, undo_server, "ola")
    page.locator('[data-zone-list] button[data-zone-id="kolsas"]').click()
    page.get_by_text("Du endrer «Kolsås»").wait_for()
    page.get_by_role("button", name="Slett sonen").click()
    page.get_by_role("button", name="Bekreft sletting").click()
    page.get_by_text("Kolsås er slettet. Den kan gjenopprettes fra papirkurven.").wait_for()

    page.get_by_role("link", name="Åpne papirkurven").click()
    page.get_by_role("heading", name="Papirkurv").wait_for()
    row = page.locator('tr[data-deleted-zone="kolsas"]')
    assert "Kolsås" in row.inner_text() and "ola" in row.inner_text()
    assert axe_violations(page) == []
    row.get_by_role("button", name="Gjenopprett «Kolsås»").click()
    page.get_by_text("«Kolsås» er gjenopprettet som versjon").wait_for()
    assert page.locator('tr[data-deleted-zone="kolsas"]').count() == 0
    zone = api(undo_server, "/api/v1/zones/kolsas")
    assert zone["properties"]["name"] == "Kolsås"
    actions = [v["action"] for v in history(page, undo_server, "kolsas")]
    assert actions[-2:] == ["delete", "restore"]


def test_saving_over_farmland_without_a_goal_asks_first_and_saves_when_confirmed(
    page, watch, undo_server
):
    sign_in(page, undo_server, "kari")
    grini = shapely.from_geojson(
        json.dumps(api(undo_server, "/api/v1/zones/jordvern-grini")["geometry"])
    )
    center = grini.representative_point()
    view(page, center.y, center.x, 16)
    box = page.locator(".folium-map").bounding_box()
    cx, cy = box["width"] / 2, box["height"] / 2
    draw_polygon(
        page, [(cx - 60, cy - 60), (cx + 60, cy - 60), (cx + 60, cy + 60), (cx - 60, cy + 60)]
    )
    page.get_by_label("Navn").fill("Næring på Grini")
    page.get_by_label("Kategori").select_option("næringsområde")
    page.get_by_role("button", name="Lagre").click()

    question = page.locator("[data-confirm]")
    question.wait_for()
    problems = question.locator("li").all_inner_texts()
    assert len(problems) == 2
    assert problems[0].startswith("«Næring på Grini» ligger på vernet areal: Jordvern ")
    assert problems[0].endswith(" daa")
    assert problems[1] == "«Næring på Grini» er ikke knyttet til noe mål"
    assert page.evaluate("document.activeElement.hasAttribute('data-confirm-save')")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ikke lagre").click()
    assert question.is_hidden()
    page.get_by_text("Ikke lagret.").wait_for()
    names = [f["properties"]["name"] for f in api(undo_server, "/api/v1/zones")["features"]]
    assert "Næring på Grini" not in names

    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("button", name="Lagre likevel").click()
    page.get_by_text("Opprettet: Næring på Grini.").wait_for()
    zone_id = page.locator("[data-saved]").get_attribute("data-zone-id")
    assert api(undo_server, f"/api/v1/zones/{zone_id}")["properties"]["kind"] == "development"
    refused_with(watch, 409, "CONFLICT")


def test_undo_of_a_new_zone_puts_it_in_the_bin_and_redo_brings_it_back(page, undo_server):
    sign_in(page, undo_server, "kari")
    view(page, 59.9505, 10.565, 16)
    draw_polygon(page, [(200, 300), (400, 300), (400, 500), (200, 500)])
    page.get_by_label("Navn").fill("Angret ny sone")
    add_goal(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Opprettet: Angret ny sone.").wait_for()
    zone_id = page.locator("[data-saved]").get_attribute("data-zone-id")

    page.keyboard.press("Control+z")
    page.get_by_text(
        "Angret: «Angret ny sone» er slettet igjen og ligger i papirkurven."
    ).wait_for()
    missing = page.request.get(f"{undo_server}/api/v1/zones/{zone_id}")
    assert missing.status == 404
    assert page.get_by_label("Navn").input_value() == ""

    page.get_by_role("button", name="Gjør om", exact=True).click()
    page.get_by_text("Gjorde om lagringen: «Angret ny sone» er lagret som versjon 3.").wait_for()
    assert api(undo_server, f"/api/v1/zones/{zone_id}")["properties"]["name"] == "Angret ny sone"
    actions = [v["action"] for v in history(page, undo_server, zone_id)]
    assert actions == ["create", "delete", "restore"]
