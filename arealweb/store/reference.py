"""The reference layers in the database: the municipal boundary and the stations."""

from __future__ import annotations

from datetime import UTC, datetime

import shapely
import sqlalchemy as sa

from arealweb.domain.filters import Filter
from arealweb.domain.reference import Boundary, Station
from arealweb.store.filters import STATION_FILTERS, compile_filter
from arealweb.store.rows import upsert
from arealweb.store.schema import boundary, stations

_BOUNDARY = sa.select(boundary)
_UNREAD = object()


class ReferenceRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self._boundary: Boundary | object | None = _UNREAD
        """The boundary as read in this unit of work: every comment post checks its place
        against it, and the posts sharing a transaction (:mod:`.groups`) read it once."""

    def boundary(self) -> Boundary | None:
        if self._boundary is _UNREAD:
            row = self.connection.execute(_BOUNDARY).first()
            self._boundary = (
                Boundary(row.kommunenummer, row.name, row.geom, row.source) if row else None
            )
        return self._boundary  # type: ignore[return-value]

    def save_boundary(self, new: Boundary) -> str:
        """Make ``new`` the one municipal boundary."""
        current = self.boundary()
        self._boundary = _UNREAD
        if (
            current is not None
            and current.kommunenummer == new.kommunenummer
            and current.name == new.name
            and current.source == new.source
            and shapely.equals_exact(current.geometry, new.geometry, tolerance=0.01)
        ):
            return "unchanged"
        self.connection.execute(boundary.delete())
        self.connection.execute(
            boundary.insert().values(
                kommunenummer=new.kommunenummer,
                name=new.name,
                source=new.source,
                geom=new.geometry,
                updated_at=datetime.now(UTC),
            )
        )
        return "created" if current is None else "updated"

    def stations(self, where: Filter | None = None) -> list[Station]:
        """The stations by line, those ``where`` selects when given (a filter tree over
        :data:`~arealweb.domain.filters.STATION_QUERYABLES`, geometries in EPSG:25832)."""
        query = sa.select(stations).order_by(stations.c.line, stations.c.id)
        if where is not None:
            query = query.where(compile_filter(where, STATION_FILTERS, self.connection))
        rows = self.connection.execute(query)
        return [Station(r.id, r.name, r.line, r.geom, r.planned, r.approximate) for r in rows]

    def save_station(self, station: Station) -> str:
        values = {
            "name": station.name,
            "line": station.line,
            "planned": station.planned,
            "approximate": station.approximate,
            "geom": station.geometry,
        }
        current = self.connection.execute(
            sa.select(stations).where(stations.c.id == station.id)
        ).first()
        if current is not None:
            same = all(getattr(current, k) == v for k, v in values.items() if k != "geom")
            if same and shapely.equals_exact(current.geom, station.geometry, tolerance=0.01):
                return "unchanged"
        return upsert(self.connection, stations, stations.c.id, station.id, values)
