"""The account page and the admins' pages in Chromium: signed in, no console error, no outside
request, no WCAG 2.1 A/AA violation; a session ended on the account page is gone."""

import pytest

from tests.browser.conftest import _context, _watched_page, axe_violations, serve

PASSWORD = "et-langt-passord"

SIGNED_IN_PAGES = ["/konto", "/admin/brukere", "/admin/brukere/planlegger", "/admin/logg"]
"""Pages behind sign-in that the browser checks (the anonymous ones are in test_pages.PAGES)."""


def _accounts(app) -> None:
    from arealweb.domain.accounts import Role
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_token, create_user

    with app.app_context():
        create_user(current_store(), "ada", Role.ADMIN, PASSWORD)
        create_user(current_store(), "planlegger", Role.PLANNER, PASSWORD)
        create_token(current_store(), "planlegger", "QGIS")


@pytest.fixture(scope="module")
def server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("account"), _accounts)


def sign_in(page, server, name):
    page.goto(server + "/logg-inn?next=/konto")
    page.get_by_label("Brukernavn").fill(name)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Min konto").wait_for()


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_load_cleanly_and_pass_axe(page, server, path):
    sign_in(page, server, "ada")
    response = page.goto(server + path)
    assert response.status == 200
    assert page.locator("main h1").count() == 1
    assert axe_violations(page) == []


def test_a_token_is_made_shown_once_and_revoked_on_the_account_page(page, server):
    sign_in(page, server, "planlegger")
    page.get_by_label("Hva tokenet er til").fill("Skript")
    page.get_by_role("button", name="Lag nytt API-token").click()
    token = page.locator("[data-new-token]").inner_text()
    assert token.startswith("aw_")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Trekk tilbake Skript").click()
    page.get_by_text("API-tokenet er trukket tilbake.").wait_for()
    assert token not in page.content()
    row = page.locator("tr", has_text="Skript")
    assert "Trukket tilbake" in row.inner_text()


def test_ending_another_session_signs_that_browser_out(page, browser, watch, server):
    sign_in(page, server, "planlegger")
    other = _watched_page(_context(browser, watch), watch)
    sign_in(other, server, "planlegger")
    page.reload()
    page.get_by_role("button", name="Avslutt").first.click()
    page.get_by_text("Økten er avsluttet.").wait_for()
    other.goto(server + "/konto")
    assert "/logg-inn" in other.url
    other.context.close()
