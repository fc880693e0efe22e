"""The goal page's indicators in Chromium: a planner adds one with the plain form, a refused
form keeps its values beside the problems, and axe finds nothing on either page."""

import pytest

from tests.browser.conftest import _planner, axe_violations, serve, wait_for_map

GOAL = "2020.hm3.d1.s1.a2"


@pytest.fixture(scope="module")
def server(sqlite_factory, tmp_path_factory):
    """A server of its own: these tests write."""
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("indicators"), _planner)


def _sign_in(page, server):
    page.goto(server + "/logg-inn")
    page.get_by_label("Brukernavn").fill("planlegger")
    page.get_by_label("Passord").fill("et-langt-passord")
    page.get_by_role("button", name="Logg inn").click()
    wait_for_map(page)


def test_a_visitor_reads_each_light_as_a_word_and_axe_finds_nothing(page, server):
    page.goto(f"{server}/mal/{GOAL}")
    wait_for_map(page)
    table = page.get_by_role("table", name="Indikatorene for målet, målt på planen slik den er nå")
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(3).inner_text() == "● Nådd"
    assert rows.nth(1).locator("td").nth(3).inner_text() == "◐ Nær"
    assert axe_violations(page) == []


REFUSED = (
    "console error: Failed to load resource: the server responded with a status of 422 "
    "(UNPROCESSABLE ENTITY)"
)


def test_a_planner_adds_an_indicator_without_script_help(page, watch, server):
    _sign_in(page, server)
    page.goto(f"{server}/mal/{GOAL}")
    wait_for_map(page)
    form = page.locator("form.indicator-form")
    assert axe_violations(page) == []
    form.get_by_label("Hva måles").select_option("station_share")
    form.get_by_label("Avstand i meter (for målene med avstand)").fill("800")
    form.get_by_label("høyst").check()
    target = "Målverdi (i målets enhet: prosent, daa eller km)"
    form.get_by_label(target).fill("140,5")
    form.get_by_role("button", name="Legg til indikatoren").click()
    alert = page.get_by_role("alert")
    assert "en andel kan ikke være over 100 %" in alert.inner_text()
    assert page.get_by_label("Avstand i meter (for målene med avstand)").input_value() == "800"
    assert page.get_by_label(target).input_value() == "140,5"
    assert axe_violations(page) == []
    assert watch.errors == [REFUSED]  # the refused form's own answer, nothing else
    watch.errors.clear()
    page.get_by_label(target).fill("40,5")
    page.get_by_role("button", name="Legg til indikatoren").click()
    wait_for_map(page)
    assert "Indikatoren er lagt til." in page.get_by_role("status").first.inner_text()
    row = page.locator("table.indicators tbody tr").last
    assert "Andel av utviklingsarealet innen 800 m fra en stasjon" in row.inner_text()
    assert "høyst 40,5 %" in row.inner_text()
    assert row.locator("td").nth(3).inner_text() == "○ Ikke nådd"
