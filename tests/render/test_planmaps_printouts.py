"""The plan's maps and the PDF printouts, from data made here (no store, no app)."""

import io
import re
from datetime import UTC, datetime

import docx
import geopandas as gpd
import pypdf
import shapely

from arealweb.domain.goals import Theme
from arealweb.domain.participation import Comment, CommentKind
from arealweb.domain.workshops import Group, Sketch, SketchKind
from arealweb.render.documents import WordTexts, comment_report_docx, pdf_document
from arealweb.render.planmaps import plan_map_image, sketch_maps
from arealweb.render.printouts import CommentSection

NOW = datetime(2024, 5, 1, tzinfo=UTC)


def _zones() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["a", "b"],
            "kind": ["development", "protection"],
            "category": ["knutepunkt", "marka"],
        },
        geometry=[
            shapely.box(590_000, 6_642_000, 591_000, 6_643_000),
            shapely.box(594_000, 6_646_000, 596_000, 6_648_000),
        ],
        crs=25832,
    )


def test_a_highlighted_goal_lists_only_its_own_categories_in_the_legend():
    svg = plan_map_image(_zones(), "Mål", lambda s: f"[{s}]", "svg", highlight={"a"}).decode()
    assert "[Kollektivknutepunkt]" in svg and "[Marka]" not in svg and "[N]" in svg
    assert plan_map_image(_zones(), "Plan", str, "png")[:4] == b"\x89PNG"


def test_the_sketch_maps_draw_each_group_in_its_colour_and_escape_its_name():
    groups = [
        Group("g1", "<b>Gruppe A</b>", "k1", "#1565c0"),
        Group("g2", "Gruppe B", "k2", "#b5338a"),
    ]
    sketch = Sketch(
        "s1", "g1", SketchKind.PROTECT, "", shapely.box(590_000, 6_642_000, 590_500, 6_642_500), NOW
    )
    overview, per_group = sketch_maps(groups, [sketch], str, boundary=None, zones=[], stations=[])
    assert list(per_group) == ["g1"]
    for svg in (overview, per_group["g1"]):
        assert len(re.findall(r'<path [^>]*stroke="#1565c0"', svg)) == 1
        assert "&lt;b&gt;Gruppe A&lt;/b&gt;" in svg and "<b>" not in svg
    assert 'aria-label="Kart over skissene fra &lt;b&gt;Gruppe A&lt;/b&gt;"' in per_group["g1"]


def test_the_word_report_keeps_what_people_wrote_exactly_and_stays_valid_xml():
    text = "Mer <i>grønt</i> & benker ]]> <w:p/>\nny linje\x01"
    comment = Comment(
        "c1",
        "k",
        CommentKind.FORSLAG,
        Theme.A_LEVE_I_BAERUM,
        text,
        shapely.Point(590_000, 6_642_000),
        NOW,
        group="Gruppe 1",
    )
    texts = WordTexts(
        "Merknadsbehandling",
        "Bærum",
        "1 innspill",
        "Innhold",
        "Svar",
        "Ikke besvart",
        "Gruppe",
        "Side",
        "av",
        "3. desember 2026",
        "Bærum kommune",
    )
    made = comment_report_docx(
        [CommentSection("Sone: <Sandvika>", [comment])],
        texts,
        [("Kommune", "Bærum kommune")],
        {k.value: k.value for k in CommentKind},
        {},
    )
    opened = docx.Document(io.BytesIO(made))
    paragraphs = [p.text for p in opened.paragraphs]
    # The control character XML cannot hold becomes U+FFFD; everything else is kept as typed.
    assert "Mer <i>grønt</i> & benker ]]> <w:p/>\nny linje\ufffd" in paragraphs
    assert "Sone: <Sandvika>" in paragraphs and "Ikke besvart" in paragraphs
    assert "forslag · 2024-05-01 · Gruppe: Gruppe 1" in paragraphs
    footer = opened.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_a_printed_document_fetches_nothing_and_is_tagged():
    html = (
        '<!doctype html><html lang="nb"><head><title>T</title></head><body><h1>Tittel</h1>'
        '<img src="http://127.0.0.1:9/x.png" alt="x"><p>tekst</p></body></html>'
    )
    reader = pypdf.PdfReader(io.BytesIO(pdf_document(html)))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    assert "Tittel" in reader.pages[0].extract_text()


def test_svg_maps_drawn_after_a_pdf_are_still_svg_a_browser_draws():
    pdf_document('<!doctype html><html lang="nb"><title>T</title><p>x</p></html>')
    groups = [Group("g1", "Gruppe A", "k1", "#1565c0")]
    sketch = Sketch(
        "s1", "g1", SketchKind.PROTECT, "", shapely.box(590_000, 6_642_000, 590_500, 6_642_500), NOW
    )
    overview, _ = sketch_maps(groups, [sketch], str, boundary=None, zones=[], stations=[])
    assert overview.startswith("<svg ") and "ns0:" not in overview
