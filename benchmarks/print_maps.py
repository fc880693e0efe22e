"""Time the printed map of the demo plan on each sheet, and a plan with 30 categories.

    python benchmarks/print_maps.py [--repeat 3]

For A4 and A3, portrait and landscape: how long the map takes to lay out (title, frame at a
round scale, legend fitted into columns, names placed without overlap) and to save as PNG and
as PDF, the median of ``--repeat`` runs, with the scale chosen and how many zone names found
room. The same for a synthetic plan of 30 categories with long names, the legend's worst case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import shapely

from arealweb.render.paper import Paper
from arealweb.render.planmaps import plan_map_figure
from arealweb.render.staticmap import map_bytes
from arealweb.services.demo import load_demo
from arealweb.services.map_export import map_figure
from arealweb.store.database import create_engine, migrate
from arealweb.store.repository import Store

PAPERS = [Paper(size, way) for size in ("A4", "A3") for way in ("landscape", "portrait")]


def median_time(action, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def thirty_categories() -> gpd.GeoDataFrame:
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


def report(name: str, draw, repeat: int) -> None:
    figure, laid_out = median_time(draw, repeat)
    _, png = median_time(lambda: map_bytes(draw(), "png"), repeat)
    _, pdf = median_time(lambda: map_bytes(draw(), "pdf"), repeat)
    ax = figure.axes[0]
    names = sum(1 for t in ax.texts if t.get_gid() == "zone-label")
    scale = next(t.get_text() for t in figure.texts if t.get_gid() == "scale-text")
    columns = ax.get_legend()._ncols
    print(
        f"{name:<28} laid out {laid_out:5.2f} s  PNG {png:5.2f} s  PDF {pdf:5.2f} s  "
        f"{scale:<20} legend in {columns} columns, {names} names"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = dt.date(2026, 12, 3)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(create_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}"))
        migrate(store.engine)
        load_demo(store)
        print("The demo plan (median of", args.repeat, "runs; PNG/PDF include the layout)")
        for paper in PAPERS:
            report(
                f"demo {paper.slug}",
                lambda paper=paper: map_figure(store, None, str, paper=paper, today=today),
                args.repeat,
            )
        zones = thirty_categories()
        print("A plan of 30 categories with long names")
        for paper in PAPERS:
            report(
                f"30 categories {paper.slug}",
                lambda paper=paper: plan_map_figure(zones, "Plan", str, paper=paper),
                args.repeat,
            )
        store.engine.dispose()


if __name__ == "__main__":
    main()
