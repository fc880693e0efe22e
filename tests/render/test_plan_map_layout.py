"""A plan with many categories on every sheet: the legend wraps into columns and stays whole."""

import geopandas as gpd
import pytest
import shapely

from arealweb.render.paper import Paper
from arealweb.render.planmaps import plan_map_figure

PAPERS = [Paper(size, way) for size in ("A4", "A3") for way in ("portrait", "landscape")]


def _thirty_categories() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": [f"z{n}" for n in range(30)],
            "name": [f"Sone {n}" for n in range(30)],
            "kind": ["development"] * 30,
            "category": [f"kategori {n}: prioritert vekstområde med langt navn" for n in range(30)],
        },
        geometry=[
            shapely.box(588_000 + n * 400, 6_640_000, 588_300 + n * 400, 6_641_500)
            for n in range(30)
        ],
        crs=25832,
    )


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_thirty_categories_fit_the_sheet_in_columns_each_label_whole(paper):
    zones = _thirty_categories()
    figure = plan_map_figure(zones, "Plan", str, paper=paper, date="2026-12-03")
    figure.canvas.draw()
    renderer, ax = figure.canvas.get_renderer(), figure.axes[0]
    legend = ax.get_legend()
    box, sheet = legend.get_window_extent(renderer), figure.bbox
    assert sheet.x0 <= box.x0 and box.x1 <= sheet.x1 and sheet.y0 <= box.y0 and box.y1 <= sheet.y1
    assert not box.overlaps(ax.get_window_extent(renderer))
    written = [" ".join(t.get_text().split()) for t in legend.get_texts()]
    assert written == list(zones["category"])  # every label whole (no boundary: none given)
    assert legend._ncols >= 2  # wrapped into columns
