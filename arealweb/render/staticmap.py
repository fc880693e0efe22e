"""The one static map renderer: layers in EPSG:25832 in, SVG, PNG or PDF out (matplotlib).

Map exports, the golden-thread report, the workshop summary and the merknadsbehandling all
draw through here, so every printed map has the same furniture, laid out by
:mod:`arealweb.render.sheet` on a sheet of paper (A4 or A3, either way up) or a figure of a
given size: a title, the map in a frame that holds the whole extent at a round scale, north
up, zone names that do not overlap, one north arrow, the legend in columns, and a title block
with municipality, plan version, date, the scale written out and as a bar, EPSG and source.
No background tiles are fetched; a caller that adds tiles passes ``attribution``
(«© Kartverket»). Styles use Leaflet's path option names, as in :mod:`arealweb.render.styles`.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry

from arealweb.render import sheet as layout
from arealweb.render.labels import place_labels
from arealweb.render.paper import Paper, round_scale
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
    the legend (None: not in it); ``faint`` layers are drawn pale, behind a highlight;
    ``names``, one per geometry, are written on the map where they fit (never on faint ones)."""

    geometries: Sequence[BaseGeometry]
    style: Mapping[str, object]
    label: str | None = None
    faint: bool = False
    names: Sequence[str] | None = None


@dataclass(frozen=True)
class MapTexts:
    """What the map says, in the reader's language: the title, the north arrow's letter, and
    the title block's lines (an empty one is left out). ``scale`` is a template with
    ``%(scale)s`` for «1:50 000»; ``source`` says where the data is from, ``attribution``
    what tiles (if any) ask to be credited."""

    title: str
    north: str = "N"
    crs: str = "EPSG:25832"
    attribution: str = ""
    municipality: str = ""
    plan_version: str = ""
    date: str = ""
    source: str = ""
    scale: str = "%(scale)s"
    legend: str = ""


def scale_bar_length(width_m: float) -> int:
    """The longest round length (1, 2 or 5 times a power of ten metres) within a fifth of
    ``width_m``."""
    return layout.round_length(width_m / 5)


distance_text = layout.distance_text


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


def draw_map(
    layers: Sequence[Layer],
    texts: MapTexts,
    *,
    extent: BaseGeometry | None = None,
    size: tuple[float, float] = (10.0, 7.5),
    margin_m: float = 500.0,
    paper: Paper | None = None,
    dpi: int = 150,
) -> Figure:
    """The layers (first drawn lowest) framed on ``extent``, by default every layer not faint,
    laid out on ``paper`` (or a figure of ``size`` inches without one). Texts are taken as
    written: a ``$`` in a goal's title is no formula."""
    with matplotlib.rc_context({"text.parse_math": False}):
        return _draw_map(layers, texts, extent, paper.inches if paper else size, margin_m, dpi)


def _legend_entries(layers: Sequence[Layer]) -> tuple[list, list[str]]:
    """One entry per labelled layer, each label once, faint and empty layers left out."""
    seen, handles = set(), []
    for layer in layers:
        if layer.label and not layer.faint and layer.label not in seen and layer.geometries:
            seen.add(layer.label)
            handles.append(_legend_handle(layer))
    return handles, [h.get_label() for h in handles]


def _framed(extent: BaseGeometry, margin_m: float) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = BAERUM_BOX if extent.is_empty else extent.bounds
    margin = max(margin_m, 0.05 * max(maxx - minx, maxy - miny))
    return minx - margin, miny - margin, maxx + margin, maxy + margin


def _north_arrow(ax, north: str, size: float):
    """North up: an arrow with its letter in the map's upper right corner, on white."""
    return ax.annotate(
        north,
        xy=(0.965, 0.975),
        xytext=(0.965, 0.885),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=size,
        fontweight="bold",
        color=PAPER["ink"],
        bbox={
            "boxstyle": "circle,pad=0.25",
            "facecolor": PAPER["paper"],
            "edgecolor": PAPER["ink"],
            "linewidth": 0.6,
        },
        arrowprops={"arrowstyle": "-|>", "color": PAPER["ink"], "linewidth": 1.5},
        zorder=9,
        gid="north-arrow",
    )


def _draw_map(layers, texts, extent, figsize, margin_m, dpi) -> Figure:
    """Measure first (title, title block, legend), then give the map frame the rest of the
    sheet and a round scale that holds the extent, then write into it."""
    figure = Figure(figsize=figsize, dpi=dpi)
    sheet = layout.Sheet(figure, FigureCanvasAgg(figure).get_renderer())
    m = sheet.measures
    ax = figure.add_axes((0, 0, 1, 1))  # the map frame, placed once the rest is measured
    title_height = _title(sheet, texts.title)
    block = layout.TitleBlock(
        texts.municipality,
        texts.plan_version,
        texts.date,
        texts.scale,
        texts.crs,
        " · ".join(t for t in (texts.source, texts.attribution) if t),
    )
    block_size = m.type * 0.85
    block_width = layout.block_width(sheet, block, block_size)
    panel = _legend_panel(
        ax,
        sheet,
        layers,
        texts.legend,
        block_width,
        layout.block_height(sheet, block, block_size, block_width),
        m.height - 2 * m.margin - title_height - m.gap,
    )
    metres_per_mm = _frame(
        ax,
        sheet,
        layers,
        extent,
        margin_m,
        bottom=m.margin + panel + m.gap,
        top=m.height - m.margin - title_height - m.gap,
    )
    arrow = _north_arrow(ax, texts.north, m.type * 1.1)
    named = [
        (geometry, name)
        for layer in layers
        if layer.names and not layer.faint
        for geometry, name in zip(layer.geometries, layer.names, strict=False)
    ]
    renderer = sheet.renderer
    place_labels(
        ax,
        renderer,
        named,
        m.type * 0.8,
        metres_per_mm,
        keep_clear=[
            arrow.get_window_extent(renderer),
            arrow.arrow_patch.get_window_extent(renderer),
        ],
    )
    left = m.width - m.margin - block_width
    _, place = layout.draw_block(sheet, block, block_size, left, m.margin + panel, block_width)
    layout.draw_scale(
        sheet, block, block_size, left, block_width, round(metres_per_mm * 1000), place
    )
    return figure


def _title(sheet: layout.Sheet, text: str) -> float:
    """The title across the top, wrapped to the sheet's width; returns its height in mm."""
    m = sheet.measures
    size = m.type * 1.35
    title = sheet.wrap(text, size, m.width - 2 * m.margin, "bold")
    sheet.figure.text(
        sheet.fx(m.margin),
        sheet.fy(m.height - m.margin),
        title,
        ha="left",
        va="top",
        fontsize=size,
        fontweight="bold",
        color=PAPER["ink"],
        gid="map-title",
        linespacing=1.15,
    )
    return layout.line_height(size) * (title.count("\n") + 1)


def _legend_panel(ax, sheet, layers, heading, block_width, block_height, usable) -> float:
    """The legend fitted beside the title block, its top level with the block's; returns the
    height of the panel the two make, in mm."""
    m = sheet.measures
    handles, labels = _legend_entries(layers)
    if not handles:
        return block_height
    legend, box = layout.fit_legend(
        ax,
        sheet,
        handles,
        labels,
        heading,
        left=m.margin,
        top=m.height / 2,
        width=m.width - 2 * m.margin - block_width - 2 * m.gap,
        height=max(layout.LEGEND_SHARE * usable, block_height),
    )
    panel = max(box.height, block_height)
    legend.set_bbox_to_anchor(
        (sheet.fx(m.margin), sheet.fy(m.margin + panel)), transform=sheet.figure.transFigure
    )
    return panel


def _frame(ax, sheet, layers, extent, margin_m, *, bottom: float, top: float) -> float:
    """The map frame between ``bottom`` and ``top`` (mm), the layers drawn in it at the
    smallest round scale that holds the extent, centred; returns metres per mm on paper."""
    m = sheet.measures
    width, height = m.width - 2 * m.margin, max(top - bottom, 10.0)
    ax.set_position((sheet.fx(m.margin), sheet.fy(bottom), sheet.fx(width), sheet.fy(height)))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(PAPER["ink"])
        spine.set_linewidth(0.8)
    ax.set_gid("map-frame")
    for n, layer in enumerate(layers):
        _draw_layer(ax, layer, f"layer-{n}")
    if extent is None:
        extent = shapely.GeometryCollection(
            [g for layer in layers if not layer.faint for g in layer.geometries if g is not None]
        )
    minx, miny, maxx, maxy = _framed(extent, margin_m)
    denominator = round_scale(max((maxx - minx) / width, (maxy - miny) / height) * 1000)
    metres_per_mm = denominator / 1000
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ax.set_xlim(cx - width * metres_per_mm / 2, cx + width * metres_per_mm / 2)
    ax.set_ylim(cy - height * metres_per_mm / 2, cy + height * metres_per_mm / 2)
    return metres_per_mm


def map_bytes(figure: Figure, fmt: str) -> bytes:
    """The figure as ``png``, ``pdf`` or ``svg`` (standalone, text kept as text)."""
    out = io.BytesIO()
    titles = [t.get_text().replace("\n", " ") for t in figure.texts if t.get_gid() == "map-title"]
    pdf = {"Creator": "arealweb", **({"Title": titles[0]} if titles else {})}
    metadata = {"png": None, "pdf": pdf, "svg": {"Date": None}}[fmt]
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
    paper: Paper | None = None,
) -> bytes:
    """Draw the layers and return the map as ``png``, ``pdf`` or ``svg``."""
    figure = draw_map(layers, texts, extent=extent, size=size, margin_m=margin_m, paper=paper)
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
