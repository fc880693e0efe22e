"""The plan's static maps: zones by category for exports and the golden-thread report, and the
workshop summary's maps of the groups' sketches. Data and a ``translate`` callable in, bytes
or inline SVG out; all are drawn by :mod:`arealweb.render.staticmap`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.text import N_
from arealweb.domain.workshops import Group, Sketch
from arealweb.domain.zones import CATEGORIES, ZoneKind
from arealweb.render.staticmap import Layer, MapTexts, inline_svg, static_map
from arealweb.render.styles import LAYER_STYLES, category_style

Translate = Callable[[str], str]


def _boundary(geometry: BaseGeometry | None, translate: Translate) -> Layer:
    return Layer(
        [geometry] if geometry is not None else [],
        LAYER_STYLES["boundary"],
        translate(N_("Kommunegrensen")),
    )


def _stations(geometries: Sequence[BaseGeometry], translate: Translate, radius: float) -> Layer:
    return Layer(
        list(geometries),
        {**LAYER_STYLES["station"], "weight": 1, "radius": radius},
        translate(N_("Stasjoner")),
    )


def plan_map_image(
    zones: gpd.GeoDataFrame,
    title: str,
    translate: Translate,
    fmt: str,
    *,
    boundary: BaseGeometry | None = None,
    stations: gpd.GeoDataFrame | None = None,
    highlight: set[str] | None = None,
    size: tuple[float, float] = (10.0, 7.5),
) -> bytes:
    """The plan's ``zones`` (a frame with ``id``, ``kind``, ``category``) by category, with
    the boundary and stations, as ``fmt``; ``highlight``: the ids drawn strong and framed,
    every other zone faint."""
    labels = {code: label for kind in ZoneKind for code, label in CATEGORIES[kind].items()}
    layers = [_boundary(boundary, translate)]
    for category, group in zones.groupby("category", sort=False):
        style, label = category_style(category), translate(labels.get(category, category))
        chosen = group["id"].isin(highlight) if highlight is not None else group["id"].notna()
        layers.append(Layer(list(group[~chosen].geometry), style, faint=True))
        layers.append(Layer(list(group[chosen].geometry), style, label))
    if stations is not None:
        layers.append(_stations(stations.geometry, translate, 3))
    framed = zones[zones["id"].isin(highlight)] if highlight else zones
    extent = shapely.union_all(list(framed.geometry)) if not framed.empty else boundary
    texts = MapTexts(title, north=translate(N_("N")))
    return static_map(layers, texts, fmt, extent=extent, size=size)


def sketch_maps(
    groups: Sequence[Group],
    sketches: Sequence[Sketch],
    translate: Translate,
    *,
    boundary: BaseGeometry | None,
    zones: Sequence[BaseGeometry],
    stations: Sequence[BaseGeometry],
) -> tuple[str, dict[str, str]]:
    """The workshop summary's maps as inline SVG: every group's sketches on one map, then one
    map per group that sketched, keyed by group id. Each group is drawn in its colour over the
    plan's boundary, zones and stations."""
    context = [
        _boundary(boundary, translate),
        Layer(list(zones), LAYER_STYLES["context"], translate(N_("Soner i arealstrategien"))),
        _stations(stations, translate, 2),
    ]

    def drawn(group: Group, mine: Sequence[Sketch]) -> Layer:
        style = {"color": group.colour, "fillColor": group.colour, "weight": 3, "fillOpacity": 0.35}
        return Layer([s.geometry for s in mine], style, group.name)

    def svg(layers: list[Layer], title: str, mine: Sequence[Sketch], size, prefix: str) -> str:
        extent = shapely.union_all([s.geometry for s in mine]) if mine else boundary
        texts = MapTexts(title, north=translate(N_("N")))
        made = static_map(layers, texts, "svg", extent=extent, size=size, margin_m=600)
        return inline_svg(made, title, prefix)

    mine = {g.id: [s for s in sketches if s.group_id == g.id] for g in groups}
    overview = svg(
        [*context, *(drawn(g, mine[g.id]) for g in groups)],
        translate(N_("Kart over alle gruppenes skisser")),
        sketches,
        (8.0, 5.2),
        "map-all-",
    )
    per_group = {
        g.id: svg(
            [*context, drawn(g, mine[g.id])],
            translate(N_("Kart over skissene fra %(group)s")) % {"group": g.name},
            mine[g.id],
            (6.4, 4.0),
            f"map-{n}-",
        )
        for n, g in enumerate(groups)
        if mine[g.id]
    }
    return overview, per_group
