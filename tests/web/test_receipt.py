"""The citizen's receipt page."""

import json
import re

import pytest

from arealweb.extensions import current_store
from arealweb.services.participation import by_receipt, moderate, respond


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_the_receipt_shows_the_text_as_text_and_the_answer(client, app):
    posted = json.loads(
        client.post(
            "/api/v1/comments",
            json={
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [10.5635, 59.915]},
                "properties": {
                    "consultation_id": "baerum-2040",
                    "text": EVIL,
                    "kind": "forslag",
                    "theme": "klima og miljø",
                },
            },
        ).data
    )
    path = re.search(r"(/innspill/kvittering/[^\"]+)$", posted["receipt"]).group(1)
    page = client.get(path).data.decode()
    assert "Venter på kontroll før det vises for andre." in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Kommunen har ikke svart ennå." in page
    with app.app_context():
        token = path.rsplit("/", 1)[1]
        comment_id = by_receipt(current_store(), token).id
        moderate(current_store(), comment_id, "approve", "", "kari")
        respond(
            current_store(),
            comment_id,
            {"status": "tatt til følge", "text": f"Takk! {EVIL}"},
            "kari",
        )
    page = client.get(path).data.decode()
    assert "Publisert: andre kan se innspillet." in page
    assert "Tatt til følge" in page and "Takk! &lt;script&gt;" in page
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(path + "/slett", data={"csrf_token": csrf}).status_code == 302
    assert client.get(path).status_code == 404
