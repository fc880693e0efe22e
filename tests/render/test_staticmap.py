"""The one static map renderer: SVG, PNG and PDF with one legend, scale bar and north arrow."""

import re

import pytest
import shapely

from arealweb.render.staticmap import (
    Layer,
    MapTexts,
    draw_map,
    inline_svg,
    scale_bar_length,
    static_map,
)
from arealweb.render.styles import LAYER_STYLES, category_style

SQUARE = shapely.box(590_000, 6_642_000, 592_000, 6_644_000)
LAYERS = [
    Layer([SQUARE.buffer(3000)], LAYER_STYLES["boundary"], "Kommunegrensen"),
    Layer([SQUARE], category_style("marka"), "Marka <vern> & «skog»"),
    Layer(
        [shapely.LineString([(590_000, 6_642_000), (593_000, 6_645_000)])],
        category_style("sykkelvei"),
        "Sykkelvei",
    ),
    Layer([shapely.Point(591_000, 6_643_000)], LAYER_STYLES["station"], "Stasjoner"),
    Layer(
        [shapely.box(580_000, 6_630_000, 581_000, 6_631_000)],
        category_style("jordvern"),
        "Faint",
        faint=True,
    ),
]


@pytest.mark.parametrize(
    "width_m, expected", [(9_000, 1_000), (10_000, 2_000), (30_000, 5_000), (600, 100), (2, 1)]
)
def test_the_scale_bar_is_a_round_length_within_a_fifth_of_the_map(width_m, expected):
    assert scale_bar_length(width_m) == expected


def test_the_scale_bar_is_drawn_true_to_the_map_scale_and_labelled_with_its_length():
    figure = draw_map(LAYERS, MapTexts("Kart"), extent=SQUARE)
    ax = figure.axes[0]
    (bar,) = [line for line in ax.lines if line.get_gid() == "scale-bar"]
    x0, x1 = ax.get_xlim()
    length = bar.get_xdata()[1] - bar.get_xdata()[0]
    assert length == scale_bar_length(x1 - x0)
    assert length / (x1 - x0) <= 0.2
    label = f"{int(length) // 1000} km" if length >= 1000 else f"{int(length)} m"
    assert label in [t.get_text() for t in ax.texts]


def test_the_legend_names_each_labelled_layer_once_and_leaves_faint_ones_out():
    ax = draw_map([*LAYERS, LAYERS[1]], MapTexts("Kart")).axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Kommunegrensen", "Marka <vern> & «skog»", "Sykkelvei", "Stasjoner"]


def test_svg_keeps_text_as_text_with_legend_labels_and_title_escaped():
    svg = static_map(LAYERS, MapTexts("Tittel <b>$x$</b>", north="N"), "svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Marka &lt;vern&gt; &amp; «skog»" in svg and "<vern>" not in svg
    assert "Tittel &lt;b&gt;$x$&lt;/b&gt;" in svg  # a dollar sign is no formula


def test_png_and_pdf_have_their_signatures():
    assert static_map(LAYERS, MapTexts("Kart"), "png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert static_map(LAYERS, MapTexts("Kart"), "pdf")[:5] == b"%PDF-"


def test_inline_svg_has_a_title_unique_ids_and_layer_colours_as_attributes():
    raw = static_map(LAYERS, MapTexts("Kart"), "svg")
    one, two = inline_svg(raw, "Kart «1»", "a-"), inline_svg(raw, "Kart 2", "b-")
    assert one.startswith("<svg ") and 'class="print-map"' in one and 'role="img"' in one
    assert "<title>Kart «1»</title>" in one and "<style" not in one and "<?xml" not in one
    ids = re.findall(r' id="([^"]+)"', one) + re.findall(r' id="([^"]+)"', two)
    assert ids and len(ids) == len(set(ids)) and all(i.startswith(("a-", "b-")) for i in ids)
    assert all(ref.startswith("a-") for ref in re.findall(r"url\(#([^)]+)\)", one))
    marka = category_style("marka")["color"]
    assert re.search(rf'<path [^>]*stroke="{marka}"', one)
