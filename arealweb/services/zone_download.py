"""Zones as a file to download from the map and the workbench: the export, written in a
folder the caller removes, with how many rows of the selection were left out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.text import N_
from arealweb.domain.zones import OddZone
from arealweb.services.export import ExportFilter, export_zones
from arealweb.store.repository import Store


@dataclass(frozen=True)
class ZoneFile:
    path: Path
    count: int
    """How many zones the file holds."""
    left_out: int
    """How many rows the selection picks that were left out because they break a rule of the
    plan (planners see them on «Soner med feil»)."""


def zone_file(store: Store, folder: Path, suffix: str, selection: ExportFilter) -> ZoneFile:
    """Write the zones ``selection`` picks to a file ending in ``suffix`` in ``folder``.

    InvalidInput, and no file, for a goal that does not exist or a selection of no zones."""
    left_out = len(odd_in_selection(store, selection))
    path = folder / f"soner{suffix}"
    count = export_zones(store, path, selection=selection)
    return ZoneFile(path, count, left_out)


def odd_in_selection(store: Store, selection: ExportFilter) -> list[OddZone]:
    """The rows ``selection`` picks that an export leaves out because they break a rule.

    InvalidInput for a goal that does not exist."""
    with store.read() as repo:
        goal_ids = None
        if selection.goal_id is not None:
            try:
                goal_ids = repo.goals.tree().subtree_ids(selection.goal_id)
            except NotFound:
                raise InvalidInput(
                    N_("det finnes ikke noe mål med id %(goal)s"), "goal", goal=selection.goal_id
                ) from None
        repo.zones.all(kind=selection.kind, goal_ids=goal_ids)
        return sorted(repo.zones.skipped.values(), key=lambda odd: (odd.name, odd.id))
