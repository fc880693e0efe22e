"""Folium map builders: settings in, the parts of a Leaflet map out; no request, no database.

Folium makes the map and its background layers. Its full-page output loads scripts from CDNs,
blocks zooming and has no landmarks, so only its map element and script are used, inside our
own accessible layout, with Leaflet served by the app itself. The zones, boundary and stations
are fetched from the API by ``static/map.js``: the page stays the same size whatever the data.

The script is served as a file of its own (the Content-Security-Policy allows no inline
script), so it must be the same in every process for the same background maps: the map and
its layers get fixed names instead of folium's random ones, and ``digest`` names the content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import folium

from arealweb.render.basemaps import BASEMAPS

# Bærum's bounding box (DOMAIN.md §4): the view before the boundary has loaded.
BAERUM_BOUNDS = ((59.849, 10.348), (60.032, 10.642))
MAX_ZOOM = 19


@dataclass(frozen=True)
class MapParts:
    """What a page needs to show a folium map: its element, its script and the JS names."""

    name: str
    html: str
    script: str
    basemaps: list[dict]

    @property
    def digest(self) -> str:
        """A short hash of the script: its address changes when its content does."""
        return hashlib.sha256(self.script.encode()).hexdigest()[:16]


@cache
def web_map(basemap_ids: tuple[str, ...]) -> MapParts:
    """A map of Bærum with the chosen background maps (the first one shown); the same parts
    for the same maps, so every page and every process points at the same script."""
    figure = folium.Map(
        location=None,
        tiles=None,
        min_zoom=9,
        max_zoom=MAX_ZOOM,
        zoom_control=True,
        max_bounds=True,
        min_lat=59.70,
        max_lat=60.15,
        min_lon=10.10,
        max_lon=10.90,
    )
    figure._id = "arealweb"
    # Per map, not folium's shared defaults: scripts come from the page, not from CDNs.
    figure.default_js = []
    figure.default_css = []
    figure.fit_bounds(BAERUM_BOUNDS)
    layers = []
    for n, basemap_id in enumerate(basemap_ids):
        basemap = BASEMAPS[basemap_id]
        layer = folium.TileLayer(
            tiles=basemap.url,
            attr=basemap.attribution,
            name=basemap.label,
            max_zoom=MAX_ZOOM,
            max_native_zoom=basemap.max_zoom,
            show=n == 0,
            overlay=False,
            control=False,
        )
        layer._id = basemap.id
        layer.add_to(figure)
        layers.append({"id": basemap.id, "label": basemap.label, "var": layer.get_name()})
    root = figure.get_root()
    root.render()
    return MapParts(figure.get_name(), root.html.render(), root.script.render(), layers)
