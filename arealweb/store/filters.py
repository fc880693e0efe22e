"""Filter trees (:mod:`arealweb.domain.filters`) compiled to SQLAlchemy Core conditions.

A table that can be filtered has a :class:`FilterTable`: plain data mapping each queryable's
name to a column, so a client's text never becomes SQL. Every value is a bound parameter;
``IN`` is one expanding parameter.

Two differences between the databases live here:

- ``LIKE`` is case-sensitive in CQL2 and on PostgreSQL, but SQLite's LIKE ignores the case of
  ASCII letters; there it becomes ``GLOB`` (``*``, ``?``, and ``[*]`` for a literal ``*``).
- The spatial functions are PostGIS functions of the stored geometry and one bound EWKB. Plain
  SQLite has none: there the store reads the live rows' geometries once, evaluates each spatial
  node with shapely and binds the ids that satisfy it as one JSON array, ``id IN (SELECT value
  FROM json_each(?))``, so AND/OR/NOT, ordering and counting stay in SQL.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import shapely
import sqlalchemy as sa

from arealweb.domain.filters import (
    ANY_RUN,
    ONE_CHAR,
    All,
    Any,
    Between,
    Compare,
    Filter,
    In,
    IsNull,
    Like,
    Not,
    Spatial,
    like_parts,
)
from arealweb.store.schema import stations, zones
from arealweb.store.types import SRID


@dataclass(frozen=True)
class FilterTable:
    """What a filter on one table may reach: ``columns`` by queryable name, the ``key`` that
    identifies a row, the ``geometry`` spatial functions test, and which rows are ``live``
    (the only ones SQLite evaluates spatial functions for; None: every row)."""

    columns: Mapping[str, sa.ColumnElement]
    key: sa.ColumnElement
    geometry: sa.ColumnElement | None = None
    live: sa.ColumnElement | None = None


ZONE_FILTERS = FilterTable(
    columns={
        "id": zones.c.id,
        "name": zones.c.name,
        "kind": zones.c.kind,
        "category": zones.c.category,
        "status": zones.c.status,
        "arealformal": zones.c.arealformal,
        "hensynssone": zones.c.hensynssone,
        "draft": zones.c.draft,
        "version": zones.c.version,
        "updated": zones.c.updated_at,
        "created": zones.c.created_at,
    },
    key=zones.c.id,
    geometry=sa.func.coalesce(zones.c.area, zones.c.line),
    live=zones.c.deleted_at.is_(None),
)
"""The zones' queryables (:data:`arealweb.domain.filters.ZONE_QUERYABLES`) as columns."""

STATION_FILTERS = FilterTable(
    columns={
        "id": stations.c.id,
        "name": stations.c.name,
        "line": stations.c.line,
        "planned": stations.c.planned,
        "approximate": stations.c.approximate,
    },
    key=stations.c.id,
    geometry=stations.c.geom,
)
"""The stations' queryables (:data:`arealweb.domain.filters.STATION_QUERYABLES`)."""

_COMPARE: dict[str, Callable] = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}
_POSTGIS = {
    "s_intersects": "ST_Intersects",
    "s_within": "ST_Within",
    "s_contains": "ST_Contains",
    "s_disjoint": "ST_Disjoint",
    "s_equals": "ST_Equals",
    "s_touches": "ST_Touches",
    "s_crosses": "ST_Crosses",
    "s_overlaps": "ST_Overlaps",
}


def compile_filter(tree: Filter, table: FilterTable, connection: sa.Connection) -> sa.ColumnElement:
    """``tree`` as a condition on ``table`` (spatial nodes need ``connection`` on SQLite)."""
    return _Compiler(table, connection).condition(tree)


class _Compiler:
    def __init__(self, table: FilterTable, connection: sa.Connection) -> None:
        self.table = table
        self.connection = connection
        self.postgis = connection.dialect.name == "postgresql"
        self._rows: tuple[list, np.ndarray] | None = None

    def condition(self, tree: Filter) -> sa.ColumnElement:
        if isinstance(tree, All):
            return sa.and_(*(self.condition(part) for part in tree.parts))
        if isinstance(tree, Any):
            return sa.or_(*(self.condition(part) for part in tree.parts))
        if isinstance(tree, Not):
            return sa.not_(self.condition(tree.part))
        if isinstance(tree, Spatial):
            return self._spatial(tree)
        column = self.table.columns[tree.prop]
        if isinstance(tree, Compare):
            return _COMPARE[tree.op](column, tree.value)
        if isinstance(tree, In):
            return column.in_(list(tree.values))
        if isinstance(tree, Between):
            return column.between(tree.low, tree.high)
        if isinstance(tree, IsNull):
            return column.is_(None)
        if isinstance(tree, Like):
            return self._like(column, tree.pattern)
        raise TypeError(f"not a filter: {tree!r}")

    def _like(self, column: sa.ColumnElement, pattern: str) -> sa.ColumnElement:
        parts = like_parts(pattern)
        if parts is None:  # the parser refuses these; never guess
            raise ValueError("a LIKE pattern ends in an escape")
        if self.postgis:
            like = "".join(
                "%" if p is ANY_RUN else "_" if p is ONE_CHAR else re.sub(r"([%_\\])", r"\\\1", p)
                for p in parts
            )
            return column.like(like, escape="\\")
        glob = "".join(
            "*" if p is ANY_RUN else "?" if p is ONE_CHAR else re.sub(r"([*?\[])", r"[\1]", p)
            for p in parts
        )
        return column.op("GLOB", is_comparison=True)(sa.literal(glob, sa.String))

    def _spatial(self, node: Spatial) -> sa.ColumnElement:
        if self.postgis:
            ewkb = shapely.to_wkb(shapely.set_srid(node.geometry, SRID), include_srid=True)
            literal = sa.func.ST_GeomFromEWKB(sa.literal(ewkb, sa.LargeBinary))
            return getattr(sa.func, _POSTGIS[node.op])(self.table.geometry, literal)
        keys, geometries = self._geometries()
        test = getattr(shapely, node.op.removeprefix("s_"))
        hits = np.zeros(len(keys), dtype=bool)
        valid = shapely.is_valid(geometries) if len(keys) else hits
        if valid.any():
            hits[valid] = test(geometries[valid], node.geometry)
        matching = json.dumps([key for key, hit in zip(keys, hits, strict=True) if hit])
        found = sa.func.json_each(sa.literal(matching, sa.String)).table_valued("value")
        return self.table.key.in_(sa.select(found.c.value))

    def _geometries(self) -> tuple[list, np.ndarray]:
        """The keys and geometries of the live rows, read once per filter."""
        if self._rows is None:
            wkb = sa.type_coerce(self.table.geometry, sa.LargeBinary).label("wkb")
            query = sa.select(self.table.key.label("key"), wkb)
            if self.table.live is not None:
                query = query.where(self.table.live)
            rows = self.connection.execute(query).all()
            geometries = shapely.from_wkb(np.array([row.wkb for row in rows], dtype=object))
            self._rows = ([row.key for row in rows], geometries)
        return self._rows
