"""The JSON/GeoJSON API, version 1: thin handlers that parse, call a service and serialise.

The blueprint is in :mod:`.blueprint`, requests become typed inputs in :mod:`.inputs`, errors
become statuses in :mod:`.errors`; the other modules hold the routes, which register on import.
"""

from __future__ import annotations

from arealweb.api import (  # noqa: F401  (routes register on import)
    analysis,
    comparison,
    errors,
    exports,
    goal_editing,
    goals,
    imports,
    indicators,
    layers,
    openapi,
    participation,
    places,
    scenarios,
    workshops,
    zone_editing,
    zones,
)
from arealweb.api.blueprint import api

__all__ = ["api"]
