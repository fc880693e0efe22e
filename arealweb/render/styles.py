"""The one table of how the plan looks: colours and line styles per category, dimension and layer.

Colours follow the national KpArealformål conventions where one fits: development warm
(yellow to red, as bebyggelse), protection green (LNFR, grønnstruktur), corridors as coloured
lines. Every renderer reads them from here — the web maps (as JSON in the page's
``data-styles`` attribute, read by ``static/styles.js``), the CSS swatches (as custom
properties) and the static maps and PDFs. Styles use Leaflet's path option names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from arealweb.domain.goals import DIMENSION_LABELS, Dimension
from arealweb.domain.participation import CommentKind
from arealweb.domain.zones import CATEGORIES, KIND_LABELS, ZoneKind

CATEGORY_STYLES: dict[str, dict] = {
    "vekstområde": {"color": "#b54708", "fillColor": "#f79009"},
    "knutepunkt": {"color": "#b42318", "fillColor": "#f04438"},
    "bymessig område": {"color": "#a15c07", "fillColor": "#fdd835"},
    "næringsområde": {"color": "#6941c6", "fillColor": "#b692f6"},
    "marka": {"color": "#1b5e20", "fillColor": "#2e7d32"},
    "jordvern": {"color": "#558b2f", "fillColor": "#c5e1a5"},
    "grønnstruktur": {"color": "#2e7d32", "fillColor": "#66bb6a"},
    "strandsone": {"color": "#00695c", "fillColor": "#4db6ac"},
    "kulturmiljø": {"color": "#6d4c41", "fillColor": "#bcaaa4"},
    "naturmiljø": {"color": "#33691e", "fillColor": "#8bc34a"},
    "hovedsykkelvei": {"color": "#c62828", "weight": 5},
    "sykkelvei": {"color": "#ef6c00", "weight": 4},
    "gangvei": {"color": "#4527a0", "weight": 3, "dashArray": "6 4"},
    "turvei": {"color": "#00838f", "weight": 3, "dashArray": "2 6"},
}
"""Each zone category's style; a category not listed is drawn with ``LAYER_STYLES['zone']``."""

DIMENSION_COLOURS: dict[Dimension, str] = {
    Dimension.SOSIAL: "#b5338a",
    Dimension.OKONOMISK: "#1565c0",
    Dimension.KLIMA_OG_MILJO: "#2e7d32",
    Dimension.ORGANISASJON: "#6d4c41",
}

LAYER_STYLES: dict[str, dict] = {
    "zone": {"color": "#455a64", "fillColor": "#90a4ae"},
    "boundary": {"color": "#37474f", "weight": 2, "dashArray": "6 4", "fill": False},
    "station": {"color": "#263238", "fillColor": "#263238"},
    "station_planned": {"color": "#263238", "fillColor": "#ffffff"},
    "conflict": {"color": "#b42318", "weight": 3, "fillColor": "#f04438", "fillOpacity": 0.7},
    "crossing": {"color": "#6941c6", "weight": 6, "opacity": 0.9},
    "catchment": {"color": "#1565c0", "weight": 1, "fillColor": "#64b5f6"},
    "gap": {"color": "#b54708", "weight": 3, "fillColor": "#ffffff", "fillOpacity": 1},
    "before": {"color": "#455a64", "weight": 2, "dashArray": "5 5", "fill": False},
    "after": {"color": "#b54708", "weight": 3, "fillColor": "#f79009", "fillOpacity": 0.35},
    "chosen_place": {"color": "#b42318", "weight": 3, "fillColor": "#ffffff", "fillOpacity": 1},
    "found_place": {"color": "#5b21b6", "weight": 3, "fillColor": "#ede9fe", "fillOpacity": 0.9},
    "sketch": {"color": "#455a64", "fillColor": "#90a4ae"},
    "context": {"color": "#90a4ae", "weight": 1, "fillColor": "#cfd8dc", "fillOpacity": 0.5},
    "changed": {"color": "#1b1b1b", "weight": 4, "dashArray": "6 3"},
    "removed": {"color": "#b42318", "weight": 3, "dashArray": "2 4", "fill": False},
}
"""Layers that are not zones: the boundary, stations, analysis results, history, input, and
``context``: the plan's zones drawn quietly under what a map is about (workshop sketches);
``changed`` and ``removed``: the outline of what a scenario changes or removes from the plan."""


COMMENT_COLOURS: dict[CommentKind, str] = {
    CommentKind.BRA_HER: "#2e7d32",
    CommentKind.PROBLEM_HER: "#b42318",
    CommentKind.FORSLAG: "#1565c0",
}
"""The marker colour of each kind of comment on the map."""

PAPER = {
    "ink": "#1b1b1b",
    "frame": "#d0d7de",
    "sea": "#f7f9fa",
    "land": "#cfd8dc",
    "paper": "#ffffff",
}
"""Colours of a printed map's furniture: text, frame, background, and ``paper``: the sheet,
the halo around names and the light half of the scale bar."""

CHART_COLOURS = ("#00507d", "#b54708", "#2e7d32", "#6941c6")
"""Series colours of the analysis charts, in order."""


def category_style(category: str) -> dict:
    """The style of a zone category; unknown categories get the neutral zone style."""
    return CATEGORY_STYLES.get(category, LAYER_STYLES["zone"])


def legend(translate: Callable[[str], str]) -> list[dict]:
    """Each kind with its categories and their styles, labels in the reader's language."""
    return [
        {
            "kind": kind.value,
            "label": translate(KIND_LABELS[kind]),
            "categories": [
                {"code": code, "label": translate(label), "style": category_style(code)}
                for code, label in CATEGORIES[kind].items()
            ],
        }
        for kind in ZoneKind
    ]


def style_table(translate: Callable[[str], str]) -> dict:
    """The whole table as JSON-ready data, for the page's ``data-styles`` attribute."""
    return {
        "kinds": legend(translate),
        "categories": CATEGORY_STYLES,
        "dimensions": {
            dim.value: {"label": translate(DIMENSION_LABELS[dim]), "color": colour}
            for dim, colour in DIMENSION_COLOURS.items()
        },
        "layers": LAYER_STYLES,
        "comments": {kind.value: colour for kind, colour in COMMENT_COLOURS.items()},
        "charts": list(CHART_COLOURS),
    }


@functools.cache
def css_variables() -> str:
    """The layer, dimension and comment colours as CSS custom properties, for swatches in the
    legend and the comment markers."""
    lines = []
    for name, style in LAYER_STYLES.items():
        slug = name.replace("_", "-")
        lines.append(f"--{slug}-stroke: {style['color']};")
        if "fillColor" in style:
            lines.append(f"--{slug}-fill: {style['fillColor']};")
    for dim, colour in DIMENSION_COLOURS.items():
        lines.append(f"--dimension-{dim.name.lower().replace('_', '-')}: {colour};")
    for kind, colour in COMMENT_COLOURS.items():
        lines.append(f"--comment-{kind.value.replace(' ', '-')}: {colour};")
    return ":root { " + " ".join(lines) + " }"
