"""The printed documents as a reader gets them: the golden-thread report (drawn once per state
of the plan, with a page showing its progress), the merknadsbehandling as PDF and Word, the
workshop summary as PDF. Each PDF is opened with pypdf, the Word document with python-docx."""

import copy
import io
import re
import threading
from datetime import date

import docx
import pypdf
import pytest
from flask_babel import format_date

import arealweb.web.reports
from arealweb.app import create_app
from arealweb.domain.zones import CATEGORIES, ZoneKind
from arealweb.http.documents import PORTRAIT_A4
from arealweb.http.store import current_store
from arealweb.services import analysis, editing, workshops
from arealweb.services.participation import moderate, respond
from arealweb.services.thread_report import golden_thread
from tests.comments import sent
from tests.documents import PDF, page_texts, waited_pdf
from tests.places import HASLUM

PAGE_NUMBER = re.compile(r"Side (\d+) av (\d+)")
LABELS = {code: label for kind in ZoneKind for code, label in CATEGORIES[kind].items()}


def _today(app) -> str:
    with app.test_request_context():
        return format_date(date.today(), "long")


def _furniture(texts: list[str], today: str, title: str) -> None:
    """The cover holds the title and no page number; every page after it its number, the
    page count and the date."""
    assert title in " ".join(texts[0].split()) and not PAGE_NUMBER.search(texts[0])
    for number, text in enumerate(texts[1:], 2):
        assert PAGE_NUMBER.search(text).groups() == (str(number), str(len(texts))), text
        assert today in text
    assert "Innhold" in texts[1]


class Counted:
    """The report's drawing, counted."""

    def __init__(self, draw) -> None:
        self.draw, self.calls = draw, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.draw(*args, **kwargs)


@pytest.fixture
def drawings(monkeypatch):
    counted = Counted(arealweb.web.reports.thread_report_document)
    monkeypatch.setattr(arealweb.web.reports, "thread_report_document", counted)
    return counted


def test_the_golden_thread_pdf_has_its_furniture_words_for_empty_goals_and_full_maps(app, client):
    first, pdf = waited_pdf(client)
    assert first.status_code == 202 and pdf.status_code == 200
    texts = page_texts(pdf.data)
    _furniture(texts, _today(app), "Den gylne tråden")
    cover = texts[0]
    assert "Bærum kommune" in cover and "Planversjon" in cover
    assert "Kommuneplanens samfunnsdel med arealstrategi 2021–2040" in cover
    # No nearly blank page: each but the last holds more than its header and footer and a
    # heading (main goals without zones do not each take a page of their own).
    assert len(texts) > 4 and all(len(t) > 400 for t in texts[1:-1]), [len(t) for t in texts]

    with app.app_context():
        report = golden_thread(analysis.plan(current_store()))
    whole = "\n".join(texts)
    caption = "Sonene som realiserer hovedmålet er uthevet"
    for entry in report.main_goals():
        if entry.zone_ids:
            continue
        assert "Ikke noe kart: ingen soner realiserer dette hovedmålet" in whole
    with_maps = [e for e in report.main_goals() if e.zone_ids]
    map_pages = [t for t in texts if caption in t]
    assert whole.count(caption) == len(with_maps) == 4
    # Every map's legend holds each category it highlights, whole: no map without features.
    versions = ("Samfunnsdelen – utkast fra målverkstedet 2020", "Kommuneplanens samfunnsdel")
    for page in (" ".join(p.split()) for p in map_pages):  # the title block wraps lines
        assert "Kommunegrensen" in page
        assert any(label in page for label in LABELS.values()), page
        # Each map's title block: its goal's plan version and a round scale, written out.
        assert any(version in page for version in versions), page
        assert re.search(r"1:\s?\d{2,3}[ \u00a0\u202f]000", page), page
    for entry in with_maps:
        with app.app_context():
            frame = analysis.plan(current_store()).zones
        categories = set(frame[frame["id"].isin(entry.zone_ids)]["category"])
        for category in categories:
            assert LABELS[category] in whole, LABELS[category]


def test_the_waiting_page_shows_progress_and_works_without_javascript(app, client, drawings):
    first = client.get(PDF)
    assert first.status_code == 202 and int(first.headers["Retry-After"]) > 0
    page = first.data.decode()
    assert "Den gylne tråden tegnes" in page
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', page)
    assert re.search(r'<progress id="report-progress" max="\d+" value="\d+">', page)
    assert 'role="status"' in page and "report-progress.js" in page
    state = client.get("/rapport/gyllen-trad/framdrift").get_json()
    assert set(state) == {"ready", "failed", "underway", "done", "total", "label"}
    assert state["underway"] is True
    assert not state["failed"]
    _, pdf = waited_pdf(client)
    assert client.get("/rapport/gyllen-trad/framdrift").get_json()["ready"] is True
    assert drawings.calls == 1
    again = client.get(PDF, headers={"If-None-Match": pdf.headers["ETag"]})
    assert again.status_code == 304


def test_the_report_is_drawn_once_per_state_of_the_plan_for_every_process(
    app, client, drawings, tmp_path
):
    _, pdf = waited_pdf(client)
    for junk in ["?goal=x1", "?goal=2020.hm3", "?page=2"]:
        assert client.get(PDF + junk).data == pdf.data
    # Another process (another app) with the same folder serves it without drawing.
    other = create_app(
        {
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "x",
            "UPLOAD_FOLDER": tmp_path / "other-uploads",
            "DRAWINGS_FOLDER": app.config["DRAWINGS_FOLDER"],
        }
    )
    answer = other.test_client().get(PDF)
    assert answer.status_code == 200 and answer.data == pdf.data
    assert drawings.calls == 1
    # English is drawn once more; a zone that changes draws the report again.
    assert waited_pdf(client, PDF + "?lang=en")[0].status_code == 202
    assert drawings.calls == 2
    with app.app_context():
        editing.delete_zone(current_store(), "sandvika", expected_version=None, actor="kari")
    first, after = waited_pdf(client)
    assert first.status_code == 202 and after.data != pdf.data and drawings.calls == 3
    assert "Sandvika Kollektivknutepunkt" in "\n".join(page_texts(pdf.data))
    assert "Sandvika Kollektivknutepunkt" not in "\n".join(page_texts(after.data))
    with other.app_context():
        current_store().engine.dispose()


def test_a_report_drawn_while_the_plan_changed_is_not_kept_for_the_state_before(
    app, client, monkeypatch
):
    """A zone is added while the report is drawn and deleted again after: the plan is back in
    the state the drawing was asked for, and the report must show that state, not the one
    drawn with the zone."""
    feature = {
        "type": "Feature",
        "properties": {"id": "midlertidig", "name": "Midlertidig vekstområde",
                       "kind": "development", "category": "vekstområde",
                       "goal_ids": ["2020.hm3"]},
        "geometry": copy.deepcopy(HASLUM),
    }  # fmt: skip
    real = arealweb.web.reports.thread_report_document

    def zone_added_meanwhile(progress, step, sheet):
        editing.create_zone(current_store(), feature, actor="other", tolerance_m=50)
        return real(progress, step, sheet)

    monkeypatch.setattr(arealweb.web.reports, "thread_report_document", zone_added_meanwhile)
    with app.test_request_context():
        report = arealweb.web.reports.REPORT
        before = report.name(analysis.plan_signature(current_store()), PORTRAIT_A4)
        folder = report.documents()
    assert client.get(PDF).status_code == 202  # claimed, underway
    for _ in range(1200):
        if folder.underway(before) is None:
            break
        threading.Event().wait(0.1)
    assert folder.underway(before) is None and folder.get(before) is None
    state = client.get("/rapport/gyllen-trad/framdrift").get_json()
    assert (state["ready"], state["underway"]) == (False, False)  # the page will ask again
    monkeypatch.setattr(arealweb.web.reports, "thread_report_document", real)
    with app.app_context():
        editing.delete_zone(current_store(), "midlertidig", expected_version=None, actor="other")
    first, pdf = waited_pdf(client)
    assert first.status_code == 202  # drawn again, for the plan as it stands
    assert "Midlertidig vekstområde" not in "\n".join(page_texts(pdf.data))


def test_requests_racing_for_an_undrawn_report_start_one_drawing(app, drawings):
    answers = []

    def ask():
        answers.append(app.test_client().get(PDF).status_code)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    waited_pdf(app.test_client())
    assert drawings.calls == 1 and set(answers) <= {200, 202}


EVIL = "<script>alert(1)</script> & ]]> <w:t>x</w:t>"


def _comments(app, client) -> tuple[str, str]:
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
            {"status": "tatt til følge", "text": f"Det kommer 200 nye plasser. {EVIL}"},
            "kari",
        )
    return answered, open_one


def test_the_merknadsbehandling_pdf_has_its_furniture_and_every_answer(app, client):
    _comments(app, client)
    pdf = client.get("/innspill/rapport.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    texts = page_texts(pdf.data)
    _furniture(texts, _today(app), "Merknadsbehandling")
    whole = "\n".join(texts)
    assert "Sone: Sandvika" in whole and "Andre innspill" in whole
    assert f"Det kommer 200 nye plasser. {EVIL}" in whole.replace("\n", " ")
    assert "Skal ikke vises i rapporten" not in whole
    assert "· i Sandvika" in whole  # where each comment is, in words


def test_the_merknadsbehandling_as_word_holds_every_published_comment_with_its_answer(app, client):
    _comments(app, client)
    answer = client.get("/innspill/rapport.docx")
    assert answer.status_code == 200
    assert answer.mimetype.endswith("wordprocessingml.document")
    opened = docx.Document(io.BytesIO(answer.data))
    paragraphs = [p.text for p in opened.paragraphs]
    headings = [p.text for p in opened.paragraphs if p.style.name.startswith("Heading")]
    assert "Sone: Sandvika" in headings and "Andre innspill" in headings
    sandvika, other = headings.index("Sone: Sandvika"), headings.index("Andre innspill")
    assert sandvika < other  # grouped as the PDF is
    assert "Flere sykkelparkeringer ved stasjonen" in paragraphs
    assert f"Det kommer 200 nye plasser. {EVIL}" in paragraphs
    assert "Kommunens vurdering: Tatt til følge" in paragraphs
    assert any(h.startswith("Forslag · ") and h.endswith(" · i Sandvika") for h in headings)
    assert EVIL in paragraphs and "Ikke besvart ennå." in paragraphs
    assert not any("Skal ikke vises" in p for p in paragraphs)
    assert opened.sections[0].different_first_page_header_footer
    footer = opened.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert _today(app) in opened.sections[0].footer.paragraphs[0].text


def test_the_workshop_summary_pdf_has_its_furniture_and_its_maps(app, client, signed_in):
    with app.app_context():
        found = workshops.create_workshop(
            current_store(),
            {
                "title": "Verksted <i>kursiv</i>",
                "held_on": "2026-11-20",
                "groups": ["Gruppe 1", "Gruppe 2"],
                "prompts": ["Klimaklok"],
                "focus_goal_ids": ["2020.hm3"],
            },
            "kari",
        )
        workshops.add_sketch(
            current_store(),
            found.id,
            found.groups[0].code,
            {
                "type": "Feature",
                "properties": {"kind": "protect", "note": "Skogen"},
                "geometry": HASLUM,
            },
        )
    assert client.get(f"/verksted/{found.id}/oppsummering.pdf").status_code in (302, 303, 401)
    kari = signed_in("kari")
    pdf = kari.get(f"/verksted/{found.id}/oppsummering.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    texts = page_texts(pdf.data)
    _furniture(texts, _today(app), "Oppsummering: Verksted <i>kursiv</i>")
    whole = "\n".join(texts)
    # Both maps (all sketches, and the group that sketched) with their legends as text.
    assert whole.count("Soner i arealstrategien") == 2 and whole.count("Gruppe 1") >= 3
    assert "Skogen" in whole and "Ingen skisser fra denne gruppen." in whole


def test_the_waiting_page_says_how_many_maps_are_drawn(app, client, monkeypatch):
    real = arealweb.web.reports.thread_report_document
    halfway, go_on = threading.Event(), threading.Event()

    def held(progress, step, sheet):
        progress.start("Tegner kart per hovedmål", 4)
        progress.advance(2)
        halfway.set()
        assert go_on.wait(60)
        return real(progress, step)

    monkeypatch.setattr(arealweb.web.reports, "thread_report_document", held)
    assert client.get(PDF).status_code == 202
    assert halfway.wait(60)
    page = client.get(PDF).data.decode()
    assert "Kart 2 av 4 er tegnet." in page
    assert '<progress id="report-progress" max="5" value="2">' in page
    state = client.get("/rapport/gyllen-trad/framdrift").get_json()
    assert (state["done"], state["total"], state["ready"]) == (2, 5, False)
    assert state["label"] == "Tegner kart per hovedmål"
    english = client.get("/rapport/gyllen-trad/framdrift?lang=en").get_json()
    assert english["done"] == 0  # English is another drawing, not begun
    go_on.set()
    assert waited_pdf(client)[1].status_code == 200


def test_a_failed_drawing_says_so_and_can_be_tried_again(app, client, monkeypatch):
    real = arealweb.web.reports.thread_report_document

    def broken(progress, step, sheet):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(arealweb.web.reports, "thread_report_document", broken)
    client.get(PDF)
    for _ in range(300):
        if client.get("/rapport/gyllen-trad/framdrift").get_json()["failed"]:
            break
        threading.Event().wait(0.1)
    page = client.get(PDF).data.decode()
    assert 'role="alert"' in page and "Rapporten kunne ikke tegnes." in page
    assert "http-equiv" not in page  # no reloading a failure for ever
    monkeypatch.setattr(arealweb.web.reports, "thread_report_document", real)
    assert client.get(PDF + "?igjen=1").status_code == 202
    assert waited_pdf(client)[1].status_code == 200


def _sheets(pdf: bytes) -> set[tuple[int, int]]:
    """Every page's width and height in whole millimetres."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return {tuple(round(float(v) / 72 * 25.4) for v in p.mediabox.upper_right) for p in pages}


def test_each_document_prints_on_the_sheet_asked_for_and_refuses_one_that_does_not_exist(
    app, client, signed_in
):
    # The golden thread: A4 portrait by default, A3 landscape when asked; each drawn apart.
    _, portrait = waited_pdf(client)
    _, a3 = waited_pdf(client, "/rapport/gyllen-trad.pdf?paper=a3&orientation=landscape")
    assert _sheets(portrait.data) == {(210, 297)} and _sheets(a3.data) == {(420, 297)}
    texts = page_texts(a3.data)
    _furniture(texts, _today(app), "Den gylne tråden")
    assert sum("Sonene som realiserer hovedmålet er uthevet" in t for t in texts) == 4
    assert 'filename="gyllen-trad-a3-landscape.pdf"' in a3.headers["Content-Disposition"]
    # The waiting page's links keep the sheet.
    waiting = client.get("/rapport/gyllen-trad.pdf?paper=a4&orientation=landscape")
    if waiting.status_code == 202:
        page = waiting.data.decode()
        assert "paper=a4&amp;orientation=landscape" in page
        assert "/rapport/gyllen-trad/framdrift?paper=a4" in page
        waited_pdf(client, "/rapport/gyllen-trad.pdf?paper=a4&orientation=landscape")
    # The merknadsbehandling and the workshop summary.
    landscape = client.get("/innspill/rapport.pdf?orientation=landscape")
    assert landscape.status_code == 200 and _sheets(landscape.data) == {(297, 210)}
    with app.app_context():
        found = workshops.create_workshop(
            current_store(),
            {"title": "Ark", "groups": ["Gruppe 1"], "focus_goal_ids": ["2020.hm3"]},
            "kari",
        )
    kari = signed_in("kari")
    summary = kari.get(f"/verksted/{found.id}/oppsummering.pdf?paper=a3")
    assert summary.status_code == 200 and _sheets(summary.data) == {(297, 420)}
    # A sheet that does not exist: 400, in the reader's language, and nothing drawn.
    for path in (
        "/rapport/gyllen-trad.pdf?paper=a5",
        "/rapport/gyllen-trad/framdrift?paper=a5",
        "/innspill/rapport.pdf?paper=a5",
        f"/verksted/{found.id}/oppsummering.pdf?paper=a5",
    ):
        refused = kari.get(path)
        assert refused.status_code == 400, path
        assert "ukjent papirformat «A5»: velg A4 eller A3" in refused.data.decode(), path
    english = kari.get("/innspill/rapport.pdf?orientation=sideways&lang=en")
    assert english.status_code == 400
    assert "unknown orientation «sideways»: choose portrait or landscape" in english.data.decode()
    # The document pages offer the choice.
    for page in ("/rapport/gyllen-trad", "/innspill/rapport", f"/verksted/{found.id}/oppsummering"):
        shown = kari.get(page).data.decode()
        assert 'name="paper"' in shown and 'name="orientation"' in shown, page
