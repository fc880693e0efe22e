"""Zones of the land-use strategy: areas for development and protection, and corridors.

A zone has a kind, a category within the kind, and a geometry in EPSG:25832: an area
(MultiPolygon, holes allowed) for development and protection, a line (MultiLineString) for
corridors. It realises goals through links, each with a short rationale.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.codes import AREALFORMAL, HENSYNSSONER
from arealweb.domain.errors import Problem
from arealweb.domain.text import N_

SQUARE_METRES_PER_DAA = 1_000.0
NAME_MAX = 200
DESCRIPTION_MAX = 5_000
RATIONALE_MAX = 1_000


class ZoneKind(StrEnum):
    DEVELOPMENT = "development"
    PROTECTION = "protection"
    CORRIDOR = "corridor"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def is_area(self) -> bool:
        return self is not ZoneKind.CORRIDOR

    @property
    def geometry_types(self) -> tuple[str, ...]:
        return ("Polygon", "MultiPolygon") if self.is_area else ("LineString", "MultiLineString")


KIND_LABELS = {
    ZoneKind.DEVELOPMENT: N_("Utviklingsområde"),
    ZoneKind.PROTECTION: N_("Vernet område"),
    ZoneKind.CORRIDOR: N_("Korridor"),
}

CATEGORIES: dict[ZoneKind, dict[str, str]] = {
    ZoneKind.DEVELOPMENT: {
        "vekstområde": N_("Prioritert vekstområde"),
        "knutepunkt": N_("Kollektivknutepunkt"),
        "bymessig område": N_("Bymessig område"),
        "næringsområde": N_("Næringsområde"),
    },
    ZoneKind.PROTECTION: {
        "marka": N_("Marka"),
        "jordvern": N_("Jordvern"),
        "grønnstruktur": N_("Grønnstruktur"),
        "strandsone": N_("Strandsone"),
        "kulturmiljø": N_("Kulturmiljø"),
        "naturmiljø": N_("Naturmiljø"),
    },
    ZoneKind.CORRIDOR: {
        "hovedsykkelvei": N_("Hovedsykkelvei"),
        "sykkelvei": N_("Sykkelvei"),
        "gangvei": N_("Gangvei"),
        "turvei": N_("Turvei"),
    },
}


CATEGORY_LABELS: dict[str, str] = {
    code: label for kind in ZoneKind for code, label in CATEGORIES[kind].items()
}
"""Every kind's categories, code to label (no code or label is shared between kinds)."""


def category_label(kind: ZoneKind, category: str) -> str:
    return CATEGORIES[kind].get(category, category)


class ZoneStatus(StrEnum):
    """Arealbruksstatus: whether the land use exists today or is planned."""

    NAVAERENDE = "nåværende"
    FRAMTIDIG = "framtidig"

    @property
    def label(self) -> str:
        return N_("Nåværende") if self is ZoneStatus.NAVAERENDE else N_("Framtidig")


@dataclass(frozen=True)
class GoalLink:
    """A zone realises a goal, for the reason given."""

    goal_id: str
    rationale: str = ""


@dataclass
class Zone:
    """A zone of the land-use strategy; ``geometry`` is in EPSG:25832."""

    id: str
    kind: ZoneKind
    category: str
    name: str
    geometry: BaseGeometry
    description: str = ""
    status: ZoneStatus = ZoneStatus.FRAMTIDIG
    arealformal: int | None = None
    hensynssone: str | None = None
    links: list[GoalLink] = field(default_factory=list)
    version: int = 1
    draft: bool = False
    """Utkast: proposed (from a workshop sketch, say), not yet part of the land-use strategy."""
    deleted: bool = False
    """Soft-deleted: kept, with its history, and restorable."""

    @property
    def goal_ids(self) -> list[str]:
        return [link.goal_id for link in self.links]

    def area_m2(self) -> float | None:
        return float(shapely.area(self.geometry)) if self.kind.is_area else None

    def area_daa(self) -> float | None:
        area = self.area_m2()
        return None if area is None else area / SQUARE_METRES_PER_DAA

    def length_m(self) -> float | None:
        return None if self.kind.is_area else float(shapely.length(self.geometry))


@dataclass(frozen=True)
class OddZone:
    """A stored zone row that breaks a rule of the plan (written before the rules held, or past
    them): left out of listings, analyses, maps, reports and exports, and shown to planners."""

    id: str
    name: str
    kind: str
    problems: list[Problem]
    geometry_only: bool
    """True when only the geometry is wrong: the zone can still be opened and redrawn."""


def zone_attribute_problems(zone: Zone, where: str | None = None) -> list[Problem]:
    """What is wrong with the zone's attributes (geometry aside); empty when all is well."""
    where = where or zone.name or zone.id
    problems = []
    if not zone.name.strip():
        problems.append(Problem(N_("sonen mangler navn"), where=where))
    if len(zone.name) > NAME_MAX:
        problems.append(
            Problem(N_("navnet er lengre enn %(max)d tegn"), {"max": NAME_MAX}, where=where)
        )
    if len(zone.description) > DESCRIPTION_MAX:
        problems.append(
            Problem(
                N_("beskrivelsen er lengre enn %(max)d tegn"), {"max": DESCRIPTION_MAX}, where=where
            )
        )
    if zone.category not in CATEGORIES[zone.kind]:
        problems.append(
            Problem(
                N_("kategorien «%(category)s» finnes ikke for %(kind)s; velg en av: %(choices)s"),
                {
                    "category": zone.category,
                    "kind": zone.kind.value,
                    "choices": ", ".join(CATEGORIES[zone.kind]),
                },
                where,
            )
        )
    if zone.arealformal is not None and zone.arealformal not in AREALFORMAL:
        problems.append(
            Problem(
                N_("%(code)s er ikke en kode i KpArealformål"), {"code": zone.arealformal}, where
            )
        )
    if zone.hensynssone is not None and zone.hensynssone not in HENSYNSSONER:
        problems.append(
            Problem(N_("%(code)s er ikke en hensynssonekode"), {"code": zone.hensynssone}, where)
        )
    seen = set()
    for link in zone.links:
        if link.goal_id in seen:
            problems.append(
                Problem(N_("målet %(goal)s er koblet to ganger"), {"goal": link.goal_id}, where)
            )
        seen.add(link.goal_id)
        if len(link.rationale) > RATIONALE_MAX:
            problems.append(
                Problem(
                    N_("begrunnelsen for målet %(goal)s er lengre enn %(max)d tegn"),
                    {"goal": link.goal_id, "max": RATIONALE_MAX},
                    where,
                )
            )
    return problems


GEOMETRY_TOLERANCE_M = 0.2
"""Geometries closer than this count as the same: a WGS84 round trip at 6 decimals moves a
vertex by at most about 0.1 m."""


def relinked(zone: Zone, goal_id: str, to_goal_id: str | None) -> Zone:
    """``zone`` with its link to ``goal_id`` moved to ``to_goal_id`` (rationale kept), or
    dropped when ``to_goal_id`` is None or the zone already realises that goal."""
    links = [link for link in zone.links if link.goal_id != goal_id]
    moved = next((link for link in zone.links if link.goal_id == goal_id), None)
    if moved is not None and to_goal_id and all(l.goal_id != to_goal_id for l in links):
        links.append(GoalLink(to_goal_id, moved.rationale))
    return replace(zone, links=links)


def same_zone(a: Zone, b: Zone) -> bool:
    """True when ``a`` and ``b`` hold the same attributes, links and (within tolerance) shape."""
    attributes = (
        "kind",
        "category",
        "name",
        "description",
        "status",
        "arealformal",
        "hensynssone",
        "draft",
        "deleted",
    )
    if any(getattr(a, name) != getattr(b, name) for name in attributes):
        return False
    if sorted((l.goal_id, l.rationale) for l in a.links) != sorted(
        (l.goal_id, l.rationale) for l in b.links
    ):
        return False
    # Normalised first: formats differ in ring orientation and where a ring starts.
    return bool(
        shapely.equals_exact(
            shapely.normalize(a.geometry), shapely.normalize(b.geometry), GEOMETRY_TOLERANCE_M
        )
    )
