"""The Features stored with the zones (migration 0015): written with every save in its
transaction, exactly what a listing would make from the row read back, kept per version."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from alembic import command

from arealweb.domain.zones import ZoneKind
from arealweb.geo.zone_json import feature_format, feature_heads
from arealweb.store.database import alembic_config
from arealweb.store.schema import zone_features
from tests.conftest import HEAD
from tests.store.test_repository import LINE, seed_goals, zone


def stored(store) -> dict[str, tuple[int, str, bytes]]:
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(zone_features)).all()
    return {row.zone_id: (row.version, row.format, bytes(row.feature)) for row in rows}


def test_every_save_stores_the_feature_a_listing_would_make_from_the_row(demo_store):
    with demo_store.read() as repo:
        read_back = repo.zones.all()
        ids = {z.id for z in read_back}
        found = repo.zones.stored_features(ids, feature_format())
    assert len(read_back) >= 20
    made = dict(zip([z.id for z in read_back], feature_heads(read_back), strict=True))
    assert found == {z.id: (z.version, made[z.id]) for z in read_back}


def test_an_edit_stores_its_new_version_and_a_delete_forgets_it_until_restored(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), None, actor="test")
        repo.zones.save(
            zone("l", kind=ZoneKind.CORRIDOR, category="sykkelvei", geometry=LINE),
            None,
            actor="test",
        )
    assert {k: v[0] for k, v in stored(store).items()} == {"z": 1, "l": 1}
    with store.write() as repo:
        current = repo.zones.get("z")
        repo.zones.save(replace(current, name="Grini"), current, actor="test")
    version, format, head = stored(store)["z"]
    assert (version, format) == (2, feature_format())
    assert b'"name":"Grini"' in head and b'"version":2' in head
    with store.write() as repo:
        repo.zones.delete("z", actor="test")
    assert "z" not in stored(store)
    with store.write() as repo:
        gone = repo.zones.get("z", include_deleted=True)
        repo.zones.save(replace(gone, deleted=False), gone, actor="test")
    assert stored(store)["z"][0] == 4


def test_only_a_feature_at_the_zones_version_and_this_format_counts(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), None, actor="test")
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE zones SET name = 'Fra psql' WHERE id = 'z'"))
    with store.read() as repo:
        assert repo.zones.stored_features({"z"}, feature_format()) == {}
    with store.write() as repo:
        repo.zones.store_features([("z", 2, b"new")], feature_format())
    with store.read() as repo:
        assert repo.zones.stored_features({"z"}, feature_format()) == {"z": (2, b"new")}
        assert repo.zones.stored_features({"z"}, "0:another-release") == {}


def test_a_late_write_back_never_replaces_a_newer_version(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), None, actor="test")
        current = repo.zones.get("z")
        repo.zones.save(replace(current, name="Ny"), current, actor="test")
    newer = stored(store)["z"]
    with store.write() as repo:
        repo.zones.store_features([("z", 1, b"old")], feature_format())
    assert stored(store)["z"] == newer


def test_the_migration_goes_down_and_up_and_the_listing_repairs_what_it_lost(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), None, actor="test")
    with store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
    assert "zone_features" not in sa.inspect(store.engine).get_table_names()
    with store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, HEAD)
    assert "zone_features" in sa.inspect(store.engine).get_table_names()
    assert stored(store) == {}
    from arealweb.services.listing import list_zones
    from arealweb.services.queries import ZoneFilter

    listing = list_zones(store, ZoneFilter(), lambda zone_id, version: False)
    assert [z.id for z in listing.changed] == ["z"]
    assert stored(store)["z"][2] == listing.heads["z"][1]
