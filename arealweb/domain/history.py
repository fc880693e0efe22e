"""The history of a zone: every create, edit, delete and restore is a version.

A version records who made it, when, which fields changed, and the zone as it then was (a
snapshot), so any version can be shown on a map and restored as a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import shapely

from arealweb.domain.text import N_
from arealweb.domain.zones import GEOMETRY_TOLERANCE_M, Zone


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.CREATE: N_("Opprettet"),
    Action.UPDATE: N_("Endret"),
    Action.DELETE: N_("Slettet"),
    Action.RESTORE: N_("Gjenopprettet"),
}


class Source(StrEnum):
    """Who wrote a version: arealweb itself, or another client of the database (QGIS, psql)."""

    AREALWEB = "arealweb"
    DATABASE = "database"


FIELDS = (
    "name",
    "kind",
    "category",
    "status",
    "description",
    "arealformal",
    "hensynssone",
    "draft",
)


def action_of(before: Zone | None, after: Zone) -> Action:
    """What kind of change saving ``after`` over ``before`` (None: nothing stored) is."""
    if after.deleted and (before is None or not before.deleted):
        return Action.DELETE
    if before is None:
        return Action.CREATE
    if before.deleted and not after.deleted:
        return Action.RESTORE
    return Action.UPDATE


def changed_fields(before: Zone | None, after: Zone) -> list[str]:
    """The fields (and ``geometry``, ``goals``) that differ between two versions of a zone."""
    if before is None:
        return [*FIELDS, "geometry", "goals"]
    changed = [name for name in FIELDS if getattr(before, name) != getattr(after, name)]
    if not shapely.equals_exact(
        shapely.normalize(before.geometry), shapely.normalize(after.geometry), GEOMETRY_TOLERANCE_M
    ):
        changed.append("geometry")
    if sorted((l.goal_id, l.rationale) for l in before.links) != sorted(
        (l.goal_id, l.rationale) for l in after.links
    ):
        changed.append("goals")
    return changed


@dataclass(frozen=True)
class Version:
    """One entry of a zone's history; ``zone`` is the zone as that version left it."""

    zone_id: str
    version: int
    action: Action
    actor: str
    at: datetime
    changes: list[str]
    zone: Zone
    source: Source = Source.AREALWEB
    scenario: str | None = None
    """The name of the scenario whose promotion made this version (None: an edit of its own)."""

    @property
    def outside(self) -> bool:
        """Made outside arealweb, straight in the database (QGIS, psql): ``actor`` then names
        the client and its database role, and the version it replaced stays restorable."""
        return self.source is Source.DATABASE


@dataclass(frozen=True)
class Deletion:
    """A deleted zone as the bin («Papirkurv») lists it: the zone as it was deleted, and who
    deleted it and when (None when nothing recorded it: a row removed outside arealweb on a
    database without the history trigger)."""

    zone: Zone
    actor: str | None
    at: datetime | None
    source: Source | None

    @property
    def restorable_version(self) -> int:
        """The version to bring back: the one before the deletion (the deletion itself keeps
        the same zone, marked deleted)."""
        return max(1, self.zone.version - 1)
