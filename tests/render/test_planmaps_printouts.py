"""The plan's maps and the PDF printouts, from data made here (no store, no app)."""

import io
import re
from datetime import UTC, datetime

import geopandas as gpd
import pypdf
import shapely

from arealweb.domain.goals import Theme
from arealweb.domain.participation import Comment, CommentKind
from arealweb.domain.workshops import Group, Sketch, SketchKind
from arealweb.render.planmaps import plan_map_image, sketch_maps
from arealweb.render.printouts import CommentSection, comment_report_pdf

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


def test_the_comment_report_prints_what_people_wrote_as_text():
    comment = Comment(
        "c1",
        "k",
        CommentKind.FORSLAG,
        Theme.A_LEVE_I_BAERUM,
        "Mer <i>grønt</i> & benker",
        shapely.Point(590_000, 6_642_000),
        NOW,
        group="Gruppe 1",
    )
    pdf = comment_report_pdf(
        [CommentSection("Sone: Sandvika", [comment])],
        {
            "title": "Merknadsbehandling",
            "intro": "1 innspill",
            "answer": "Svar",
            "unanswered": "Ikke besvart",
            "group": "Gruppe",
        },
        {k.value: k.value for k in CommentKind},
        {},
    )
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert (
        "Mer <i>grønt</i> & benker" in text
        and "Ikke besvart" in text
        and "Gruppe: Gruppe 1" in text
    )
