"""Our scripts as the pages load them: ES modules, one door to the server, no colours of their own."""

import html
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "arealweb" / "static"
SCRIPTS = sorted(STATIC.glob("*.js"))
REQUEST_HELPER = STATIC / "request.js"


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


def test_only_the_request_helper_calls_fetch():
    callers = [
        script.name
        for script in SCRIPTS
        if script != REQUEST_HELPER and re.search(r"\bfetch\s*\(", script.read_text())
    ]
    assert REQUEST_HELPER in SCRIPTS and re.search(r"\bfetch\(", REQUEST_HELPER.read_text())
    assert callers == []


def test_the_scripts_take_every_colour_from_the_style_table():
    colours = {
        script.name: found
        for script in SCRIPTS
        if (found := re.findall(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(", script.read_text()))
    }
    assert colours == {}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.name)
def test_every_module_a_script_imports_is_there(script):
    imported = re.findall(r'^import .* from "([^"]+)";$', script.read_text(), flags=re.M)
    assert all(name.startswith("./") and (STATIC / name).is_file() for name in imported), imported


def test_the_templates_load_our_scripts_as_modules():
    tags = re.findall(
        r"<script[^>]*url_for\('static', filename='[^']+\.js'\)[^>]*>",
        "".join(p.read_text() for p in (ROOT / "templates").glob("*.html")),
    )
    assert tags and all('type="module"' in tag for tag in tags), tags


def test_every_page_says_what_a_refused_request_means_in_the_reader_language(client):
    def texts(page):
        raw = re.search(r"data-request-texts='([^']*)'", page).group(1)
        return json.loads(html.unescape(raw))

    norsk = texts(client.get("/").data.decode())
    english = texts(client.get("/?lang=en").data.decode())
    assert set(norsk) == {"0", "409", "412", "413", "429", "failed"}
    assert norsk["429"] == "For mange forsøk på kort tid. Vent et minutt og prøv igjen."
    assert english["429"] == "Too many attempts in a short time. Wait a minute and try again."
    assert all(english[key] != norsk[key] for key in norsk)
