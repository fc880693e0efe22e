"""Static maps as SVG for printed pages: geometries in, markup out; no request, no database.

A printed summary needs a map that prints sharply, works offline and needs no script: each
layer is drawn as SVG paths in EPSG:25832 (north up, metres true to scale), with a scale bar,
a north arrow and a legend. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import shapely
from shapely.geometry.base import BaseGeometry

NICE_LENGTHS_M = (50, 100, 200, 250, 500, 1_000, 2_000, 2_500, 5_000, 10_000)


@dataclass(frozen=True)
class SvgLayer:
    """Geometries in EPSG:25832 drawn alike, with the label the legend gives them."""

    geometries: Sequence[BaseGeometry]
    stroke: str
    label: str
    fill: str | None = None
    width: float = 2.0
    dash: str | None = None
    in_legend: bool = True
    radius: float = 6.0
    opacity: float = 0.35


def _nice_length(span_m: float) -> int:
    """The longest round length that fits in a fifth of the map's width."""
    fitting = [n for n in NICE_LENGTHS_M if n <= span_m / 5]
    return fitting[-1] if fitting else NICE_LENGTHS_M[0]


def svg_map(
    layers: Sequence[SvgLayer],
    title: str,
    *,
    extent: BaseGeometry | None = None,
    width: int = 800,
    height: int = 520,
    north: str = "N",
    margin_m: float = 600.0,
) -> str:
    """An SVG map of ``layers`` framed on ``extent`` (default: everything drawn)."""
    drawn = [g for layer in layers for g in layer.geometries if g is not None and not g.is_empty]
    frame = extent if extent is not None else shapely.GeometryCollection(drawn)
    if frame.is_empty:
        frame = shapely.box(586_000, 6_638_000, 600_000, 6_652_000)
    x0, y0, x1, y1 = frame.bounds
    minx, miny, maxx, maxy = frame.buffer(max(margin_m, 0.15 * max(x1 - x0, y1 - y0))).bounds
    legend_rows = [layer for layer in layers if layer.in_legend]
    legend_height = 26 * ((len(legend_rows) + 1) // 2) + 10
    map_height = height - legend_height
    scale = min(width / (maxx - minx), map_height / (maxy - miny))
    offset_x = (width - (maxx - minx) * scale) / 2
    offset_y = (map_height - (maxy - miny) * scale) / 2

    def point(x: float, y: float) -> str:
        return f"{offset_x + (x - minx) * scale:.1f} {offset_y + (maxy - y) * scale:.1f}"

    def path(geometry: BaseGeometry) -> str:
        parts = []
        for part in shapely.get_parts(geometry):
            if part.geom_type == "Polygon":
                for ring in (part.exterior, *part.interiors):
                    coords = list(ring.coords)
                    parts.append("M" + " L".join(point(x, y) for x, y, *_ in coords) + " Z")
            elif part.geom_type == "LineString":
                parts.append("M" + " L".join(point(x, y) for x, y, *_ in part.coords))
        return " ".join(parts)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="print-map">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{map_height}" fill="#f7f9fa" '
        'stroke="#d0d7de"/>',
        f'<clipPath id="frame"><rect width="{width}" height="{map_height}"/></clipPath>',
        '<g clip-path="url(#frame)">',
    ]
    for layer in layers:
        dash = f' stroke-dasharray="{layer.dash}"' if layer.dash else ""
        fill = layer.fill or "none"
        for geometry in layer.geometries:
            if geometry is None or geometry.is_empty:
                continue
            if geometry.geom_type in ("Point", "MultiPoint"):
                for p in shapely.get_parts(geometry):
                    x, y = point(p.x, p.y).split()
                    out.append(
                        f'<circle cx="{x}" cy="{y}" r="{layer.radius}" '
                        f'fill="{layer.fill or layer.stroke}" stroke="{layer.stroke}" '
                        f'stroke-width="{layer.width}"/>'
                    )
                continue
            out.append(
                f'<path d="{path(geometry)}" fill="{fill}" fill-opacity="{layer.opacity}" '
                f'fill-rule="evenodd" stroke="{layer.stroke}" stroke-width="{layer.width}"{dash}/>'
            )
    out.append("</g>")
    metres = _nice_length(maxx - minx)
    bar = metres * scale
    y = map_height - 18
    label = f"{metres // 1000} km" if metres >= 1000 and metres % 1000 == 0 else f"{metres} m"
    out += [
        f'<g class="scale-bar"><rect x="16" y="{y - 6}" width="{bar:.1f}" height="6" '
        'fill="#1b1b1b"/>',
        f'<text x="16" y="{y - 10}" font-size="13" fill="#1b1b1b">0</text>',
        f'<text x="{16 + bar:.1f}" y="{y - 10}" font-size="13" text-anchor="end" '
        f'fill="#1b1b1b">{escape(label)}</text></g>',
        f'<g class="north-arrow" transform="translate({width - 34} 16)">'
        '<path d="M12 0 L22 30 L12 24 L2 30 Z" fill="#1b1b1b"/>'
        f'<text x="12" y="46" font-size="14" text-anchor="middle" fill="#1b1b1b">'
        f"{escape(north)}</text></g>",
    ]
    for n, layer in enumerate(legend_rows):
        x = 16 + (n % 2) * (width // 2)
        y = map_height + 14 + (n // 2) * 26
        dash = f' stroke-dasharray="{layer.dash}"' if layer.dash else ""
        if layer.geometries and layer.geometries[0].geom_type in ("Point", "MultiPoint"):
            out.append(
                f'<circle cx="{x + 13}" cy="{y + 7}" r="{layer.radius + 1}" '
                f'fill="{layer.fill or layer.stroke}"/><text x="{x + 34}" y="{y + 12}" '
                f'font-size="14" fill="#1b1b1b">{escape(layer.label)}</text>'
            )
            continue
        out.append(
            f'<rect x="{x}" y="{y}" width="26" height="14" fill="{layer.fill or "none"}" '
            f'fill-opacity="0.5" stroke="{layer.stroke}" stroke-width="2"{dash}/>'
            f'<text x="{x + 34}" y="{y + 12}" font-size="14" fill="#1b1b1b">'
            f"{escape(layer.label)}</text>"
        )
    out.append("</svg>")
    return "".join(out)
