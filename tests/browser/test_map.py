"""The main flows in real Chromium: the map, a zone's goals, the goal lens, language, phone."""

import json
import urllib.request

import pytest

from tests.browser.conftest import axe_violations, serve, wait_for_map


def api(live_server, path):
    with urllib.request.urlopen(live_server + path) as response:
        return json.loads(response.read())


def states(page):
    return page.eval_on_selector_all(
        "path[data-zone-id]",
        "paths => Object.fromEntries(paths.map(p => [p.dataset.zoneId, p.dataset.state]))",
    )


def test_the_map_has_a_size_and_draws_every_demo_zone(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    box = page.locator(".folium-map").bounding_box()
    assert box["width"] > 400 and box["height"] > 400
    expected = {f["id"] for f in api(live_server, "/api/v1/zones")["features"]}
    assert set(states(page)) == expected
    assert len(expected) >= 20
    assert page.locator(".leaflet-overlay-pane path").count() > len(expected)  # the boundary too
    drawn = page.eval_on_selector_all(
        "path[data-zone-id]", "ps => ps.filter(p => p.getBBox().width > 0).length"
    )
    assert drawn == len(expected)
    assert page.locator("[data-zone-list] li").count() == len(expected)


def test_clicking_a_zone_shows_its_category_area_and_goals(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    page.locator('path[data-zone-id="jordvern-grini"]').click()
    details = page.locator("[data-zone-details]")
    details.locator("h3", has_text="Grini jordbrukslandskap").wait_for()
    text = details.inner_text()
    assert "Jordvern" in text
    area = api(live_server, "/api/v1/zones/jordvern-grini")["properties"]["area_daa"]
    assert f"{round(area)} daa" in text.replace("\u00a0", " ")
    link = details.get_by_role("link", name="Holde markagrensen og jordbrukslandskapene fast")
    assert link.get_attribute("href") == "/mal/2020.hm3.d2.s1.a1"
    link.click()
    page.wait_for_url("**/mal/2020.hm3.d2.s1.a1")
    assert page.locator("h1").inner_text() == "Holde markagrensen og jordbrukslandskapene fast"


def test_the_goal_lens_highlights_the_goals_zones_dims_the_rest_and_survives_a_reload(
    page, live_server
):
    goal = "2020.hm3.d1.s1.a1"
    expected = {f["id"] for f in api(live_server, f"/api/v1/zones?goal={goal}")["features"]}
    page.goto(live_server + "/")
    wait_for_map(page)
    page.select_option("#goal-lens", goal)
    page.wait_for_selector(f"[data-arealweb-map][data-lens='{goal}']")
    for seen in (states(page), None):
        if seen is None:
            assert page.url.endswith(f"/?goal={goal}")
            page.reload()
            wait_for_map(page)
            assert page.input_value("#goal-lens") == goal
            seen = states(page)
        assert {z for z, s in seen.items() if s == "highlighted"} == expected
        assert {z for z, s in seen.items() if s == "dimmed"} == set(seen) - expected
        dimmed = next(z for z, s in seen.items() if s == "dimmed")
        opacity = page.locator(f'path[data-zone-id="{dimmed}"]').get_attribute("stroke-opacity")
        assert float(opacity) < 0.3
        listed = page.eval_on_selector_all(
            "[data-zone-list] button", "bs => bs.map(b => b.dataset.zoneId)"
        )
        assert set(listed) == expected
        assert "8 av 30 soner realiserer" in page.locator("[data-lens-status]").inner_text()


def test_the_goal_lens_and_the_zone_list_work_from_the_keyboard(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnholdet"
    page.locator("#goal-lens").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_selector("[data-arealweb-map][data-lens='2020.visjon']")
    assert (
        "30 av 30 soner realiserer «Sammen skaper vi fremtiden»"
        in page.locator("[data-lens-status]").inner_text()
    )
    button = page.locator('[data-zone-list] button[data-zone-id="sandvika"]')
    button.focus()
    page.keyboard.press("Enter")
    page.locator("[data-zone-details] h3", has_text="Sandvika").wait_for()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.activeElement.dataset.zoneId") == "sandvika"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_layer_switches_hide_and_show_a_kind_from_the_keyboard(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    corridors = page.locator('path[data-kind="corridor"]')
    before = corridors.count()
    assert before > 0
    page.get_by_label("Korridor").focus()
    page.keyboard.press("Space")
    assert corridors.count() == 0
    assert not page.get_by_label("Korridor").is_checked()
    page.keyboard.press("Space")
    assert corridors.count() == before


def test_the_language_switch_changes_the_interface(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    assert page.get_attribute("html", "lang") == "nb"
    assert page.get_by_role("heading", name="Målfilter").is_visible()
    page.get_by_role("link", name="English").click()
    wait_for_map(page)
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_by_role("heading", name="Goal filter").is_visible()
    assert page.locator("#goal-lens option").first.inner_text() == "All zones (no goal filter)"
    assert "All 30 zones are shown." in page.locator("[data-zone-count]").inner_text()
    page.get_by_role("link", name="Goal tree").click()
    assert page.locator("h1").inner_text() == "Goal tree"
    page.get_by_role("link", name="Norsk").click()
    assert page.locator("h1").inner_text() == "Måltre"


def test_the_map_works_on_a_phone(phone, live_server):
    phone.goto(live_server + "/")
    wait_for_map(phone)
    box = phone.locator(".folium-map").bounding_box()
    assert box["width"] >= 380 and box["height"] > 300
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.locator('[data-zone-list] button[data-zone-id="fornebu"]').tap()
    phone.locator("[data-zone-details] h3", has_text="Fornebu").wait_for()


EVIL = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>'


def _add_evil_zone(app):
    import shapely

    from arealweb.domain.zones import GoalLink, Zone, ZoneKind
    from arealweb.geo.crs import to_utm
    from arealweb.http.store import current_store

    zone = Zone(
        id="evil",
        kind=ZoneKind.DEVELOPMENT,
        category="vekstområde",
        name=EVIL,
        geometry=shapely.MultiPolygon([to_utm(shapely.Point(10.548, 59.926)).buffer(300)]),
        links=[GoalLink("2020.hm1.d1.s1.a1", EVIL)],
    )
    with app.app_context(), current_store().write() as repo:
        repo.zones.save(zone, actor="test")


@pytest.fixture(scope="module")
def hostile_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("hostile"), _add_evil_zone)


def test_zone_names_reach_the_page_as_text_never_as_html(page, hostile_server):
    page.goto(hostile_server + "/")
    wait_for_map(page)
    page.locator('path[data-zone-id="evil"]').hover()
    assert EVIL in page.locator(".leaflet-tooltip").inner_text()
    button = page.locator('[data-zone-list] button[data-zone-id="evil"]')
    assert button.inner_text() == EVIL
    button.click()
    assert page.locator("[data-zone-details] h3").inner_text() == EVIL
    page.goto(hostile_server + "/soner/evil")
    wait_for_map(page)
    assert page.locator("h1").inner_text() == EVIL
    assert page.evaluate("window.hacked") is None
    assert page.locator("main img[src='x'], main script").count() == 0


def test_a_visitor_downloads_the_zones_of_the_goal_lens_as_kml_from_the_keyboard(
    page, live_server, tmp_path
):
    from tests.api.test_zone_downloads import read_back

    page.goto(live_server + "/?goal=2020.hm3.d1.s1.a1")
    wait_for_map(page)
    assert page.input_value("[data-download-goal]") == "2020.hm3.d1.s1.a1"
    assert (
        page.locator("[data-download-summary]").inner_text().startswith("Filen får 8 av 30 soner.")
    )
    goal = "2020.hm2"  # the lens changed on the page: the file follows it
    expected = sorted(f["id"] for f in api(live_server, f"/api/v1/zones?goal={goal}")["features"])
    page.select_option("#goal-lens", goal)
    page.wait_for_selector(f"[data-arealweb-map][data-lens='{goal}']")
    assert page.input_value("[data-download-goal]") == goal
    page.get_by_label("Filformat").focus()
    for _ in range(3):  # GeoPackage → GeoJSON → FlatGeobuf → KML
        page.keyboard.press("ArrowDown")
    assert page.input_value("#download-format") == "kml"
    assert page.get_by_label("Koordinatsystem").is_disabled()
    assert (
        page.locator("[data-download-summary]")
        .inner_text()
        .startswith(f"Filen får {len(expected)} av 30 soner. Målfilter: «")
    )
    assert axe_violations(page) == []

    page.get_by_role("button", name="Last ned").focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.endswith(".kml")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert read_back(path) == (expected, {"EPSG:4326"})


def test_the_download_form_speaks_english_too(page, live_server):
    page.goto(live_server + "/?lang=en")
    wait_for_map(page)
    assert page.get_by_role("heading", name="Download zones").is_visible()
    assert page.get_by_label("Coordinate system").input_value() == "25832"
    assert "always in WGS84" in page.locator("#download-crs-hint").inner_text()
    assert page.locator("[data-download-summary]").inner_text() == "The file gets all 30 zones."
    assert page.get_by_role("button", name="Download").is_enabled()
