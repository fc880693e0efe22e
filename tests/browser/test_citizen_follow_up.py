"""A citizen after sending, in Chromium: the form starts over and says where the answer will
come; «Enig» stays pressed after a reload and a second press does not count twice."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_violations, serve, wait_for_map
from tests.browser.test_comments import _publish

CIRCLE_MARKERS = """(() => {
  let n = 0;
  document.querySelector('[data-arealweb-map]').arealweb.map.eachLayer(function (layer) {
    if (layer instanceof L.CircleMarker) n += 1;
  });
  return n;
})()"""

AGREED = ("Flere benker ved Bekkestua", "Lys i lysløypa ved Kolsås")


@pytest.fixture(scope="module")
def citizen_server(sqlite_factory, tmp_path_factory):
    yield from serve(
        sqlite_factory,
        tmp_path_factory.mktemp("citizens"),
        lambda app: _publish(app, AGREED),
        COMMENT_RATE_LIMIT="off",
    )


def test_the_form_clears_after_sending_and_says_where_to_follow_the_answer(
    page, watch, citizen_server
):
    page.goto(citizen_server + "/innspill")
    wait_for_map(page)
    markers = page.evaluate(CIRCLE_MARKERS)
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.62)
    assert page.evaluate(CIRCLE_MARKERS) == markers + 1
    page.get_by_label("Problem her").check()
    page.get_by_label("Tema").select_option("møteplasser og nærmiljøer")
    page.get_by_label("Hva mener du?").fill("Stien er mørk om kvelden.")
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("Alder").select_option("13–17")
    page.get_by_label("Gruppe, klasse eller forening").fill("Klasse 7B")
    page.get_by_role("button", name="Send innspill").click()

    receipt = page.locator("[data-comment-result] a[data-receipt]")
    receipt.wait_for()
    result = page.locator("[data-comment-result]").inner_text()
    assert "Takk! Innspillet ditt er mottatt." in result
    assert "Følg innspillet ditt og les kommunens svar på kvitteringssiden din:" in result
    assert "Lenken vises bare nå, og den er eneste vei til svaret" in result
    # The link is written out, to copy or bookmark, and is where the answer will be.
    link = receipt.get_attribute("href")
    assert receipt.inner_text() == link
    assert link.startswith(citizen_server + "/innspill/kvittering#")
    assert page.evaluate("document.activeElement.closest('[data-comment-result]') !== null"), (
        "the receipt takes the focus, so a screen reader reads it"
    )

    # Nothing of the comment is left in the form.
    assert page.get_by_label("Hva mener du?").input_value() == ""
    assert page.get_by_label("Navn").input_value() == ""
    assert page.get_by_label("Alder").input_value() == ""
    assert page.get_by_label("Gruppe, klasse eller forening").input_value() == ""
    assert page.get_by_label("Tema").input_value() == page.locator(
        "#comment-theme option"
    ).first.get_attribute("value")
    assert page.get_by_label("Bra her").is_checked()
    assert not page.get_by_label("Problem her").is_checked()
    assert page.get_by_label("Sted", exact=True).input_value() == ""
    assert page.locator("[data-place-status]").inner_text() == ""
    assert page.evaluate(CIRCLE_MARKERS) == markers
    assert page.locator("[data-arealweb-map]").get_attribute("data-place") is None
    assert page.locator("[data-left]").inner_text() == "2000 tegn igjen"
    assert axe_violations(page) == []

    # Sending again sends nothing: the place and the text are gone.
    page.get_by_role("button", name="Send innspill").click()
    alert = page.locator("[data-comment-errors]")
    alert.get_by_text("skriv hva du mener").wait_for()
    assert "velg et sted i kartet, en sone eller et sted i listen" in alert.inner_text()
    assert page.locator("[data-comment-result]").inner_text() == ""
    watch.errors.clear()  # the 422 of the empty form

    # The link leads to the comment, where the answer will come.
    page.goto(link)
    page.locator('[data-receipt-page][data-loaded="yes"]').wait_for()
    assert "Stien er mørk om kvelden." in page.locator(".comment-text").first.inner_text()
    assert page.get_by_text("Kommunen har ikke svart ennå.").is_visible()
    assert urlsplit(page.url).fragment == urlsplit(link).fragment


def _item(page, text):
    return page.locator("[data-comment-list] li", has_text=text)


def _open_map(page, server):
    page.goto(server + "/innspill/kart")
    page.wait_for_selector(f"[data-arealweb-map][data-comments='{len(AGREED)}']")


def test_enig_stays_pressed_after_a_reload_and_a_second_press_does_not_count_twice(
    page, device, citizen_server
):
    _open_map(page, citizen_server)
    first, other = _item(page, AGREED[0]), _item(page, AGREED[1])
    first.get_by_role("button", name="Enig").click()
    first.get_by_role("button", name="Du er enig").wait_for()
    assert first.locator("[data-agreements]").get_attribute("data-agreements") == "1"

    page.reload()
    _open_map(page, citizen_server)
    pressed = first.get_by_role("button", name="Du er enig")
    assert pressed.is_visible() and pressed.is_disabled()
    assert first.locator("[data-agreements]").get_attribute("data-agreements") == "1"
    assert other.get_by_role("button", name="Enig", exact=True).is_enabled()
    assert axe_violations(page) == []

    # The browser's own list wiped (the cookie kept): the button is offered again, but the
    # server knows this browser agreed, so the press leaves the count as it was.
    page.evaluate("window.localStorage.clear()")
    page.reload()
    _open_map(page, citizen_server)
    first.get_by_role("button", name="Enig", exact=True).click()
    first.get_by_role("button", name="Du er enig").wait_for()
    assert first.locator("[data-agreements]").get_attribute("data-agreements") == "1"

    # Someone else's browser counts.
    neighbour = device()
    _open_map(neighbour, citizen_server)
    theirs = _item(neighbour, AGREED[0])
    theirs.get_by_role("button", name="Enig", exact=True).click()
    theirs.get_by_role("button", name="Du er enig").wait_for()
    assert theirs.locator("[data-agreements]").get_attribute("data-agreements") == "2"

    page.reload()
    _open_map(page, citizen_server)
    assert first.get_by_role("button", name="Du er enig").is_disabled()
    assert first.locator("[data-agreements]").get_attribute("data-agreements") == "2"
