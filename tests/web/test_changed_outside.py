"""A zone changed straight in the database (QGIS, psql) says so on its page, names who did it,
and keeps the version it overwrote restorable: QGIS sends no version, so that is what holds."""

from dataclasses import replace

import pytest
import sqlalchemy as sa

from arealweb.http.store import current_store
from arealweb.services import editing
from tests.web.conftest import csrf

QGIS = "QGIS"
"""What QGIS 3.22 calls itself to the database (its application_name)."""


@pytest.fixture
def store_of(app):
    with app.app_context():
        return current_store()


def moved_in_qgis(store, metres: float = 40.0) -> None:
    """What a vertex dragged in QGIS amounts to: an UPDATE of the geometry, no version."""
    with store.engine.connect() as connection:
        connection.execute(sa.text(f"SET application_name = '{QGIS}'"))
        connection.execute(
            sa.text("UPDATE zones SET area = ST_Translate(area, :dx, 0) WHERE id = 'sandvika'"),
            {"dx": metres},
        )
        connection.commit()


postgis_only = pytest.mark.parametrize("backend", ["postgis"], indirect=True)


@postgis_only
def test_the_zone_page_names_who_changed_it_outside_arealweb(signed_in, store_of):
    moved_in_qgis(store_of)
    page = signed_in("rita").get("/soner/sandvika").data.decode()
    assert "Sist endret utenfor arealweb, av QGIS (postgres)" in page
    assert "(versjon 2)" in page
    assert "Versjon 1, den siste som ble lagret i arealweb, er bevart i historikken." in page
    assert "Gjenopprett versjon 1" not in page, "the council may not restore"


@postgis_only
def test_the_public_does_not_see_database_roles(client, store_of):
    moved_in_qgis(store_of)
    page = client.get("/soner/sandvika").data.decode()
    assert client.get("/soner/sandvika").status_code == 200
    assert "data-changed-outside" not in page and "postgres" not in page


@postgis_only
def test_the_history_marks_the_version_made_outside(signed_in, store_of):
    moved_in_qgis(store_of)
    client = signed_in("kari")
    page = client.get("/soner/sandvika/historikk").data.decode()
    assert 'QGIS (postgres) <span class="meta" data-outside>(utenfor arealweb)' in page
    versions = client.get("/api/v1/zones/sandvika/history").get_json()["versions"]
    assert [(v["version"], v["source"]) for v in versions] == [(1, "arealweb"), (2, "database")]


@postgis_only
def test_a_planner_restores_the_overwritten_version_from_the_zone_page(signed_in, store_of):
    before = editing.zone_history(store_of, "sandvika")[-1].zone.geometry
    moved_in_qgis(store_of)
    client = signed_in("kari")
    page = client.get("/soner/sandvika").data.decode()
    assert "Gjenopprett versjon 1" in page
    done = client.post(
        "/soner/sandvika/versjoner/1/gjenopprett",
        data={"csrf_token": csrf(page), "latest": "2"},
        follow_redirects=True,
    )
    assert "Versjon 1 er gjenopprettet som versjon 3." in done.data.decode()
    latest = editing.zone_history(store_of, "sandvika")[-1]
    assert (latest.version, latest.actor, latest.outside) == (3, "kari", False)
    assert latest.zone.geometry.equals_exact(before, 0.01)
    assert "data-changed-outside" not in client.get("/soner/sandvika").data.decode()


def test_a_change_made_in_arealweb_shows_no_notice(signed_in, store_of):
    with store_of.write() as repo:
        zone = repo.zones.get("sandvika")
        repo.zones.save(replace(zone, name="Sandvika sentrum"), zone, actor="kari")
    assert [v.outside for v in editing.zone_history(store_of, "sandvika")] == [False, False]
    page = signed_in("kari").get("/soner/sandvika").data.decode()
    assert "Sandvika sentrum" in page and "data-changed-outside" not in page


@postgis_only
def test_after_two_saves_in_qgis_the_last_version_from_arealweb_is_offered(signed_in, store_of):
    moved_in_qgis(store_of)
    moved_in_qgis(store_of)
    page = signed_in("kari").get("/soner/sandvika").data.decode()
    assert "(versjon 3)" in page and "Gjenopprett versjon 1" in page


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_zone_written_without_history_still_has_its_page(signed_in, store_of):
    """On SQLite another client's insert has no history row: the page is shown, no notice."""
    with store_of.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO zones (id, kind, category, name, description, status, area, "
                "version, draft, created_at, updated_at) SELECT 'utenfra', kind, category, "
                "'Skrevet utenfra', '', status, area, 1, 0, created_at, updated_at "
                "FROM zones WHERE id = 'sandvika'"
            )
        )
    response = signed_in("kari").get("/soner/utenfra")
    assert response.status_code == 200
    assert "Skrevet utenfra" in response.data.decode()
    assert "data-changed-outside" not in response.data.decode()
