"""Zones with their goal links and their history, on SQLite or PostGIS.

Every save writes the zone, its links and its history row in the caller's transaction, and
only over the version the caller read: an edit made on a stale copy raises StaleVersion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import shapely
import sqlalchemy as sa
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects import postgresql, sqlite

from arealweb.domain.errors import AlreadyExists, NotFound, StaleVersion
from arealweb.domain.filters import Filter
from arealweb.domain.history import (
    Action,
    Deletion,
    Source,
    Version,
    action_of,
    changed_fields,
)
from arealweb.domain.text import N_
from arealweb.domain.zones import GoalLink, OddZone, Zone, ZoneKind, ZoneStatus, same_zone
from arealweb.geo.zone_json import feature_format, feature_heads
from arealweb.store.compiled import driver_rows, plan
from arealweb.store.filters import ZONE_FILTERS, compile_filter
from arealweb.store.rows import zone_row_problems
from arealweb.store.schema import zone_features, zone_goals, zone_history, zones


class _Lookup:
    """Marks an argument the repository should look up itself."""


_IN_LIMIT = 500
"""Above this many ids a query reads every row and filters in Python instead of a long IN."""


def _live_in_order(query: sa.Select) -> sa.Select:
    return query.where(zones.c.deleted_at.is_(None)).order_by(zones.c.name, zones.c.id)


_EVERY_ZONE = _live_in_order(sa.select(zones.c.id, zones.c.version))
_EVERY_STORED_FEATURE = sa.select(
    zone_features.c.zone_id, zone_features.c.version, zone_features.c.feature
).where(zone_features.c.format == sa.bindparam("format"))
"""With :data:`_EVERY_ZONE`, what a new process's listing of the whole plan reads first: two
narrow reads joined here, by id (on PostgreSQL a third cheaper than joining and sorting the
wide rows there: 28 against 41 ms at 10 000 zones)."""
_EVERY_LINK = sa.select(zone_goals.c.zone_id, zone_goals.c.goal_id).order_by(
    zone_goals.c.zone_id, zone_goals.c.goal_id
)


class ZoneRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.postgis = connection.dialect.name == "postgresql"
        self.skipped: dict[str, OddZone] = {}
        """The rows left out by the reads so far because they break a rule, by id."""

    def ids_by_goal(self) -> dict[str, list[str]]:
        """For each goal, the ids of the zones linked to it directly."""
        found: dict[str, list[str]] = defaultdict(list)
        live = sa.select(zones.c.id).where(zones.c.deleted_at.is_(None))
        query = (
            sa.select(zone_goals.c.goal_id, zone_goals.c.zone_id)
            .where(zone_goals.c.zone_id.in_(live))
            .order_by(zone_goals.c.zone_id)
        )
        for goal_id, zone_id in self.connection.execute(query).all():
            found[goal_id].append(zone_id)
        return dict(found)

    def all(
        self,
        kind: ZoneKind | None = None,
        goal_ids: Iterable[str] | None = None,
        bbox: BaseGeometry | None = None,
    ) -> list[Zone]:
        """Zones by name, optionally of one ``kind``, linked to any of ``goal_ids``, or
        intersecting ``bbox`` (a polygon in EPSG:25832)."""
        rows = self.connection.execute(self._filtered(sa.select(zones), kind, goal_ids, bbox)).all()
        fine = self._sound(rows, [r.area if r.area is not None else r.line for r in rows])
        if bbox is not None and not self.postgis and fine:
            geometries = np.array([geometry for _, geometry in fine], dtype=object)
            keep = shapely.intersects(geometries, bbox)
            fine = [pair for pair, kept in zip(fine, keep, strict=True) if kept]
        links = self._links([r.id for r, _ in fine]) if fine else {}
        return [self._zone(r, links.get(r.id, []), geometry) for r, geometry in fine]

    def _sound(
        self, rows: list[sa.Row], geometries: list[BaseGeometry | None]
    ) -> list[tuple[sa.Row, BaseGeometry]]:
        """The rows that keep every rule, with their geometries; the others are noted in
        :attr:`skipped` with the rules they break."""
        valid = shapely.is_valid(np.array(geometries, dtype=object)) if rows else []
        fine = []
        for row, geometry, is_valid in zip(rows, geometries, valid, strict=True):
            odd = self._odd(row, geometry, bool(is_valid))
            if odd is None:
                fine.append((row, geometry))
            else:
                self.skipped[row.id] = odd
        return fine

    @staticmethod
    def _odd(row: sa.Row, geometry: BaseGeometry | None, valid: bool | None) -> OddZone | None:
        problems, geometry_only = zone_row_problems(
            row.kind, row.category, row.status, row.arealformal, row.hensynssone, geometry, valid
        )
        if not problems:
            return None
        return OddZone(row.id, row.name, row.kind, problems, geometry_only)

    def versions(
        self,
        kind: ZoneKind | None = None,
        goal_ids: Iterable[str] | None = None,
        bbox: BaseGeometry | None = None,
        updated: tuple[datetime | None, datetime | None] | None = None,
        where: Filter | None = None,
    ) -> list[tuple[str, int]]:
        """(id, version) of the zones :meth:`all` would return, in the same order: the least
        a cached listing needs to read. ``updated`` keeps the zones last saved from its start
        to its end (both included; None is open); ``where`` is a filter tree over
        :data:`~arealweb.domain.filters.ZONE_QUERYABLES` (geometries in EPSG:25832)."""
        if all(value is None for value in (kind, goal_ids, bbox, updated, where)):
            # The whole plan's, as every listing of it asks: its statement compiled once.
            return driver_rows(self.connection, _EVERY_ZONE, {})
        query = self._versions_query(kind, goal_ids, bbox, updated, where)
        rows = [tuple(row) for row in self.connection.execute(query).all()]
        if bbox is not None and not self.postgis and rows:
            inside = self._ids_intersecting(bbox)
            rows = [row for row in rows if row[0] in inside]
        return rows

    def versions_with_features(
        self,
        format: str,
        kind: ZoneKind | None = None,
        goal_ids: Iterable[str] | None = None,
        bbox: BaseGeometry | None = None,
    ) -> list[tuple[str, int, bytes | None]]:
        """(id, version, stored Feature head or None) of the zones :meth:`versions` would give,
        in its order: the zones joined with the Features stored at their version by a
        serialiser of ``format`` (what a listing with nothing in memory reads). The whole
        plan's: the zones and the stored Features read apart and joined here."""
        if kind is None and goal_ids is None and bbox is None:
            return self._every_zone_with_feature(format)
        stored = zone_features.c
        joined = sa.select(zones.c.id, zones.c.version, stored.feature).outerjoin(
            zone_features,
            sa.and_(
                stored.zone_id == zones.c.id,
                stored.version == zones.c.version,
                stored.format == format,
            ),
        )
        query = self._filtered(joined, kind, goal_ids, bbox)
        rows = [
            (zone_id, version, None if feature is None else bytes(feature))
            for zone_id, version, feature in self._binary_rows(query)
        ]
        if bbox is not None and not self.postgis and rows:
            inside = self._ids_intersecting(bbox)
            rows = [row for row in rows if row[0] in inside]
        return rows

    def _every_zone_with_feature(self, format: str) -> list[tuple[str, int, bytes | None]]:
        stored = {
            zone_id: (version, feature)
            for zone_id, version, feature in driver_rows(
                self.connection, _EVERY_STORED_FEATURE, {"format": format}
            )
        }
        rows = []
        for zone_id, version in driver_rows(self.connection, _EVERY_ZONE, {}):
            kept = stored.get(zone_id)
            same = kept is not None and kept[0] == version
            rows.append((zone_id, version, bytes(kept[1]) if same else None))  # psycopg2: a view
        return rows

    def plan_listing(self) -> None:
        """Prepare this connection for a listing of the whole plan without reading it: its
        statements compiled (once per process) and planned (:func:`~.compiled.plan`)."""
        plan(self.connection, _EVERY_ZONE, {})
        plan(self.connection, _EVERY_STORED_FEATURE, {"format": feature_format()})
        plan(self.connection, _EVERY_LINK, {})

    def versions_page(
        self,
        limit: int,
        offset: int = 0,
        kind: ZoneKind | None = None,
        goal_ids: Iterable[str] | None = None,
        bbox: BaseGeometry | None = None,
        updated: tuple[datetime | None, datetime | None] | None = None,
        where: Filter | None = None,
    ) -> tuple[int, list[tuple[str, int]]]:
        """How many zones :meth:`versions` would give, and the ``limit`` of them from
        ``offset``: counted and cut in the database, so a small page of a large plan reads
        only its own rows (SQLite with a ``bbox`` tests the shapes here, then cuts)."""
        if bbox is not None and not self.postgis:
            rows = self.versions(kind, goal_ids, bbox, updated, where)
            return len(rows), rows[offset : offset + limit]
        query = self._versions_query(kind, goal_ids, bbox, updated, where)
        counted = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
        total = self.connection.execute(counted).scalar_one()
        page = self.connection.execute(query.limit(limit).offset(offset)).all()
        return total, [tuple(row) for row in page]

    def _versions_query(self, kind, goal_ids, bbox, updated, where) -> sa.Select:
        query = self._filtered(
            sa.select(zones.c.id, zones.c.version), kind, goal_ids, bbox, where=where
        )
        start, end = updated or (None, None)
        saved = zones.c.updated_at
        if not self.postgis:
            # SQLite keeps text, written with 3 or 6 decimals: compare to the millisecond.
            saved = sa.func.strftime("%Y-%m-%d %H:%M:%f", saved)
        if start is not None:
            query = query.where(saved >= self._moment(start))
        if end is not None:
            query = query.where(saved <= self._moment(end))
        return query

    def _moment(self, moment: datetime) -> datetime | sa.ColumnElement:
        moment = moment.astimezone(UTC)
        if self.postgis:
            return moment
        text = moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return sa.func.strftime("%Y-%m-%d %H:%M:%f", text)

    def extents(self) -> dict[ZoneKind, tuple[tuple[float, ...], datetime, datetime]]:
        """For each kind of live zone: the EPSG:25832 bounds of its zones (west, south, east,
        north) and when the first and the last of them was saved. One pass over the table."""
        either = sa.func.coalesce(zones.c.area, zones.c.line)
        if self.postgis:
            corners = [sa.func.ST_XMin(either), sa.func.ST_YMin(either)]
            corners += [sa.func.ST_XMax(either), sa.func.ST_YMax(either)]
            query = sa.select(zones.c.kind, zones.c.updated_at, *corners)
        else:
            query = sa.select(zones.c.kind, zones.c.updated_at, self._geometry_wkb())
        rows = self.connection.execute(query.where(zones.c.deleted_at.is_(None))).all()
        if not rows:
            return {}
        if self.postgis:
            boxes = np.array([row[2:] for row in rows], dtype=float)
        else:
            wkb = np.array([row.wkb for row in rows], dtype=object)
            boxes = shapely.bounds(shapely.from_wkb(wkb))
        kinds = np.array([row.kind for row in rows])
        found = {}
        for kind in ZoneKind:
            mine = kinds == kind.value
            if not mine.any():
                continue
            box = boxes[mine]
            bounds = (*np.nanmin(box[:, :2], axis=0), *np.nanmax(box[:, 2:], axis=0))
            times = [_aware(row.updated_at) for row, m in zip(rows, mine, strict=True) if m]
            found[kind] = (tuple(float(v) for v in bounds), min(times), max(times))
        return found

    def live_links(self) -> list[tuple[str, GoalLink]]:
        """(zone id, link) of every live zone's goal links, by zone id and goal id."""
        query = (
            sa.select(zone_goals)
            .where(
                zone_goals.c.zone_id.in_(sa.select(zones.c.id).where(zones.c.deleted_at.is_(None)))
            )
            .order_by(zone_goals.c.zone_id, zone_goals.c.goal_id)
        )
        return [
            (row.zone_id, GoalLink(row.goal_id, row.rationale))
            for row in self.connection.execute(query).all()
        ]

    def by_ids(self, zone_ids: Collection[str], include_deleted: bool = False) -> list[Zone]:
        """The zones with these ids (those that exist), geometries parsed in one pass."""
        columns = [c for c in zones.c if c.name not in ("area", "line")]
        query = sa.select(*columns, self._geometry_wkb())
        if not include_deleted:
            query = query.where(zones.c.deleted_at.is_(None))
        if len(zone_ids) <= _IN_LIMIT:
            query = query.where(zones.c.id.in_(list(zone_ids)))
        rows = [row for row in self.connection.execute(query).all() if row.id in zone_ids]
        geometries = shapely.from_wkb(np.array([row.wkb for row in rows], dtype=object))
        fine = self._sound(rows, list(geometries))
        links = self._links([row.id for row, _ in fine])
        return [self._zone(row, links.get(row.id, []), geometry) for row, geometry in fine]

    def stored_features(
        self, zone_ids: Collection[str], format: str
    ) -> dict[str, tuple[int, bytes]]:
        """(version, Feature head) stored for these live zones, only where the head was made at
        the zone's current version by a serialiser of ``format``: one query, a join."""
        query = (
            sa.select(zone_features.c.zone_id, zone_features.c.version, zone_features.c.feature)
            .join(zones, zones.c.id == zone_features.c.zone_id)
            .where(
                zones.c.deleted_at.is_(None),
                zone_features.c.version == zones.c.version,
                zone_features.c.format == format,
            )
        )
        if len(zone_ids) <= _IN_LIMIT:
            query = query.where(zone_features.c.zone_id.in_(list(zone_ids)))
        return {
            zone_id: (version, bytes(feature))
            for zone_id, version, feature in self._binary_rows(query)
            if zone_id in zone_ids
        }

    def _binary_rows(self, query: sa.Select) -> list[tuple]:
        """The rows of ``query``; on PostGIS in psycopg's binary format, in the unit of work's
        transaction: bytea comes as it is, not as hex text twice its size to decode (half the
        time of a cold listing's read of 7 MB of Features)."""
        if self.connection.dialect.driver != "psycopg":  # SQLite, or psycopg2: as it comes
            return [tuple(row) for row in self.connection.execute(query).all()]
        compiled = query.compile(
            dialect=self.connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        driver = self.connection.connection.driver_connection
        with driver.cursor(binary=True) as cursor:
            cursor.execute(str(compiled), compiled.params)
            return cursor.fetchall()

    def store_features(self, features: Iterable[tuple[str, int, bytes]], format: str) -> None:
        """Keep (zone id, version, Feature head) rows: an upsert, so that listings racing in
        several processes do not fail on the key, and never over a head of a newer version."""
        rows = [
            {"zone_id": zone_id, "version": version, "format": format, "feature": feature}
            for zone_id, version, feature in sorted(features)
        ]
        if not rows:
            return
        insert = (postgresql.insert if self.postgis else sqlite.insert)(zone_features)
        self.connection.execute(
            insert.on_conflict_do_update(
                index_elements=[zone_features.c.zone_id],
                set_={
                    "version": insert.excluded.version,
                    "format": insert.excluded.format,
                    "feature": insert.excluded.feature,
                },
                where=zone_features.c.version <= insert.excluded.version,
            ),
            rows,
        )

    def updated_times(self) -> dict[str, datetime]:
        """When each live zone was last saved (what an export stamps its features with)."""
        query = sa.select(zones.c.id, zones.c.updated_at).where(zones.c.deleted_at.is_(None))
        return {zone_id: at for zone_id, at in self.connection.execute(query).all()}

    def saved_times(self) -> dict[str, tuple[datetime, datetime]]:
        """When each live zone was created and last saved (exports carry both)."""
        query = sa.select(zones.c.id, zones.c.created_at, zones.c.updated_at).where(
            zones.c.deleted_at.is_(None)
        )
        return {row.id: (row.created_at, row.updated_at) for row in self.connection.execute(query)}

    def goal_ids_by_zone(self, zone_ids: Collection[str] | None = None) -> dict[str, list[str]]:
        """The goals each zone is linked to (every zone's when ``zone_ids`` is None)."""
        if zone_ids is None:
            rows = driver_rows(self.connection, _EVERY_LINK, {})
        else:
            query = _EVERY_LINK
            if len(zone_ids) <= _IN_LIMIT:
                query = query.where(zone_goals.c.zone_id.in_(list(zone_ids)))
            rows = self._binary_rows(query)
        found: dict[str, list[str]] = defaultdict(list)
        for zone_id, goal_id in rows:
            found[zone_id].append(goal_id)
        return found

    def _geometry_wkb(self) -> sa.ColumnElement:
        either = sa.func.coalesce(zones.c.area, zones.c.line)
        if self.postgis:
            either = sa.func.ST_AsBinary(either)
        return sa.type_coerce(either, sa.LargeBinary).label("wkb")

    def _ids_intersecting(self, bbox: BaseGeometry) -> set[str]:
        query = sa.select(zones.c.id, self._geometry_wkb()).where(zones.c.deleted_at.is_(None))
        rows = self.connection.execute(query).all()
        geometries = shapely.from_wkb(np.array([row.wkb for row in rows], dtype=object))
        # An invalid geometry counts as a hit: reading it in full leaves it out as odd.
        valid = shapely.is_valid(geometries)
        hits = np.ones(len(rows), dtype=bool)
        if valid.any():
            hits[valid] = shapely.intersects(geometries[valid], bbox)
        return {row.id for row, hit in zip(rows, hits, strict=True) if hit}

    def _filtered(self, query, kind, goal_ids, bbox, where: Filter | None = None):
        query = _live_in_order(query)
        if where is not None:
            query = query.where(compile_filter(where, ZONE_FILTERS, self.connection))
        if kind is not None:
            query = query.where(zones.c.kind == kind.value)
        if goal_ids is not None:
            linked = sa.select(zone_goals.c.zone_id).where(zone_goals.c.goal_id.in_(list(goal_ids)))
            query = query.where(zones.c.id.in_(linked))
        if bbox is not None and self.postgis:
            envelope = sa.func.ST_GeomFromEWKB(
                sa.literal(shapely.to_wkb(shapely.set_srid(bbox, 25832), include_srid=True))
            )
            query = query.where(
                sa.func.ST_Intersects(sa.func.coalesce(zones.c.area, zones.c.line), envelope)
            )
        return query

    def get(self, zone_id: str, include_deleted: bool = False) -> Zone:
        query = sa.select(zones).where(zones.c.id == zone_id)
        if not include_deleted:
            query = query.where(zones.c.deleted_at.is_(None))
        row = self.connection.execute(query).first()
        if row is None:
            raise NotFound(N_("fant ingen sone med id %(id)s"), id=zone_id)
        odd = self._odd(row, row.area if row.area is not None else row.line, None)
        if odd is not None and not odd.geometry_only:
            # Only a zone whose geometry alone is wrong can be opened (and redrawn).
            self.skipped[row.id] = odd
            raise NotFound(
                N_("sonen %(id)s bryter en regel for soner og kan ikke vises; se «Soner med feil»"),
                id=zone_id,
            )
        return self._zone(row, self._links([zone_id]).get(zone_id, []))

    def odd(self) -> list[OddZone]:
        """Every live zone row that breaks a rule, by name."""
        self.all()
        return sorted(self.skipped.values(), key=lambda odd: (odd.name, odd.id))

    def find(self, zone_id: str, include_deleted: bool = False) -> Zone | None:
        try:
            return self.get(zone_id, include_deleted)
        except NotFound:
            return None

    def save(
        self,
        zone: Zone,
        current: Zone | type[_Lookup] | None = _Lookup,
        *,
        actor: str,
        expected_version: int | None = None,
        action: Action | None = None,
        scenario: tuple[str, str] | None = None,
    ) -> str:
        """Insert or update ``zone`` with its links and record the version in its history;
        'created', 'updated' or 'unchanged'.

        ``current`` is the stored zone when the caller has read it already (None: there is
        none); by default it is looked up. With ``expected_version`` the update only happens if
        the stored zone still has that version, else :class:`StaleVersion` is raised and
        nothing is written. ``scenario`` (id, name) names the scenario whose promotion this
        save is, in the history row.
        """
        if current is _Lookup:
            current = self.find(zone.id, include_deleted=True)
        if expected_version is not None and (
            current is None or current.version != expected_version
        ):
            raise _stale(zone.id, current)
        if current is not None and same_zone(current, zone):
            return "unchanged"
        # arealweb records its own history row, with the signed-in account; on PostGIS the
        # history trigger (deferred to commit, migration 0012) then sees it and writes none.
        now = datetime.now(UTC)
        values = {
            **_attributes(zone),
            "area": zone.geometry if zone.kind.is_area else None,
            "line": None if zone.kind.is_area else zone.geometry,
            "updated_at": now,
            "deleted_at": now if zone.deleted else None,
        }
        if current is None:
            # A zone removed outside arealweb and made again continues its history.
            version = 1 + (
                self.connection.execute(
                    sa.select(sa.func.max(zone_history.c.version)).where(
                        zone_history.c.zone_id == zone.id
                    )
                ).scalar()
                or 0
            )
            # ON CONFLICT DO NOTHING: a transaction that made a zone with this id since it was
            # looked up wins, and this one is told so instead of failing on the key.
            insert = (postgresql.insert if self.postgis else sqlite.insert)(zones)
            made = self.connection.execute(
                insert.values(id=zone.id, version=version, created_at=now, **values)
                .on_conflict_do_nothing(index_elements=[zones.c.id])
                .returning(zones.c.id)
            ).first()
            if made is None:
                raise AlreadyExists(N_("det finnes allerede en sone med id %(id)s"), id=zone.id)
        else:
            version = current.version + 1
            done = self.connection.execute(
                zones.update()
                .where(zones.c.id == zone.id, zones.c.version == current.version)
                .values(version=version, **values)
            )
            if done.rowcount != 1:
                raise _stale(zone.id, self.find(zone.id, include_deleted=True))
            self.connection.execute(zone_goals.delete().where(zone_goals.c.zone_id == zone.id))
        if zone.links:
            self.connection.execute(
                zone_goals.insert(),
                [
                    {"zone_id": zone.id, "goal_id": link.goal_id, "rationale": link.rationale}
                    for link in zone.links
                ],
            )
        saved = replace(zone, version=version)
        self._record(
            saved,
            action or action_of(current, zone),
            actor,
            now,
            changed_fields(current, saved),
            scenario,
        )
        self._keep_feature(saved)
        return "created" if current is None else "updated"

    def _keep_feature(self, zone: Zone) -> None:
        """The saved zone's Feature, in the save's transaction, so the next listing reads it."""
        if zone.deleted:
            self.connection.execute(
                zone_features.delete().where(zone_features.c.zone_id == zone.id)
            )
            return
        self.store_features([(zone.id, zone.version, feature_heads([zone])[0])], feature_format())

    def delete(self, zone_id: str, *, actor: str, expected_version: int | None = None) -> Zone:
        """Soft-delete a zone (kept, restorable); return it as it now is."""
        current = self.get(zone_id)
        deleted = replace(current, deleted=True)
        self.save(
            deleted, current, actor=actor, expected_version=expected_version, action=Action.DELETE
        )
        return self.get(zone_id, include_deleted=True)

    def deleted(self) -> list[Deletion]:
        """The deleted zones, most recently deleted first, each with its deletion's history row
        (the row of the zone's current version)."""
        deletion = zone_history.alias("deletion")
        rows = self.connection.execute(
            sa.select(
                zones,
                deletion.c.actor.label("deleted_by"),
                deletion.c.at.label("deleted_when"),
                deletion.c.source.label("deleted_source"),
            )
            .outerjoin(
                deletion,
                sa.and_(deletion.c.zone_id == zones.c.id, deletion.c.version == zones.c.version),
            )
            .where(zones.c.deleted_at.is_not(None))
            .order_by(zones.c.deleted_at.desc(), zones.c.id)
        ).all()
        fine = self._sound(rows, [r.area if r.area is not None else r.line for r in rows])
        return [
            Deletion(
                self._zone(row, [], geometry),
                row.deleted_by,
                _aware(row.deleted_when),
                Source(row.deleted_source) if row.deleted_source else None,
            )
            for row, geometry in fine
        ]

    def history(self, zone_id: str) -> list[Version]:
        """Every version of the zone, oldest first."""
        rows = self.connection.execute(
            sa.select(zone_history)
            .where(zone_history.c.zone_id == zone_id)
            .order_by(zone_history.c.version)
        ).all()
        if not rows:
            raise NotFound(N_("fant ingen sone med id %(id)s"), id=zone_id)
        return [
            Version(
                row.zone_id,
                row.version,
                Action(row.action),
                row.actor,
                row.at,
                list(row.changes),
                zone_from_snapshot(row.zone_id, row.version, row.snapshot),
                Source(row.source),
                row.scenario,
            )
            for row in rows
        ]

    def _record(
        self,
        zone: Zone,
        action: Action,
        actor: str,
        at: datetime,
        changes: list[str],
        scenario: tuple[str, str] | None = None,
    ) -> None:
        self.connection.execute(
            zone_history.insert().values(
                zone_id=zone.id,
                version=zone.version,
                action=action.value,
                actor=actor,
                at=at,
                changes=changes,
                snapshot=zone_snapshot(zone),
                source=Source.AREALWEB.value,
                scenario_id=scenario[0] if scenario else None,
                scenario=scenario[1] if scenario else None,
            )
        )

    def _links(self, zone_ids: list[str]) -> dict[str, list[GoalLink]]:
        query = sa.select(zone_goals).order_by(zone_goals.c.zone_id, zone_goals.c.goal_id)
        if len(zone_ids) < 500:
            query = query.where(zone_goals.c.zone_id.in_(zone_ids))
        found: dict[str, list[GoalLink]] = defaultdict(list)
        for row in self.connection.execute(query).all():
            found[row.zone_id].append(GoalLink(row.goal_id, row.rationale))
        return found

    @staticmethod
    def _zone(row: sa.Row, links: list[GoalLink], geometry: BaseGeometry | None = None) -> Zone:
        if geometry is None:
            geometry = row.area if row.area is not None else row.line
        return Zone(
            id=row.id,
            kind=ZoneKind(row.kind),
            category=row.category,
            name=row.name,
            geometry=geometry,
            description=row.description,
            status=ZoneStatus(row.status),
            arealformal=row.arealformal,
            hensynssone=row.hensynssone,
            links=links,
            version=row.version,
            draft=row.draft,
            deleted=row.deleted_at is not None,
        )

    def unlink_deleted(self, goal_id: str) -> None:
        """Drop the links deleted zones still have to ``goal_id`` (live zones are saved with
        new links instead, as new versions)."""
        deleted = sa.select(zones.c.id).where(zones.c.deleted_at.is_not(None))
        self.connection.execute(
            zone_goals.delete().where(
                zone_goals.c.goal_id == goal_id, zone_goals.c.zone_id.in_(deleted)
            )
        )


def _stale(zone_id: str, current: Zone | None) -> StaleVersion:
    return StaleVersion(
        N_("sonen %(id)s er endret av noen andre siden du hentet den (nå versjon %(version)s)"),
        current.version if current else None,
        id=zone_id,
        version=current.version if current else "–",
    )


def _attributes(zone: Zone) -> dict:
    """A zone's plain attributes, as the zones table and the history snapshots keep them."""
    return {
        "kind": zone.kind.value,
        "category": zone.category,
        "name": zone.name,
        "description": zone.description,
        "status": zone.status.value,
        "arealformal": zone.arealformal,
        "hensynssone": zone.hensynssone,
        "draft": zone.draft,
    }


def zone_snapshot(zone: Zone) -> dict:
    return {
        **_attributes(zone),
        "links": [[link.goal_id, link.rationale] for link in zone.links],
        "deleted": zone.deleted,
        "geometry": shapely.to_wkb(zone.geometry, hex=True),
    }


def zone_from_snapshot(zone_id: str, version: int, snapshot: dict) -> Zone:
    return Zone(
        id=zone_id,
        kind=ZoneKind(snapshot["kind"]),
        category=snapshot["category"],
        name=snapshot["name"],
        geometry=shapely.from_wkb(snapshot["geometry"]),
        description=snapshot["description"],
        status=ZoneStatus(snapshot["status"]),
        arealformal=snapshot["arealformal"],
        hensynssone=snapshot["hensynssone"],
        links=[GoalLink(goal_id, rationale) for goal_id, rationale in snapshot["links"]],
        version=version,
        draft=snapshot.get("draft", False),
        deleted=snapshot["deleted"],
    )


def _aware(value: datetime | str | None) -> datetime | None:
    """A timestamp from an aggregate (SQLite hands back text, without a zone: UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
