"""The comparison page, its CSV and PDF and the council presentation, through the test client
on SQLite and PostGIS, with the hand-made plan of tests/comparisons.py."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from arealweb.domain.scenarios import Change, ChangeAction, Scenario
from arealweb.http.store import current_store
from arealweb.services.comparison import PLAN
from tests.comparisons import D4, D5, SCENARIOS, add_named, build, expected
from tests.conftest import _app
from tests.documents import waited_pdf


@pytest.fixture
def app(database_url, tmp_path):
    for made in _app(database_url, tmp_path):
        with made.app_context():
            build(current_store())
        yield made


def cell(html: str, figure: str, column: str) -> str:
    row = re.search(rf'<tr data-figure="{re.escape(figure)}">(.*?)</tr>', html, re.S).group(1)
    found = re.search(rf'<td class="num" data-column="{column}">(.*?)</td>', row, re.S).group(1)
    return re.sub(r"<[^>]+>", " ", found).split()


def lights(html: str, row_index: int) -> list[str]:
    rows = re.findall(r'<tr data-indicator="\d+">(.*?)</tr>', html, re.S)
    return re.findall(r'data-light="([a-z_]+)"', rows[row_index])


def test_the_page_asks_to_sign_in(client):
    answer = client.get("/scenarioer/sammenligning?s=jordet")
    assert answer.status_code == 302 and "/logg-inn" in answer.headers["Location"]


def test_without_scenarios_the_page_offers_a_choice(signed_in):
    html = signed_in("rita").get("/scenarioer/sammenligning").data.decode()
    for scenario_id in SCENARIOS:
        assert f'name="s" value="{scenario_id}"' in html
    assert "data-accounts" not in html


def test_the_table_shows_areas_changes_and_lights(signed_in):
    client = signed_in("kari")
    answer = client.get("/scenarioer/sammenligning?s=stasjonsnaer&s=jordet&s=sykkel")
    assert answer.status_code == 200
    html = answer.data.decode()
    plan_daa = expected(None).development_m2 / 1000
    jordet_daa = expected("jordet").development_m2 / 1000
    assert cell(html, "kind.development", PLAN)[:2] == [
        f"{plan_daa:.1f}".replace(".", ","),
        "daa",
    ]
    jordet = cell(html, "kind.development", "jordet")
    assert jordet[0] == f"{jordet_daa:.1f}".replace(".", ",")
    assert f"+{jordet_daa - plan_daa:.1f}".replace(".", ",") in jordet
    assert cell(html, "taken.jordvern", "sykkel")[:2] == ["1,0", "daa"]
    assert "−2,5" in cell(html, "taken.jordvern", "sykkel")
    assert "1110 Boligbebyggelse" in html
    # The jordvern indicator: close, close, not met, met — word and symbol, not colour alone.
    assert lights(html, 1) == ["close", "close", "not_met", "met"]
    assert "≈</span> Nær" in html and "✗</span> Ikke nådd" in html and "✓</span> Nådd" in html
    assert "høyst 10 % av målet" in html
    assert html.count("data-comparison-map=") == 4
    assert "/api/v1/scenarios/jordet/zones" in html
    # What each scenario does, counted in words; under each map the zones by name.
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "1 ny sone · 1 endret sone" in text
    assert "1 ny sone · 1 fjernet sone" in text
    assert "2 soner endret: Sone D1, Sone D5" in text
    assert "2 soner endret: Sone C4, Sone D2" in text
    assert "Ny sone:" not in text and "D1, D5" not in text


def test_the_lights_and_their_rule_read_as_on_the_goal_pages(signed_in):
    from arealweb.http.indicators import LIGHT_SYMBOLS

    html = signed_in("kari").get("/scenarioer/sammenligning?s=jordet").data.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert set(LIGHT_SYMBOLS.values()) == {"✓", "≈", "✗"}
    assert "Lyset: ✓ «Nådd» når verdien er på riktig side av målet; ≈ «Nær»" in text
    assert "ellers ✗ «Ikke nådd»" in text


def test_counts_are_plural_where_they_are_many(signed_in, app):
    with app.app_context(), current_store().write() as repo:
        repo.scenarios.create(
            Scenario(
                "to-nye",
                "To nye",
                created_by="test",
                created_at=datetime.now(UTC),
                changes=[
                    Change("D4", ChangeAction.ADD, D4, None),
                    Change("D5", ChangeAction.ADD, D5, None),
                    Change("D2", ChangeAction.REMOVE, None, 1),
                    Change("P2", ChangeAction.REMOVE, None, 1),
                ],
            )
        )
    client = signed_in("kari")
    text = client.get("/scenarioer/sammenligning?s=to-nye").data.decode()
    assert "2 nye soner · 2 fjernede soner" in re.sub(r"\s+", " ", text)
    client.get("/sprak/en")
    text = client.get("/scenarioer/sammenligning?s=to-nye").data.decode()
    assert "2 new zones · 2 removed zones" in re.sub(r"\s+", " ", text)


def test_numbers_follow_the_readers_language(signed_in):
    client = signed_in("kari")
    client.get("/sprak/en")
    html = client.get("/scenarioer/sammenligning?s=jordet").data.decode()
    assert "The plan today" in html
    assert cell(html, "taken.jordvern", "jordet")[:2] == ["8.5", "daa"]
    assert "Not met" in html


def test_unknown_too_many_and_discarded_are_explained(signed_in, app):
    client = signed_in("kari")
    answer = client.get("/scenarioer/sammenligning?s=finnes-ikke")
    assert answer.status_code == 404 and "«finnes-ikke» finnes ikke" in answer.data.decode()
    answer = client.get("/scenarioer/sammenligning?s=a,b,c,d,e")
    assert answer.status_code == 422 and "høyst 4 scenarioer" in answer.data.decode()
    assert "ids:" not in answer.data.decode()
    with app.app_context(), current_store().write() as repo:
        repo.scenarios.claim("sykkel", None, state="discarded")
    answer = client.get("/scenarioer/sammenligning?s=sykkel")
    assert answer.status_code == 422 and "forkastet" in answer.data.decode()
    assert 'value="sykkel"' not in client.get("/scenarioer/sammenligning").data.decode()


def test_the_csv_has_a_row_per_figure_and_a_column_per_plan_and_scenario(signed_in):
    answer = signed_in("kari").get("/scenarioer/sammenligning.csv?s=jordet&s=sykkel")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    text = answer.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert list(rows[0]) == [
        "Gruppe",
        "Tall",
        "Enhet",
        "Planen i dag",
        "Vekst på jordet",
        "Sykkelbyen",
    ]
    taken = next(r for r in rows if r["Tall"] == "Utvikling på jordvern")
    assert taken["Enhet"] == "daa"
    assert float(taken["Vekst på jordet"].replace(",", ".")) == pytest.approx(8.5, rel=0.01)
    assert float(taken["Sykkelbyen"].replace(",", ".")) == pytest.approx(1.0, rel=0.01)
    indicator = next(r for r in rows if r["Gruppe"].startswith("Indikator"))
    assert indicator["Tall"] == "Samlet utviklingsareal"


def test_the_csv_keeps_each_column_when_names_repeat(signed_in, app):
    """Two scenarios named alike, and one named like the plan's column: each keeps its own
    numbers."""
    with app.app_context():
        add_named(current_store(), "vekst-a", "Vekst", like="stasjonsnaer")
        add_named(current_store(), "vekst-b", "Vekst", like="jordet")
        add_named(current_store(), "som-planen", "Planen i dag", like="sykkel")
    answer = signed_in("kari").get("/scenarioer/sammenligning.csv?s=vekst-a,vekst-b,som-planen")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8")[1:]), delimiter=";"))
    assert rows[0] == ["Gruppe", "Tall", "Enhet", "Planen i dag", "Vekst", "Vekst", "Planen i dag"]
    assert all(len(row) == 7 for row in rows)
    taken = next(r for r in rows if r[1] == "Utvikling på jordvern")
    numbers = [float(v.replace(",", ".")) for v in taken[3:]]
    wanted = [
        expected(s).taken_jordvern_m2 / 1000 for s in (None, "stasjonsnaer", "jordet", "sykkel")
    ]
    assert numbers == pytest.approx(wanted, rel=0.01)
    assert numbers[2] != pytest.approx(numbers[1], rel=0.01)


def test_a_scenario_named_like_a_formula_is_harmless_in_the_csv(signed_in, app):
    evil = '=HYPERLINK("http://evil","x")'
    with app.app_context():
        add_named(current_store(), "lenke", evil)
    answer = signed_in("kari").get("/scenarioer/sammenligning.csv?s=lenke")
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8")[1:]), delimiter=";"))
    assert rows[0][-1] == "'" + evil
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_the_pdf_holds_the_table_and_lights(signed_in):
    client = signed_in("kari")
    first, answer = waited_pdf(
        client, "/scenarioer/sammenligning.pdf?s=jordet&paper=a3&orientation=landscape"
    )
    assert first.status_code == 202 and "Sammenligningen tegnes" in first.data.decode()
    # What the page says once the PDF is drawn names the comparison, not the report.
    waiting = json.loads(
        html.unescape(re.search(r"data-report-waiting='([^']*)'", first.data.decode()).group(1))
    )
    assert waiting["text"]["ready"] == "Sammenligningen er klar. PDF-en åpnes nå."
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.data))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height and round(float(width) / 72 * 25.4) == 420
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Sammenligning av scenarioer" in text and "Vekst på jordet" in text
    assert "Utvikling på jordvern" in text and "Ikke nådd" in text
    # A map per column, the scenario's changes drawn strong.
    assert "resten av planen svakt" in text and text.count("Målestokk") == 2
    assert client.get("/scenarioer/sammenligning.pdf?s=jordet&paper=a9").status_code == 400
    progress = "/scenarioer/sammenligning/framdrift?s=jordet&paper=a3&orientation=landscape"
    assert client.get(progress).get_json()["ready"] is True
    again = client.get("/scenarioer/sammenligning.pdf?s=jordet&paper=a3&orientation=landscape")
    assert again.status_code == 200 and again.data == answer.data  # kept, not drawn again
    portrait = client.get("/scenarioer/sammenligning.pdf?s=jordet")
    assert portrait.status_code == 202  # another sheet is another drawing
    assert "/scenarioer/sammenligning/framdrift?s=jordet" in portrait.data.decode()


def test_the_presentation_has_a_slide_per_part(signed_in):
    html = signed_in("rita").get("/scenarioer/sammenligning/presentasjon?s=jordet&s=sykkel").data
    html = html.decode()
    slides = re.findall(r'data-slide="([a-z0-9-]+)"', html)
    assert slides[0] == "columns" and "accounts" in slides and slides[-1] == "maps"
    assert any(s.startswith("goal-") for s in slides)
    assert "Forrige" in html and "Neste" in html
