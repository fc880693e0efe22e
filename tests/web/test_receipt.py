"""The citizen's receipt page."""

import io
import json

import pytest
from pypdf import PdfReader

from arealweb.http.store import current_store
from arealweb.services.participation import by_receipt, moderate, respond
from tests.comments import feature, sent


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def _post(client, text=EVIL):
    document = feature(text=text, kind="forslag", theme="klima og miljø")
    return json.loads(client.post("/api/v1/comments", json=document).data)


def test_the_receipt_travels_in_the_fragment_and_a_header_never_in_a_path(client, app):
    posted = _post(client)
    token = posted["receipt_token"]
    assert posted["receipt"] == f"http://localhost/innspill/kvittering#{token}"
    assert token not in posted["receipt_api"]

    page = client.get("/innspill/kvittering")
    assert page.status_code == 200
    html = page.data.decode()
    assert 'src="/static/receipt.js"' in html and "/api/v1/receipt" in html
    assert "Henter innspillet ditt" in html

    own = {"X-Receipt-Token": token}
    answer = client.get("/api/v1/receipt", headers=own)
    assert answer.status_code == 200 and "X-Receipt-Token" in answer.headers["Vary"]
    assert answer.get_json()["properties"]["text"] == EVIL
    assert answer.get_json()["properties"]["state"] == "pending"
    for headers in ({}, {"X-Receipt-Token": "feil"}, {"X-Receipt-Token": token[:-1]}):
        refused = client.get("/api/v1/receipt", headers=headers)
        assert refused.status_code == 404
        assert refused.get_json()["error"]["message"] == (
            "kvitteringen finnes ikke, eller innspillet er slettet"
        )

    with app.app_context():
        comment_id = by_receipt(current_store(), token).id
        moderate(current_store(), comment_id, {"action": "approve"}, "kari")
        respond(
            current_store(),
            comment_id,
            {"status": "tatt til følge", "text": f"Takk! {EVIL}"},
            "kari",
        )
    answered = client.get("/api/v1/receipt", headers=own).get_json()["properties"]
    assert answered["state"] == "published"
    assert answered["response"]["text"] == f"Takk! {EVIL}"

    assert client.delete("/api/v1/receipt", headers=own).status_code == 204
    assert client.get("/api/v1/receipt", headers=own).status_code == 404


def test_an_old_receipt_link_is_sent_on_with_the_receipt_in_the_fragment(client):
    token = _post(client)["receipt_token"]
    old = client.get(f"/innspill/kvittering/{token}")
    assert old.status_code == 308
    assert old.headers["Location"] == f"/innspill/kvittering#{token}"
    assert old.headers["Cache-Control"] == "no-store"
    # The old API address answers too, marked deprecated.
    kept = client.get(f"/api/v1/receipts/{token}")
    assert kept.status_code == 200 and kept.headers["Deprecation"] == "true"


def test_an_old_receipt_link_with_a_newline_or_a_hash_is_no_server_error(client):
    for path in ["a%0Ab", "a%23b"]:
        answer = client.get(f"/innspill/kvittering/{path}")
        assert answer.status_code == 308
        assert answer.headers["Location"] == f"/innspill/kvittering#{path}"
    # No address may hold a NUL: refused before the route reads it.
    assert client.get("/innspill/kvittering/%00").status_code == 404


def test_the_report_groups_published_comments_with_their_answers_and_leaves_out_hidden_ones(
    client, app
):
    from arealweb.services.participation import moderate, respond

    answered = sent(app, client, "Flere sykkelparkeringer ved stasjonen", zone_id="sandvika")
    open_one = sent(app, client, EVIL)
    hidden = sent(app, client, "Skal ikke vises i rapporten")
    with app.app_context():
        for comment_id in (answered, open_one, hidden):
            moderate(current_store(), comment_id, {"action": "approve"}, "kari")
        moderate(current_store(), hidden, {"action": "hide", "reason": "Utenfor tema"}, "kari")
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
    assert pdf.data.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(pdf.data)).pages) >= 2
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Det kommer 200 nye plasser." in text
    assert "<script>alert(1)</script>" in text  # shown as the text it is
    assert "Skal ikke vises i rapporten" not in text
