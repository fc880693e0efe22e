"""Zone names on a printed map: each at the visual centre of what shows of its zone (a line's
at its middle), in dark type with a white halo, and none over another or over the north arrow.

Labels are placed largest zone first; a label whose box (as the renderer draws it) would
touch one already placed, or reach past the map frame, is left out — the legend and the zone
list still name every zone. Tiny zones on the sheet get no label at all.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely
from matplotlib import patheffects
from matplotlib.transforms import Bbox
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from arealweb.render.styles import PAPER

SMALLEST_AREA_MM2 = 40.0
"""A zone smaller than this on the sheet is not labelled (its name would cover it)."""

SHORTEST_LINE_MM = 20.0

THINNEST_MM = 2.5
"""A zone whose widest inside circle is narrower than this on the sheet is named after the
compact zones (its name would run across its edges)."""

PAD_PX = 2.0


def _anchor(geometry: BaseGeometry, view, metres_per_mm: float):
    """Where a zone's label goes and how much it weighs (area or length on the sheet), or
    None when too little of it shows."""
    shown = geometry.intersection(view)
    if shown.is_empty:
        return None
    parts = list(shapely.get_parts(shown))
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    if polygons:
        largest = max(polygons, key=lambda p: p.area)
        area = largest.area / metres_per_mm**2
        if area < SMALLEST_AREA_MM2:
            return None
        point = polylabel(largest, tolerance=metres_per_mm)
        centre = largest.centroid
        if largest.contains(centre) and largest.exterior.distance(centre) >= 0.9 * (
            largest.exterior.distance(point)
        ):
            point = centre  # as deep inside, and where the eye looks for a name
        depth = largest.exterior.distance(point) / metres_per_mm
        # A narrow strip (a green corridor drawn as an area) gives way to compact zones.
        return point, (1.0 + area) if depth >= THINNEST_MM else (1.0 + area) / 1e3
    lines = [p for p in parts if p.geom_type == "LineString"]
    if lines:
        longest = max(lines, key=lambda p: p.length)
        length = longest.length / metres_per_mm
        if length < SHORTEST_LINE_MM:
            return None
        # Below every area: a path is named after the zones it runs through.
        return longest.interpolate(0.5, normalized=True), length / 1e6
    return None


def place_labels(
    ax,
    renderer,
    named: Sequence[tuple[BaseGeometry, str]],
    size: float,
    metres_per_mm: float,
    keep_clear: Sequence[Bbox] = (),
) -> list:
    """Draw the names that fit, largest zone first; returns the texts drawn (gid
    ``zone-label-<n>``)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    view = shapely.box(x0, y0, x1, y1)
    frame = ax.get_window_extent(renderer)
    candidates = []
    for geometry, name in named:
        if geometry is None or geometry.is_empty or not name:
            continue
        found = _anchor(geometry, view, metres_per_mm)
        if found is not None:
            candidates.append((found[1], found[0], name))
    candidates.sort(key=lambda c: -c[0])
    taken = [box.padded(PAD_PX) for box in keep_clear]
    drawn = []
    for n, (_, point, name) in enumerate(candidates):
        text = ax.text(
            point.x,
            point.y,
            name,
            ha="center",
            va="center",
            fontsize=size,
            color=PAPER["ink"],
            gid=f"zone-label-{n}",  # ids in an SVG are unique
            zorder=8,
            clip_on=False,
            path_effects=[patheffects.withStroke(linewidth=2.2, foreground=PAPER["paper"])],
        )
        box = text.get_window_extent(renderer).padded(PAD_PX)
        inside = (
            box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1
        )
        if not inside or any(box.overlaps(other) for other in taken):
            text.remove()
            continue
        taken.append(box)
        drawn.append(text)
    return drawn
