"""The analysis dashboard and the golden-thread report in Chromium, with axe-core."""

import re

from tests.browser.conftest import axe_violations, wait_for_map, wait_until
from tests.documents import page_texts


def test_the_dashboard_draws_its_charts_and_the_analysis_layers(page, live_server):
    page.goto(live_server + "/analyse")
    wait_for_map(page)
    page.wait_for_selector("[data-arealweb-map][data-analysis='ready']")
    assert page.evaluate("document.body.dataset.charts") == "6"
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]')).filter(c => c.chart && c.width > 100).length"
    )
    assert drawn == 6
    layers = "document.querySelector('[data-arealweb-map]').analysisLayers"
    assert page.evaluate(f"{layers}.conflicts.getLayers().length") == 1
    assert page.evaluate(f"{layers}.crossings.getLayers().length") == 6
    assert page.evaluate(f"{layers}.catchments.getLayers().length") == 2
    on_map = f"{layers}.conflicts._map !== null && {layers}.conflicts._map !== undefined"
    assert page.evaluate(on_map) is True
    page.get_by_label("Konflikter", exact=True).uncheck()
    assert page.evaluate(f"!{layers}.conflicts._map") is True
    table = page.locator("[data-conflict-list]").inner_text()
    assert "Fornebu" in table and "kulturmiljø" in table.lower()
    assert axe_violations(page) == []


def test_the_golden_thread_report_and_its_maps_load_offline(page, live_server):
    page.goto(live_server + "/rapport/gyllen-trad")
    wait_until(
        page,
        "Array.from(document.querySelectorAll('img.report-map')).every(i => i.complete && i.naturalWidth > 0)",
        timeout=60_000,
    )
    # A map per main goal with zones; the four without get words, not an empty map.
    assert page.locator("img.report-map").count() == 4
    assert page.locator(".doc-no-map").count() == 4
    assert axe_violations(page) == []
    # Printed from the browser, every page after the cover is numbered.
    printed = page_texts(page.pdf(format="A4"))
    assert len(printed) > 2 and not re.search(r"\d+ / \d+", printed[0])
    for number, text in enumerate(printed[1:], 2):
        assert f"{number} / {len(printed)}" in text


def test_the_report_pdf_shows_its_progress_then_opens(page, live_server):
    """The first request starts the drawing; the waiting page shows how far it has come (and
    passes axe), then opens the PDF by itself."""
    opened = []

    def as_download(route):
        # The PDF is saved rather than shown: Chromium's PDF viewer would load its own
        # chrome:// parts, which the blocked-hosts check counts.
        answer = route.fetch()
        headers = dict(answer.headers)
        if headers.get("content-type") == "application/pdf":
            opened.append(answer.body())
            headers["content-disposition"] = 'attachment; filename="gyllen-trad.pdf"'
        route.fulfill(response=answer, headers=headers)

    page.route("**/rapport/gyllen-trad.pdf*", as_download)
    page.goto(live_server + "/rapport/gyllen-trad.pdf")
    assert page.locator("h1").inner_text() == "Den gylne tråden tegnes"
    assert page.locator("progress").count() == 1
    assert page.get_by_label("Framdrift").count() == 1
    assert axe_violations(page) == []
    for _ in range(600):  # the drawing takes seconds; the page opens the PDF by itself
        if opened:
            break
        page.wait_for_timeout(250)
    assert opened and opened[-1][:5] == b"%PDF-"
