"""A cold zone listing reads the Features stored with the zones: a read and a join.

Each test starts apps of its own over one database, as a restart or a new gunicorn worker
would, so the in-process Feature cache is empty; the stored Features are what it can use.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
from contextlib import contextmanager

import pytest
import shapely
import sqlalchemy as sa

from arealweb.app import create_app, prepare_worker
from arealweb.geo import zone_json
from arealweb.geo.crs import to_utm
from arealweb.http.store import current_store
from arealweb.services import listing as listing_service
from arealweb.services.listing import list_zones
from arealweb.services.live import stop_listening
from arealweb.services.queries import ZoneFilter
from arealweb.store.database import create_engine
from arealweb.store.repository import Store
from arealweb.store.zones import ZoneRepository


@contextmanager
def fresh_app(url, tmp_path):
    """A new app over ``url``: what a restarted server or a new worker is."""
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "test-secret", "UPLOAD_FOLDER": tmp_path / "uploads"}
    )
    app.config["TESTING"] = True
    try:
        yield app
    finally:
        with app.app_context():
            stop_listening(current_store())
            current_store().engine.dispose()


@contextmanager
def prepared_app(url, tmp_path):
    """A new app prepared as ``arealweb serve`` prepares a worker before its first request."""
    with fresh_app(url, tmp_path) as app:
        try:
            prepare_worker(app)
            yield app
        finally:
            gc.unfreeze()


@pytest.fixture
def listing_reads(monkeypatch):
    """The names of the listing's reads, in the order they run, from now on."""
    reads: list[str] = []
    for name in ("versions", "stored_features", "versions_with_features", "goal_ids_by_zone"):
        method = getattr(ZoneRepository, name)

        def spy(self, *args, _method=method, _name=name, **kwargs):
            reads.append(_name)
            return _method(self, *args, **kwargs)

        monkeypatch.setattr(ZoneRepository, name, spy)
    return reads


@pytest.fixture
def geometry_reads(monkeypatch):
    """The ids of every zone read in full (geometry and all) from now on."""
    read: list[str] = []
    by_ids, every = ZoneRepository.by_ids, ZoneRepository.all

    def spy_by_ids(self, zone_ids, include_deleted=False):
        read.extend(zone_ids)
        return by_ids(self, zone_ids, include_deleted)

    def spy_all(self, *args, **kwargs):
        found = every(self, *args, **kwargs)
        read.extend(z.id for z in found)
        return found

    monkeypatch.setattr(ZoneRepository, "by_ids", spy_by_ids)
    monkeypatch.setattr(ZoneRepository, "all", spy_all)
    return read


def features(app, url="/api/v1/zones"):
    response = app.test_client().get(url)
    assert response.status_code == 200, response.data
    return {f["id"]: f for f in json.loads(response.data)["features"]}


def sql(url, statement, **params):
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            return connection.execute(sa.text(statement), params)
    finally:
        engine.dispose()


def stored_rows(url) -> dict[str, tuple[int, str, bytes]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT zone_id, version, format, feature FROM zone_features")
            ).all()
    finally:
        engine.dispose()
    return {row[0]: (row[1], row[2], bytes(row[3])) for row in rows}


def mark(url, zone_id, name):
    """Make a stored Feature tell itself apart: the name in its bytes, nothing else."""
    head = stored_rows(url)[zone_id][2]
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            properties = json.loads(head[: -len(b',"goal_ids":')] + b"}}")["properties"]
            old = json.dumps(properties["name"], ensure_ascii=False).encode()
            new = json.dumps(name, ensure_ascii=False).encode()
            connection.execute(
                sa.text("UPDATE zone_features SET feature = :f WHERE zone_id = :z"),
                {"f": head.replace(old, new, 1), "z": zone_id},
            )
    finally:
        engine.dispose()


def test_a_restarted_app_lists_every_zone_without_reading_one_geometry(
    demo_database_url, tmp_path, geometry_reads
):
    with fresh_app(demo_database_url, tmp_path) as first:
        before = features(first)
    assert len(before) >= 20
    geometry_reads.clear()
    mark(demo_database_url, "sandvika", "Sandvika – lagret")
    with fresh_app(demo_database_url, tmp_path) as restarted:
        after = features(restarted)
    assert geometry_reads == []
    assert after["sandvika"]["properties"]["name"] == "Sandvika – lagret"
    after["sandvika"]["properties"]["name"] = before["sandvika"]["properties"]["name"]
    assert after == before


def test_a_restarted_app_reads_ids_versions_and_features_together(
    demo_database_url, tmp_path, listing_reads
):
    with fresh_app(demo_database_url, tmp_path) as restarted:
        client = restarted.test_client()
        assert client.get("/api/v1/zones").status_code == 200
        assert listing_reads == ["versions_with_features", "goal_ids_by_zone"]
        listing_reads.clear()
        assert client.get("/api/v1/zones").status_code == 200  # warm: no Feature is read
        assert listing_reads == ["versions", "goal_ids_by_zone"]


def test_a_prepared_worker_keeps_the_stored_features_before_its_first_request(
    demo_database_url, tmp_path, listing_reads, geometry_reads, caplog
):
    mark(demo_database_url, "sandvika", "Sandvika – lagret")
    with caplog.at_level(logging.INFO), prepared_app(demo_database_url, tmp_path) as worker:
        kept = len(stored_rows(demo_database_url))
        assert f"{kept} zone Features kept in memory before the first request" in caplog.text
        listing_reads.clear()
        listed = features(worker)
    assert listing_reads == ["versions", "goal_ids_by_zone"]  # as warm as any later listing
    assert geometry_reads == []
    assert listed["sandvika"]["properties"]["name"] == "Sandvika – lagret"
    assert len(listed) == kept


def test_a_zone_saved_after_a_worker_was_prepared_is_listed_as_saved(
    demo_database_url, tmp_path, geometry_reads
):
    sql(demo_database_url, "DELETE FROM zone_features WHERE zone_id = 'fornebu'")
    with prepared_app(demo_database_url, tmp_path) as worker:
        # psql or QGIS after the worker started: the trigger bumps the version.
        sql(demo_database_url, "UPDATE zones SET name = 'Sandvika (QGIS)' WHERE id = 'sandvika'")
        listed = features(worker)
    assert listed["sandvika"]["properties"]["name"] == "Sandvika (QGIS)"
    assert listed["sandvika"]["properties"]["version"] == 2
    # Neither was in memory: the changed zone and the one with nothing stored are read in full,
    # and their Features stored for the next process.
    assert sorted(geometry_reads) == ["fornebu", "sandvika"]
    rows = stored_rows(demo_database_url)
    assert rows["fornebu"][0] == 1 and rows["sandvika"][0] == 2


def test_the_ogc_items_in_crs84_come_from_the_stored_features_too(
    demo_database_url, tmp_path, geometry_reads
):
    mark(demo_database_url, "sandvika", "Sandvika – lagret")
    with fresh_app(demo_database_url, tmp_path) as app:
        items = features(app, "/ogc/collections/zones/items?limit=1000&f=json")
        assert geometry_reads == []
        assert items["sandvika"]["properties"]["name"] == "Sandvika – lagret"
        # Other CRSs are kept in this process's memory only: made from the zones.
        features(app, "/ogc/collections/zones/items?limit=1000&f=json&crs=" + UTM32_URI)
        assert "sandvika" in geometry_reads


UTM32_URI = "http://www.opengis.net/def/crs/EPSG/0/25832"


def test_a_zone_changed_behind_the_apps_back_is_served_fresh_and_its_row_repaired(
    demo_database_url, tmp_path, geometry_reads
):
    moved = shapely.MultiPolygon([to_utm(shapely.Point(10.5256, 59.8928)).buffer(150)])
    postgis = demo_database_url.startswith("postgresql")
    wkb = (
        shapely.to_wkb(shapely.set_srid(moved, 25832), include_srid=True)
        if postgis
        else shapely.to_wkb(moved)
    )
    # psql or QGIS: the trigger bumps the version; the stored Feature stays at version 1.
    sql(
        demo_database_url,
        "UPDATE zones SET area = :g, name = 'Sandvika (QGIS)' WHERE id = 'sandvika'",
        g=wkb,
    )
    assert stored_rows(demo_database_url)["sandvika"][0] == 1
    with fresh_app(demo_database_url, tmp_path) as restarted:
        sandvika = features(restarted)["sandvika"]["properties"]
    assert sandvika["name"] == "Sandvika (QGIS)"
    assert sandvika["version"] == 2
    assert sandvika["area_daa"] == pytest.approx(moved.area / 1000, rel=0.001)
    assert geometry_reads == ["sandvika"]
    version, _, head = stored_rows(demo_database_url)["sandvika"]
    assert version == 2 and b"Sandvika (QGIS)" in head
    geometry_reads.clear()
    with fresh_app(demo_database_url, tmp_path) as again:
        assert features(again)["sandvika"]["properties"]["name"] == "Sandvika (QGIS)"
    assert geometry_reads == []


def test_features_stored_by_a_release_that_serialised_otherwise_are_never_served(
    demo_database_url, tmp_path, monkeypatch, geometry_reads
):
    mark(demo_database_url, "sandvika", "Sandvika – gammel utgave")
    monkeypatch.setattr(zone_json, "FORMAT_REVISION", zone_json.FORMAT_REVISION + 1)
    zone_json.feature_format.cache_clear()
    try:
        with fresh_app(demo_database_url, tmp_path) as upgraded:
            listed = features(upgraded)
        assert listed["sandvika"]["properties"]["name"] == "Sandvika"
        assert set(geometry_reads) == set(listed)
        rows = stored_rows(demo_database_url)
        assert {format for _, format, _ in rows.values()} == {zone_json.feature_format()}
        assert b"gammel utgave" not in rows["sandvika"][2]
    finally:
        monkeypatch.undo()
        zone_json.feature_format.cache_clear()


def test_a_listing_whose_write_back_fails_still_answers_and_says_so(
    demo_database_url, tmp_path, monkeypatch, caplog
):
    sql(demo_database_url, "DELETE FROM zone_features")

    def broken(self, features, format):
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(ZoneRepository, "store_features", broken)
    with caplog.at_level(logging.ERROR), fresh_app(demo_database_url, tmp_path) as app:
        listed = features(app)
    assert len(listed) >= 20
    assert "could not store the Features of" in caplog.text
    assert stored_rows(demo_database_url) == {}


def test_listings_racing_on_an_empty_table_in_two_processes_both_answer(demo_database_url, caplog):
    """Two stores (two engines, as two processes have) list at once with nothing stored: both
    serialise every zone and write it back; the upserts meet on the key and neither fails.
    The listings wait for each other before they open their write (on SQLite the writers' gate
    then lets one in at a time; on PostgreSQL the upserts race)."""
    sql(demo_database_url, "DELETE FROM zone_features")
    stores = [Store(create_engine(demo_database_url)) for _ in range(4)]
    start = threading.Barrier(len(stores))
    found, failed = [], []
    original = listing_service.keep_heads

    def keep_together(store, found_listing):
        start.wait(timeout=30)  # every listing has read and made its Features: now write
        original(store, found_listing)

    def listing(store):
        try:
            found.append(list_zones(store, ZoneFilter(), lambda zone_id, version: False))
        except Exception as error:  # pragma: no cover - the failure this test looks for
            failed.append(error)

    listing_service.keep_heads = keep_together
    try:
        with caplog.at_level(logging.ERROR):
            threads = [threading.Thread(target=listing, args=(s,)) for s in stores]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
    finally:
        listing_service.keep_heads = original
        for store in stores:
            store.engine.dispose()
    assert failed == []
    assert "could not store" not in caplog.text
    assert len(found) == len(stores)
    assert all(len(f.changed) == len(f.rows) >= 20 for f in found)
    rows = stored_rows(demo_database_url)
    assert set(rows) == {zone_id for zone_id, _ in found[0].rows}
    assert all(head == found[0].heads[zone_id][1] for zone_id, (_, _, head) in rows.items())


def test_a_listing_finds_the_zones_it_counted_on_though_another_forgot_them(
    demo_database_url, tmp_path, monkeypatch
):
    """Request threads share the memory of Features: a listing that found its zones known must
    serve them even when another listing, between its read and its answer, forgets them (as one
    that read the plan after they were deleted does)."""
    from arealweb.api import zones as zones_api
    from arealweb.api.features import feature_cache

    with fresh_app(demo_database_url, tmp_path) as app:
        before = features(app)
        list_zones = zones_api.listing.list_zones

        def forgotten_meanwhile(*args, **kwargs):
            found = list_zones(*args, **kwargs)
            feature_cache().keep_only({"sandvika"})  # another thread's listing, in between
            return found

        monkeypatch.setattr(zones_api.listing, "list_zones", forgotten_meanwhile)
        assert features(app) == before
        monkeypatch.undo()
        with app.app_context():
            view = feature_cache().view()
        assert view.knows("sandvika", before["sandvika"]["properties"]["version"])
        assert not view.knows("fornebu", before["fornebu"]["properties"]["version"])
        assert features(app) == before  # and those forgotten are read again


def test_a_worker_that_cannot_keep_the_features_starts_and_its_first_listing_reads_them(
    demo_database_url, tmp_path, monkeypatch, caplog, listing_reads
):
    def unreadable(store):
        raise sa.exc.OperationalError("SELECT", {}, Exception("could not read block"))

    monkeypatch.setattr("arealweb.api.features.stored_heads", unreadable)
    with caplog.at_level(logging.INFO), prepared_app(demo_database_url, tmp_path) as worker:
        assert "zone Features not kept at start: " in caplog.text
        assert "database not prepared" not in caplog.text
        listed = features(worker)
    assert len(listed) == len(stored_rows(demo_database_url))
    assert listing_reads[0] == "versions_with_features"  # read on the first request instead
