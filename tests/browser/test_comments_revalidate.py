"""The comments map in Chromium asks again with the ETag it holds and is answered 304: the
browser's own cache revalidates the comments and counts, nothing is sent twice."""

import pytest

from tests.browser.conftest import serve

WATCHED = ("/api/v1/comments", "/api/v1/comments/counts")


@pytest.fixture(scope="module")
def watched_server(sqlite_factory, tmp_path_factory):
    """A server that notes, for the comments and counts, each answer's status and whether the
    browser sent If-None-Match."""
    seen: list[tuple[str, int, bool]] = []

    def prepare(app):
        from flask import request

        @app.after_request
        def note(response):
            if request.path in WATCHED:
                seen.append(
                    (request.path, response.status_code, "If-None-Match" in request.headers)
                )
            return response

    for url in serve(sqlite_factory, tmp_path_factory.mktemp("revalidate"), prepare):
        yield url, seen


@pytest.fixture
def cached_page(browser):
    """A page with the browser's HTTP cache on: Playwright turns it off in a context that
    routes requests, as the other pages' context does to refuse outside hosts."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_the_comments_map_revalidates_its_comments_and_counts_on_a_second_visit(
    cached_page, watched_server
):
    page = cached_page
    url, seen = watched_server
    page.goto(url + "/innspill/kart")
    page.wait_for_selector("[data-arealweb-map][data-comments]")
    page.wait_for_selector("[data-counts] table", state="attached")
    first = sorted(seen)
    assert {path for path, _, _ in first} == set(WATCHED)
    assert all(status == 200 and not asked for _, status, asked in first)
    seen.clear()
    page.goto(url + "/innspill/kart")
    page.wait_for_selector("[data-arealweb-map][data-comments]")
    page.wait_for_selector("[data-counts] table", state="attached")
    assert sorted(seen) == [(path, 304, True) for path in sorted(WATCHED)]
