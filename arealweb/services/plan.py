"""Reading the plan as the pages show it: goals and zones together, and the reference layers."""

from __future__ import annotations

from dataclasses import dataclass

from arealweb.domain.goals import GoalTree, PlanVersion
from arealweb.domain.reference import Boundary, Station
from arealweb.domain.zones import OddZone, Zone
from arealweb.services.queries import GoalChain, goal_chains
from arealweb.store.repository import Store


@dataclass(frozen=True)
class PlanContents:
    """The goal tree, the plan versions and every live zone, read together."""

    tree: GoalTree
    versions: list[PlanVersion]
    zones: list[Zone]


@dataclass(frozen=True)
class ReferenceLayers:
    boundary: Boundary | None
    stations: list[Station]


@dataclass(frozen=True)
class ZoneThread:
    """A zone and, for each goal it realises, the chain up to the vision."""

    zone: Zone
    chains: list[GoalChain]


def contents(store: Store) -> PlanContents:
    with store.read() as repo:
        return PlanContents(repo.goals.tree(), repo.goals.plan_versions(), repo.zones.all())


def zones(store: Store) -> list[Zone]:
    """Every live zone, by name."""
    with store.read() as repo:
        return repo.zones.all()


def odd_zones(store: Store) -> list[OddZone]:
    """The live zone rows left out of every listing, analysis, map, report and export because
    they break a rule (written past arealweb, in QGIS or SQL), each with what is wrong."""
    with store.read() as repo:
        return repo.zones.odd()


def reference_layers(store: Store) -> ReferenceLayers:
    with store.read() as repo:
        return ReferenceLayers(repo.reference.boundary(), repo.reference.stations())


def zone_thread(store: Store, zone_id: str) -> ZoneThread:
    """The zone ``zone_id`` with its goal chains; NotFound when there is no live zone."""
    with store.read() as repo:
        zone = repo.zones.get(zone_id)
        tree = repo.goals.tree()
    return ZoneThread(zone, goal_chains(zone, tree))
