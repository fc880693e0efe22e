"""How the plan reads on screen: the style table and labels translated, numbers formatted.

The colours themselves live once, in ``arealweb.render.styles``.
"""

from __future__ import annotations

from flask_babel import get_locale, gettext

from arealweb.domain.goals import DIMENSION_LABELS, LEVEL_LABELS
from arealweb.render import numbers, styles


def legend() -> list[dict]:
    """Each kind with its categories, labels translated, for the legend and the map script."""
    return styles.legend(gettext)


def style_table() -> dict:
    return styles.style_table(gettext)


def level_labels() -> dict[str, str]:
    return {level.value: gettext(label) for level, label in LEVEL_LABELS.items()}


def dimension_labels() -> dict[str, str]:
    return {dim.value: gettext(label) for dim, label in DIMENSION_LABELS.items()}


def area_text(daa: float) -> str:
    """An area as planners read it: dekar, with km² beside it (1 km² = 1 000 daa)."""
    return numbers.area_text(daa, str(get_locale()))


def length_text(metres: float) -> str:
    return numbers.length_text(metres, str(get_locale()))
