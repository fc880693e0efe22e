"""Dates and plurals written by the pages' scripts, in Chromium: in the page's language and in
Europe/Oslo time, never ISO or UTC, and the singular for one."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serve, wait_for_map
from tests.comments import feature

SENT = "2026-06-30T22:30:00+00:00"
"""Half past ten at night in UTC is half past midnight on 1 July in Oslo (summer time)."""


def _one_old_comment(app):
    """One published comment, sent at :data:`SENT`; its receipt is kept for the tests."""
    from datetime import datetime

    from arealweb.http.store import current_store
    from arealweb.services.participation import by_receipt, moderate
    from arealweb.store.schema import comments

    answer = app.test_client().post(
        "/api/v1/comments",
        json=feature(text="Trygg skolevei", kind="forslag", theme="klima og miljø"),
    )
    assert answer.status_code == 201, answer.data
    receipt = answer.get_json()["receipt"]
    with app.app_context():
        store = current_store()
        comment = by_receipt(store, urlsplit(receipt).fragment)
        moderate(store, comment.id, {"action": "approve"}, "kari")
        with store.engine.begin() as connection:
            connection.execute(
                comments.update()
                .where(comments.c.id == comment.id)
                .values(created_at=datetime.fromisoformat(SENT))
            )
    _RECEIPT[:] = [receipt]


_RECEIPT: list[str] = []


@pytest.fixture(scope="module")
def locale_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("locale"), _one_old_comment)


@pytest.mark.parametrize(
    ("language", "day", "time"),
    [("nb", "1. jul", "00:30"), ("en", "Jul 1, 2026", "12:30")],
)
def test_the_receipt_dates_the_comment_in_oslo_time_and_the_readers_language(
    page, locale_server, language, day, time
):
    page.goto(f"{locale_server}/sprak/{language}")
    link = urlsplit(_RECEIPT[0])
    page.goto(f"{locale_server}{link.path}#{link.fragment}")
    page.locator('[data-receipt-page][data-loaded="yes"]').wait_for()
    sent = page.locator('[data-field="sent"]')
    shown = sent.inner_text()
    assert day in shown and time in shown and "2026" in shown, shown
    assert "2026-06-30" not in shown and "22:30" not in shown and "UTC" not in shown
    assert sent.get_attribute("datetime") == SENT


def test_the_comments_map_says_one_comment_and_one_agrees_in_the_singular(page, locale_server):
    page.goto(f"{locale_server}/sprak/en")
    page.goto(locale_server + "/innspill/kart")
    wait_for_map(page)
    page.wait_for_selector("[data-arealweb-map][data-comments='1']")
    assert page.locator("[data-comment-count]").inner_text() == "1 comment is shown."
    item = page.locator("[data-comment-list] li").first
    assert "0 agree" in item.inner_text()
    item.get_by_role("button", name="Agree").click()
    item.get_by_text("1 agrees").wait_for()

    page.goto(f"{locale_server}/sprak/nb")
    page.goto(locale_server + "/innspill/kart")
    page.wait_for_selector("[data-arealweb-map][data-comments='1']")
    assert page.locator("[data-comment-count]").inner_text() == "1 innspill vises."
    assert "1 enig" in page.locator("[data-comment-list] li").first.inner_text()
    assert "1 enige" not in page.locator("[data-comment-list] li").first.inner_text()
