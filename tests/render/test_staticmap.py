"""The one static map renderer: SVG, PNG and PDF with one legend, scale bar and north arrow."""

import re

import pytest
import shapely

from arealweb.render.paper import Paper
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
    ax, renderer = figure.axes[0], figure.canvas.get_renderer()
    (bar,) = [a for a in figure.artists if a.get_gid() == "scale-bar"]
    bar_px = bar.get_window_extent(renderer).width
    frame_px = ax.get_window_extent(renderer).width
    x0, x1 = ax.get_xlim()
    length = round(bar_px / frame_px * (x1 - x0))
    assert length in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000)
    label = f"{length // 1000} km" if length >= 1000 else f"{length} m"
    assert label in [t.get_text() for t in figure.texts]


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


PAPERS = [Paper(size, way) for size in ("A4", "A3") for way in ("portrait", "landscape")]
TEXTS = MapTexts(
    "Langsiktig arealstrategi – Bærum kommune, med en tittel lang nok til å måtte brytes over "
    "flere linjer på et stående ark",
    municipality="Bærum kommune",
    plan_version="Planversjon: Kommuneplanens samfunnsdel med arealstrategi 2021–2040",
    date="Dato: 2026-12-03",
    crs="Koordinatsystem: ETRS89 / UTM sone 32N (EPSG:25832)",
    source="Kartdata: Bærum kommune",
    scale="Målestokk %(scale)s",
    legend="Tegnforklaring",
)
BOUNDARY = shapely.Polygon(
    [(584_000, 6_636_000), (601_000, 6_637_000), (599_000, 6_655_000), (586_000, 6_653_000)]
)


def _many_categories(count: int) -> list[Layer]:
    return [
        Layer([BOUNDARY], LAYER_STYLES["boundary"], "Kommunegrensen"),
        *(
            Layer(
                [shapely.box(588_000 + n * 300, 6_640_000, 588_200 + n * 300, 6_641_000)],
                {"color": "#455a64", "fillColor": "#90a4ae"},
                f"Prioritert vekstområde nummer {n} med et langt navn på kategorien",
                names=[f"Sone {n}"],
            )
            for n in range(count)
        ),
    ]


def _inside(inner, outer, slack: float = 0.5) -> bool:
    return (
        inner.x0 >= outer.x0 - slack
        and inner.y0 >= outer.y0 - slack
        and inner.x1 <= outer.x1 + slack
        and inner.y1 <= outer.y1 + slack
    )


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
@pytest.mark.parametrize("count", [12, 30])
def test_the_legend_lies_wholly_inside_the_sheet_and_off_the_map(paper, count):
    figure = draw_map(_many_categories(count), TEXTS, paper=paper)
    figure.canvas.draw()  # as saved: every text where it ends up
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    legend = ax.get_legend()
    assert len(legend.get_texts()) == count + 1
    sheet = figure.bbox
    box = legend.get_window_extent(renderer)
    assert _inside(box, sheet), (box, sheet)
    assert not box.overlaps(ax.get_window_extent(renderer))
    for n, text in enumerate(legend.get_texts()[1:]):  # each label whole, none cut off
        assert (
            text.get_text().split()
            == f"Prioritert vekstområde nummer {n} med et langt navn på kategorien".split()
        )
        assert _inside(text.get_window_extent(renderer), sheet)
    for text in figure.texts:
        assert _inside(text.get_window_extent(renderer), sheet), text.get_text()
        assert not text.get_window_extent(renderer).overlaps(box), text.get_text()
    assert tuple(figure.get_size_inches() * 25.4) == pytest.approx(paper.millimetres)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_the_scale_is_round_written_out_and_true_on_the_sheet(paper):
    figure = draw_map(_many_categories(3), TEXTS, paper=paper)
    (text,) = [t.get_text() for t in figure.texts if t.get_gid() == "scale-text"]
    match = re.fullmatch(r"Målestokk 1:(\d{1,3}(?:\u00a0\d{3})*)", text)
    assert match, text
    denominator = int(match.group(1).replace("\u00a0", ""))
    leading = denominator / 10 ** (len(str(denominator)) - 1)
    assert leading in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5)
    ax = figure.axes[0]
    x0, x1 = ax.get_xlim()
    frame_mm = ax.get_position().width * paper.millimetres[0]
    assert (x1 - x0) * 1000 / frame_mm == pytest.approx(denominator)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_the_whole_boundary_lies_inside_the_map_frame(paper):
    ax = draw_map(_many_categories(3), TEXTS, paper=paper).axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert shapely.box(x0, y0, x1, y1).contains(BOUNDARY)


def test_the_title_block_carries_date_plan_version_epsg_and_source():
    figure = draw_map(_many_categories(3), TEXTS, paper=PAPERS[0])
    written = " ".join(t.get_text().replace("\n", " ") for t in figure.texts)
    for part in ("Bærum kommune", "Dato: 2026-12-03", "EPSG:25832", "Kartdata: Bærum kommune"):
        assert part in written
    assert "Planversjon: Kommuneplanens samfunnsdel med arealstrategi 2021–2040" in written


def test_zone_names_are_written_on_the_map_and_none_overlap():
    crowded = [
        Layer(
            [
                shapely.box(590_000 + n * 50, 6_642_000, 590_900 + n * 50, 6_643_000)
                for n in range(8)
            ],
            category_style("marka"),
            "Marka",
            names=[f"Et langt sonenavn {n}" for n in range(8)],
        )
    ]
    figure = draw_map(crowded, TEXTS, paper=PAPERS[1])
    renderer, ax = figure.canvas.get_renderer(), figure.axes[0]
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith("zone-label-")]
    assert 1 <= len(labels) < 8  # the overlapping ones were left out
    boxes = [t.get_window_extent(renderer) for t in labels]
    for n, box in enumerate(boxes):
        assert _inside(box, ax.get_window_extent(renderer))
        assert not any(box.overlaps(other) for other in boxes[n + 1 :])


@pytest.mark.parametrize(
    "sheet",
    [*PAPERS, (6.4, 4.0), (8.0, 5.2), (7.5, 5.6), (10.0, 7.5)],
    ids=lambda s: s.slug if isinstance(s, Paper) else f"{s[0]}x{s[1]}in",
)
def test_no_two_texts_on_the_sheet_overlap_and_all_stay_on_it(sheet):
    """The title, the title block's lines, the scale and the bar's numbers, the legend."""
    options = {"paper": sheet} if isinstance(sheet, Paper) else {"size": sheet}
    figure = draw_map(_many_categories(12), TEXTS, **options)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = [t for t in figure.texts if t.get_text()]
    assert {"0", "Målestokk"} <= {t.get_text().split(" ")[0] for t in texts}
    boxes = [t.get_window_extent(renderer) for t in texts]
    boxes.append(figure.axes[0].get_legend().get_window_extent(renderer))
    for n, box in enumerate(boxes):
        assert _inside(box, figure.bbox)
        for other in boxes[n + 1 :]:
            assert not box.overlaps(other), (box, other)
    (bar,) = [a for a in figure.artists if a.get_gid() == "scale-bar"]
    bar_box = bar.get_window_extent(renderer)
    assert not any(bar_box.overlaps(box) for box in boxes)
