"""Column types that read back the same on both databases.

A geometry column is a PostGIS ``geometry(<type>, 25832)`` or a WKB blob on SQLite.

On PostgreSQL the column is a real, typed PostGIS geometry with an SRID, so QGIS opens the
tables directly and GiST indexes work; values travel as EWKB, which PostGIS casts implicitly.
Plain SQLite has no geometry type (GeoAlchemy2 would need SpatiaLite), so there the column
holds WKB and the spatial work happens in shapely.
"""

from __future__ import annotations

from datetime import UTC

import shapely
from sqlalchemy.types import DateTime, LargeBinary, TypeDecorator, UserDefinedType

SRID = 25832


class PostGISGeometry(UserDefinedType):
    cache_ok = True

    def __init__(self, geometry_type: str, srid: int = SRID) -> None:
        self.geometry_type = geometry_type
        self.srid = srid

    def get_col_spec(self, **kw: object) -> str:
        return f"geometry({self.geometry_type},{self.srid})"


class Geometry(TypeDecorator):
    """Shapely geometries in EPSG:25832 in and out."""

    impl = LargeBinary
    cache_ok = True

    def __init__(self, geometry_type: str = "Geometry", srid: int = SRID) -> None:
        super().__init__()
        self.geometry_type = geometry_type
        self.srid = srid

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(PostGISGeometry(self.geometry_type, self.srid))
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "postgresql":
            return shapely.to_wkb(shapely.set_srid(value, self.srid), include_srid=True)
        return shapely.to_wkb(value)

    def process_result_value(self, value, dialect):
        return None if value is None else shapely.from_wkb(value)


class Moment(TypeDecorator):
    """A point in time, always read back zone-aware.

    PostgreSQL keeps the zone; SQLite hands timestamps back without it. Everything is written
    in UTC, so a missing zone is UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value, dialect):
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)
