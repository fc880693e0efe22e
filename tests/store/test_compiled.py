"""The whole plan's listing statements: compiled once per process whichever engine runs them,
read through the driver as the SQLAlchemy path reads them, and planned on a new connection
before a server process takes its first request (`Store.warm_up`)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from arealweb.domain.zones import ZoneKind
from arealweb.geo.zone_json import feature_format
from arealweb.store import compiled
from arealweb.store.database import create_engine
from arealweb.store.repository import Store
from arealweb.store.schema import zones


def test_the_whole_plan_read_through_the_driver_is_what_a_filtered_read_gives(demo_store):
    """The unfiltered listing's own statement against the general one (a filter that keeps
    every zone): same zones, same order, same stored Features, same goal links."""
    with demo_store.read() as repo:
        whole = repo.zones.versions_with_features(feature_format())
        by_kind = [
            row
            for kind in ZoneKind
            for row in repo.zones.versions_with_features(feature_format(), kind=kind)
        ]
        links = repo.zones.goal_ids_by_zone()
        some_links = repo.zones.goal_ids_by_zone([zone_id for zone_id, _, _ in whole])
    assert len(whole) >= 20
    assert sorted(whole) == sorted(by_kind)
    with demo_store.read() as repo:
        assert [row[:2] for row in whole] == repo.zones.versions()
        # The general statement, with a filter that keeps every zone: the same rows in order.
        assert repo.zones.versions() == repo.zones.versions(updated=(None, None))
        stored = repo.zones.stored_features({row[0] for row in whole}, feature_format())
    assert {zone_id: (version, head) for zone_id, version, head in whole} == stored
    assert all(isinstance(head, bytes) for _, _, head in whole)
    assert links == some_links and sum(map(len, links.values())) >= 20


def test_a_statement_is_compiled_once_per_process_whichever_engine_runs_it(
    database_url, monkeypatch
):
    statement = sa.select(zones.c.id).where(zones.c.name == sa.bindparam("name"))
    compiles = []
    compile_select = sa.Select.compile

    def counted(self, *args, **kwargs):
        compiles.append(self)
        return compile_select(self, *args, **kwargs)

    monkeypatch.setattr(sa.Select, "compile", counted)
    for _ in range(2):  # two engines: two workers' apps, or a restarted one
        engine = create_engine(database_url)
        try:
            with engine.connect() as connection:
                for name in ("Sandvika", "Fornebu"):
                    assert compiled.driver_rows(connection, statement, {"name": name}) == []
        finally:
            engine.dispose()
    assert compiles == [statement]


def test_warm_up_leaves_a_connection_prepared_for_the_first_listing(database_url):
    """The connection the warm-up opened and planned the listing on is the one the first
    request gets (on PostgreSQL: the same backend, whose catalogue caches it filled)."""
    store = Store(create_engine(database_url))
    try:
        assert store.engine.pool.checkedin() == 0
        store.warm_up()
        assert store.engine.pool.checkedin() == 1
        with store.read() as repo:
            first = repo.connection.connection.driver_connection
            assert repo.zones.versions_with_features(feature_format()) == []
        store.warm_up()
        with store.read() as repo:
            assert repo.connection.connection.driver_connection is first
    finally:
        store.signals.stop()
        store.engine.dispose()


def test_the_drivers_errors_come_as_sqlalchemys(database_url):
    """What the app's error handlers know (a lost database answers 503, not a traceback)."""
    missing = sa.table("no_such_table", sa.column("id"))
    statement = sa.select(missing.c.id)
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection, pytest.raises(sa.exc.DBAPIError) as raised:
            compiled.driver_rows(connection, statement, {})
        assert "no_such_table" in str(raised.value)
    finally:
        engine.dispose()
