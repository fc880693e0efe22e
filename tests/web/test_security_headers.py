"""Security headers on every answer, and pages the Content-Security-Policy lets run."""

import base64
import hashlib
import re

import pytest

from arealweb.app import create_app
from arealweb.render.webmap import web_map


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


ANSWERS = [
    ("GET", "/"),
    ("GET", "/mal"),
    ("GET", "/api/v1/zones"),
    ("GET", "/api/v1/finnes-ikke"),
    ("DELETE", "/api/v1/zones"),
    ("GET", "/static/app.css"),
    ("GET", "/vendor/leaflet/leaflet.js"),
    ("GET", "/finnes-ikke"),
    ("POST", "/logg-inn"),
    ("GET", "/arbeidsbenk"),
]


@pytest.mark.parametrize("method, path", ANSWERS)
def test_every_answer_carries_the_security_headers(client, method, path):
    response = client.open(path, method=method)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert [name for name, value in policy.items() if "unsafe" in value] == ["style-src-attr"]


def test_images_come_only_from_the_app_and_the_configured_tile_hosts(demo_database_url):
    def img_src(basemaps):
        app = create_app(
            {"DATABASE_URL": demo_database_url, "SECRET_KEY": "x", "BASEMAPS": basemaps}
        )
        return directives(app.test_client().get("/"))["img-src"].split()

    assert img_src("osm") == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert img_src("topograatone,topo,osm") == [
        "'self'",
        "data:",
        "https://cache.kartverket.no",
        "https://tile.openstreetmap.org",
    ]
    assert img_src("none") == ["'self'", "data:"]


PAGES = ["/", "/mal", "/soner/sandvika", "/analyse", "/innspill", "/innspill/kart", "/logg-inn"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_and_only_allowed_inline_styles(client, path):
    response = client.get(path)
    html = response.data.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>[^<]+</script>", html)
    assert not re.search(r"\son[a-z]+\s*=", re.sub(r"data-[a-z-]+='[^']*'", "", html))
    assert "javascript:" not in html
    allowed = directives(response)["style-src"].split()
    for style in re.findall(r"<style>(.*?)</style>", html, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_the_map_script_is_a_file_the_same_in_every_process(client):
    html = client.get("/").data.decode()
    address = re.search(r'<script src="(/kart/oppsett\.js\?v=([0-9a-f]+))"', html)
    script = client.get(address.group(1))
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert "immutable" in script.headers["Cache-Control"]
    assert "L.map(" in script.data.decode()
    first = web_map(("topograatone", "osm"))
    web_map.cache_clear()  # as another worker process would build it
    again = web_map(("topograatone", "osm"))
    assert again.script == first.script and again.digest == first.digest
    assert again.name in again.html


def test_the_map_script_without_its_digest_is_not_kept_by_the_browser(client):
    script = client.get("/kart/oppsett.js")
    assert script.status_code == 200 and script.headers["Cache-Control"] == "no-cache"
