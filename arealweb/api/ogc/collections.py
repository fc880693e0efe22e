"""The OGC API's collections: what each is, which service reads it and who may read it.

Zones are read page by page (:func:`arealweb.services.ogc.zone_page`); the other collections
are small, read whole as :class:`~arealweb.services.ogc.Item` lists and paged in Python.
A filter (Part 3) selects zones and stations in the database, the others in Python over the
items read (:func:`arealweb.domain.filters.holds`), by the collection's ``queryables``.

- ``goals`` and ``goal-links`` have no geometry (``"geometry": null``): a goal is not a place,
  and a link belongs to a zone and a goal both (the zone's geometry is in ``zones``);
- ``comments`` is exactly what the public sees of the comments today: published ones, without
  moderation state, name or age group (what GET /api/v1/comments gives everyone);
- ``sketches`` (workshop sketches) is for signed-in accounts (session or API token), as the
  workshops' own exports are; to anyone else it does not exist (not listed, 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from arealweb.api.participation import comment_properties
from arealweb.api.serialise import goal_brief, goal_fields
from arealweb.domain import filters
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.geo.crs import CRS84, OGC_CRSS, OgcCrs
from arealweb.http.auth import current_account
from arealweb.services import ogc, participation, plan

if TYPE_CHECKING:
    from arealweb.services.ogc import Store


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    geometry: str | None
    """The geometry type (GeoJSON name or "mixed"); None: the features have none."""
    kind: ZoneKind | None = None
    zones: bool = False
    read: Callable[[Store], list[ogc.Item]] | None = None
    temporal: bool = False
    """Whether ``datetime`` selects (on the time the collection keeps); else it is ignored."""
    accounts_only: bool = False
    queryables: tuple[filters.Queryable, ...] = ()
    """What a filter may name (OGC API – Features Part 3)."""
    revision: Callable[[Store], int] | None = None
    """Where the collection's data stands (moves on every change): its ETag is known before
    anything is read. None: the ETag is a digest of the answer."""
    read_where: Callable[[Store, filters.Filter], list[ogc.Item]] | None = None
    """Reads the items a filter selects in the database; None: the filter is applied to
    what ``read`` gives, in Python (:func:`arealweb.domain.filters.holds`)."""

    @property
    def parameters(self) -> tuple[str, ...]:
        """The queryables a client may name as query parameters: all but the geometry."""
        return tuple(q.name for q in self.queryables if q.type != "geometry")

    @property
    def crs(self) -> tuple[OgcCrs, ...]:
        return tuple(OGC_CRSS.values()) if self.geometry else (CRS84,)

    def visible(self) -> bool:
        return not self.accounts_only or current_account() is not None


def _boundary(store: Store) -> list[ogc.Item]:
    boundary = plan.reference_layers(store).boundary
    if boundary is None:
        return []
    properties = {
        "kommunenummer": boundary.kommunenummer,
        "name": boundary.name,
        "source": boundary.source,
        "area_km2": round(boundary.geometry.area / 1e6, 3),
    }
    return [ogc.Item(boundary.kommunenummer, boundary.geometry, properties)]


def _stations(store: Store) -> list[ogc.Item]:
    return _station_items(plan.reference_layers(store).stations)


def _stations_where(store: Store, where: filters.Filter) -> list[ogc.Item]:
    return _station_items(ogc.stations(store, where))


def _station_items(stations) -> list[ogc.Item]:
    return [
        ogc.Item(
            s.id,
            s.geometry,
            {
                "id": s.id,
                "name": s.name,
                "line": s.line,
                "planned": s.planned,
                "approximate": s.approximate,
            },
        )
        for s in stations
    ]


def _goals(store: Store) -> list[ogc.Item]:
    tree = ogc.goal_tree(store)
    return [
        ogc.Item(
            goal.id,
            None,
            {**goal_fields(goal), "chain": [goal_brief(g) for g in tree.chain(goal.id)]},
        )
        for goal in tree.walk()
    ]


def _goal_links(store: Store) -> list[ogc.Item]:
    return [
        ogc.Item(
            f"{zone_id}~{link.goal_id}",
            None,
            {"zone_id": zone_id, "goal_id": link.goal_id, "rationale": link.rationale},
        )
        for zone_id, link in ogc.goal_links(store)
    ]


def _comments(store: Store) -> list[ogc.Item]:
    return [
        ogc.Item(c.id, c.geometry, comment_properties(c, full=False), c.created_at)
        for c in ogc.public_comments(store)
    ]


def _sketches(store: Store) -> list[ogc.Item]:
    items = []
    for workshop, sketch in ogc.all_sketches(store):
        groups = {g.id: g.name for g in workshop.groups}
        properties = {
            "id": sketch.id,
            "workshop_id": workshop.id,
            "workshop": workshop.title,
            "group": groups.get(sketch.group_id, sketch.group_id),
            "kind": sketch.kind.value,
            "note": sketch.note,
            "created_at": sketch.created_at.isoformat(),
            "zone_id": sketch.zone_id,
        }
        items.append(ogc.Item(sketch.id, sketch.geometry, properties, sketch.created_at))
    return items


def _zones(id: str, title: str, description: str, kind: ZoneKind | None, geometry: str):
    return Collection(
        id,
        title,
        description,
        geometry,
        kind,
        zones=True,
        temporal=True,
        queryables=filters.ZONE_QUERYABLES,
    )


COLLECTIONS: dict[str, Collection] = {
    c.id: c
    for c in (
        _zones(
            "zones",
            N_("Soner"),
            N_("Alle soner i arealstrategien: utviklingsområder, vernesoner og grønne korridorer."),
            None,
            "mixed",
        ),
        _zones(
            "zones-development",
            N_("Utviklingsområder"),
            N_("Områder der kommunen vil ha ny utbygging."),
            ZoneKind.DEVELOPMENT,
            "MultiPolygon",
        ),
        _zones(
            "zones-protection",
            N_("Vernesoner"),
            N_("Områder som skal vernes mot utbygging: natur, jordbruk, friluftsliv."),
            ZoneKind.PROTECTION,
            "MultiPolygon",
        ),
        _zones(
            "zones-corridor",
            N_("Grønne korridorer"),
            N_("Sammenhengende grønne forbindelser, som linjer."),
            ZoneKind.CORRIDOR,
            "MultiLineString",
        ),
        Collection(
            "boundary",
            N_("Kommunegrense"),
            N_("Bærums kommunegrense."),
            "MultiPolygon",
            read=_boundary,
            queryables=filters.BOUNDARY_QUERYABLES,
        ),
        Collection(
            "stations",
            N_("Stasjoner"),
            N_("Tog-, T-bane- og planlagte Fornebubane-stasjoner."),
            "Point",
            read=_stations,
            read_where=_stations_where,
            queryables=filters.STATION_QUERYABLES,
        ),
        Collection(
            "goals",
            N_("Mål"),
            N_(
                "Måltreet fra visjonen til arealstrategiene, uten geometri; hvert mål med kjeden "
                "opp til visjonen."
            ),
            None,
            read=_goals,
            queryables=filters.GOAL_QUERYABLES,
        ),
        Collection(
            "goal-links",
            N_("Koblinger mellom soner og mål"),
            N_("Hvilke mål hver sone realiserer, og hvorfor; uten geometri (sonens er i «zones»)."),
            None,
            read=_goal_links,
            queryables=filters.GOAL_LINK_QUERYABLES,
        ),
        Collection(
            "comments",
            N_("Innspill"),
            N_(
                "Publiserte innbyggerinnspill som åpne, anonymiserte data: det samme som "
                "alle ser på innspillskartet."
            ),
            "mixed",
            read=_comments,
            revision=participation.comments_revision,
            temporal=True,
            queryables=filters.COMMENT_QUERYABLES,
        ),
        Collection(
            "sketches",
            N_("Verkstedskisser"),
            N_("Skisser fra medvirkningsverksteder; bare for innloggede."),
            "mixed",
            read=_sketches,
            temporal=True,
            accounts_only=True,
            queryables=filters.SKETCH_QUERYABLES,
        ),
    )
}


def visible_collections() -> list[Collection]:
    return [c for c in COLLECTIONS.values() if c.visible()]
