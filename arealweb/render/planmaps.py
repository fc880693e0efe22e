"""The plan's static maps: zones by category for exports and the golden-thread report, and the
workshop summary's maps of the groups' sketches. Data and a ``translate`` callable in, bytes
or inline SVG out; all are drawn by :mod:`arealweb.render.staticmap`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import geopandas as gpd
import shapely
from matplotlib.figure import Figure
from shapely.geometry.base import BaseGeometry

from arealweb.domain.text import N_
from arealweb.domain.workshops import Group, Sketch
from arealweb.domain.zones import CATEGORY_LABELS
from arealweb.render.paper import Paper
from arealweb.render.staticmap import Layer, MapTexts, draw_map, inline_svg, map_bytes, static_map
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


def map_texts(
    title: str,
    translate: Translate,
    *,
    plan_version: str = "",
    date: str = "",
    boundary_source: str = "",
) -> MapTexts:
    """A printed map's texts in the reader's language: title, north, and the title block's
    municipality, plan version, date, scale, EPSG and where the data is from."""
    official = any(n in boundary_source.lower() for n in ("geonorge", "kartverket"))
    source = (
        translate(N_("Kartdata: Bærum kommune (soner og stasjoner), © Kartverket (kommunegrense)"))
        if official
        else translate(N_("Kartdata: Bærum kommune (soner og stasjoner, forenklet kommunegrense)"))
    )
    return MapTexts(
        title,
        north=translate(N_("N")),
        crs=translate(N_("Koordinatsystem: ETRS89 / UTM sone 32N (EPSG:25832)")),
        municipality=translate(N_("Bærum kommune")),
        plan_version=translate(N_("Planversjon: %(version)s")) % {"version": plan_version}
        if plan_version
        else "",
        date=translate(N_("Dato: %(date)s")) % {"date": date} if date else "",
        source=source,
        scale=translate(N_("Målestokk %(scale)s")),
        legend=translate(N_("Tegnforklaring")),
    )


def plan_map_image(
    zones: gpd.GeoDataFrame, title: str, translate: Translate, fmt: str, **options
) -> bytes:
    """:func:`plan_map_figure` (given the same ``options``) as ``fmt`` (``png``, ``pdf`` or
    ``svg``)."""
    return map_bytes(plan_map_figure(zones, title, translate, **options), fmt)


def plan_map_figure(
    zones: gpd.GeoDataFrame,
    title: str,
    translate: Translate,
    *,
    boundary: BaseGeometry | None = None,
    stations: gpd.GeoDataFrame | None = None,
    highlight: set[str] | None = None,
    size: tuple[float, float] = (10.0, 7.5),
    paper: Paper | None = None,
    plan_version: str = "",
    date: str = "",
    boundary_source: str = "",
) -> Figure:
    """The plan's ``zones`` (a frame with ``id``, ``kind``, ``category`` and, if it has one,
    ``name``, written on the map) by category, with the boundary and stations, on ``paper``
    (else a figure of ``size`` inches), framed on the whole municipality; ``highlight``: the
    ids drawn strong, every other zone faint. The title block names the plan version and the
    date given."""
    layers = [_boundary(boundary, translate)]
    for category, group in zones.groupby("category", sort=False):
        style, label = category_style(category), translate(CATEGORY_LABELS.get(category, category))
        chosen = group["id"].isin(highlight) if highlight is not None else group["id"].notna()
        layers.append(Layer(list(group[~chosen].geometry), style, faint=True))
        names = list(group[chosen]["name"]) if "name" in group else None
        layers.append(Layer(list(group[chosen].geometry), style, label, names=names))
    if stations is not None:
        layers.append(_stations(stations.geometry, translate, 3))
    # Every plan map holds the whole municipality, a goal's map too (its zones stand out by
    # colour): a reader of a case document sees where in Bærum they are.
    framed = [*zones.geometry, *([boundary] if boundary is not None else [])]
    extent = shapely.union_all(framed) if framed else None
    texts = map_texts(
        title, translate, plan_version=plan_version, date=date, boundary_source=boundary_source
    )
    return draw_map(layers, texts, extent=extent, size=size, paper=paper)


def sketch_maps(
    groups: Sequence[Group],
    sketches: Sequence[Sketch],
    translate: Translate,
    *,
    boundary: BaseGeometry | None,
    zones: Sequence[BaseGeometry],
    stations: Sequence[BaseGeometry],
    zone_names: Sequence[str] | None = None,
    date: str = "",
) -> tuple[str, dict[str, str]]:
    """The workshop summary's maps as inline SVG: every group's sketches on one map, then one
    map per group that sketched, keyed by group id. Each group is drawn in its colour over the
    plan's boundary, zones (named on the map when ``zone_names`` are given) and stations."""
    context = [
        _boundary(boundary, translate),
        Layer(
            list(zones),
            LAYER_STYLES["context"],
            translate(N_("Soner i arealstrategien")),
            names=zone_names,
        ),
        _stations(stations, translate, 2),
    ]

    def drawn(group: Group, mine: Sequence[Sketch]) -> Layer:
        style = {"color": group.colour, "fillColor": group.colour, "weight": 3, "fillOpacity": 0.35}
        return Layer([s.geometry for s in mine], style, group.name)

    def svg(layers: list[Layer], title: str, mine: Sequence[Sketch], size, prefix: str) -> str:
        extent = shapely.union_all([s.geometry for s in mine]) if mine else boundary
        texts = map_texts(title, translate, date=date)
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
