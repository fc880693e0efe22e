"""The printed map's sheet: where the title, the map frame, the legend and the title block go,
measured with the renderer so nothing is cut at the edge or drawn over anything else.

A sheet, top to bottom: the title (wrapped to the width), the map in a frame at a round scale
(the whole extent inside it), then the legend in as many columns as fit beside the title block
(municipality, plan version, date, scale written out and as a bar, EPSG, source). Sizes follow
the sheet: a map for A3 gets larger type than one for a report's half page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from arealweb.render.paper import MM_PER_INCH, scale_text
from arealweb.render.styles import PAPER

LEGEND_SHARE = 0.42
"""At most this share of the sheet's height goes to the legend and title block; a legend
that needs more is set in smaller type (down to ``SMALLEST_TYPE``)."""

SMALLEST_TYPE = 4.5


@dataclass(frozen=True)
class Measures:
    """A sheet's sizes in millimetres and its type sizes in points."""

    width: float
    height: float
    margin: float
    gap: float
    type: float

    @classmethod
    def of(cls, figure: Figure) -> Measures:
        width, height = (v * MM_PER_INCH for v in figure.get_size_inches())
        shorter = min(width, height)
        margin = min(max(0.04 * shorter, 4.0), 10.0)
        type_size = min(max(3.5 + 0.55 * shorter / MM_PER_INCH, 6.0), 10.0)
        return cls(width, height, margin, margin / 2, type_size)


class Sheet:
    """A figure measured in millimetres from its lower left corner."""

    def __init__(self, figure: Figure, renderer: RendererAgg) -> None:
        self.figure = figure
        self.renderer = renderer
        self.measures = Measures.of(figure)
        self.px_per_mm = figure.dpi / MM_PER_INCH
        self._widths: dict[tuple[str, float, str], float] = {}

    def fx(self, mm: float) -> float:
        return mm / self.measures.width

    def fy(self, mm: float) -> float:
        return mm / self.measures.height

    def text_width(self, text: str, size: float, weight: str = "normal") -> float:
        """How wide ``text`` is set in ``size`` points, in millimetres (its widest line)."""
        return max(self._line_width(line, size, weight) for line in text.split("\n"))

    def _line_width(self, line: str, size: float, weight: str) -> float:
        key = (line, size, weight)
        if key not in self._widths:
            found, _, _ = self.renderer.get_text_width_height_descent(
                line, FontProperties(size=size, weight=weight), ismath=False
            )
            self._widths[key] = found / self.px_per_mm
        return self._widths[key]

    def wrap(self, text: str, size: float, width_mm: float, weight: str = "normal") -> str:
        """``text`` broken between words into lines no wider than ``width_mm`` (a single word
        wider than that stands alone on its line). Words are measured once each; a line's
        width is its words' and spaces' widths summed."""
        space = self._line_width("a a", size, weight) - 2 * self._line_width("a", size, weight)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, used = [], 0.0
            for word in paragraph.split():
                wide = self._line_width(word, size, weight)
                if line and used + space + wide > width_mm:
                    lines.append(" ".join(line))
                    line, used = [word], wide
                else:
                    used += (space if line else 0.0) + wide
                    line.append(word)
            lines.append(" ".join(line))
        return "\n".join(lines)

    def extent_mm(self, artist) -> Bbox:
        """Where an artist was drawn, in millimetres."""
        box = artist.get_window_extent(self.renderer)
        return Bbox.from_extents(*(v / self.px_per_mm for v in box.extents))


def line_height(size: float) -> float:
    """A line of text in ``size`` points, in millimetres, with its leading."""
    return size * 1.3 * MM_PER_INCH / 72


@dataclass(frozen=True)
class TitleBlock:
    """The lines of the title block, in the reader's language; empty ones are left out."""

    municipality: str
    plan_version: str
    date: str
    scale: str
    crs: str
    source: str

    def lines(self) -> list[tuple[str, str]]:
        """(text, weight) of each line above and below the scale bar, in order."""
        above = [(self.municipality, "bold"), (self.plan_version, "normal"), (self.date, "normal")]
        return [(t, w) for t, w in above if t]

    def lines_below(self) -> list[str]:
        return [t for t in (self.crs, self.source) if t]


def block_width(sheet: Sheet, block: TitleBlock, size: float) -> float:
    """The title block's width: its longest line, at most a third of the sheet (longer lines
    wrap), at least room for a scale bar."""
    m = sheet.measures
    longest = max(
        [sheet.text_width(t, size, w) for t, w in block.lines()]
        + [sheet.text_width(t, size) for t in block.lines_below()]
        + [sheet.text_width(block.scale % {"scale": scale_text(5_000_000)}, size)]
    )
    return min(max(longest, 32.0), (m.width - 2 * m.margin) / 3)


def block_height(sheet: Sheet, block: TitleBlock, size: float, width: float) -> float:
    """How tall :func:`draw_block` will draw the block, in millimetres."""
    lines = sum(sheet.wrap(t, size, width, w).count("\n") + 1 for t, w in block.lines()) + sum(
        sheet.wrap(t, size, width).count("\n") + 1 for t in block.lines_below()
    )
    return line_height(size) * (lines + 1) + 2.2 + line_height(size * 0.9) + 1.0


def draw_block(
    sheet: Sheet, block: TitleBlock, size: float, left: float, top: float, width: float
) -> tuple[float, dict]:
    """The title block's lines down from ``top`` at ``left``; returns where it ends (mm from
    the bottom) and a note of where the scale's text and bar are to go."""
    y, ink = top, PAPER["ink"]

    def put(text: str, weight: str = "normal", gid: str | None = None) -> None:
        nonlocal y
        wrapped = sheet.wrap(text, size, width, weight)
        sheet.figure.text(
            sheet.fx(left),
            sheet.fy(y),
            wrapped,
            ha="left",
            va="top",
            fontsize=size,
            fontweight=weight,
            color=ink,
            gid=gid,
            linespacing=1.15,
        )
        y -= line_height(size) * (wrapped.count("\n") + 1)

    for text, weight in block.lines():
        put(text, weight)
    scale_at = y
    y -= line_height(size)  # the scale's text, written once the scale is known
    bar_at = y
    y -= 2.2 + line_height(size * 0.9) + 1.0  # the bar and its numbers
    for text in block.lines_below():
        put(text)
    return y, {"scale_at": scale_at, "bar_at": bar_at}


def draw_scale(
    sheet: Sheet,
    block: TitleBlock,
    size: float,
    left: float,
    width: float,
    denominator: int,
    place: dict,
) -> tuple[Line2D, int]:
    """The scale written out («Målestokk 1:50 000») and a bar of a round length below it,
    black and white halves with 0 under its start and the length under its end."""
    ink = PAPER["ink"]
    figure = sheet.figure
    figure.text(
        sheet.fx(left),
        sheet.fy(place["scale_at"]),
        block.scale % {"scale": scale_text(denominator)},
        ha="left",
        va="top",
        fontsize=size,
        color=ink,
        gid="scale-text",
    )
    metres_per_mm = denominator / 1000
    length = round_length(min(width * 0.8, 60.0) * metres_per_mm)
    bar_mm = length / metres_per_mm
    y = place["bar_at"] - 1.2
    height = 1.6
    for n, colour in enumerate((ink, PAPER["paper"])):
        figure.add_artist(
            Rectangle(
                (sheet.fx(left + n * bar_mm / 2), sheet.fy(y - height / 2)),
                sheet.fx(bar_mm / 2),
                sheet.fy(height),
                transform=figure.transFigure,
                facecolor=colour,
                edgecolor=ink,
                linewidth=0.6,
            )
        )
    bar = Line2D(
        [sheet.fx(left), sheet.fx(left + bar_mm)],
        [sheet.fy(y), sheet.fy(y)],
        transform=figure.transFigure,
        color=ink,
        linewidth=0,
        gid="scale-bar",
    )
    figure.add_artist(bar)
    below = sheet.fy(y - height / 2 - 0.6)
    for x, text, ha in ((left, "0", "left"), (left + bar_mm, distance_text(length), "right")):
        figure.text(sheet.fx(x), below, text, ha=ha, va="top", fontsize=size * 0.9, color=ink)
    return bar, length


def round_length(at_most_m: float) -> int:
    """The longest round length (1, 2 or 5 times a power of ten metres) up to ``at_most_m``."""
    target = max(at_most_m, 1.0)
    power = 10 ** math.floor(math.log10(target))
    return int(max(n * power for n in (1, 2, 5) if n * power <= target))


def distance_text(metres: int) -> str:
    if metres >= 1000:
        km = metres / 1000
        return f"{km:g} km".replace(".", ",")
    return f"{metres} m"


NARROWEST_LABEL_MM = 28.0
"""A legend label is not wrapped narrower than this to win a column."""


def fit_legend(ax, sheet: Sheet, handles: Sequence, labels: Sequence[str], title: str, **where):
    """The legend set within ``where['width']`` mm and, if it can be, ``where['height']`` mm:
    in the largest type that fits (smaller only when it must, down to ``SMALLEST_TYPE``), in
    the number of columns that makes it lowest (the map keeps the most room), labels wrapped
    to their column's width (never cut). Returns the legend and its box in millimetres."""
    most_height = where["height"]
    size = sheet.measures.type * 0.9
    while True:
        lowest = _lowest_layout(sheet, ax, handles, labels, title, size, where)
        if lowest[0] <= most_height or size <= SMALLEST_TYPE:
            _, columns, wrapped = lowest
            legend = _legend(ax, sheet, handles, wrapped, title, size, columns, where)
            return legend, sheet.extent_mm(legend)
        size = max(size - 0.5, SMALLEST_TYPE)


def _lowest_layout(sheet, ax, handles, labels, title, size, where):
    """(height, columns, wrapped labels) of the lowest legend within the width, in ``size``."""
    width = where["width"]
    sample = 2.6 * size * MM_PER_INCH / 72  # handle, its padding and the column spacing
    widest = max(sheet.text_width(label, size) for label in labels) + sample
    most = max(1, min(len(handles), int(width // (NARROWEST_LABEL_MM + sample))))
    lowest = None
    for columns in range(1, most + 1):
        column = min(widest, width / columns) - sample
        wrapped = [sheet.wrap(label, size, max(column, 10.0)) for label in labels]
        box = sheet.extent_mm(_legend(ax, sheet, handles, wrapped, title, size, columns, where))
        if box.width > width and columns > 1:
            break
        if lowest is None or box.height < lowest[0]:
            lowest = (box.height, columns, wrapped)
    return lowest


def _legend(ax, sheet, handles, labels, title, size, columns, where):
    return ax.legend(
        handles=handles,
        labels=labels,
        loc="upper left",
        bbox_to_anchor=(sheet.fx(where["left"]), sheet.fy(where["top"])),
        bbox_transform=sheet.figure.transFigure,
        borderaxespad=0.0,
        borderpad=0.0,
        ncols=columns,
        fontsize=size,
        title=title or None,
        title_fontproperties=FontProperties(size=size, weight="bold"),
        alignment="left",
        frameon=False,
        columnspacing=1.2,
        handlelength=1.8,
    )
