"""The one static map renderer: layers in EPSG:25832 in, SVG, PNG or PDF out (matplotlib).

Map exports, the golden-thread report and the workshop summary all draw through here, so
every printed map has the same furniture: a title, north up and true to scale, one scale bar
of a round length, one north arrow and one legend. No background tiles are fetched, so no
attribution is needed; a caller that adds tiles passes ``attribution`` («© Kartverket»).
Styles use Leaflet's path option names, as in :mod:`arealweb.render.styles`.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib
import numpy as np
import shapely
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry

from arealweb.render.styles import PAPER

BAERUM_BOX = (586_000, 6_638_000, 600_000, 6_652_000)
"""What a map with nothing on it frames: central Bærum."""

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


@dataclass(frozen=True)
class Layer:
    """Geometries drawn alike with a style from the style table; ``label`` names the layer in
    the legend (None: not in it); ``faint`` layers are drawn pale, behind a highlight."""

    geometries: Sequence[BaseGeometry]
    style: Mapping[str, object]
    label: str | None = None
    faint: bool = False


@dataclass(frozen=True)
class MapTexts:
    """What the map says, in the reader's language."""

    title: str
    north: str = "N"
    crs: str = "EPSG:25832"
    attribution: str = ""


def scale_bar_length(width_m: float) -> int:
    """The longest round length (1, 2 or 5 times a power of ten metres) within a fifth of the
    map's width."""
    target = max(width_m / 5, 1.0)
    power = 10 ** math.floor(math.log10(target))
    return int(max(n * power for n in (1, 2, 5) if n * power <= target))


def distance_text(metres: int) -> str:
    return f"{metres // 1000} km" if metres >= 1000 else f"{metres} m"


def _dash(style: Mapping) -> tuple | str:
    dash = style.get("dashArray")
    if not dash:
        return "solid"
    return (0, tuple(float(n) / 2 for n in str(dash).split()))


def _fill(style: Mapping) -> str:
    return "none" if style.get("fill") is False else style.get("fillColor", style["color"])


def _polygon_path(polygon: BaseGeometry) -> Path:
    rings = (polygon.exterior, *polygon.interiors)
    return Path.make_compound_path(
        *(Path(np.asarray(ring.coords)[:, :2], closed=True) for ring in rings)
    )


def _draw_layer(ax, layer: Layer, gid: str) -> None:
    """One layer's polygons, lines and points; its artists carry ``gid`` into the SVG."""
    style, fade = layer.style, 0.2 if layer.faint else 1.0
    parts = [
        part
        for geometry in layer.geometries
        if geometry is not None and not geometry.is_empty
        for part in shapely.get_parts(geometry)
    ]
    polygons = [_polygon_path(p) for p in parts if p.geom_type == "Polygon"]
    if polygons:
        fill = _fill(style)
        ax.add_collection(
            PatchCollection(
                [PathPatch(p) for p in polygons],
                facecolor=matplotlib.colors.to_rgba(
                    fill, float(style.get("fillOpacity", 0.6)) * fade
                )
                if fill != "none"
                else "none",
                edgecolor=matplotlib.colors.to_rgba(
                    style["color"], float(style.get("opacity", 1)) * fade
                ),
                linewidth=float(style.get("weight", 2)) * 0.5,
                linestyle=_dash(style),
                gid=gid,
            )
        )
    lines = [
        np.asarray(p.coords)[:, :2] for p in parts if p.geom_type in ("LineString", "LinearRing")
    ]
    if lines:
        ax.add_collection(
            LineCollection(
                lines,
                colors=[style["color"]],
                linewidths=float(style.get("weight", 3)) * 0.6,
                linestyles=_dash(style),
                alpha=float(style.get("opacity", 0.9)) * fade,
                gid=gid,
            )
        )
    points = [(p.x, p.y) for p in parts if p.geom_type == "Point"]
    if points:
        xs, ys = zip(*points, strict=True)
        ax.plot(
            xs,
            ys,
            linestyle="none",
            marker="o",
            markersize=float(style.get("radius", 4)),
            markerfacecolor=_fill(style),
            markeredgecolor=style["color"],
            alpha=fade,
            zorder=5,
            gid=gid,
        )


def _legend_handle(layer: Layer):
    """The legend's sample of a layer: a dot for points, a line for lines, else a patch."""
    style = layer.style
    kinds = {p.geom_type for g in layer.geometries for p in shapely.get_parts(g)}
    if kinds and kinds <= {"Point"}:
        return Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=5,
            markerfacecolor=_fill(style),
            markeredgecolor=style["color"],
            label=layer.label,
        )
    if (kinds and kinds <= {"LineString", "LinearRing"}) or style.get("fill") is False:
        return Line2D(
            [], [], color=style["color"], linewidth=2, linestyle=_dash(style), label=layer.label
        )
    fill = _fill(style)
    return Patch(
        facecolor=matplotlib.colors.to_rgba(fill, float(style.get("fillOpacity", 0.6))),
        edgecolor=style["color"],
        linestyle=_dash(style),
        label=layer.label,
    )


def _legend(ax, layers: Sequence[Layer]) -> None:
    """One row per labelled layer, below the map, each label once."""
    seen, handles = set(), []
    for layer in layers:
        if layer.label and not layer.faint and layer.label not in seen and layer.geometries:
            seen.add(layer.label)
            handles.append(_legend_handle(layer))
    if handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.01),
            ncols=2 if len(handles) < 9 else 3,
            fontsize=8,
            frameon=False,
        )


def _scale_bar(ax) -> None:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    length = scale_bar_length(x1 - x0)
    x, y = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    ax.plot(
        [x, x + length],
        [y, y],
        color=PAPER["ink"],
        linewidth=4,
        solid_capstyle="butt",
        gid="scale-bar",
    )
    ax.text(
        x + length / 2,
        y + (y1 - y0) * 0.012,
        distance_text(length),
        ha="center",
        va="bottom",
        fontsize=9,
        color=PAPER["ink"],
    )


def _north_arrow(ax, north: str) -> None:
    ax.annotate(
        north,
        xy=(0.96, 0.97),
        xytext=(0.96, 0.87),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        color=PAPER["ink"],
        arrowprops={"arrowstyle": "-|>", "color": PAPER["ink"], "linewidth": 1.5},
    )


def draw_map(
    layers: Sequence[Layer],
    texts: MapTexts,
    *,
    extent: BaseGeometry | None = None,
    size: tuple[float, float] = (10.0, 7.5),
    margin_m: float = 500.0,
) -> Figure:
    """The layers (first drawn lowest) framed on ``extent``, by default every layer not faint.
    Texts are taken as written: a ``$`` in a goal's title is no formula."""
    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw_map(layers, texts, extent, size, margin_m)


def _draw_map(layers, texts, extent, size, margin_m) -> Figure:
    figure = Figure(figsize=size, dpi=150, layout="constrained")
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.set_title(texts.title, fontsize=12, loc="left", wrap=True, color=PAPER["ink"])
    for n, layer in enumerate(layers):
        _draw_layer(ax, layer, f"layer-{n}")
    if extent is None:
        extent = shapely.GeometryCollection(
            [g for layer in layers if not layer.faint for g in layer.geometries if g is not None]
        )
    minx, miny, maxx, maxy = BAERUM_BOX if extent.is_empty else extent.bounds
    margin = max(margin_m, 0.1 * max(maxx - minx, maxy - miny))
    ax.set_xlim(minx - margin, maxx + margin)
    ax.set_ylim(miny - margin, maxy + margin)
    _scale_bar(ax)
    _north_arrow(ax, texts.north)
    note = texts.crs + (f" · {texts.attribution}" if texts.attribution else "")
    ax.text(0.99, 0.01, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=7)
    _legend(ax, layers)
    return figure


def map_bytes(figure: Figure, fmt: str) -> bytes:
    """The figure as ``png``, ``pdf`` or ``svg`` (standalone, text kept as text)."""
    out = io.BytesIO()
    metadata = {"png": None, "pdf": {"Creator": "arealweb"}, "svg": {"Date": None}}[fmt]
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(out, format=fmt, metadata=metadata)
    return out.getvalue()


def static_map(
    layers: Sequence[Layer],
    texts: MapTexts,
    fmt: str,
    *,
    extent: BaseGeometry | None = None,
    size: tuple[float, float] = (10.0, 7.5),
    margin_m: float = 500.0,
) -> bytes:
    """Draw the layers and return the map as ``png``, ``pdf`` or ``svg``."""
    figure = draw_map(layers, texts, extent=extent, size=size, margin_m=margin_m)
    return map_bytes(figure, fmt)


def inline_svg(svg: bytes, title: str, prefix: str) -> str:
    """A standalone SVG map made fit to sit in a page beside others: its ids prefixed,
    matplotlib's page-wide ``<style>`` dropped, a title for screen readers, the size left to
    CSS, and each drawn layer's colours as attributes (a stylesheet can pick a layer out)."""
    root = ET.fromstring(svg)
    for drop in ("width", "height"):
        root.attrib.pop(drop, None)
    root.set("class", "print-map")
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for parent in root.iter():
        for child in list(parent):
            if child.tag in (f"{{{SVG}}}style", f"{{{SVG}}}metadata"):
                parent.remove(child)
    heading = ET.Element(f"{{{SVG}}}title")
    heading.text = title
    root.insert(0, heading)
    for element in root.iter():
        if "id" in element.attrib:
            element.set("id", prefix + element.get("id"))
        for name in ("clip-path", "mask"):
            if name in element.attrib:
                element.set(name, element.get(name).replace("url(#", f"url(#{prefix}"))
        href = f"{{{XLINK}}}href"
        if element.get(href, "").startswith("#"):
            element.set(href, "#" + prefix + element.get(href)[1:])
    for group in root.iter(f"{{{SVG}}}g"):
        if re.fullmatch(re.escape(prefix) + r"layer-\d+", group.get("id", "")):
            for element in group.iter():
                _style_as_attributes(element)
    return ET.tostring(root, encoding="unicode")


def _style_as_attributes(element: ET.Element) -> None:
    style = element.attrib.pop("style", None)
    if style is None:
        return
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip():
            element.set(name.strip(), value.strip())
