"""`arealweb import` honours versions: a stale file exits non-zero and says why, --resolve
chooses per zone. On SQLite and PostGIS."""

from dataclasses import replace

import pytest

from arealweb.store.database import create_engine
from arealweb.store.repository import Store
from tests.conftest import snapshot


@pytest.fixture
def url(database_url):
    """The command on a fresh database of each kind (the conftest's default is SQLite only)."""
    return database_url


@pytest.fixture
def store(url):
    found = Store(create_engine(url))
    yield found
    found.engine.dispose()


@pytest.fixture
def stale(demo, store, tmp_path):
    """Exported; then Ola renamed Sandvika and deleted Fornebu."""
    path = tmp_path / "soner.gpkg"
    demo("export", path)
    with store.write() as repo:
        zone = repo.zones.get("sandvika")
        repo.zones.save(replace(zone, name="Sandvika sentrum"), zone, actor="ola")
        repo.zones.delete("fornebu", actor="ola")
    return path


def zone(store, zone_id):
    with store.read() as repo:
        return repo.zones.get(zone_id, include_deleted=True)


def test_a_stale_import_exits_non_zero_shows_both_sides_and_changes_nothing(demo, store, stale):
    before = snapshot(store)
    result = demo("import", stale, ok=False)
    assert result.exit_code == 1
    assert "--resolve ID=file|current" in result.output
    assert "«Sandvika» i laget development: endret av ola" in result.output
    assert "i arealweb: name «Sandvika» → «Sandvika sentrum»" in result.output
    assert "i filen: ingen endringer siden eksporten" in result.output
    assert "«Fornebu» i laget development: slettet av ola" in result.output
    assert "Ingenting ble endret." in result.output
    assert snapshot(store) == before


def test_resolve_takes_the_file_or_keeps_the_current_version(demo, store, stale):
    result = demo("import", stale, "--resolve", "sandvika=file", "--resolve", "fornebu=skip")
    assert "Importert 30 soner" in result.output
    assert zone(store, "sandvika").name == "Sandvika"
    assert zone(store, "fornebu").deleted


def test_resolve_keeps_the_current_name_and_restores_the_deleted_zone(demo, store, stale):
    demo("import", stale, "--resolve", "sandvika=current", "--resolve", "fornebu=restore")
    assert zone(store, "sandvika").name == "Sandvika sentrum"
    assert not zone(store, "fornebu").deleted


def test_a_badly_written_choice_is_refused(demo, store, stale):
    before = snapshot(store)
    result = demo("import", stale, "--resolve", "sandvika", ok=False)
    assert result.exit_code == 1
    assert "skriv --resolve ID=file|current, ikke «sandvika»" in result.output
    result = demo("import", stale, "--resolve", "sandvika=begge", ok=False)
    assert "valget for sandvika må være file, current, restore eller skip" in result.output
    assert snapshot(store) == before
