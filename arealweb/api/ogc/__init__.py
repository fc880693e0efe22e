"""OGC API – Features (Part 1 Core, GeoJSON, HTML; Part 2 CRS) under /ogc, read-only.

The blueprint and its error shape are in :mod:`.blueprint`, the collections in
:mod:`.collections`, query parameters in :mod:`.params`, the routes in :mod:`.routes`.
"""

from __future__ import annotations

from arealweb.api.ogc import routes  # noqa: F401  (routes register on import)
from arealweb.api.ogc.blueprint import ogc

__all__ = ["ogc"]
