"""How the plan looks on screen: colours per category and dimension, labels, numbers.

Colours follow the national KpArealformål conventions where one fits: development warm
(yellow to red, as bebyggelse), protection green (LNFR, grønnstruktur), corridors as coloured
lines. They live here once and reach the legend and ``static/map.js`` alike.
"""

from __future__ import annotations

from flask_babel import format_decimal, gettext

from arealweb.domain.goals import DIMENSION_LABELS, LEVEL_LABELS, Dimension
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

DIMENSION_COLOURS = {
    Dimension.SOSIAL: "#b5338a",
    Dimension.OKONOMISK: "#1565c0",
    Dimension.KLIMA_OG_MILJO: "#2e7d32",
    Dimension.ORGANISASJON: "#6d4c41",
}


def legend() -> list[dict]:
    """Each kind with its categories, labels translated, for the legend and the map script."""
    return [
        {
            "kind": kind.value,
            "label": gettext(KIND_LABELS[kind]),
            "categories": [
                {"code": code, "label": gettext(label), "style": CATEGORY_STYLES[code]}
                for code, label in CATEGORIES[kind].items()
            ],
        }
        for kind in ZoneKind
    ]


def level_labels() -> dict[str, str]:
    return {level.value: gettext(label) for level, label in LEVEL_LABELS.items()}


def dimension_labels() -> dict[str, str]:
    return {dim.value: gettext(label) for dim, label in DIMENSION_LABELS.items()}


def area_text(daa: float) -> str:
    """An area as planners read it: dekar, with km² beside it (1 km² = 1 000 daa)."""
    whole = format_decimal(daa, format="#,##0.0" if daa < 100 else "#,##0")
    return f"{whole} daa ({format_decimal(daa / 1000, format='#,##0.000')} km²)"


def length_text(metres: float) -> str:
    if metres < 1000:
        return f"{format_decimal(metres, format='#,##0')} m"
    return f"{format_decimal(metres / 1000, format='#,##0.0')} km"
