"""GeoJSON out (RFC 7946, WGS84, 6 decimals), written fast.

``GeoDataFrame.to_json`` is several times slower than shapely's vectorised ``to_geojson`` with
orjson; geometries are projected and rounded in one vectorised pass, serialised once each and
dropped into the document as ready-made JSON fragments.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import orjson
import shapely

from arealweb.geo.crs import OgcCrs, to_ogc_crs, to_wgs84

_OPTIONS = orjson.OPT_NON_STR_KEYS


def geometries_json(geometries_utm: Sequence, crs: OgcCrs | None = None) -> list[orjson.Fragment]:
    """EPSG:25832 geometries → WGS84 GeoJSON geometry fragments (or in ``crs``, an OGC API
    CRS, in its axis order); None stays ``null``."""
    array = np.asarray(geometries_utm, dtype=object)
    if array.size == 0:
        return []
    texts = shapely.to_geojson(to_wgs84(array) if crs is None else to_ogc_crs(array, crs))
    return [None if text is None else orjson.Fragment(text) for text in texts]


def feature_collection(
    ids: Sequence[str], geometries_utm: Sequence, properties: Sequence[dict], **members: object
) -> bytes:
    """A FeatureCollection as bytes; ``members`` are extra top-level members."""
    geometries = geometries_json(geometries_utm)
    features = [
        {"type": "Feature", "id": i, "geometry": g, "properties": p}
        for i, g, p in zip(ids, geometries, properties, strict=True)
    ]
    return orjson.dumps(
        {"type": "FeatureCollection", **members, "features": features}, option=_OPTIONS
    )


def feature(id: str, geometry_utm, properties: dict) -> dict:
    """One Feature as a dict ready for ``orjson.dumps`` (geometry as a fragment)."""
    return {
        "type": "Feature",
        "id": id,
        "geometry": geometries_json([geometry_utm])[0],
        "properties": properties,
    }


def dumps(document: object, indent: bool = False) -> bytes:
    """``document`` as JSON; with ``indent``, two spaces a level, for people to read."""
    return orjson.dumps(document, option=_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))
