"""A page of zones counted and cut in the database is the page cut from the whole selection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import shapely
import sqlalchemy as sa

from arealweb.domain.zones import ZoneKind
from arealweb.services.filters import zone_filter
from arealweb.store import compiled
from arealweb.store import zones as zone_store

SANDVIKA = shapely.box(587_000, 6_640_000, 592_000, 6_645_000)
"""Sandvika and around, in EPSG:25832."""


def selections():
    now = datetime.now(UTC)
    return {
        "everything": {},
        "a kind": {"kind": ZoneKind.DEVELOPMENT},
        "a box": {"bbox": SANDVIKA},
        "a box and a kind": {"bbox": SANDVIKA, "kind": ZoneKind.PROTECTION},
        "saved lately": {"updated": (now - timedelta(days=1), None)},
        "saved in the future": {"updated": (now + timedelta(days=1), None)},
        "a filter": {"where": zone_filter("status = 'framtidig' OR name LIKE 'S%'", "cql2-text")},
    }


@pytest.mark.parametrize("selection", list(selections()))
@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (5, 3), (10, 25), (100, 0), (3, 1000)])
def test_a_page_is_the_slice_of_the_whole_selection(demo_store, selection, limit, offset):
    chosen = selections()[selection]
    with demo_store.read() as repo:
        whole = repo.zones.versions(**chosen)
        total, page = repo.zones.versions_page(limit, offset, **chosen)
    assert total == len(whole)
    assert page == whole[offset : offset + limit]
    if selection in ("everything", "a box", "a filter"):
        assert whole, "the selection must pick zones for the test to mean anything"


@pytest.mark.parametrize("selection", ["everything", "a kind"])
def test_a_page_of_live_zones_comes_in_order_from_an_index_not_a_sort(demo_store, selection):
    """Migration 0014: a small page of a large plan must not sort the whole table first. The
    database is told to avoid sorting where it can; without an index in name order it cannot."""
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "LIMIT" in statement.upper():
            statements.append((statement, parameters))

    sa.event.listen(demo_store.engine, "before_cursor_execute", keep)
    try:
        with demo_store.read() as repo:
            repo.zones.versions_page(10, 0, **selections()[selection])
    finally:
        sa.event.remove(demo_store.engine, "before_cursor_execute", keep)
    [(statement, parameters)] = statements
    with demo_store.engine.connect() as connection:
        cursor = connection.connection.cursor()
        if demo_store.engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING INDEX ix_zones_live" in plan, plan
            assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
        else:
            cursor.execute("SET enable_sort = off")
            cursor.execute("EXPLAIN " + statement, parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "ix_zones_live" in plan, plan
            assert "Sort" not in plan, plan
        cursor.close()


@pytest.mark.parametrize("backend", [pytest.param("postgis", marks=pytest.mark.postgis)])
@pytest.mark.parametrize("selection", ["everything", "a kind"])
def test_after_an_import_the_ids_and_versions_come_from_the_index_alone(
    demo_store, selection, monkeypatch
):
    """Migration 0021: the versions every listing reads first are in the indexes, and
    ``refresh_statistics`` (run after a large import) vacuums, so PostgreSQL reads them in
    order without visiting the table (told to avoid sorting and scanning it where it can).
    The whole plan's are read through the driver (``store/compiled.py``), a selection's through
    SQLAlchemy: either statement is caught on its way."""
    statements: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if "zones.version" in statement and "ORDER BY" in statement:
            statements.append((statement, parameters))

    def driver_rows(connection, statement, values):
        statements.append((str(statement.compile(dialect=connection.dialect)), values))
        return compiled.driver_rows(connection, statement, values)

    monkeypatch.setattr(zone_store, "driver_rows", driver_rows)
    demo_store.refresh_statistics()
    sa.event.listen(demo_store.engine, "before_cursor_execute", keep)
    try:
        with demo_store.read() as repo:
            assert repo.zones.versions(**selections()[selection])
    finally:
        sa.event.remove(demo_store.engine, "before_cursor_execute", keep)
    [(statement, parameters)] = statements
    with demo_store.engine.connect() as connection:
        cursor = connection.connection.cursor()
        cursor.execute("SET enable_sort = off")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE) " + statement, parameters)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.close()
    assert "Index Only Scan using ix_zones_live" in plan, plan
    assert "Heap Fetches: 0" in plan, plan
