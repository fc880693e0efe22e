"""The import page shows a stale file's conflicts with both sides and a choice for each, and
imports only what was chosen. Through the test client with CSRF on, on both databases."""

import io
import re
from dataclasses import replace

import pytest

from arealweb.http.store import current_store
from arealweb.services.export import export_zones
from tests.conftest import snapshot
from tests.web.conftest import csrf


def store_of(app):
    with app.app_context():
        return current_store()


def rename(app, zone_id, name, actor="ola"):
    with store_of(app).write() as repo:
        zone = repo.zones.get(zone_id)
        repo.zones.save(replace(zone, name=name), zone, actor=actor)


def zone(app, zone_id):
    with store_of(app).read() as repo:
        return repo.zones.get(zone_id, include_deleted=True)


@pytest.fixture
def preview(app, signed_in, tmp_path):
    """Kari exports; Ola renames Sandvika and deletes Fornebu; Kari uploads the old file."""
    path = tmp_path / "soner.geojson"
    export_zones(store_of(app), path)
    rename(app, "sandvika", "Sandvika sentrum")
    with store_of(app).write() as repo:
        repo.zones.delete("fornebu", actor="ola")
    client = signed_in("kari")
    page = client.get("/arbeidsbenk/import").data.decode()
    response = client.post(
        "/arbeidsbenk/import",
        data={"file": (io.BytesIO(path.read_bytes()), "soner.geojson"), "csrf_token": csrf(page)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return client, response.data.decode()


def row(html, name):
    return next(r for r in html.split("<tr") if f"<td>{name}</td>" in r)


def confirm(client, html, **choices):
    action = re.search(r'action="(/arbeidsbenk/import/[^"]+)"', html).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    fields = {f"resolve-{zone_id}": value for zone_id, value in choices.items()}
    return client.post(action, data={"csrf_token": token, **fields})


def test_the_preview_shows_each_conflict_with_both_sides_and_a_choice(preview):
    _, html = preview
    assert "2 objekter er endret eller slettet i arealweb etter at filen ble eksportert" in html
    sandvika = row(html, "Sandvika")
    assert 'data-outcome="conflict"' in sandvika
    assert "Endret av ola" in sandvika and "versjon 1 i filen, nå versjon 2" in sandvika
    assert "i filen: ingen endringer siden eksporten" in sandvika
    assert "i arealweb: name «Sandvika» → «Sandvika sentrum»" in sandvika
    assert 'name="resolve-sandvika" value="file@2"' in sandvika
    assert 'name="resolve-sandvika" value="current@2"' in sandvika
    fornebu = row(html, "Fornebu")
    assert "Slettet av ola" in fornebu and "Gjenopprett den med filens versjon" in fornebu
    assert 'data-outcome="unchanged"' in row(html, "Lysaker")


def test_confirming_without_a_choice_shows_the_preview_again_and_saves_nothing(app, preview):
    client, html = preview
    before = snapshot(store_of(app))
    again = confirm(client, html, sandvika="file@2")
    assert again.status_code == 409
    page = again.data.decode()
    assert "Importen ble ikke gjort, og ingenting er lagret" in page
    assert "slettet av ola" in page
    assert snapshot(store_of(app)) == before


def test_each_choice_does_what_it_says(app, preview):
    client, html = preview
    done = confirm(client, html, sandvika="current@2", fornebu="file@2")
    assert done.status_code == 302
    assert zone(app, "sandvika").name == "Sandvika sentrum"
    assert not zone(app, "fornebu").deleted


def test_taking_the_file_and_skipping_the_deleted_zone(app, preview):
    client, html = preview
    assert confirm(client, html, sandvika="file@2", fornebu="current@2").status_code == 302
    assert zone(app, "sandvika").name == "Sandvika"
    assert zone(app, "fornebu").deleted


def test_a_zone_saved_between_the_preview_and_the_confirmation_is_not_overwritten(app, preview):
    client, html = preview
    rename(app, "sandvika", "Sandvika stasjon", actor="per")
    before = snapshot(store_of(app))
    again = confirm(client, html, sandvika="file@2", fornebu="current@2")
    assert again.status_code == 409
    page = again.data.decode()
    assert "du så versjon 2, nå versjon 3" in page
    assert "i arealweb: name «Sandvika» → «Sandvika stasjon»" in page
    assert 'name="resolve-sandvika" value="file@3"' in page
    assert snapshot(store_of(app)) == before
    assert confirm(client, page, sandvika="file@3", fornebu="current@2").status_code == 302
    assert zone(app, "sandvika").name == "Sandvika"
