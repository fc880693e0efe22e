"""The citizen's receipt page."""

import io
import json
import re

import pytest
from pypdf import PdfReader

from arealweb.http.store import current_store
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


def test_the_report_groups_published_comments_with_their_answers_and_leaves_out_hidden_ones(
    client, app
):
    from arealweb.services.participation import by_receipt, moderate, respond

    def send(text, **extra):
        geometry = (
            None if "zone_id" in extra else {"type": "Point", "coordinates": [10.5635, 59.915]}
        )
        properties = {
            "consultation_id": "baerum-2040",
            "text": text,
            "kind": "forslag",
            "theme": "klima og miljø",
            **extra,
        }
        posted = json.loads(
            client.post(
                "/api/v1/comments",
                json={"type": "Feature", "geometry": geometry, "properties": properties},
            ).data
        )
        with app.app_context():
            return by_receipt(current_store(), posted["receipt"].rsplit("/", 1)[1]).id

    answered = send("Flere sykkelparkeringer ved stasjonen", zone_id="sandvika")
    open_one = send(EVIL)
    hidden = send("Skal ikke vises i rapporten")
    with app.app_context():
        for comment_id in (answered, open_one, hidden):
            moderate(current_store(), comment_id, "approve", "", "kari")
        moderate(current_store(), hidden, "hide", "Utenfor tema", "kari")
        respond(
            current_store(),
            answered,
            {"status": "tatt til følge", "text": "Det kommer 200 nye plasser."},
            "kari",
        )

    page = client.get("/innspill/rapport").data.decode()
    assert "2 innspill er publisert, og 1 av dem er besvart." in page
    assert "Sone: Sandvika" in page and "Andre innspill" in page
    assert "Det kommer 200 nye plasser." in page and "Ikke besvart ennå." in page
    assert "Skal ikke vises i rapporten" not in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    pdf = client.get("/innspill/rapport.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-") and b"/Type /Page" in pdf.data
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Det kommer 200 nye plasser." in text
    assert "<script>alert(1)</script>" in text  # shown as the text it is
    assert "Skal ikke vises i rapporten" not in text
