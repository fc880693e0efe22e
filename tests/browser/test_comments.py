"""Citizens' input in Chromium: comment, moderate and answer, read the answer by receipt."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_violations, serve, wait_for_map
from tests.comments import feature

PASSWORD = "et-langt-passord"


def _planner(app):
    from arealweb.domain.accounts import Role
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_user

    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)


@pytest.fixture(scope="module")
def comment_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("comments"), _planner)


def test_a_citizen_comments_a_planner_approves_and_answers_the_citizen_reads_the_answer(
    page, browser, comment_server
):
    page.goto(comment_server + "/innspill")
    wait_for_map(page)
    assert axe_violations(page) == []
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.62)
    assert (
        "Valgt sted: punktet du klikket på i kartet"
        in page.locator("[data-place-status]").inner_text()
    )
    page.get_by_label("Forslag").check()
    page.get_by_label("Tema").select_option("møteplasser og nærmiljøer")
    page.get_by_label("Hva mener du?").fill("Benker og lys langs stien, takk.")
    page.get_by_label("Alder").select_option("13–17")
    page.get_by_role("button", name="Send innspill").click()
    receipt = page.locator("[data-receipt]")
    receipt.wait_for()
    assert "Takk! Innspillet ditt er mottatt." in page.locator("[data-comment-result]").inner_text()
    receipt_url = receipt.get_attribute("href")

    planner = browser.new_context().new_page()
    planner.goto(comment_server + "/logg-inn?next=/innspill/moderering")
    planner.get_by_label("Brukernavn").fill("kari")
    planner.get_by_label("Passord").fill(PASSWORD)
    planner.get_by_role("button", name="Logg inn").click()
    card = planner.locator('article[data-state="pending"]', has_text="Benker og lys langs stien")
    assert "13–17" in card.inner_text()
    assert axe_violations(planner) == []
    card.get_by_role("button", name="Godkjenn").click()
    card = planner.locator('article[data-state="published"]', has_text="Benker og lys langs stien")
    card.get_by_label("Behandling").select_option("tatt til følge")
    card.get_by_label("Svar til innsenderen").fill("Vi setter opp benker og lys i 2027.")
    card.get_by_role("button", name="Lagre svaret").click()
    planner.get_by_text("Svaret er lagret.").wait_for()
    planner.context.close()

    token = urlsplit(receipt_url).fragment
    assert urlsplit(receipt_url).path == "/innspill/kvittering" and len(token) >= 20
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(receipt_url)
    page.locator('[data-receipt-page][data-loaded="yes"]').wait_for()
    assert page.locator("[data-state]").get_attribute("data-state") == "published"
    assert page.locator('[data-response-status="tatt til følge"]').is_visible()
    assert "Vi setter opp benker og lys i 2027." in page.content()
    assert "Benker og lys langs stien, takk." in page.locator(".comment-text").first.inner_text()
    assert axe_violations(page) == []
    # The receipt went to the server in a header only: no address it was asked for holds it.
    assert asked and not [url for url in asked if token in url]

    # A link handed out before the receipt moved to the fragment still leads to the comment.
    page.goto(f"{comment_server}/innspill/kvittering/{token}")
    page.locator('[data-receipt-page][data-loaded="yes"]').wait_for()
    assert urlsplit(page.url).path == "/innspill/kvittering"
    assert "Vi setter opp benker og lys i 2027." in page.content()

    page.get_by_role("button", name="Slett innspillet mitt").click()
    page.locator('[data-receipt-page][data-loaded="deleted"]').wait_for()
    assert "Innspillet ditt er slettet." in page.locator("[data-receipt-status]").inner_text()


def test_the_form_works_without_clicking_the_map(page, comment_server):
    page.goto(comment_server + "/innspill")
    wait_for_map(page)
    page.get_by_label("Sted", exact=True).select_option(label="Bekkestua")
    page.get_by_label("Hva mener du?").fill("Det er trangt ved stasjonen.")
    page.get_by_role("button", name="Send innspill").click()
    page.locator("[data-receipt]").wait_for()
    page.get_by_label("Sted", exact=True).select_option(label="Fornebu")
    assert "Valgt sted: Fornebu" in page.locator("[data-place-status]").inner_text()
    page.get_by_label("Hva mener du?").fill("Mer grønt på Fornebu.")
    page.get_by_role("button", name="Send innspill").click()
    page.locator("[data-receipt]").wait_for()


def test_an_empty_comment_is_refused_with_the_reasons(page, watch, comment_server):
    page.goto(comment_server + "/innspill")
    wait_for_map(page)
    page.get_by_role("button", name="Send innspill").click()
    alert = page.locator("[data-comment-errors]")
    alert.get_by_text("skriv hva du mener").wait_for()
    assert "velg et sted i kartet, en sone eller et sted i listen" in alert.inner_text()
    refused = "console error: Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    assert watch.errors == [refused]
    watch.errors.clear()


def test_the_privacy_notice_passes_axe(page, comment_server):
    page.goto(comment_server + "/personvern")
    assert "Vi lagrer ikke IP-adressen din." in page.content()
    assert axe_violations(page) == []


def _publish(app, texts) -> list[str]:
    """Post a comment for each of ``texts`` at points on a grid, approve them all; their
    receipt links."""
    from arealweb.http.store import current_store
    from arealweb.services.participation import by_receipt, moderate

    client = app.test_client()
    receipts = []
    for n, payload in enumerate(texts):
        lon = 10.50 + (n % 8) * 0.012
        lat = 59.905 + (n // 8 % 8) * 0.008
        response = client.post(
            "/api/v1/comments",
            json=feature(
                {"type": "Point", "coordinates": [lon, lat]},
                text=payload,
                name=payload[:100],
                group=payload[:100],
                kind="forslag",
                theme="klima og miljø",
            ),
        )
        assert response.status_code == 201, response.data
        receipts.append(response.get_json()["receipt"])
    with app.app_context():
        for receipt in receipts:
            comment = by_receipt(current_store(), urlsplit(receipt).fragment)
            moderate(current_store(), comment.id, {"action": "approve"}, "kari")
    return receipts


def _post_hostile(app):
    from tests.browser.hostile import HOSTILE

    receipts = _publish(app, HOSTILE)
    _planner(app)
    _RECEIPTS[:] = receipts


_RECEIPTS: list[str] = []
"""The receipt links of the hostile comments (private: only the server that made them knows)."""


@pytest.fixture(scope="module")
def hostile_server(sqlite_factory, tmp_path_factory):
    yield from serve(
        sqlite_factory,
        tmp_path_factory.mktemp("hostile-comments"),
        _post_hostile,
        COMMENT_RATE_LIMIT="off",
    )


INJECTED = (
    "main script, main img, main iframe, main object, main embed, main video, main details, "
    "main input[autofocus], "
    "main svg:not(.leaflet-zoom-animated):not(.leaflet-attribution-flag):not(.spot-map), "
    ".spot-map :not(rect):not(path):not(circle):not(title), .leaflet-tooltip *:not(span)"
)
"""Elements that would only be there if someone's text had become HTML."""


def _no_script_ran(page):
    assert page.evaluate("window.__xss") is None
    found = page.eval_on_selector_all(INJECTED, "es => es.map(e => e.outerHTML.slice(0, 200))")
    assert found == []


def test_hostile_text_shows_as_text_on_the_map_in_the_list_and_for_planners(page, hostile_server):
    from tests.browser.hostile import HOSTILE

    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_server + "/innspill/kart")
    page.wait_for_selector(f"[data-arealweb-map][data-comments='{len(HOSTILE)}']")
    listed = page.eval_on_selector_all(
        "[data-comment-list] .comment-text", "ps => ps.map(p => p.textContent)"
    )
    assert sorted(listed) == sorted(HOSTILE)
    page.evaluate(
        """() => { const f = document.querySelector('[data-arealweb-map]'); const m = f.arealweb.map;
                   f.commentLayers.clusters.getLayers().forEach(marker => { marker.addTo(m); marker.openTooltip(); }); }"""
    )
    tooltips = page.eval_on_selector_all(".leaflet-tooltip", "ts => ts.map(t => t.textContent)")
    assert len(tooltips) >= len(HOSTILE)
    assert any("<script>window.__xss=1</script>" in t for t in tooltips)
    page.get_by_label("Vis som varmekart").check()
    _no_script_ran(page)

    page.goto(hostile_server + "/innspill/rapport")
    reported = page.eval_on_selector_all(
        ".report-comment .comment-text", "ps => ps.map(p => p.textContent)"
    )
    assert sorted(reported) == sorted(HOSTILE)
    _no_script_ran(page)
    pdf = page.request.get(hostile_server + "/innspill/rapport.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")

    page.goto(hostile_server + "/logg-inn?next=/innspill/moderering")
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.locator("article.moderation").first.wait_for()
    assert page.locator("article.moderation").count() == len(HOSTILE)
    texts = page.eval_on_selector_all(
        "article.moderation .comment-text", "ps => ps.map(p => p.textContent)"
    )
    assert sorted(texts) == sorted(HOSTILE)
    _no_script_ran(page)
    assert dialogs == []


def test_hostile_text_on_the_receipt_page_is_text(page, hostile_server):
    from tests.browser.hostile import HOSTILE

    assert len(_RECEIPTS) == len(HOSTILE)
    for receipt, payload in list(zip(_RECEIPTS, HOSTILE, strict=True))[:10]:
        page.goto(f"{hostile_server}/innspill/kvittering#{urlsplit(receipt).fragment}")
        page.locator('[data-receipt-page][data-loaded="yes"]').wait_for()
        assert page.locator(".comment-text").first.text_content() == payload
        _no_script_ran(page)


def test_a_citizen_can_draw_a_small_area_instead_of_a_point(page, comment_server):
    import json
    import urllib.request

    page.goto(comment_server + "/innspill")
    wait_for_map(page)
    page.evaluate(
        "document.querySelector('[data-arealweb-map]').arealweb.map.setView([59.92, 10.55], 16, {animate: false})"
    )
    page.get_by_role("button", name="Tegn et lite område i stedet").click()
    box = page.locator(".folium-map").bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    for dx, dy in [(0, 0), (40, 0), (40, 40), (0, 40), (0, 0)]:
        page.mouse.click(x + dx, y + dy)
        page.wait_for_timeout(60)
    assert "Valgt sted: området du tegnet" in page.locator("[data-place-status]").inner_text()
    page.get_by_label("Hva mener du?").fill("Her bør det bli en lekeplass.")
    page.get_by_role("button", name="Send innspill").click()
    receipt = page.locator("[data-receipt]")
    receipt.wait_for()
    token = urlsplit(receipt.get_attribute("href")).fragment
    asked = urllib.request.Request(
        f"{comment_server}/api/v1/receipt", headers={"X-Receipt-Token": token}
    )
    with urllib.request.urlopen(asked) as response:
        assert json.loads(response.read())["geometry"]["type"] == "Polygon"


def test_commenting_works_on_a_phone(phone, comment_server):
    phone.goto(comment_server + "/innspill")
    wait_for_map(phone)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_label("Sted", exact=True).select_option(label="Sandvika")
    phone.get_by_label("Bra her").check()
    phone.get_by_label("Hva mener du?").fill("Fin plass ved fjorden.")
    phone.get_by_role("button", name="Send innspill").tap()
    phone.locator("[data-receipt]").wait_for()


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (429, "Du har sendt mange innspill på kort tid. Vent litt og prøv igjen."),
        (413, "Det du sendte, er for stort. Gjør det mindre og prøv igjen."),
        (None, "Fikk ikke kontakt med serveren. Sjekk nettforbindelsen og prøv igjen."),
    ],
    ids=["too-many", "too-large", "no-connection"],
)
def test_a_refused_or_lost_comment_says_what_it_means_in_the_page_language(
    page, watch, comment_server, answer, says
):
    """The request helper turns 429, 413 and a lost connection into a sentence for the person."""

    def refuse(route):
        if answer is None:
            route.abort()
            return
        error = {"status": answer, "code": "refused", "message": "nei", "problems": []}
        route.fulfill(status=answer, json={"error": error})

    page.route("**/api/v1/comments", refuse)
    _send_a_comment_at_bekkestua(page, comment_server)
    errors = page.locator("[data-comment-errors]")
    errors.filter(has_text=says).wait_for()
    assert errors.inner_text().strip() == says
    assert page.locator("[data-receipt]").count() == 0
    assert all("Failed to load resource" in error for error in watch.errors), watch.errors
    watch.errors.clear()


def _send_a_comment_at_bekkestua(page, comment_server) -> None:
    page.goto(comment_server + "/innspill")
    wait_for_map(page)
    page.get_by_label("Sted", exact=True).select_option(label="Bekkestua")
    page.get_by_label("Hva mener du?").fill("Blir dette sendt?")
    page.get_by_role("button", name="Send innspill").click()


def test_a_refused_field_is_named_as_the_form_labels_it(page, watch, comment_server):
    """The API names a field by its path (``properties.goal_id``); the form says «Gjelder det et
    mål? (frivillig)», the label the person sees, and a place by the «Hvor?» it was chosen under."""
    problems = [
        {"message": "properties.goal_id: målet x finnes ikke", "where": "properties.goal_id"},
        {"message": "geometry: stedet ligger utenfor Bærum kommune", "where": "geometry"},
        {"message": "properties.nothing: ukjent", "where": "properties.nothing"},
    ]
    error = {"status": 422, "code": "invalid", "message": "nei", "problems": problems}
    page.route("**/api/v1/comments", lambda route: route.fulfill(status=422, json={"error": error}))
    _send_a_comment_at_bekkestua(page, comment_server)
    items = page.locator("[data-comment-errors] li")
    items.first.wait_for()
    assert items.all_inner_texts() == [
        "Gjelder det et mål? (frivillig): målet x finnes ikke",
        "Hvor?: stedet ligger utenfor Bærum kommune",
        "properties.nothing: ukjent",
    ]
    assert all("Failed to load resource" in e for e in watch.errors), watch.errors
    watch.errors.clear()


def test_a_signed_in_planner_sees_the_publics_map_and_agrees_like_anyone(
    page, browser, comment_server
):
    """No pending or hidden comment on the public map for a planner; «Enig» works there."""
    citizen = browser.new_context().new_page()
    posted = []
    for text in ("Godkjent: flere sykkelstativ", "Venter: skjult for kartet"):
        answer = citizen.request.post(
            comment_server + "/api/v1/comments",
            data=feature(text=text, kind="forslag", theme="klima og miljø"),
        )
        assert answer.status == 201
        posted.append(answer.json()["id"])
    citizen.context.close()
    approved, pending = posted

    page.goto(comment_server + "/logg-inn?next=/innspill/moderering")
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.locator(
        'article[data-state="pending"]', has_text="Godkjent: flere sykkelstativ"
    ).get_by_role("button", name="Godkjenn").click()
    page.locator('article[data-state="published"]', has_text="Godkjent: flere").wait_for()

    page.goto(comment_server + "/innspill/kart")
    wait_for_map(page)
    item = page.locator(f'[data-comment-list] li[data-comment-id="{approved}"]')
    item.wait_for()
    assert page.locator(f'[data-comment-id="{pending}"]').count() == 0
    assert "Venter: skjult for kartet" not in page.locator("[data-comment-list]").inner_text()
    item.get_by_role("button", name="Enig").click()
    item.get_by_role("button", name="Du er enig").wait_for()
    assert "1 enig" in item.inner_text() and "1 enige" not in item.inner_text()


MANY = 120


@pytest.fixture(scope="module")
def many_server(sqlite_factory, tmp_path_factory):
    texts = [f"Innspill nummer {n}" for n in range(MANY)]
    yield from serve(
        sqlite_factory,
        tmp_path_factory.mktemp("many-comments"),
        lambda app: _publish(app, texts),
        COMMENT_RATE_LIMIT="off",
    )


def test_many_comments_are_all_on_the_map_and_listed_fifty_at_a_time(page, many_server):
    page.goto(many_server + "/innspill/kart")
    page.wait_for_selector(f"[data-arealweb-map][data-comments='{MANY}']")
    markers = page.evaluate(
        "document.querySelector('[data-arealweb-map]').commentLayers.clusters.getLayers().length"
    )
    assert markers == MANY
    assert page.locator("[data-comment-count]").inner_text() == f"{MANY} innspill vises."
    items = page.locator("[data-comment-list] > li")
    assert items.count() == 50
    more = page.get_by_role("button", name="Vis 50 til")
    more.click()
    assert items.count() == 100
    # The first of the new ones has the focus: a keyboard user reads on where the list grew.
    assert page.evaluate("document.activeElement.dataset.commentId") == items.nth(50).get_attribute(
        "data-comment-id"
    )
    page.get_by_role("button", name="Vis 20 til").click()
    assert items.count() == MANY
    assert page.locator("[data-comment-more]").is_hidden()
    listed = page.eval_on_selector_all(
        "[data-comment-list] .comment-text", "ps => ps.map(p => p.textContent)"
    )
    assert sorted(listed) == sorted(f"Innspill nummer {n}" for n in range(MANY))
    assert axe_violations(page) == []


def test_a_filter_redraws_the_map_and_the_list_and_the_counts_follow_the_map(page, many_server):
    asked = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    page.goto(many_server + "/innspill/kart")
    page.wait_for_selector(f"[data-arealweb-map][data-comments='{MANY}']")
    # Preloaded by the page's head and taken from there by its script: asked for once.
    assert asked.count("/api/v1/comments") == 1
    # The counts are asked for once the markers are in; they count every published comment.
    forslag = page.locator("[data-counts] tr", has_text="Forslag")
    forslag.wait_for()
    assert forslag.inner_text().split() == ["Forslag", str(MANY)]
    assert "0 innspill fra barn og unge under 18." in page.locator("[data-counts]").inner_text()

    page.get_by_label("Type").select_option(label="Problem her")
    page.wait_for_selector("[data-arealweb-map][data-comments='0']")
    assert page.locator("[data-comment-count]").inner_text() == "Ingen innspill ennå."
    assert page.locator("[data-comment-list] > li").count() == 0
    assert page.locator(".leaflet-marker-pane .leaflet-marker-icon").count() == 0

    page.get_by_label("Type").select_option(label="Forslag")
    page.wait_for_selector(f"[data-arealweb-map][data-comments='{MANY}']")
    assert page.locator("[data-comment-count]").inner_text() == f"{MANY} innspill vises."
    assert page.locator("[data-comment-list] > li").count() == 50
    assert page.locator(".leaflet-marker-pane .leaflet-marker-icon").count() > 0

    # Under the heatmap the markers go in off the map, and the frame still says when.
    page.get_by_label("Vis som varmekart").check()
    page.get_by_label("Type").select_option(label="Problem her")
    page.wait_for_selector("[data-arealweb-map][data-comments='0']")
    page.get_by_label("Type").select_option(label="Alle")
    page.wait_for_selector(f"[data-arealweb-map][data-comments='{MANY}']")
    assert page.locator("[data-comment-count]").inner_text() == f"{MANY} innspill vises."
