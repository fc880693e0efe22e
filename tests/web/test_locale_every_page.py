"""Every page, in bokmål and in English, as the role that may see it: no ISO date, no UTC time,
and no «1» before a plural («1 kommentarer», «1 enige», «1 comments», «1 soner»).

The world is the red-team corpus's (the demo plan, accounts, a workshop with a sketch, a
comment and a word, a citizen's comment), with the comment published, answered and agreed with
once, a zone edited (history), and a token used: every kind of date the pages show is there.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from arealweb.http.i18n import TRANSLATIONS
from arealweb.http.store import current_store
from arealweb.services import participation
from tests.conftest import BACKENDS
from tests.redteam.conftest import _populated, _redteam_app, signed_in_client

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
UTC_TIME = re.compile(r"\bUTC\b|\+00:00")

SKIPPED = {
    # files, scripts and probes, not pages
    "web.map_png",
    "web.map_pdf",
    "web.report_pdf_page",
    "web.report_docx_page",
    "web.thread_report_pdf_page",
    "web.summary_pdf_page",
    "web.map_script",
    "web.favicon",
    "web.vendor",
    "web.healthz",
    "web.readyz",
    "web.thread_report_progress",
    "web.comparison_csv",
    "web.comparison_pdf",
    "web.comparison_progress",
    # redirects only
    "web.moved",
    "web.choose_language",
    "web.old_receipt_link",
    "web.join_with_code",
}
ADMIN_PAGES = {"web.users_page", "web.user_page", "web.audit_page"}
GROUP_PAGES = {"web.group_page"}


def _plural_words() -> set[str]:
    """The word after the number in every plural message whose plural differs from its
    singular («1 soner» is wrong, «1 innspill» is right), in both languages, with the words the
    issue names."""
    words = {"kommentarer", "enige", "soner", "comments", "zones"}
    number = re.compile(r"(?:%\(num\)d|\{count\}|%\(count\)d) (\w+)")
    catalogue = read_po((TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb"))
    for message in catalogue:
        if not isinstance(message.id, tuple):
            continue
        pairs = [(message.id[0], message.id[1]), tuple(message.string[:2])]
        for singular, plural in pairs:
            one, many = number.search(singular or ""), number.search(plural or "")
            if one and many and one.group(1) != many.group(1):
                words.add(many.group(1))
    return words


PLURALS = _plural_words()
ONE_PLURAL = re.compile(
    r"(?<![\d\u00a0\u202f.,])1\s(" + "|".join(sorted(PLURALS)) + r")\b", re.IGNORECASE
)


BLOCKS = {
    "address", "br", "caption", "dd", "div", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "option", "p", "section", "td", "th", "tr",
}  # fmt: skip
"""Elements a reader sees apart from what comes before and after them."""


class _Seen(HTMLParser):
    """The text a reader sees: text outside scripts and styles, and the attributes read out
    or shown (title, aria-label, alt, placeholder). Inline elements run together as on the
    screen («<strong>1</strong> innspill»); blocks and attributes stand apart (« ¦ »), so a
    number ending one paragraph never hides a «1 <plural>» starting the next."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag in BLOCKS:
            self.parts.append(" ¦ ")
        for name, value in attrs:
            if name in ("title", "aria-label", "alt", "placeholder") and value:
                self.parts.append(f" ¦ {value} ¦ ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1
        if tag in BLOCKS:
            self.parts.append(" ¦ ")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def seen_text(html: str) -> str:
    parser = _Seen()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def faults(text: str) -> list[str]:
    found = []
    for pattern, what in ((ISO_DAY, "ISO date"), (UTC_TIME, "UTC"), (ONE_PLURAL, "1 + plural")):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            found.append(f"{what}: …{text[start : match.end() + 40]}…")
    return found


@pytest.fixture(scope="module", params=BACKENDS)
def lived_world(request, tmp_path_factory):
    """The corpus world after some use: the comment published, answered and agreed with."""
    factory = request.getfixturevalue(
        "postgis_factory" if request.param == "postgis" else "sqlite_factory"
    )
    from tests.conftest import _demo

    url = factory.new("demo", _demo)
    for app in _redteam_app(url, tmp_path_factory.mktemp("uploads")):
        world = _populated(app)
        with app.app_context():
            store = current_store()
            participation.moderate(store, world.comment, {"action": "approve"}, "kari")
            participation.respond(
                store,
                world.comment,
                {"status": "tatt til følge", "text": "Vi tar det med."},
                "kari",
            )
            participation.agree(store, world.comment, "en-nabo")
        yield world


def _path(world, rule) -> str:
    values = {
        "zone_id": world.zone,
        "goal_id": world.goal,
        "parent_id": world.goal,
        "workshop_id": world.workshop,
        "scenario_id": world.scenario,
        "name": "rita",
    }
    if "indicator_id" in rule.arguments:  # the demo's first indicator, of its own goal
        values.update(goal_id="2020.hm3.d2.s1.a1", indicator_id="1")
    path = rule.rule.replace("<int:", "<")
    return path.replace("<", "{").replace(">", "}").format(**values)


def _pages(world) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, _path(world, rule))
        for rule in world.app.url_map.iter_rules()
        if rule.endpoint.startswith("web.")
        and "GET" in rule.methods
        and rule.endpoint not in SKIPPED
    )


def _clients(world) -> dict[str, object]:
    planner, _ = signed_in_client(world.app, "kari")
    admin, _ = signed_in_client(world.app, "anna")
    group, _ = signed_in_client(world.app, None)
    assert group.get(f"/verksted/bli-med/{world.code}").status_code in (302, 303)
    return {"planner": planner, "admin": admin, "group": group}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_page_shows_dates_times_and_plurals_as_people_write_them(lived_world, language):
    clients = _clients(lived_world)
    checked, problems = [], []
    for endpoint, path in _pages(lived_world):
        who = (
            "admin"
            if endpoint in ADMIN_PAGES
            else "group"
            if endpoint in GROUP_PAGES
            else "planner"
        )
        answer = clients[who].get(path, query_string={"lang": language})
        assert answer.status_code == 200, (endpoint, path, answer.status_code)
        assert answer.mimetype == "text/html", (endpoint, answer.mimetype)
        html = answer.get_data(as_text=True)
        assert f'lang="{language}"' in html, endpoint
        checked.append(endpoint)
        problems += [f"{endpoint} ({path}): {fault}" for fault in faults(seen_text(html))]
    assert len(checked) >= 30
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "text",
    [
        "Sendt 2026-12-03",
        "kl. 08:15 UTC",
        "2026-12-03T08:15:00+00:00",
        "1 kommentarer",
        "1 enige",
        "1 comments",
        "Filen får 1 av 1 soner.",
    ],
)
def test_the_check_catches_what_the_issue_names(text):
    assert faults(text)


@pytest.mark.parametrize(
    "text",
    ["1 kommentar", "1 enig", "1 comment", "11 soner", "2 soner", "1 innspill", "1 001 soner"],
)
def test_the_check_lets_correct_text_pass(text):
    assert not faults(text.replace("1 001", "1\u00a0001"))


def test_a_plural_after_a_number_in_the_block_before_is_still_caught():
    html = "<p>Dec 3, 2026</p><p>1 comments are published</p><p><strong>1</strong> soner</p>"
    assert len(faults(seen_text(html))) == 2
    assert not faults(seen_text("<p>Dec 3, 2026</p><p>1 comment is published</p>"))
