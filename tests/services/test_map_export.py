"""The plan's printed map from the demo, checked on the figure's artists (renderer boxes):
everything on the sheet, the whole municipality in the frame, the title block complete."""

import datetime as dt

import pytest
import shapely

from arealweb.domain.errors import NotFound
from arealweb.render.paper import Paper
from arealweb.services.analysis import plan
from arealweb.services.map_export import export_map, map_figure

PAPERS = [Paper(size, way) for size in ("A4", "A3") for way in ("portrait", "landscape")]
TODAY = dt.date(2026, 12, 3)


def _inside(inner, outer, slack: float = 0.5) -> bool:
    return (
        inner.x0 >= outer.x0 - slack
        and inner.y0 >= outer.y0 - slack
        and inner.x1 <= outer.x1 + slack
        and inner.y1 <= outer.y1 + slack
    )


def _written(figure) -> str:
    return " ".join(t.get_text().replace("\n", " ") for t in figure.texts)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_the_demo_map_keeps_legend_boundary_and_names_on_the_sheet(demo_store, paper):
    figure = map_figure(demo_store, None, str, paper=paper, today=TODAY)
    figure.canvas.draw()
    renderer, ax = figure.canvas.get_renderer(), figure.axes[0]
    legend = ax.get_legend()
    entries = [t.get_text().replace("\n", " ") for t in legend.get_texts()]
    assert "Prioritert vekstområde" in entries and "Kommunegrensen" in entries
    box = legend.get_window_extent(renderer)
    assert _inside(box, figure.bbox) and not box.overlaps(ax.get_window_extent(renderer))
    for text in [*legend.get_texts(), *figure.texts]:
        assert _inside(text.get_window_extent(renderer), figure.bbox), text.get_text()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert shapely.box(x0, y0, x1, y1).contains(plan(demo_store).boundary.geometry)
    names = [t for t in ax.texts if (t.get_gid() or "").startswith("zone-label-")]
    written = [t.get_text() for t in names]
    assert "Bærumsmarka" in written and "Fornebu" in written
    if paper.size == "A3":  # at 1:100 000 Sandvika is large enough to name
        assert "Sandvika" in written
    boxes = [t.get_window_extent(renderer) for t in names]
    assert not any(a.overlaps(b) for n, a in enumerate(boxes) for b in boxes[n + 1 :])


def test_the_title_block_names_the_adopted_plan_the_date_and_epsg(demo_store):
    written = _written(map_figure(demo_store, None, str, today=TODAY))
    assert "Planversjon: Kommuneplanens samfunnsdel med arealstrategi 2021–2040 (2021-06-23)" in (
        written
    )
    assert "Dato: 2026-12-03" in written and "EPSG:25832" in written
    assert "Bærum kommune" in written and "Kartdata: Bærum kommune" in written
    assert "Målestokk 1:" in written


def test_a_goals_map_names_the_goals_plan_version_and_holds_the_whole_municipality(demo_store):
    figure = map_figure(demo_store, "2020.hm3", str, paper=Paper("A3", "portrait"), today=TODAY)
    written = _written(figure)
    assert "Hovedmål: Bærum er ledende i arbeidet for et klima- og miljøvennlig samfunn" in written
    assert "Planversjon: Samfunnsdelen – utkast fra målverkstedet 2020" in written
    ax = figure.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert shapely.box(x0, y0, x1, y1).contains(plan(demo_store).boundary.geometry)


def test_an_unknown_goal_is_not_found_and_the_files_have_their_signatures(demo_store):
    with pytest.raises(NotFound):
        map_figure(demo_store, "nope", str)
    assert export_map(demo_store, None, "pdf", str, today=TODAY)[:5] == b"%PDF-"
