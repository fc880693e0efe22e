"""Place search and the place in words in Chromium: the combobox on the map, and the comment
form, the receipt and the moderation queue naming where a comment is."""

import math

import pytest

from tests.browser.conftest import axe_violations, serve, wait_for_map, wait_until

BEKKESTUA = (59.91756, 10.58762)
SANDVIKA_STASJON = (59.89278, 10.52556)
PASSWORD = "et-langt-passord"
MAP = "window[JSON.parse(document.querySelector('[data-arealweb-map]').dataset.arealwebMap).map]"


def metres(a, b):
    """Distance between two (lat, lon) points on a sphere, in metres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def centre(page):
    return page.evaluate(f"(() => {{ const c = {MAP}.getCenter(); return [c.lat, c.lng]; }})()")


def test_typing_bekkes_and_picking_with_the_keyboard_centres_the_map_on_bekkestua(
    page, live_server
):
    page.goto(live_server + "/")
    wait_for_map(page)
    assert metres(centre(page), BEKKESTUA) > 1000
    search = page.get_by_role("combobox", name="Søk etter sted, sone eller stasjon")
    search.press_sequentially("Bekkes", delay=40)
    listbox = page.get_by_role("listbox", name="Treff")
    listbox.wait_for()
    assert search.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert options.count() >= 3
    assert options.first.inner_text().startswith("Bekkestua")
    wait_until(page, "document.querySelector('[data-place-count]').textContent.includes('treff')")
    count = page.locator("[data-place-count]").inner_text()
    assert count.startswith(f"{options.count()} treff")
    assert axe_violations(page) == []

    search.press("ArrowDown")
    first = options.first
    assert first.get_attribute("aria-selected") == "true"
    assert search.get_attribute("aria-activedescendant") == first.get_attribute("id")
    search.press("ArrowDown")
    search.press("ArrowUp")
    assert search.get_attribute("aria-activedescendant") == first.get_attribute("id")
    search.press("Enter")

    page.locator("[data-arealweb-map][data-place-found='place:bekkestua']").wait_for()
    assert listbox.is_hidden()
    assert search.get_attribute("aria-expanded") == "false"
    assert metres(centre(page), BEKKESTUA) < 200
    assert page.locator("[data-place-count]").inner_text() == "Viser Bekkestua i kartet."
    assert page.locator(".leaflet-tooltip", has_text="Bekkestua").is_visible()
    assert axe_violations(page) == []


def test_escape_closes_the_list_and_a_second_escape_empties_the_field(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    search = page.get_by_role("combobox", name="Søk etter sted, sone eller stasjon")
    search.press_sequentially("hovik", delay=40)
    listbox = page.get_by_role("listbox", name="Treff")
    listbox.wait_for()
    assert listbox.get_by_role("option").first.inner_text().startswith("Høvik")
    search.press("Escape")
    assert listbox.is_hidden() and search.input_value() == "hovik"
    search.press("Escape")
    assert search.input_value() == ""
    search.press_sequentially("qqqq", delay=40)
    wait_until(page, "document.querySelector('[data-place-count]').textContent.includes('qqqq')")
    assert page.locator("[data-place-count]").inner_text() == "Ingen treff for «qqqq»."


def test_the_search_is_in_english_on_the_english_map(page, live_server):
    page.goto(live_server + "/?lang=en")
    wait_for_map(page)
    search = page.get_by_role("combobox", name="Search for a place, zone or station")
    search.press_sequentially("Sandvika", delay=40)
    page.get_by_role("listbox", name="Results").wait_for()
    wait_until(page, "document.querySelector('[data-place-count]').textContent.includes('results')")


def _planner(app):
    from arealweb.domain.accounts import Role
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_user

    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)


@pytest.fixture(scope="module")
def comment_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("places"), _planner)


def test_a_click_near_sandvika_stasjon_is_named_in_the_form_the_receipt_and_the_queue(
    page, browser, comment_server
):
    page.goto(comment_server + "/innspill")
    wait_for_map(page)
    lat, lon = SANDVIKA_STASJON
    page.evaluate(f"{MAP}.setView([{lat}, {lon}], 17, {{animate: false}})")
    # 30 m east of the station: near it, not on its marker.
    point = page.evaluate(
        f"(() => {{ const p = {MAP}.latLngToContainerPoint([{lat}, {lon + 0.0005}]);"
        " return [p.x, p.y]; })()"
    )
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    status = page.locator("[data-place-status]")
    wait_until(page, "document.querySelector('[data-place-status]').textContent.includes('ved')")
    assert status.inner_text() == (
        "Valgt sted: punktet du klikket på i kartet, ved Sandvika stasjon, i Sandvika"
    )
    page.get_by_label("Hva mener du?").fill("Flere sykkelstativer ved stasjonen.")
    page.get_by_role("button", name="Send innspill").click()
    receipt = page.locator("[data-receipt]")
    receipt.wait_for()
    receipt_url = receipt.get_attribute("href")

    planner = browser.new_context().new_page()
    planner.goto(comment_server + "/logg-inn?next=/innspill/moderering")
    planner.get_by_label("Brukernavn").fill("kari")
    planner.get_by_label("Passord").fill(PASSWORD)
    planner.get_by_role("button", name="Logg inn").click()
    card = planner.locator("article", has_text="Flere sykkelstativer ved stasjonen.")
    assert card.locator("[data-where]").inner_text() == "Hvor: ved Sandvika stasjon, i Sandvika"
    planner.context.close()

    page.goto(receipt_url)
    page.locator('[data-receipt-page][data-loaded="yes"]').wait_for()
    wait_until(page, "document.querySelector('[data-field=where]').textContent.includes('ved')")
    assert page.locator('[data-field="where"]').inner_text() == "ved Sandvika stasjon, i Sandvika"
