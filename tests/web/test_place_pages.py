"""The place search on every map page, and the place in words in the moderation queue."""

import re

import pytest

from tests.comments import feature

NEAR_LYSAKER = {"type": "Point", "coordinates": [10.5256, 59.8930]}
COMMENT = feature(NEAR_LYSAKER, text="Bedre sykkelparkering ved stasjonen", kind="forslag")
ON_A_ZONE = feature(None, text="Mer grønt på Fornebu", kind="forslag", zone_id="fornebu")


def combobox(html: str) -> str:
    found = re.search(r'<input[^>]*role="combobox"[^>]*>', html)
    assert found, "no combobox on the page"
    return found.group(0)


@pytest.mark.parametrize("path", ["/", "/innspill", "/innspill/kart", "/mal/2020.hm3"])
def test_every_map_page_has_the_place_search_combobox(client, path):
    html = client.get(path).data.decode()
    box = combobox(html)
    assert 'aria-expanded="false"' in box and 'aria-autocomplete="list"' in box
    list_id = re.search(r'aria-controls="([^"]+)"', box).group(1)
    assert f'id="{list_id}" role="listbox"' in html
    input_id = re.search(r'id="([^"]+)"', box).group(1)
    assert f'<label for="{input_id}"' in html
    assert 'role="status" aria-live="polite" data-place-count' in html
    assert "place-search.js" in html


def test_the_workbench_has_the_place_search_too(client, signed_in):
    signed_in("kari")
    assert 'role="combobox"' in client.get("/arbeidsbenk").data.decode()


def test_the_search_speaks_english_on_the_english_page(client):
    html = client.get("/?lang=en").data.decode()
    assert "Search for a place, zone or station" in html


def test_the_moderation_queue_says_where_each_comment_is(client, signed_in):
    for comment in (COMMENT, ON_A_ZONE):
        assert client.post("/api/v1/comments", json=comment).status_code == 201
    signed_in("kari")
    html = client.get("/innspill/moderering").data.decode()
    cards = {
        text: next(card for card in html.split("<article")[1:] if text in card)
        for text in ("Bedre sykkelparkering", "Mer grønt på Fornebu")
    }
    assert "Hvor: ved Sandvika stasjon, i Sandvika" in cards["Bedre sykkelparkering"]
    assert "Hvor: i Fornebu" in cards["Mer grønt på Fornebu"]
