"""Paper for printed maps: ISO A4 and A3, portrait or landscape, and the round scales a map
is drawn at (1:50 000, not 1:47 312), so a ruler on the printout measures the ground."""

from __future__ import annotations

import math
from dataclasses import dataclass

from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.text import N_

SHEETS_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
"""Each paper size's short and long side in millimetres (ISO 216)."""

ORIENTATIONS = ("portrait", "landscape")
"""``portrait``: the long side up (stående); ``landscape``: the long side across (liggende)."""

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Paper:
    """A sheet a map is laid out on."""

    size: str = "A4"
    orientation: str = "landscape"

    @property
    def millimetres(self) -> tuple[float, float]:
        """Width and height in millimetres."""
        short, long = SHEETS_MM[self.size]
        return (long, short) if self.orientation == "landscape" else (short, long)

    @property
    def inches(self) -> tuple[float, float]:
        width, height = self.millimetres
        return width / MM_PER_INCH, height / MM_PER_INCH

    @property
    def slug(self) -> str:
        """How the sheet is named in file names and cache keys: ``a4-landscape``."""
        return f"{self.size.lower()}-{self.orientation}"


def paper(size: str | None = None, orientation: str | None = None) -> Paper:
    """The sheet a user asked for (``a4``/``A3``, ``portrait``/``landscape``; either left out:
    A4, landscape), or :class:`InvalidInput` naming what is allowed."""
    size = (size or "A4").strip().upper()
    orientation = (orientation or "landscape").strip().lower()
    problems = []
    if size not in SHEETS_MM:
        problems.append(
            Problem(N_("ukjent papirformat «%(value)s»: velg A4 eller A3"), {"value": size[:40]})
        )
    if orientation not in ORIENTATIONS:
        problems.append(
            Problem(
                N_(
                    "ukjent retning «%(value)s»: velg portrait (stående) eller landscape (liggende)"
                ),
                {"value": orientation[:40]},
            )
        )
    if problems:
        raise InvalidInput.of(problems)
    return Paper(size, orientation)


ROUND_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5)
"""The leading figures of a round scale: 1:10 000, 1:15 000, 1:25 000, 1:75 000 …"""


def round_scale(required: float) -> int:
    """The smallest round scale denominator (one of ``ROUND_STEPS`` times a power of ten) at
    which a map that needs at least ``required`` fits: 47 312 → 50 000."""
    required = max(required, 1.0)
    power = 10 ** math.floor(math.log10(required))
    for step in (*ROUND_STEPS, 10):
        if step * power >= required - 1e-6:
            return round(step * power)
    raise AssertionError("unreachable")  # pragma: no cover


def scale_text(denominator: int) -> str:
    """«1:50 000»: thousands set apart by a no-break space, as Norwegian (and SI) writes them."""
    return "1:" + f"{denominator:,}".replace(",", "\u00a0")
