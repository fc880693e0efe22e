"""The one check of every ``next``: a path on this site is followed, nothing else."""

import pytest

from arealweb.http.redirects import safe_target

HOSTILE = [
    "//evil.example/x",
    "////evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "%5C%5Cevil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%252F%252Fevil.example",
    "/%2F/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "/@evil.example",
    "/%40evil.example",
    "//user@evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    " //evil.example",
    "/ /evil.example",
    "\x00//evil.example",
    "/\x00/evil.example",
    "/\u200b/evil.example",
    "/\u2028/evil.example",
    "\u3000//evil.example",
    "",
    "/" + "a" * 2_001,
]
"""The classic bypasses: protocol-relative, backslashes, encoded slashes, schemes, userinfo,
control characters and whitespace that browsers drop or fold."""

SAFE = [
    "/",
    "/mal",
    "/mal?lang=en",
    "/soner/sandvika",
    "/?goal=2020.hm3",
    "/innspill/kart?tema=natur&side=2",
    "/mal/2020.hm3.d1.s1.a1",
    "/arbeidsbenk/import",
    "/soner/bjørnegård",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_target_gives_the_fallback(target):
    assert safe_target(target, "/trygg") == "/trygg"


@pytest.mark.parametrize("target", SAFE)
def test_a_path_on_this_site_is_kept(target):
    assert safe_target(target, "/trygg") == target


def test_no_target_gives_the_fallback():
    assert safe_target(None) == "/"
