"""The Content-Security-Policy in Chromium: the pages pass it, and a breach fails a test."""

from tests.browser.conftest import CSP_VIOLATION, Watch, _context, _watched_page, wait_for_map

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__inline = true";
  document.body.appendChild(script);
}"""


def test_an_inline_script_is_blocked_and_reported_as_an_error(browser, live_server):
    watch = Watch()
    context = _context(browser, watch)
    page = _watched_page(context, watch)
    page.goto(live_server + "/")
    wait_for_map(page)
    page.evaluate(INJECT_INLINE_SCRIPT)
    page.wait_for_timeout(200)
    ran = page.evaluate("() => window.__inline === true")
    context.close()
    assert not ran
    assert any(CSP_VIOLATION in e and "script-src" in e for e in watch.errors), watch.errors


def test_the_map_page_runs_its_scripts_under_the_policy(page, live_server):
    response = page.goto(live_server + "/")
    policy = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert [name for name, value in directives.items() if "unsafe" in value] == ["style-src-attr"]
    wait_for_map(page)
    assert page.locator("[data-zone-list] button").count() > 0


def test_a_request_to_another_host_is_stopped_by_the_policy_and_reported(browser, live_server):
    watch = Watch()
    context = _context(browser, watch)
    page = _watched_page(context, watch)
    page.goto(live_server + "/mal")
    page.evaluate("fetch('https://cdn.example.org/x.js').catch(() => {})")
    page.wait_for_timeout(300)
    context.close()
    assert watch.outside == []  # it never left the page
    assert any(CSP_VIOLATION in e and "connect-src" in e for e in watch.errors), watch.errors
