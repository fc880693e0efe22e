"""A council workshop in Chromium: set-up, two groups on their own devices, the plenary screen
live, presentation mode by keyboard, closing (confirmed) and reopening, exports and the
printable summary."""

import csv
import io
import re
from pathlib import Path

import pyogrio

from tests.browser.conftest import axe_violations, wait_for_map, wait_until

PASSWORD = "et-langt-passord"
HOSTILE = '<img src=x onerror="window.__pwned=1">Skogen ved Haslum'


def sign_in(page, base, target):
    page.goto(f"{base}/logg-inn?next={target}")
    page.get_by_label("Brukernavn").fill("planlegger")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def view(page, lat, lon, zoom):
    page.evaluate(
        "([lat, lon, zoom]) => document.querySelector('[data-arealweb-map]').arealweb.map.setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )


def draw_square(page):
    """Draw a square near Haslum with the group screen's area tool."""
    view(page, 59.915, 10.5635, 15)
    page.get_by_role("button", name="Område", exact=True).click()
    box = page.locator(".folium-map").bounding_box()
    cx, cy = box["width"] / 2, box["height"] / 2
    corners = [(cx - 60, cy - 40), (cx + 60, cy - 40), (cx + 60, cy + 40), (cx - 60, cy + 40)]
    for x, y in [*corners, corners[0]]:
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(60)
    page.wait_for_selector("[data-arealweb-map][data-sketch-drawn='true']")


def test_groups_sketch_comment_and_add_words_the_plenary_shows_it_live_until_closed(
    page, device, watch, live_server, tmp_path
):
    base = live_server
    # The facilitator sets up the workshop.
    sign_in(page, base, "/verksted/nytt")
    assert axe_violations(page) == []
    page.get_by_label("Tittel").fill("Målverksted for kommunestyret")
    page.get_by_label("Grupper (én per linje, høyst 10)").fill("Gruppe A\nGruppe B")
    page.get_by_label("Ordskyer (ett spørsmål eller stikkord per linje)").fill(
        "Bærum 2040\nBærekraft\nKlimaklok"
    )
    page.get_by_label(re.compile("Bærum er ledende i arbeidet for et klima")).check()
    page.get_by_label(re.compile("Prioritere, sikre og tilrettelegge")).check()
    page.get_by_role("button", name="Opprett verkstedet").click()
    page.get_by_text("Verkstedet er opprettet.").wait_for()
    assert axe_violations(page) == []
    code_a, code_b = page.locator("[data-join-code]").all_inner_texts()
    assert page.locator(".qr svg").count() == 2
    workshop_url = page.url

    # The plenary screen on the projector.
    plenary = device()
    sign_in(plenary, base, workshop_url.removeprefix(base) + "/plenum")
    wait_for_map(plenary)
    plenary.evaluate("window.__sameDocument = true")
    assert axe_violations(plenary) == []

    # Group A types its code, sees the reminders and sketches an area with a hostile note.
    group_a = device()
    group_a.goto(base + "/verksted/bli-med")
    group_a.get_by_label("Gruppekode").fill(code_a.lower())
    group_a.get_by_role("button", name="Bli med").click()
    wait_for_map(group_a)
    reminders = group_a.locator(".reminders").inner_text()
    for reminder in [
        "Langsiktig perspektiv",
        "Overordnet nivå",
        "Fokus på innhold, ikke formuleringer",
        "Pågående arbeidsprosess",
        "Det er ikke nå målene og strategiene besluttes",
    ]:
        assert reminder in reminders
    assert code_a not in group_a.url
    assert axe_violations(group_a) == []
    draw_square(group_a)
    group_a.get_by_label("Vern dette").check()
    group_a.get_by_label("Notat").fill(HOSTILE)
    group_a.get_by_role("button", name="Send skissen").click()
    group_a.get_by_text("Sendt: Vern dette").wait_for()
    assert "Skogen ved Haslum" in group_a.locator("[data-sent-list]").inner_text()

    # It appears on the plenary map without a reload.
    plenary.locator("[data-sketch-list] li", has_text="Skogen ved Haslum").wait_for(timeout=10_000)
    assert plenary.locator("path[data-sketch-id]").count() == 1
    assert plenary.evaluate("window.__sameDocument") is True
    assert plenary.evaluate("window.__pwned") is None
    assert "(1)" in plenary.locator("li", has_text="Gruppe A").first.inner_text()

    # Group B scans its QR code, adds words and comments on a goal.
    group_b = device()
    group_b.goto(f"{base}/verksted/bli-med/{code_b}")
    wait_for_map(group_b)
    sent = group_b.locator("[data-sent-list] li:not([data-empty])")
    for n, word in enumerate(["Grønn", "grønn", "Trygg"], start=1):
        group_b.get_by_label("Bærekraft").fill(word)
        group_b.locator('[data-prompt="Bærekraft"]').get_by_role("button").click()
        sent.nth(n - 1).wait_for()
        assert sent.count() == n
    form = group_b.locator('[data-goal-id="2020.hm3"]')
    form.get_by_label("Endre").check()
    form.get_by_label("Kommentar").fill("Si mer om klimatilpasning")
    form.get_by_role("button", name="Send kommentaren").click()
    form.get_by_text("Sendt: Endre").wait_for()

    cloud = plenary.locator('[data-cloud="Bærekraft"]')
    cloud.locator('li[data-word="grønn"]', has_text="(2)").wait_for(timeout=10_000)
    assert cloud.locator('li[data-word="trygg"]').inner_text().endswith("(1)")
    summary = plenary.locator('[data-goal-summary="2020.hm3"]')
    summary.get_by_text("Si mer om klimatilpasning").wait_for(timeout=10_000)
    assert summary.locator('[data-stance-count="change"]').inner_text() == "1"
    assert plenary.evaluate("window.__sameDocument") is True

    # The exports hold every input.
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Kommentarer og ord (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert sorted((r["type"], r["group"], r["text"]) for r in rows) == [
        ("comment", "Gruppe B", "Si mer om klimatilpasning"),
        ("word", "Gruppe B", "grønn"),
        ("word", "Gruppe B", "grønn"),
        ("word", "Gruppe B", "trygg"),
    ]
    with page.expect_download() as download:
        page.get_by_role("link", name="Skisser (GeoPackage)").click()
    assert download.value.suggested_filename == "skisser.gpkg"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sketches = pyogrio.read_dataframe(saved)
    assert list(sketches["note"]) == [HOSTILE] and list(sketches["group"]) == ["Gruppe A"]
    assert sketches.crs.to_epsg() == 25832 and sketches.geometry[0].area > 10_000

    # Closing: the group screens hear of it at once, switch their forms off and say why (a
    # word typed meanwhile is refused: tests/api); the plenary says it too.
    # Closing asks first, on a page of its own; «Nei» leaves the workshop open.
    group_a.get_by_label("Klimaklok").fill("sen")
    page.get_by_role("button", name="Avslutt verkstedet …").click()
    page.get_by_role("heading", name="Avslutte «Målverksted for kommunestyret»?").wait_for()
    assert (
        "Verkstedet har fått 1 skisse, 1 kommentar og 3 ord." in page.locator("main").inner_text()
    )
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nei, la det være åpent").click()
    assert page.locator("[data-workshop-state]").inner_text() == "Åpent for innspill"
    assert not group_a.locator('[data-prompt="Klimaklok"]').get_by_role("button").is_disabled()
    page.get_by_role("button", name="Avslutt verkstedet …").click()
    page.get_by_role("button", name="Ja, avslutt verkstedet").click()
    page.get_by_text("Verkstedet er avsluttet. Det tar ikke imot mer").wait_for()
    group_a.locator("[data-closed-status]", has_text="avsluttet").wait_for(timeout=10_000)
    assert group_a.locator('[data-prompt="Klimaklok"]').get_by_role("button").is_disabled()
    assert group_a.get_by_role("button", name="Send skissen").is_disabled()
    plenary.get_by_text("Verkstedet er avsluttet.").wait_for(timeout=10_000)
    assert cloud.locator("li[data-word]").count() == 2
    closing = page.locator('[data-workshop-event="closed"]').inner_text()
    assert closing.startswith("Avsluttet ") and closing.endswith(" av planlegger")

    # Reopened: recorded on the page; the group's open screen switches its forms on again
    # (it keeps asking), its code works again, and the plenary shows what comes next.
    page.get_by_role("button", name="Åpne verkstedet igjen").click()
    page.get_by_text("Verkstedet er åpnet igjen.").wait_for()
    assert page.locator("[data-workshop-state]").inner_text() == "Åpent for innspill"
    assert page.locator("[data-workshop-event]").evaluate_all(
        "items => items.map(i => i.dataset.workshopEvent)"
    ) == ["closed", "reopened"]
    assert page.locator('[data-workshop-event="reopened"]').inner_text().endswith(" av planlegger")
    assert axe_violations(page) == []
    group_a.locator("[data-closed-status]", has_text="åpnet igjen").wait_for(timeout=15_000)
    group_a.locator('[data-prompt="Klimaklok"]').get_by_role("button").click()
    group_a.get_by_text("Sendt: sen").wait_for()
    plenary.locator('[data-cloud="Klimaklok"] li[data-word="sen"]').wait_for(timeout=15_000)
    assert "Verkstedet er avsluttet." not in plenary.locator("[data-feed-status]").inner_text()
    rejoined = device()
    rejoined.goto(f"{base}/verksted/bli-med/{code_b}")
    wait_for_map(rejoined)
    assert not rejoined.get_by_role("button", name="Send skissen").is_disabled()

    # The printable summary: a map of every sketch, each group, the comments and the words.
    page.goto(workshop_url + "/oppsummering")
    assert page.locator("svg.print-map").count() == 2
    # Gruppe A's colour: its square on the overview and on its own map.
    assert page.locator("svg.print-map path[stroke='#1565c0']").count() == 2
    text = page.locator("main").inner_text()
    assert "Si mer om klimatilpasning" in text and HOSTILE in text
    assert page.evaluate("window.__pwned") is None
    assert axe_violations(page) == []


def test_presentation_mode_steps_through_the_golden_thread_with_the_keyboard(page, live_server):
    sign_in(page, live_server, "/verksted")
    page.get_by_role("link", name="Nytt målverksted").click()
    page.get_by_label("Tittel").fill("Presentasjon")
    page.get_by_label(re.compile("Bærum er ledende i arbeidet for et klima")).check()
    page.get_by_role("button", name="Opprett verkstedet").click()
    page.get_by_role("link", name="Presentasjon").click()
    wait_for_map(page)
    slide = page.locator("[data-presentation]")
    counter = page.locator("[data-step-counter]")
    counter.filter(has_text="Steg 1 av").wait_for()
    total = int(counter.inner_text().rsplit(" ", 1)[1])
    assert total == 7
    assert page.locator("[data-step-level]").inner_text().lower() == "hovedmål"
    assert "klima- og miljøvennlig samfunn" in page.locator("#slide-title").inner_text()
    assert axe_violations(page) == []

    page.keyboard.press("ArrowRight")
    counter.filter(has_text="Steg 2 av 7").wait_for()
    assert page.locator("[data-step-level]").inner_text().lower() == "delmål"
    page.keyboard.press("ArrowRight")
    counter.filter(has_text="Steg 3 av 7").wait_for()
    assert page.locator("[data-step-level]").inner_text().lower() == "arealstrategi"
    assert (
        page.locator("#slide-title").inner_text().startswith("Prioritere, sikre og tilrettelegge")
    )
    assert page.locator("[data-step-strategy]").inner_text().startswith("Derfor skal vi")
    wait_until(page, "document.querySelector('[data-presentation]').dataset.highlighted > 0")
    # The slide says its count before the map has restyled every zone: wait for the map to
    # agree (a map that never does fails here).
    wait_until(
        page,
        "document.querySelectorAll(\"[data-zone-id][data-state='highlighted']\").length == "
        "Number(document.querySelector('[data-presentation]').dataset.highlighted)",
    )
    assert page.locator("[data-zone-id][data-state='dimmed']").count() > 0

    page.keyboard.press("End")
    counter.filter(has_text="Steg 7 av 7").wait_for()
    page.keyboard.press("ArrowRight")
    counter.filter(has_text="Steg 7 av 7").wait_for()
    page.keyboard.press("Home")
    counter.filter(has_text="Steg 1 av 7").wait_for()
    page.keyboard.press("ArrowLeft")
    assert slide.get_attribute("data-step") == "0"
    assert page.locator(".slide h1").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 32
