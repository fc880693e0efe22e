"""The background maps arealweb can offer (tiles are decoration: the map works without them)."""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.domain.text import N_

_KARTVERKET = (
    "https://cache.kartverket.no/v1/wmts/1.0.0/{layer}/default/webmercator/{{z}}/{{y}}/{{x}}.png"
)


@dataclass(frozen=True)
class Basemap:
    id: str
    label: str
    url: str
    attribution: str
    max_zoom: int = 18


BASEMAPS = {
    "topograatone": Basemap(
        "topograatone",
        N_("Kartverket gråtone"),
        _KARTVERKET.format(layer="topograatone"),
        "© Kartverket",
    ),
    "topo": Basemap(
        "topo", N_("Kartverket topografisk"), _KARTVERKET.format(layer="topo"), "© Kartverket"
    ),
    "osm": Basemap(
        "osm",
        N_("OpenStreetMap"),
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© OpenStreetMap",
        19,
    ),
}


def parse_basemaps(text: str) -> tuple[str, ...]:
    """``topograatone,topo`` → ('topograatone', 'topo'); ``none`` → ()."""
    if text.strip().lower() == "none":
        return ()
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [name for name in chosen if name not in BASEMAPS]
    if unknown:
        raise ValueError(f"unknown basemap {', '.join(unknown)}; choose from {', '.join(BASEMAPS)}")
    return chosen
