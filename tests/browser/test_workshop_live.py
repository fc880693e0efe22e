"""The live screens pushed to by Server-Sent Events: a group's post appears on the plenary, on
the presentation and on the group's other devices without any page polling the feed, and a
closed workshop reaches every group screen at once; when the server refuses the stream, the
page polls and says so."""

import json
import re
import urllib.request

import pytest

from arealweb.http.store import current_store
from arealweb.services.workshops import create_workshop
from tests.browser.conftest import _planner, axe_violations, serve, wait_for_map, wait_until
from tests.browser.test_workshops import sign_in
from tests.comments import feature as comment

GOAL = "2020.hm3"


def _workshop(app) -> None:
    _planner(app)
    with app.app_context():
        found = create_workshop(
            current_store(),
            {"title": "Direkte", "groups": ["Gruppe A"], "focus_goal_ids": [GOAL]},
            "planlegger",
        )
    app.config["TEST_WORKSHOP"] = (found.id, found.groups[0].code)


def _server(sqlite_factory, folder, **settings):
    found = {}

    def prepare(app):
        _workshop(app)
        found.update(zip(("id", "code"), app.config["TEST_WORKSHOP"], strict=True))

    for base in serve(sqlite_factory, folder, prepare, **settings):
        yield base, found["id"], found["code"]


@pytest.fixture(scope="module")
def pushed(sqlite_factory, tmp_path_factory):
    yield from _server(sqlite_factory, tmp_path_factory.mktemp("pushed"))


@pytest.fixture(scope="module")
def grouped(sqlite_factory, tmp_path_factory):
    """A workshop of its own: its test closes it."""
    yield from _server(sqlite_factory, tmp_path_factory.mktemp("grouped"))


@pytest.fixture(scope="module")
def refused(sqlite_factory, tmp_path_factory):
    yield from _server(sqlite_factory, tmp_path_factory.mktemp("refused"), STREAM_MAX_OPEN=0)


def post_comment(base, workshop_id, code, text):
    request = urllib.request.Request(
        f"{base}/api/v1/workshops/{workshop_id}/comments",
        data=json.dumps({"goal_id": GOAL, "stance": "keep", "text": text}).encode(),
        headers={"Content-Type": "application/json", "X-Join-Code": code},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 201


def send_citizen_comment(base, text):
    document = comment(text=text)
    request = urllib.request.Request(
        f"{base}/api/v1/comments",
        data=json.dumps(document).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 201


def open_plenary(page, base, workshop_id):
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    sign_in(page, base, f"/verksted/{workshop_id}/plenum")
    wait_for_map(page)
    wait_until(page, "document.querySelector('[data-arealweb-map]').dataset.revision === '0'")
    return asked


def comment_shown(page, text):
    page.locator(f'[data-goal-summary="{GOAL}"] [data-goal-comments] li', has_text=text).wait_for(
        timeout=10_000
    )


def test_a_post_reaches_the_plenary_screen_pushed_without_polling(page, pushed):
    base, workshop_id, code = pushed
    asked = open_plenary(page, base, workshop_id)
    post_comment(base, workshop_id, code, "Behold skogen")
    comment_shown(page, "Behold skogen")
    post_comment(base, workshop_id, code, "Og badeplassen")
    comment_shown(page, "Og badeplassen")
    assert [u for u in asked if "/feed" in u] == []
    assert [u for u in asked if "/events" in u]
    status = page.locator("[data-feed-status]").inner_text()
    assert "2 innspill i alt" in status and "ikke tilgjengelig" not in status
    assert axe_violations(page) == []


def test_a_refused_stream_falls_back_to_polling_and_says_so(page, watch, refused):
    base, workshop_id, code = refused
    asked = open_plenary(page, base, workshop_id)
    status = page.locator("[data-feed-status]")
    wait_until(page, "document.querySelector('[data-feed-status]').textContent.includes('hvert')")
    assert "Direkte oppdatering er ikke tilgjengelig" in status.inner_text()
    post_comment(base, workshop_id, code, "Fortsatt med")
    comment_shown(page, "Fortsatt med")
    assert [u for u in asked if "/feed" in u]
    assert "ikke tilgjengelig" in status.inner_text()
    assert axe_violations(page) == []
    # Chromium itself logs the refused stream; the page adds no error of its own.
    browser_own = [e for e in watch.errors if "Failed to load resource" in e and "503" in e]
    assert len(browser_own) == 1
    watch.errors[:] = [e for e in watch.errors if e not in browser_own]


def test_the_moderation_queue_hears_of_a_new_comment(page, pushed):
    base, _, _ = pushed
    sign_in(page, base, "/innspill/moderering")
    page.locator("[data-queue-status]").wait_for(state="attached")
    page.wait_for_timeout(300)  # the stream's first event: nothing new yet
    assert page.locator("[data-queue-text]").inner_text() == ""
    send_citizen_comment(base, "Farlig kryss ved skolen")
    page.get_by_text("1 nytt innspill venter på moderering.").wait_for(timeout=10_000)
    reload = page.get_by_role("link", name="Last inn på nytt")
    assert reload.is_visible()
    assert axe_violations(page) == []
    reload.click()
    page.locator("article", has_text="Farlig kryss ved skolen").wait_for()


def test_the_moderation_queue_without_the_stream_asks_and_says_so(page, watch, refused):
    base, _, _ = refused
    sign_in(page, base, "/innspill/moderering")
    text = page.locator("[data-queue-text]")
    wait_until(page, "document.querySelector('[data-queue-text]').textContent.includes('10.')")
    assert "Direkte oppdatering er ikke tilgjengelig" in text.inner_text()
    send_citizen_comment(base, "Mørk undergang ved stasjonen")
    page.get_by_text("1 nytt innspill venter på moderering.").wait_for(timeout=20_000)
    assert "ikke tilgjengelig" in text.inner_text()
    assert axe_violations(page) == []
    browser_own = [e for e in watch.errors if "Failed to load resource" in e and "503" in e]
    assert len(browser_own) == 1
    watch.errors[:] = [e for e in watch.errors if e not in browser_own]


def test_the_presentation_counts_a_groups_comment_as_it_arrives(page, pushed):
    base, workshop_id, code = pushed
    sign_in(page, base, f"/verksted/{workshop_id}/presentasjon")
    wait_for_map(page)
    wait_until(page, "document.querySelector('[data-presentation]').dataset.revision !== undefined")
    for _ in range(12):
        if page.evaluate("document.querySelector('[data-presentation]').dataset.goalId") == GOAL:
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.querySelector('[data-presentation]').dataset.goalId") == GOAL
    facts = page.locator("[data-step-facts]")
    before = facts.inner_text()
    found = re.search(r"(\d+) kommentarer? fra gruppene", before)
    count = int(found.group(1)) if found else 0
    post_comment(base, workshop_id, code, "Til presentasjonen")
    after = "1 kommentar" if count == 0 else f"{count + 1} kommentarer"
    page.get_by_text(f"{after} fra gruppene").wait_for(timeout=10_000)
    assert page.locator("[data-feed-status]").inner_text() == ""
    assert axe_violations(page) == []


def open_group(page, base, code):
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(f"{base}/verksted/bli-med/{code}")
    wait_for_map(page)
    wait_until(page, "Number(document.querySelector('[data-arealweb-map]').dataset.revision) >= 0")
    return asked


def sent_texts(page) -> list[str]:
    return page.locator("[data-sent-list] li:not([data-empty]) .comment-text").all_inner_texts()


def test_a_groups_devices_see_each_others_input_and_the_closing_pushed(page, device, grouped):
    base, workshop_id, code = grouped
    asked = open_group(page, base, code)
    assert sent_texts(page) == []
    other = device()
    open_group(other, base, code)

    # The other device of the same group sends a comment through its form.
    form = other.locator(f'[data-goal-id="{GOAL}"]')
    form.get_by_label("Endre").check()
    form.get_by_label("Kommentar").fill("Tenk på skoleveien")
    form.get_by_role("button", name="Send kommentaren").click()
    form.get_by_text("Sendt: Endre").wait_for()
    page.locator("[data-sent-list] li", has_text="Tenk på skoleveien").wait_for(timeout=10_000)
    # Shown once on each device, though the stream and the post both brought it to the sender.
    wait_until(other, "document.querySelector('[data-arealweb-map]').dataset.revision === '1'")
    assert sent_texts(other) == ["Tenk på skoleveien"]
    assert sent_texts(page) == ["Tenk på skoleveien"]

    # The facilitator closes the workshop: the group's screens switch their forms off at once.
    facilitator = device()
    sign_in(facilitator, base, f"/verksted/{workshop_id}")
    facilitator.get_by_role("button", name="Avslutt verkstedet …").click()
    facilitator.get_by_role("button", name="Ja, avslutt verkstedet").click()
    facilitator.get_by_text("Verkstedet er avsluttet. Det tar ikke imot mer").wait_for()
    for screen in (page, other):
        screen.locator("[data-closed-status]", has_text="avsluttet").wait_for(timeout=10_000)
        assert screen.get_by_role("button", name="Send kommentaren").is_disabled()
        assert screen.get_by_role("button", name="Send skissen").is_disabled()
    assert [u for u in asked if "/feed" in u] == []
    assert [u for u in asked if "/events" in u]
    assert page.locator("[data-feed-status]").inner_text() == ""
    assert axe_violations(page) == []


def test_a_group_screen_without_the_stream_polls_and_says_so(page, watch, refused):
    base, workshop_id, code = refused
    asked = open_group(page, base, code)
    wait_until(page, "document.querySelector('[data-feed-status]').textContent.includes('hvert')")
    post_comment(base, workshop_id, code, "Fra en annen skjerm")
    page.locator("[data-sent-list] li", has_text="Fra en annen skjerm").wait_for(timeout=10_000)
    assert [u for u in asked if "/feed" in u]
    assert axe_violations(page) == []
    browser_own = [e for e in watch.errors if "Failed to load resource" in e and "503" in e]
    assert len(browser_own) == 1
    watch.errors[:] = [e for e in watch.errors if e not in browser_own]
