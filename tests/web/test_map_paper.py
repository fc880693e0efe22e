"""`/kart.png` and `/kart.pdf` on each sheet: A4 or A3, portrait or landscape; a sheet that
does not exist is refused with a sentence in the visitor's language, before any drawing."""

import io
import re

import pypdf
import pytest
from PIL import Image

SHEETS = {
    ("a4", "landscape"): (297, 210),
    ("a4", "portrait"): (210, 297),
    ("a3", "landscape"): (420, 297),
    ("A3", "portrait"): (297, 420),
}


def _mm(points: float) -> float:
    return points / 72 * 25.4


@pytest.mark.parametrize("sheet", SHEETS, ids="-".join)
def test_each_sheet_is_drawn_to_its_paper_size_as_png_and_pdf(client, sheet):
    size, orientation = sheet
    width, height = SHEETS[sheet]
    query = f"?paper={size}&orientation={orientation}&goal=2020.hm3"
    png = client.get("/kart.png" + query)
    assert png.status_code == 200 and png.mimetype == "image/png"
    image = Image.open(io.BytesIO(png.data))
    assert image.size == pytest.approx((width / 25.4 * 150, height / 25.4 * 150), abs=1)
    pdf = client.get("/kart.pdf" + query)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    name = f"arealstrategi-kart-{size.lower()}-{orientation}.pdf"
    assert pdf.headers["Content-Disposition"] == f'inline; filename="{name}"'
    reader = pypdf.PdfReader(io.BytesIO(pdf.data))
    assert reader.metadata.title.startswith("Hovedmål: Bærum er ledende i arbeidet for et klima")
    (page,) = reader.pages
    assert _mm(float(page.mediabox.width)) == pytest.approx(width, abs=1)
    assert _mm(float(page.mediabox.height)) == pytest.approx(height, abs=1)
    text = " ".join(page.extract_text().split())
    assert "EPSG:25832" in text and "Målestokk 1:" in text and "Planversjon:" in text
    assert "Prioritert vekstområde" in text or "Marka" in text


def test_without_options_the_map_is_a4_landscape(client):
    plain = client.get("/kart.png")
    chosen = client.get("/kart.png?paper=a4&orientation=landscape")
    assert Image.open(io.BytesIO(plain.data)).size == pytest.approx((1754, 1240), abs=1)
    assert plain.data == chosen.data


@pytest.mark.parametrize(
    "query, said",
    [
        ("paper=A5", "ukjent papirformat «A5»: velg A4 eller A3"),
        ("orientation=opp", "ukjent retning «opp»"),
        ("paper=<b>x</b>", "ukjent papirformat «&lt;B&gt;X&lt;/B&gt;»"),
    ],
)
def test_a_sheet_that_does_not_exist_is_refused_with_a_readable_message(client, query, said):
    for path in ("/kart.png", "/kart.pdf"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert said in response.data.decode()


def test_the_refusal_is_in_english_for_an_english_reader(client):
    response = client.get("/kart.png?paper=A5&lang=en")
    assert response.status_code == 400
    assert "unknown paper size «A5»: choose A4 or A3" in response.data.decode()


def test_the_dashboard_offers_each_sheet_and_its_choices_are_what_the_maps_take(client):
    page = client.get("/analyse").data.decode()
    form = page[page.index('<form class="print-map-form"') :]
    form = form[: form.index("</form>")]
    assert 'action="/kart.pdf"' in form and 'formaction="/kart.png"' in form
    papers = re.findall(r'<option value="([^"]+)"', form)
    assert papers == ["a4", "a3", "landscape", "portrait"]
    assert "Liggende" in form and "Stående" in form
    for size in papers[:2]:
        for orientation in papers[2:]:
            query = {"paper": size, "orientation": orientation}
            assert client.get("/kart.png", query_string=query).status_code == 200
