"""HTML pages: the map, the goal tree, goal and zone pages, participation, workshops, analysis.

The blueprint is in :mod:`.blueprint`, error pages in :mod:`.errors`, the old English page
paths in :mod:`.moved`; the other modules hold the pages, which register on import.
"""

from __future__ import annotations

from arealweb.web import (  # noqa: F401  (routes register on import)
    account,
    admin,
    analysis,
    assets,
    comments,
    comparison,
    errors,
    goal_forms,
    health,
    history,
    imports,
    indicators,
    moved,
    odd_zones,
    pages,
    participation,
    reports,
    scenarios,
    workbench,
    workshops,
)
from arealweb.web.blueprint import web
from arealweb.web.errors import error_page

__all__ = ["error_page", "web"]
