"""Listing many zones for a caller that keeps what it made of each (zone, version).

Projecting and serialising geometries is most of the cost of a zone listing. A zone's
``version`` changes with every update of its row (a database trigger sees to that, even for
edits made in QGIS), so a caller can keep its work per (zone, version); a listing then reads
ids, versions and goal links, and for the zones the caller has not seen at their version the
Feature stored with the zone (``zone_features``: one query, a read and a join), and the full
zone only for those with no stored Feature at that version and format. Those it serialises,
serves and writes back, so the next cold listing — in any process, on any machine — finds them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import shapely

from arealweb.domain.zones import Zone
from arealweb.geo.crs import to_utm
from arealweb.geo.zone_json import feature_format, feature_heads
from arealweb.services.queries import ZoneFilter
from arealweb.store.repository import Store, UnitOfWork

log = logging.getLogger(__name__)


@dataclass
class Listing:
    rows: list[tuple[str, int]]
    """(id, version) of every zone selected, in order."""
    goal_ids: dict[str, list[str]]
    changed: list[Zone]
    """The selected zones the caller did not know at their current version and that were read
    in full (with ``heads``: those that had no stored Feature; without: all of them)."""
    skipped: int = 0
    """How many selected rows were left out because they break a rule of the plan."""
    heads: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    """(version, WGS84 Feature head — :func:`~arealweb.geo.zone_json.feature_heads`) of
    the zones the caller did not know: stored ones and those made here."""


def list_zones(
    store: Store,
    selection: ZoneFilter,
    known: Callable[[str, int], bool],
    stored: bool = True,
    cold: bool = False,
) -> Listing:
    """The zones ``selection`` picks. Raises NotFound when it names a goal that does not exist.

    With ``stored`` (WGS84 Features, as /api/v1/zones and the OGC API in CRS84 serve them) the
    zones the caller does not know come as ``heads``, read from the database or made and stored
    now; without, as ``changed`` zones for the caller to serialise. ``cold`` says the caller
    knows no zone yet (a new process): ids, versions and stored Features are then read together
    and joined (:meth:`~arealweb.store.zones.ZoneRepository.versions_with_features`)."""
    with store.read() as repo:
        found = _listing(repo, selection, known, stored, cold)
    if stored:
        keep_heads(store, found)
    return found


def stored_heads(store: Store) -> dict[str, tuple[int, bytes]]:
    """(version, Feature head) of every live zone whose Feature is stored at its version by
    this release's serialiser: what a new process can keep before its first listing. Zones
    without one are left to that listing, which makes and stores them."""
    with store.read() as repo:
        return _stored(repo.zones.versions_with_features(feature_format()))


def _stored(joined: list[tuple[str, int, bytes | None]]) -> dict[str, tuple[int, bytes]]:
    """The heads found stored among ``joined`` (id, version, head or None)."""
    return {zone_id: (version, head) for zone_id, version, head in joined if head is not None}


def _listing(
    repo: UnitOfWork,
    selection: ZoneFilter,
    known: Callable[[str, int], bool],
    stored: bool,
    cold: bool,
) -> Listing:
    goal_ids = None
    if selection.goal_id is not None:
        goal_ids = repo.goals.tree().subtree_ids(selection.goal_id)
    envelope = None
    if selection.bbox is not None:
        envelope = to_utm(shapely.segmentize(shapely.box(*selection.bbox), 0.01))
    if stored and cold:
        joined = repo.zones.versions_with_features(
            feature_format(), kind=selection.kind, goal_ids=goal_ids, bbox=envelope
        )
        rows = [(zone_id, version) for zone_id, version, _ in joined]
        heads = _stored(joined)
        changed = _made(repo, rows, heads)
    else:
        rows = repo.zones.versions(kind=selection.kind, goal_ids=goal_ids, bbox=envelope)
        unknown = [row for row in rows if not known(*row)]
        heads, changed = read_heads(repo, unknown) if stored else ({}, _read(repo, unknown))
    odd = repo.zones.skipped
    if odd:
        rows = [row for row in rows if row[0] not in odd]
    everything = selection == ZoneFilter()
    links = repo.zones.goal_ids_by_zone(None if everything else [zone_id for zone_id, _ in rows])
    return Listing(rows, links, changed, len(odd), heads)


def _read(repo: UnitOfWork, rows: list[tuple[str, int]]) -> list[Zone]:
    return repo.zones.by_ids({zone_id for zone_id, _ in rows}) if rows else []


def read_heads(
    repo: UnitOfWork, rows: list[tuple[str, int]]
) -> tuple[dict[str, tuple[int, bytes]], list[Zone]]:
    """The Feature heads of the zones in ``rows`` (id, version): stored ones where they match
    the zone's version and this release's format, the others made from the zones, which are
    returned too (read in full: their heads are to be stored)."""
    if not rows:
        return {}, []
    wanted = dict(rows)
    stored = repo.zones.stored_features(wanted, feature_format())
    heads = {
        zone_id: (version, head)
        for zone_id, (version, head) in stored.items()
        if wanted[zone_id] == version
    }
    return heads, _made(repo, rows, heads)


def _made(
    repo: UnitOfWork, rows: list[tuple[str, int]], heads: dict[str, tuple[int, bytes]]
) -> list[Zone]:
    """Read in full the zones of ``rows`` that ``heads`` lacks, add their heads to it, and
    return them (their heads are to be stored)."""
    changed = _read(repo, [row for row in rows if row[0] not in heads])
    made = feature_heads(changed)
    heads.update({z.id: (z.version, head) for z, head in zip(changed, made, strict=True)})
    return changed


def keep_heads(store: Store, listing: Listing) -> None:
    """Store the heads ``listing`` made (upsert: a listing racing this one, in any process,
    writes the same bytes). A failure is logged and does not fail the listing."""
    if not listing.changed:
        return
    made = [(z.id, *listing.heads[z.id]) for z in listing.changed]
    try:
        with store.write() as repo:
            repo.zones.store_features(made, feature_format())
    except Exception:
        log.exception("could not store the Features of %d zones; they are made again", len(made))
