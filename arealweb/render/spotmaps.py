"""A small map of one place: the spot a comment is about, over the plan's zones around it.

Drawn as a few hundred bytes of SVG straight from the geometries (no map library, no tiles,
no script), so a page can show one beside each of dozens of comments and it works without
JavaScript. North is up; coordinates are EPSG:25832 metres, with y turned over for SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.participation import CommentKind
from arealweb.domain.zones import Zone
from arealweb.render.styles import COMMENT_COLOURS, LAYER_STYLES, PAPER, category_style

HALF_WIDTH_M = 450.0
"""Half the width of ground a spot map shows around a point (900 m across)."""
MARGIN_M = 150.0
"""Ground shown around a drawn area, beyond its own extent."""
ASPECT = 3 / 2
MARKER_M = 22.0


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(geometry: BaseGeometry) -> str:
    """An SVG path of a (multi)polygon or (multi)line, y turned over."""
    parts = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type == "Polygon":
            rings = [part.exterior, *part.interiors]
            closed = True
        elif part.geom_type == "LineString":
            rings = [part]
            closed = False
        else:
            continue
        for ring in rings:
            points = " L".join(f"{_number(x)} {_number(-y)}" for x, y, *_ in ring.coords)
            parts.append("M" + points + (" Z" if closed else ""))
    return " ".join(parts)


def spot_svg(
    place: BaseGeometry,
    kind: CommentKind,
    zones: Iterable[Zone],
    label: str,
    width_px: int = 240,
) -> str:
    """An inline ``<svg role="img">`` of ``place`` (EPSG:25832) marked in ``kind``'s colour,
    the zones around it in their categories' colours; ``label`` is its accessible name."""
    minx, miny, maxx, maxy = place.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w = max(
        HALF_WIDTH_M, (maxx - minx) / 2 + MARGIN_M, ((maxy - miny) / 2 + MARGIN_M) * ASPECT
    )
    half_h = half_w / ASPECT
    window = shapely.box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    colour = COMMENT_COLOURS[kind]
    frame = (
        f'x="{_number(cx - half_w)}" y="{_number(-cy - half_h)}" '
        f'width="{_number(2 * half_w)}" height="{_number(2 * half_h)}"'
    )
    shapes = [f'<rect {frame} fill="{PAPER["sea"]}"/>']
    for zone in zones:
        if zone.geometry is None or not zone.geometry.intersects(window):
            continue
        style = category_style(zone.category)
        clipped = zone.geometry.intersection(window)
        if clipped.is_empty:
            continue
        if zone.kind.is_area:
            shapes.append(
                f'<path d="{_path(clipped)}" fill="{style.get("fillColor", style["color"])}" '
                f'fill-opacity="0.45" stroke="{style["color"]}" stroke-width="3">'
                f"<title>{escape(zone.name)}</title></path>"
            )
        else:
            shapes.append(
                f'<path d="{_path(clipped)}" fill="none" stroke="{style["color"]}" '
                f'stroke-width="{style.get("weight", 3) * 2.5}"><title>{escape(zone.name)}</title>'
                "</path>"
            )
    if place.geom_type == "Point":
        shapes.append(
            f'<circle cx="{_number(place.x)}" cy="{_number(-place.y)}" r="{_number(MARKER_M)}" '
            f'fill="{colour}" stroke="{PAPER["paper"]}" stroke-width="8"/>'
        )
    else:
        shapes.append(
            f'<path d="{_path(place)}" fill="{colour}" fill-opacity="0.3" stroke="{colour}" '
            'stroke-width="8"/>'
        )
    edge = LAYER_STYLES["boundary"]["color"]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spot-map" role="img" '
        f'aria-label="{escape(label)}" width="{width_px}" height="{round(width_px / ASPECT)}" '
        f'viewBox="{_number(cx - half_w)} {_number(-cy - half_h)} {_number(2 * half_w)} '
        f'{_number(2 * half_h)}" data-spot-map>'
        + "".join(shapes)
        + f'<rect {frame} fill="none" stroke="{edge}" stroke-width="4"/></svg>'
    )
