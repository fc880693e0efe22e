"""Static maps for case documents and reports (PNG, PDF), drawn offline with matplotlib.

Data in, bytes out: zones by category in EPSG:25832 with the municipal boundary and the
stations, a legend, a scale bar and a north arrow; the zones of one goal can be highlighted
and the rest dimmed. No background tiles are fetched, so no attribution is needed; a caller
that adds tiles passes ``attribution`` («© Kartverket») and it is printed on the map.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry.base import BaseGeometry

NICE_LENGTHS_M = (100, 200, 500, 1_000, 2_000, 5_000, 10_000)


@dataclass(frozen=True)
class MapTexts:
    """What the map says, in the reader's language."""

    title: str
    north: str = "N"
    boundary: str = "Kommunegrensen"
    stations: str = "Stasjoner"
    crs: str = "EPSG:25832"
    attribution: str = ""


def _dash(style: dict) -> tuple | str:
    dash = style.get("dashArray")
    if not dash:
        return "solid"
    return (0, tuple(float(n) / 2 for n in dash.split()))


def _scale_bar(ax, width_m: float) -> None:
    fitting = [n for n in NICE_LENGTHS_M if n <= width_m / 5]
    length = fitting[-1] if fitting else NICE_LENGTHS_M[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    x, y = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    ax.plot([x, x + length], [y, y], color="#1b1b1b", linewidth=4, solid_capstyle="butt")
    label = f"{length // 1000} km" if length >= 1000 else f"{length} m"
    ax.text(x + length / 2, y + (y1 - y0) * 0.012, label, ha="center", va="bottom", fontsize=9)


def plan_figure(
    zones: gpd.GeoDataFrame,
    styles: dict[str, dict],
    labels: dict[str, str],
    texts: MapTexts,
    *,
    boundary: BaseGeometry | None = None,
    stations: gpd.GeoDataFrame | None = None,
    highlight: set[str] | None = None,
    size: tuple[float, float] = (10.0, 7.5),
) -> Figure:
    """A map of ``zones`` (a frame from :func:`arealweb.analysis.frames.zones_frame`).

    ``styles`` and ``labels`` are keyed by category (colours as the web map uses them);
    ``highlight``: the ids drawn strong, every other zone faint; the map frames them.
    """
    figure = Figure(figsize=size, dpi=150, layout="constrained")
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(texts.title, fontsize=12, loc="left", wrap=True)
    handles = []
    if boundary is not None:
        gpd.GeoSeries([boundary], crs=zones.crs).boundary.plot(
            ax=ax, color="#37474f", linewidth=1, linestyle=(0, (4, 3))
        )
        handles.append(
            Line2D(
                [], [], color="#37474f", linewidth=1, linestyle=(0, (4, 3)), label=texts.boundary
            )
        )
    shown = set()
    for category, group in zones.groupby("category", sort=False):
        style = styles.get(category, {"color": "#455a64", "fillColor": "#90a4ae"})
        strong = group if highlight is None else group[group["id"].isin(highlight)]
        faint = group.iloc[0:0] if highlight is None else group[~group["id"].isin(highlight)]
        is_line = group["kind"].iloc[0] == "corridor"
        for part, alpha in ((faint, 0.15), (strong, 0.9)):
            if part.empty:
                continue
            if is_line:
                part.plot(
                    ax=ax,
                    color=style["color"],
                    linewidth=style.get("weight", 3) * 0.6,
                    linestyle=_dash(style),
                    alpha=alpha,
                )
            else:
                part.plot(
                    ax=ax,
                    facecolor=style.get("fillColor", style["color"]),
                    edgecolor=style["color"],
                    linewidth=0.8,
                    alpha=alpha * 0.7,
                )
        if not strong.empty and category not in shown:
            shown.add(category)
            label = labels.get(category, category)
            handles.append(
                Line2D(
                    [], [], color=style["color"], linewidth=2.5, linestyle=_dash(style), label=label
                )
                if is_line
                else Patch(facecolor=style.get("fillColor"), edgecolor=style["color"], label=label)
            )
    if stations is not None and not stations.empty:
        stations.plot(ax=ax, color="#263238", markersize=12, zorder=5)
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color="#263238",
                linestyle="none",
                markersize=4,
                label=texts.stations,
            )
        )
    framed = zones[zones["id"].isin(highlight)] if highlight else zones
    if not framed.empty:
        minx, miny, maxx, maxy = framed.total_bounds
    elif boundary is not None:
        minx, miny, maxx, maxy = boundary.bounds
    else:
        minx, miny, maxx, maxy = 586_000, 6_638_000, 600_000, 6_652_000
    margin = max(500.0, 0.08 * max(maxx - minx, maxy - miny))
    ax.set_xlim(minx - margin, maxx + margin)
    ax.set_ylim(miny - margin, maxy + margin)
    _scale_bar(ax, maxx - minx + 2 * margin)
    ax.annotate(
        texts.north,
        xy=(0.96, 0.97),
        xytext=(0.96, 0.87),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "#1b1b1b", "linewidth": 1.5},
    )
    note = texts.crs + (f" · {texts.attribution}" if texts.attribution else "")
    ax.text(0.99, 0.01, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=7)
    if handles:
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False
        )
    return figure


def figure_bytes(figure: Figure, fmt: str) -> bytes:
    """The figure as ``png`` or ``pdf``."""
    out = io.BytesIO()
    figure.savefig(out, format=fmt, metadata={"Creator": "arealweb"} if fmt == "pdf" else None)
    return out.getvalue()
