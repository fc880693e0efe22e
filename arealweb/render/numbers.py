"""Areas and lengths as planners read them, in the reader's locale."""

from __future__ import annotations

from babel.numbers import format_decimal


def area_text(daa: float, locale: str) -> str:
    """An area in dekar, with km² beside it (1 km² = 1 000 daa)."""
    whole = format_decimal(daa, format="#,##0.0" if daa < 100 else "#,##0", locale=locale)
    km2 = format_decimal(daa / 1000, format="#,##0.000", locale=locale)
    return f"{whole} daa ({km2} km²)"


def length_text(metres: float, locale: str) -> str:
    if metres < 1000:
        return f"{format_decimal(metres, format='#,##0', locale=locale)} m"
    return f"{format_decimal(metres / 1000, format='#,##0.0', locale=locale)} km"
