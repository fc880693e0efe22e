"""Real headless Chromium (Debian's, through Playwright) against a live arealweb on 127.0.0.1.

Every request to another host is aborted and recorded; a test fails on any such request, any
console error, any uncaught page error and any breach of the Content-Security-Policy (which
is on, as in production: a blocked inline script or style is a failure, not a silent gap). Without Chromium these tests fail, never skip:
`.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from arealweb.app import create_app

CHROMIUM = os.environ.get("AREALWEB_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CSP_VIOLATION = "CSP violation"
REPORT_CSP_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', function (e) {"
    f"  console.error('{CSP_VIOLATION}: ' + e.effectiveDirective + ' blocked '"
    "    + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);"
    "});"
)
"""Chromium logs most violations itself; this names every one, with its directive."""


def serve(sqlite_factory, folder: Path, prepare=None, **settings):
    """Start arealweb on a copy of the demo database (changed by ``prepare``); yield its URL."""
    from tests.conftest import _demo

    path = folder / "arealweb.sqlite3"
    shutil.copyfile(sqlite_factory.template("demo", _demo), path)
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{path}",
            "SECRET_KEY": "browser",
            "BASEMAPS": "none",
            **settings,
        }
    )
    if prepare:
        prepare(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _planner(app) -> None:
    from arealweb.domain.accounts import Role
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_user

    with app.app_context():
        create_user(current_store(), "planlegger", Role.PLANNER, "et-langt-passord")


@pytest.fixture(scope="session")
def live_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("browser"), _planner)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (`.ci/run` does)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it should not: console errors, page errors, outside requests."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []


@pytest.fixture
def watch():
    return Watch()


def _context(browser, watch, **options):
    context = browser.new_context(**options)

    def route(route_):
        host = urlsplit(route_.request.url).hostname
        if host == "127.0.0.1":
            route_.continue_()
        else:
            watch.outside.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    return context


def _watched_page(context, watch):
    page = context.new_page()
    page.on(
        "console",
        lambda m: watch.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))
    return page


@pytest.fixture
def page(browser, watch):
    context = _context(browser, watch, viewport={"width": 1280, "height": 900})
    yield _watched_page(context, watch)
    context.close()
    assert watch.outside == [], f"requests to other hosts: {watch.outside}"
    assert watch.errors == [], f"errors in the browser: {watch.errors}"


@pytest.fixture
def device(browser, watch):
    """Another device in the room (its own browser context), watched like ``page``."""
    contexts = []

    def open_device():
        context = _context(browser, watch, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return _watched_page(context, watch)

    yield open_device
    for context in contexts:
        context.close()


@pytest.fixture
def phone(browser, watch):
    context = _context(
        browser,
        watch,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield _watched_page(context, watch)
    context.close()
    assert watch.outside == [], f"requests to other hosts: {watch.outside}"
    assert watch.errors == [], f"errors in the browser: {watch.errors}"


def wait_until(page, expression: str, timeout: float = 15_000) -> None:
    """Wait until ``expression`` is true in the page. Playwright's wait_for_function runs its
    predicate through eval() inside the page, which the Content-Security-Policy forbids;
    page.evaluate goes through the DevTools protocol instead."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout} ms: {expression}")
        page.wait_for_timeout(100)


def wait_for_map(page):
    page.wait_for_selector("[data-arealweb-map][data-ready='true']", timeout=15_000)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    # Evaluated through the DevTools protocol, not added as a <script>: the page's CSP allows
    # no inline script, and axe is the test's, not the page's.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
