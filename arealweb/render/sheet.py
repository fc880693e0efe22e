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

    def fx(self, mm: float) -> float:
        return mm / self.measures.width

    def fy(self, mm: float) -> float:
        return mm / self.measures.height

    def text_width(self, text: str, size: float, weight: str = "normal") -> float:
        """How wide ``text`` is set in ``size`` points, in millimetres."""
        width = 0.0
        for line in text.split("\n"):
            found, _, _ = self.renderer.get_text_width_height_descent(
                line, FontProperties(size=size, weight=weight), ismath=False
            )
            width = max(width, found)
        return width / self.px_per_mm

    def wrap(self, text: str, size: float, width_mm: float, weight: str = "normal") -> str:
        """``text`` broken between words into lines no wider than ``width_mm`` (a single word
        wider than that stands alone on its line)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                tried = f"{line} {word}" if line else word
                if line and self.text_width(tried, size, weight) > width_mm:
                    lines.append(line)
                    line = word
                else:
                    line = tried
            lines.append(line)
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
    for n, colour in enumerate((ink, "white")):
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


def fit_legend(ax, sheet: Sheet, handles: Sequence, labels: Sequence[str], title: str, **where):
    """The legend set so it fits ``where['width']`` mm and as little height as that allows: as
    many columns as fit, each label wrapped to one column's width if it must, smaller type
    only when the legend would otherwise take more than its share of the sheet."""
    most_height = where["height"]
    size = sheet.measures.type * 0.9
    while True:
        legend = _legend_in_columns(ax, sheet, handles, labels, title, size, where)
        box = sheet.extent_mm(legend)
        if box.height <= most_height or size <= SMALLEST_TYPE:
            return legend, box
        size = max(size - 0.5, SMALLEST_TYPE)


def _legend_in_columns(ax, sheet, handles, labels, title, size, where):
    width = where["width"]
    sample = 2.0 * size * MM_PER_INCH / 72  # handle length and padding, roughly
    one_column = max(width - 3 * sample, 10.0)
    wrapped = [sheet.wrap(label, size, one_column) for label in labels]
    widest = max(sheet.text_width(label, size) for label in wrapped) + 2 * sample
    most = max(1, min(len(handles), int(width // widest) + 1))
    for columns in range(most, 0, -1):
        legend = ax.legend(
            handles=handles,
            labels=wrapped,
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
        if sheet.extent_mm(legend).width <= width or columns == 1:
            return legend
    raise AssertionError("unreachable")  # pragma: no cover
