"""Listing many zones for a caller that keeps what it made of each (zone, version).

Projecting and serialising geometries is most of the cost of a zone listing. A zone's
``version`` changes with every update of its row (a database trigger sees to that, even for
edits made in QGIS), so a caller can keep its work per (zone, version); a listing then reads
ids, versions and goal links, and the full zone only for those the caller has not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shapely

from arealweb.domain.zones import Zone
from arealweb.geo.crs import to_utm
from arealweb.services.queries import ZoneFilter
from arealweb.store.repository import Store, UnitOfWork


@dataclass
class Listing:
    rows: list[tuple[str, int]]
    """(id, version) of every zone selected, in order."""
    goal_ids: dict[str, list[str]]
    changed: list[Zone]
    """The selected zones the caller did not know at their current version."""
    skipped: int = 0
    """How many selected rows were left out because they break a rule of the plan."""


def list_zones(store: Store, selection: ZoneFilter, known: Callable[[str, int], bool]) -> Listing:
    """The zones ``selection`` picks. Raises NotFound when it names a goal that does not exist."""
    with store.read() as repo:
        return _listing(repo, selection, known)


def _listing(repo: UnitOfWork, selection: ZoneFilter, known: Callable[[str, int], bool]) -> Listing:
    goal_ids = None
    if selection.goal_id is not None:
        goal_ids = repo.goals.tree().subtree_ids(selection.goal_id)
    envelope = None
    if selection.bbox is not None:
        envelope = to_utm(shapely.segmentize(shapely.box(*selection.bbox), 0.01))
    rows = repo.zones.versions(kind=selection.kind, goal_ids=goal_ids, bbox=envelope)
    unknown = {zone_id for zone_id, version in rows if not known(zone_id, version)}
    changed = repo.zones.by_ids(unknown) if unknown else []
    odd = repo.zones.skipped
    if odd:
        rows = [row for row in rows if row[0] not in odd]
    everything = selection == ZoneFilter()
    links = repo.zones.goal_ids_by_zone(None if everything else [zone_id for zone_id, _ in rows])
    return Listing(rows, links, changed, len(odd))
