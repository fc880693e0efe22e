"""The 61 hostile strings in every text field that a page shows back, stored through the API,
then every page that shows them fetched through the test client: no string appears unescaped,
no page has a script that sets ``window.__xss``, an ``on…`` attribute or a ``javascript:``
address. (tests/browser runs the strings in Chromium; this checks the HTML.)"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from tests.places import HASLUM
from tests.redteam.conftest import signed_in_client
from tests.redteam.corpus import HOSTILE_STRINGS

JSON = "application/json"
SPECIAL = set("<>\"'")
ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "background"}


class _Scan(HTMLParser):
    """Finds what only an unescaped string could have made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ADDRESS_ATTRIBUTES and (value or "").strip().lower().startswith(
                ("javascript:", "data:text/html")
            ):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "__xss" in data:
            self.found.append(f"script setting __xss: {data[:60]!r}")


def faults_in(page: str, html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    found = [f"{page}: {what}" for what in scan.found]
    for string in HOSTILE_STRINGS:
        if SPECIAL & set(string) and string in html:
            found.append(f"{page}: unescaped {string[:50]!r}")
    return found


def _pages(client, paths: list[str]) -> list[str]:
    faults = []
    for path in paths:
        response = client.get(path)
        if response.status_code >= 500:
            faults.append(f"{path}: {response.status_code}")
        faults += faults_in(path, response.get_data(as_text=True))
    return faults


def _post(client, path: str, document: dict, headers: dict) -> tuple[int, dict]:
    response = client.post(path, data=json.dumps(document), content_type=JSON, headers=headers)
    assert response.status_code < 500, (path, response.status_code, document)
    return response.status_code, (json.loads(response.data) if response.data else {})


def _bearer(world) -> dict:
    return {"Authorization": f"Bearer {world.bearer}"}


def test_zone_names_and_descriptions_are_escaped_on_every_page(world):
    api = world.app.test_client()
    stored = []
    for n, string in enumerate(HOSTILE_STRINGS):
        links = {"goal_ids": [world.arealstrategi]} if n % 2 else {}
        status, _ = _post(
            api,
            "/api/v1/zones",
            {
                "type": "Feature",
                "properties": {
                    "id": f"xss-{n}",
                    "name": string,
                    "description": string,
                    "kind": "development",
                    "category": "bymessig område",
                    **links,
                },
                "geometry": _shifted(HASLUM, n),
            },
            _bearer(world),
        )
        if status == 201:
            stored.append(f"xss-{n}")
    assert stored
    anonymous, _ = signed_in_client(world.app, None)
    planner, _ = signed_in_client(world.app, "kari")
    pages = ["/oversikt", "/tradbrudd", f"/mal/{world.arealstrategi}", "/rapport/gyllen-trad"]
    pages += ["/analyse", "/innspill", "/mal"] + [f"/soner/{z}" for z in stored]
    pages += ["/ogc/collections/zones/items?f=html&limit=10000"]
    pages += [f"/ogc/collections/zones/items/{z}?f=html" for z in stored[:10]]
    faults = _pages(anonymous, pages)
    faults += _pages(planner, ["/arbeidsbenk", "/oversikt"])
    faults += _pages(planner, [f"/soner/{z}/historikk" for z in stored[:10]])
    assert not faults, "\n".join(faults)


def test_goal_titles_and_descriptions_are_escaped_on_every_page(world):
    api = world.app.test_client()
    stored = []
    for string in HOSTILE_STRINGS:
        status, body = _post(
            api,
            "/api/v1/goals",
            {"parent_id": "2020.hm1.d1", "title": string, "description": string},
            _bearer(world),
        )
        if status == 201:
            stored.append(body["id"])
    assert stored
    anonymous, _ = signed_in_client(world.app, None)
    planner, _ = signed_in_client(world.app, "kari")
    pages = ["/mal", "/tradbrudd", "/rapport/gyllen-trad", "/oversikt", "/analyse", "/innspill"]
    pages += [f"/mal/{g}" for g in stored] + ["/mal/2020.hm1.d1", "/"]
    pages += ["/ogc/collections/goals/items?f=html&limit=10000"]
    pages += [f"/ogc/collections/goals/items/{g}?f=html" for g in stored[:10]]
    faults = _pages(anonymous, pages)
    planner_pages = ["/verksted/nytt", "/arbeidsbenk", "/innspill/runder/ny"]
    planner_pages += [f"/mal/{g}/endre" for g in stored[:10]] + ["/mal/2020.hm1.d1/nytt"]
    faults += _pages(planner, planner_pages)
    assert not faults, "\n".join(faults)


def test_comments_responses_and_reasons_are_escaped_on_every_page(world):
    api = world.app.test_client()
    receipts = []
    for n, string in enumerate(HOSTILE_STRINGS):
        status, body = _post(
            api,
            "/api/v1/comments",
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [10.5635, 59.915]},
                "properties": {
                    "consultation_id": world.consultation,
                    "kind": "forslag",
                    "theme": "by- og stedsutvikling",
                    "text": string,
                    "name": string[:100],
                    "group": string[:100],
                },
            },
            {},
        )
        if status != 201:
            continue
        receipts.append(body["receipt"].rsplit("/", 1)[-1])
        moderation = {"action": "approve"} if n % 2 else {"action": "hide", "reason": string[:500]}
        _post(api, f"/api/v1/comments/{body['id']}/moderation", moderation, _bearer(world))
        _post(
            api,
            f"/api/v1/comments/{body['id']}/response",
            {"status": "tatt til orientering", "text": string},
            _bearer(world),
        )
    assert receipts
    anonymous, _ = signed_in_client(world.app, None)
    planner, _ = signed_in_client(world.app, "kari")
    pages = ["/innspill", "/innspill/kart", "/innspill/rapport"]
    pages += [f"/innspill/kvittering/{r}" for r in receipts]
    pages += ["/ogc/collections/comments/items?f=html&limit=10000"]
    faults = _pages(anonymous, pages)
    faults += _pages(planner, ["/innspill/moderering", "/innspill/rapport", "/innspill/kart"])
    assert not faults, "\n".join(faults)


def test_workshop_titles_groups_sketches_words_and_remarks_are_escaped_on_every_page(world):
    api = world.app.test_client()
    made = []
    strings = list(HOSTILE_STRINGS)
    while strings:
        title, *groups = strings[:7]
        strings = strings[7:]
        status, body = _post(
            api,
            "/api/v1/workshops",
            {
                "title": title,
                "groups": groups or ["Gruppe"],
                "prompts": ["Hva er bra?", title],
                "focus_goal_ids": [world.goal],
            },
            _bearer(world),
        )
        if status == 201:
            made.append(body)
    assert made
    group = {"X-Join-Code": world.code}
    for string in HOSTILE_STRINGS:
        where = f"/api/v1/workshops/{world.workshop}"
        _post(
            api,
            f"{where}/sketches",
            {
                "type": "Feature",
                "properties": {"kind": "other", "note": string},
                "geometry": HASLUM,
            },
            group,
        )
        _post(api, f"{where}/words", {"prompt": world.prompt, "word": string}, group)
        _post(
            api,
            f"{where}/comments",
            {"goal_id": world.goal, "stance": "change", "text": string},
            group,
        )
    planner, _ = signed_in_client(world.app, "kari")
    pages = ["/verksted"]
    for workshop_id in [world.workshop, *(w["id"] for w in made)]:
        pages += [f"/verksted/{workshop_id}{screen}" for screen in SCREENS]
    faults = _pages(planner, pages)
    for found in made[:3]:
        participant = world.app.test_client()
        participant.get(f"/verksted/bli-med/{found['groups'][0]['code']}")
        faults += _pages(participant, ["/verksted/gruppe"])
    participant = world.app.test_client()
    participant.get(f"/verksted/bli-med/{world.code}")
    faults += _pages(participant, ["/verksted/gruppe"])
    assert not faults, "\n".join(faults)


SCREENS = ("", "/plenum", "/oppsummering", "/presentasjon")


def _shifted(polygon: dict, n: int) -> dict:
    """``polygon`` moved a little east for each ``n``, so the zones do not all overlap."""
    dx = (n % 8) * 0.008
    dy = (n // 8) * 0.005
    ring = [[x + dx, y - dy] for x, y in polygon["coordinates"][0]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_the_scan_finds_an_unescaped_string_and_passes_an_escaped_one():
    from markupsafe import escape

    for string in HOSTILE_STRINGS:
        if SPECIAL & set(string):
            assert faults_in("/", f"<p>{string}</p>"), string
        assert not faults_in("/", f'<p>{escape(string)}</p><p title="{escape(string)}"></p>')
