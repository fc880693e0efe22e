"""QGIS styles drawn as the web map draws: for an exported GeoPackage and the QGIS project.

The colours come from the one style table (:mod:`arealweb.render.styles`); the line widths
and opacities are the web map's (``static/map.js``: areas 2 px, lines 4 px, strokes 90 %
opaque, fills 40 %, stations circles of radius 5 px with a 2 px outline). Each kind's layer
gets a categorized renderer on ``category`` as QML (what QGIS reads from ``layer_styles``) and
as SLD (for other GIS programs); the QGIS project (:mod:`arealweb.services.qgis_project`) uses
the same renderers, and those of the boundary and the stations.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import quoteattr

from arealweb.domain.text import N_
from arealweb.domain.zones import CATEGORIES, KIND_LABELS, ZoneKind
from arealweb.render.styles import LAYER_STYLES, category_style

STROKE_OPACITY = 0.9
FILL_OPACITY = 0.4
STATION_RADIUS_PX = 5
STATION_OUTLINE_PX = 2


def _same(text: str) -> str:
    return text


def layer_style(kind: ZoneKind) -> tuple[str, str, str, str]:
    """(layer, style name, QML, SLD) for the layer of ``kind``."""
    return kind.value, f"arealweb {kind.value}", qml(kind), sld(kind)


def _rgba(colour: str, opacity: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def _options(values: dict[str, str]) -> str:
    props = "".join(f"<prop k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in values.items())
    options = "".join(
        f'<Option type="QString" name={quoteattr(k)} value={quoteattr(v)}/>'
        for k, v in values.items()
    )
    return f'<Option type="Map">{options}</Option>{props}'


def _symbol(kind: ZoneKind, number: int, style: dict) -> str:
    stroke = _rgba(style["color"], style.get("opacity", STROKE_OPACITY))
    dash = style.get("dashArray", "")
    if kind.is_area:
        fill = style.get("fillColor", style["color"])
        layer = "SimpleFill"
        values = {
            "color": _rgba(fill, style.get("fillOpacity", FILL_OPACITY)),
            "style": "solid" if style.get("fill", True) else "no",
            "outline_color": stroke,
            "outline_style": "dash" if dash else "solid",
            "outline_width": str(style.get("weight", 2)),
            "outline_width_unit": "Pixel",
        }
        symbol_type = "fill"
    else:
        layer = "SimpleLine"
        values = {
            "line_color": stroke,
            "line_style": "solid",
            "line_width": str(style.get("weight", 4)),
            "line_width_unit": "Pixel",
            "capstyle": "round",
            "joinstyle": "round",
            "use_custom_dash": "1" if dash else "0",
            "customdash": ";".join(dash.split()) if dash else "5;2",
            "customdash_unit": "Pixel",
        }
        symbol_type = "line"
    return (
        f'<symbol type="{symbol_type}" name="{number}" alpha="1" clip_to_extent="1" '
        f'force_rhr="0"><layer class="{layer}" enabled="1" pass="0" locked="0">'
        f"{_options(values)}</layer></symbol>"
    )


def renderer(kind: ZoneKind, translate: Callable[[str], str] = _same) -> str:
    """The ``renderer-v2`` element of ``kind``'s layer: categorized on ``category``, each
    category labelled (through ``translate``) and drawn as the web map draws it."""
    codes = list(CATEGORIES[kind])
    categories = "".join(
        f'<category render="true" symbol="{n}" value={quoteattr(code)} '
        f"label={quoteattr(translate(CATEGORIES[kind][code]))}/>"
        for n, code in enumerate(codes)
    )
    symbols = "".join(_symbol(kind, n, category_style(code)) for n, code in enumerate(codes))
    fallback = _symbol(kind, 0, category_style(""))
    return (
        '<renderer-v2 type="categorizedSymbol" attr="category" symbollevels="0" '
        'enableorderby="0" forceraster="0">'
        f"<categories>{categories}</categories><symbols>{symbols}</symbols>"
        f"<source-symbol>{fallback}</source-symbol></renderer-v2>"
    )


def qml(kind: ZoneKind) -> str:
    """A QGIS style document: a categorized renderer on ``category``."""
    geometry_type = 2 if kind.is_area else 1
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
        '<qgis version="3.22.0" styleCategories="Symbology">'
        f"{renderer(kind)}"
        f"<layerGeometryType>{geometry_type}</layerGeometryType></qgis>"
    )


def boundary_renderer() -> str:
    """The municipal boundary as the web map draws it: a dashed outline, no fill."""
    symbol = _symbol(ZoneKind.DEVELOPMENT, 0, LAYER_STYLES["boundary"])
    return (
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
        f"<symbols>{symbol}</symbols></renderer-v2>"
    )


def _station_symbol(number: int, style: dict) -> str:
    values = {
        "name": "circle",
        "color": _rgba(style["fillColor"], 1.0),
        "outline_color": _rgba(style["color"], 1.0),
        "outline_style": "solid",
        "outline_width": str(STATION_OUTLINE_PX),
        "outline_width_unit": "Pixel",
        "size": str(2 * STATION_RADIUS_PX),
        "size_unit": "Pixel",
    }
    return (
        f'<symbol type="marker" name="{number}" alpha="1" clip_to_extent="1" force_rhr="0">'
        f'<layer class="SimpleMarker" enabled="1" pass="0" locked="0">{_options(values)}'
        "</layer></symbol>"
    )


def stations_renderer(translate: Callable[[str], str] = _same) -> str:
    """The stations as the web map draws them: dark circles, planned ones white inside."""
    kinds = [
        ("false", N_("Stasjon"), "station"),
        ("true", N_("Planlagt stasjon"), "station_planned"),
    ]
    categories = "".join(
        f'<category render="true" symbol="{n}" value="{value}" '
        f"label={quoteattr(translate(label))}/>"
        for n, (value, label, _) in enumerate(kinds)
    )
    symbols = "".join(
        _station_symbol(n, LAYER_STYLES[name]) for n, (_, _, name) in enumerate(kinds)
    )
    return (
        '<renderer-v2 type="categorizedSymbol" attr="planned" symbollevels="0" '
        'enableorderby="0" forceraster="0">'
        f"<categories>{categories}</categories><symbols>{symbols}</symbols>"
        f"<source-symbol>{_station_symbol(0, LAYER_STYLES['station'])}</source-symbol>"
        "</renderer-v2>"
    )


def _sld_symbolizer(kind: ZoneKind, style: dict) -> str:
    stroke = (
        f'<se:Stroke><se:SvgParameter name="stroke">{style["color"]}</se:SvgParameter>'
        f'<se:SvgParameter name="stroke-opacity">{style.get("opacity", STROKE_OPACITY)}'
        "</se:SvgParameter>"
        f'<se:SvgParameter name="stroke-width">{style.get("weight", 2 if kind.is_area else 4)}'
        "</se:SvgParameter>"
        + (
            f'<se:SvgParameter name="stroke-dasharray">{style["dashArray"]}</se:SvgParameter>'
            if "dashArray" in style
            else ""
        )
        + "</se:Stroke>"
    )
    if not kind.is_area:
        return f"<se:LineSymbolizer>{stroke}</se:LineSymbolizer>"
    fill = (
        f'<se:Fill><se:SvgParameter name="fill">{style.get("fillColor", style["color"])}'
        f'</se:SvgParameter><se:SvgParameter name="fill-opacity">'
        f"{style.get('fillOpacity', FILL_OPACITY)}</se:SvgParameter></se:Fill>"
    )
    return f"<se:PolygonSymbolizer>{fill}{stroke}</se:PolygonSymbolizer>"


def sld(kind: ZoneKind) -> str:
    """The same style as an OGC Styled Layer Descriptor 1.1."""
    rules = "".join(
        f"<se:Rule><se:Name>{_text(code)}</se:Name><se:Description><se:Title>"
        f"{_text(label)}</se:Title></se:Description>"
        '<ogc:Filter xmlns:ogc="http://www.opengis.net/ogc"><ogc:PropertyIsEqualTo>'
        f"<ogc:PropertyName>category</ogc:PropertyName><ogc:Literal>{_text(code)}</ogc:Literal>"
        f"</ogc:PropertyIsEqualTo></ogc:Filter>{_sld_symbolizer(kind, category_style(code))}"
        "</se:Rule>"
        for code, label in CATEGORIES[kind].items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" '
        'xmlns:se="http://www.opengis.net/se" xmlns:ogc="http://www.opengis.net/ogc" '
        'version="1.1.0"><NamedLayer>'
        f"<se:Name>{kind.value}</se:Name><UserStyle><se:Name>{_text(KIND_LABELS[kind])}"
        f"</se:Name><se:FeatureTypeStyle>{rules}</se:FeatureTypeStyle></UserStyle>"
        "</NamedLayer></StyledLayerDescriptor>"
    )


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]
