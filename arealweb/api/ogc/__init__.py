"""OGC API – Features (Part 1 Core, GeoJSON, HTML; Part 2 CRS; Part 3 filters; Part 4
create, replace, update and delete of zones) under /ogc.

The blueprint and its error shape are in :mod:`.blueprint`, the collections in
:mod:`.collections`, query parameters in :mod:`.params`, the reading routes in :mod:`.routes`,
the writing ones in :mod:`.transactions`.
"""

from __future__ import annotations

from arealweb.api.ogc import routes, transactions  # noqa: F401  (routes register on import)
from arealweb.api.ogc.blueprint import ogc

__all__ = ["ogc"]
