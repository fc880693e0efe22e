"""Zone names on the web maps: from zoom 13, visible, never over each other, axe-clean."""

import re

import pytest

from tests.browser.conftest import _planner, axe_violations, serve, wait_for_map, wait_until
from tests.browser.test_map import EVIL, _add_evil_zone

SANDVIKA = (59.8895, 10.5240)

LABELS = """() => Array.from(document.querySelectorAll('.zone-label')).map(l => {
  const range = document.createRange();
  range.selectNodeContents(l);
  const r = range.getBoundingClientRect();  // the text as drawn, its lines and halo's core
  return {id: l.dataset.zoneLabel, text: l.textContent,
          left: r.left, right: r.right, top: r.top, bottom: r.bottom};
})"""


def _view(page, zoom: int) -> None:
    page.evaluate(
        "([lat, lon, zoom]) => document.querySelector('[data-arealweb-map]').arealweb.map"
        ".setView([lat, lon], zoom, {animate: false})",
        [*SANDVIKA, zoom],
    )
    wait_until(
        page,
        f"document.querySelector('[data-arealweb-map]').arealweb.map.getZoom() === {zoom}",
    )
    page.wait_for_timeout(200)  # moveend has laid the labels out


def _apart(labels) -> None:
    for n, a in enumerate(labels):
        for b in labels[n + 1 :]:
            apart = (
                a["right"] <= b["left"]
                or b["right"] <= a["left"]
                or a["bottom"] <= b["top"]
                or b["bottom"] <= a["top"]
            )
            assert apart, (a, b)


def test_at_zoom_14_over_sandvika_the_zone_names_show_apart_and_axe_finds_nothing(
    page, live_server
):
    page.goto(live_server + "/")
    wait_for_map(page)
    _view(page, 14)
    labels = page.evaluate(LABELS)
    assert "Sandvika" in [label["text"] for label in labels]
    assert len(labels) >= 3
    _apart(labels)
    frame = page.locator(".folium-map").bounding_box()
    for label in labels:
        locator = page.locator(f'.zone-label[data-zone-label="{label["id"]}"]')
        assert locator.is_visible()
        assert frame["x"] <= label["left"] and label["right"] <= frame["x"] + frame["width"]
        assert frame["y"] <= label["top"] and label["bottom"] <= frame["y"] + frame["height"]
    halo = page.eval_on_selector(".zone-label", "l => getComputedStyle(l).textShadow")
    assert halo.count("rgb(255, 255, 255)") >= 4  # a white halo all round: any background
    assert axe_violations(page) == []


def test_zoomed_out_there_are_no_names_and_moving_lays_them_out_again(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    _view(page, 12)
    assert page.evaluate(LABELS) == []
    for zoom in (13, 15):
        _view(page, zoom)
        labels = page.evaluate(LABELS)
        assert labels
        _apart(labels)


def test_on_a_phone_the_names_stay_apart_and_inside_the_map(phone, live_server):
    phone.goto(live_server + "/")
    wait_for_map(phone)
    _view(phone, 13)
    labels = phone.evaluate(LABELS)
    assert labels
    _apart(labels)
    frame = phone.locator(".folium-map").bounding_box()
    for label in labels:
        assert frame["x"] <= label["left"] and label["right"] <= frame["x"] + frame["width"]


def test_a_switched_off_layer_takes_its_names_with_it(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    _view(page, 14)
    kinds = page.eval_on_selector_all(".zone-label", "ls => ls.map(l => l.dataset.kind)")
    assert "development" in kinds
    page.locator('[data-layer-toggle="development"]').uncheck()
    kinds = page.eval_on_selector_all(".zone-label", "ls => ls.map(l => l.dataset.kind)")
    assert "development" not in kinds


def test_a_zone_page_names_its_zone(page, live_server):
    page.goto(live_server + "/soner/sandvika")
    wait_for_map(page)
    _view(page, 14)
    assert "Sandvika" in [label["text"] for label in page.evaluate(LABELS)]


@pytest.fixture(scope="module")
def hostile_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("hostile-labels"), _add_evil_zone)


def test_a_zone_name_is_written_on_the_map_as_text_never_as_html(page, hostile_server):
    page.goto(hostile_server + "/")
    wait_for_map(page)
    page.evaluate(
        "() => document.querySelector('[data-arealweb-map]').arealweb.map"
        ".setView([59.926, 10.548], 15, {animate: false})"
    )
    label = page.locator('.zone-label[data-zone-label="evil"]')
    label.wait_for()
    assert label.inner_text() == EVIL
    assert page.locator(".zone-labels img, .zone-labels script").count() == 0
    assert page.evaluate("window.hacked") is None


def test_the_workbench_names_the_zones_too(page, live_server):
    page.goto(live_server + "/logg-inn?next=/arbeidsbenk")
    page.get_by_label("Brukernavn").fill("planlegger")
    page.get_by_label("Passord").fill("et-langt-passord")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/arbeidsbenk")
    wait_for_map(page)
    _view(page, 14)
    labels = page.evaluate(LABELS)
    assert "Sandvika" in [label["text"] for label in labels]
    _apart(labels)
    assert axe_violations(page) == []


@pytest.fixture(scope="module")
def workshop_server(sqlite_factory, tmp_path_factory):
    """A server of its own: the workshop made here stays out of the shared one's lists."""
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("label-workshop"), _planner)


def test_in_presentation_mode_only_the_steps_zones_are_named(page, workshop_server):
    page.goto(workshop_server + "/logg-inn?next=/verksted")
    page.get_by_label("Brukernavn").fill("planlegger")
    page.get_by_label("Passord").fill("et-langt-passord")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Nytt målverksted").click()
    page.get_by_label("Tittel").fill("Navneverksted")
    page.get_by_label(re.compile("Bærum er ledende i arbeidet for et klima")).check()
    page.get_by_role("button", name="Opprett verkstedet").click()
    page.get_by_role("link", name="Presentasjon").click()
    wait_for_map(page)
    wait_until(
        page,
        "document.querySelectorAll(\"[data-zone-id][data-state='highlighted']\").length > 0 && "
        "document.querySelectorAll(\"[data-zone-id][data-state='highlighted']\").length == "
        "Number(document.querySelector('[data-presentation]').dataset.highlighted)",
    )
    _view(page, 13)
    labels = page.evaluate(LABELS)
    assert labels
    _apart(labels)
    for label in labels:
        state = page.get_attribute(f'path[data-zone-id="{label["id"]}"]', "data-state")
        assert state == "highlighted", label
    dimmed = page.eval_on_selector_all(
        "path[data-zone-id][data-state='dimmed']", "ps => ps.map(p => p.dataset.zoneId)"
    )
    assert dimmed and not {label["id"] for label in labels} & set(dimmed)
