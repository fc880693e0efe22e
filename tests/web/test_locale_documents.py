"""Documents people read — the merknadsbehandling as PDF and Word, the printed map — date
things in the reader's language and Oslo time, never ISO."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import docx
import pytest
from babel.dates import format_date

from arealweb.http.i18n import date_text
from arealweb.http.store import current_store
from arealweb.services.map_export import map_figure
from tests.documents import page_texts
from tests.web.test_documents import _comments

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _sent_today(language: str) -> str:
    """The day the test's comments were sent, as the reader writes it, in Oslo."""
    return format_date(datetime.now(UTC).astimezone(ZoneInfo("Europe/Oslo")), locale=language)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_word_merknadsbehandling_dates_comments_and_the_period_for_people(
    app, client, language
):
    _comments(app, client)
    answer = client.get("/innspill/rapport.docx", query_string={"lang": language})
    assert answer.status_code == 200
    opened = docx.Document(io.BytesIO(answer.data))
    lines = [p.text for p in opened.paragraphs]
    headings = [p.text for p in opened.paragraphs if p.style.name.startswith("Heading")]
    sent = _sent_today(language)
    assert sum(f" · {sent}" in h for h in headings) >= 2, headings
    assert not [line for line in lines if ISO_DAY.search(line)]
    period = "Periode: " if language == "nb" else "Period: "
    assert any(line.startswith(period) and " – " in line for line in lines), lines


def test_the_merknadsbehandling_pdf_has_no_iso_date(app, client):
    _comments(app, client)
    pdf = client.get("/innspill/rapport.pdf", query_string={"lang": "en"})
    assert pdf.status_code == 200
    whole = "\n".join(page_texts(pdf.data))
    assert _sent_today("en") in whole
    assert not ISO_DAY.search(whole), ISO_DAY.search(whole)


def test_the_printed_map_dates_its_plan_version_and_today_in_the_readers_language(app):
    with app.test_request_context("/?lang=en"):
        figure = map_figure(current_store(), None, str, day_text=date_text)
        written = " ".join(t.get_text().replace("\n", " ") for t in figure.texts)
    assert "(Jun 23, 2021)" in written
    assert not ISO_DAY.search(written), written
