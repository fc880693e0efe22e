"""Debian's real QGIS 3.22 edits the plan through the project ``arealweb qgis-project`` writes.

Debian's system Python (not the venv) runs ``qgis_edit.py`` headless
(``QT_QPA_PLATFORM=offscreen``): it opens the project, moves a vertex of a zone, adds a zone
and deletes one, each committed through the development layer (``editing.development_zones``
on PostGIS), signed in as a role made by ``arealweb editor-role`` (which may edit only through
the views). arealweb must then show what QGIS did: the new version with a history row naming
QGIS and the role, the zone page saying so, the new zone, and the deleted zone restorable with
its goal links.

QGIS starts slowly, so one run per module does every step. Without QGIS these tests fail, like
those needing PostGIS or Chromium (``.ci/run`` installs ``qgis python3-qgis``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner

from arealweb.app import create_app
from arealweb.cli import main
from arealweb.domain.accounts import Role
from arealweb.render.styles import CATEGORY_STYLES, LAYER_STYLES
from arealweb.services.accounts import create_user
from arealweb.services.database import editor_role, open_store
from arealweb.services.demo import load_demo
from arealweb.services.editing import changed_outside, restore_version, zone_history
from arealweb.services.plan import zones

pytestmark = pytest.mark.postgis

QGIS_PYTHON = os.environ.get("AREALWEB_QGIS_PYTHON", "/usr/bin/python3")
SCRIPT = Path(__file__).with_name("qgis_edit.py")
MOVED, DELETED = "bekkestua", "eiksmarka"
NEW_ZONE = (
    "POLYGON((588600 6643900, 588800 6643900, 588800 6644100, 588600 6644100, 588600 6643900))"
)
NAMES = ["Stasjoner", "Korridorer", "Utviklingsområder", "Vernede områder", "Kommunegrensen"]


def _qgis_missing() -> str | None:
    try:
        found = subprocess.run(
            [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=120, check=False
        )
    except FileNotFoundError:
        return f"{QGIS_PYTHON} not found"
    return None if found.returncode == 0 else found.stderr.decode(errors="replace").strip()


@pytest.fixture(scope="module")
def qgis_run(postgis_factory, tmp_path_factory):
    """The demo on a fresh PostGIS database, an editor role, the project written for it by the
    command, and what QGIS reported after editing through it:
    (database URL, role, report, zones before)."""
    missing = _qgis_missing()
    if missing:
        # Like PostGIS and Chromium: the suite fails without it, never skips.
        pytest.fail(
            f"QGIS's Python is missing ({missing}): install qgis python3-qgis (.ci/run does)",
            pytrace=False,
        )
    url = postgis_factory.new("demo", load_demo)
    store = open_store(url)
    before = {zone.id: zone for zone in zones(store)}
    role = f"qgis_{uuid.uuid4().hex[:8]}"
    editor_role(store, role, None)  # the test cluster trusts local connections: no password
    try:
        yield (url, role, _edit_in_qgis(url, role, tmp_path_factory), before)
    finally:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP OWNED BY {role}")
            connection.exec_driver_sql(f"DROP ROLE {role}")
        store.engine.dispose()


def _edit_in_qgis(url: str, role: str, tmp_path_factory) -> dict:
    project = tmp_path_factory.mktemp("qgis") / "plan.qgs"
    written = CliRunner().invoke(
        main,
        ["qgis-project", str(project), "--user", role],
        env={"AREALWEB_DATABASE_URL": url, "AREALWEB_SECRET_KEY": "test"},
        catch_exceptions=False,
    )
    assert written.exit_code == 0, written.output
    assert f"user='{role}'" in project.read_text(encoding="utf-8")
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))},
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(tmp_path_factory.mktemp("runtime")),
        "HOME": str(tmp_path_factory.mktemp("home")),
    }
    run = subprocess.run(
        [QGIS_PYTHON, str(SCRIPT), str(project), MOVED, DELETED, NEW_ZONE],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_qgis_opens_every_layer_of_the_project_in_utm32(qgis_run):
    _, _, report, before = qgis_run
    assert report["read"] is True
    assert report["crs"] == report["extent_crs"] == "EPSG:25832"
    assert sorted(report["layers"]) == sorted(NAMES)
    for layer in report["layers"].values():
        assert (layer["valid"], layer["provider"], layer["crs"]) == (True, "postgres", "EPSG:25832")
    development = [z for z in before.values() if z.kind == "development"]
    assert report["layers"]["Utviklingsområder"]["features"] == len(development)
    assert report["layers"]["Kommunegrensen"]["features"] == 1
    assert report["layers"]["Stasjoner"]["read_only"] is True
    assert report["layers"]["Kommunegrensen"]["read_only"] is True
    assert report["layers"]["Utviklingsområder"]["read_only"] is False


def test_qgis_draws_the_layers_in_the_web_maps_colours(qgis_run):
    layers = qgis_run[2]["layers"]
    for name in ("Utviklingsområder", "Vernede områder"):
        assert layers[name]["attribute"] == "category"
        for code, drawn in layers[name]["categories"].items():
            assert drawn["colour"] == CATEGORY_STYLES[code]["fillColor"]
    for code, drawn in layers["Korridorer"]["categories"].items():
        assert drawn["colour"] == CATEGORY_STYLES[code]["color"]
    stations = layers["Stasjoner"]["categories"]
    assert stations["false"]["colour"] == LAYER_STYLES["station"]["fillColor"]
    assert stations["true"]["colour"] == LAYER_STYLES["station_planned"]["fillColor"]


def test_qgis_offers_the_code_lists_and_keeps_version_read_only(qgis_run):
    layer = qgis_run[2]["layers"]["Korridorer"]
    assert layer["widgets"]["category"] == layer["widgets"]["status"] == "ValueMap"
    assert layer["widgets"]["arealformal"] == layer["widgets"]["hensynssone"] == "ValueMap"
    assert layer["editable_fields"]["version"] is False
    assert layer["editable_fields"]["updated_at"] is False
    assert layer["editable_fields"]["name"] is True
    assert layer["aliases"]["category"] == "Kategori"


def test_a_vertex_moved_in_qgis_is_a_new_version_with_history_naming_qgis(qgis_run):
    url, role, report, before = qgis_run
    assert report["steps"]["move"] == {
        "committed": True,
        "errors": ["SUCCESS: 1 geometries were changed."],
    }
    store = open_store(url)
    zone = next(z for z in zones(store) if z.id == MOVED)
    assert zone.version == before[MOVED].version + 1
    x, y = report["moved_from"]
    vertices = {(round(a, 3), round(b, 3)) for a, b in shapely.get_coordinates(zone.geometry)}
    assert (round(x + 2.0, 3), round(y, 3)) in vertices
    assert (round(x, 3), round(y, 3)) not in vertices
    assert zone.geometry.area != pytest.approx(before[MOVED].geometry.area, abs=0.01)
    latest, replaced = changed_outside(store, MOVED)
    assert (latest.version, latest.action.value) == (zone.version, "update")
    assert (latest.actor, latest.outside) == (f"QGIS ({role})", True)
    assert replaced.zone.geometry.equals(before[MOVED].geometry)
    with create_app({"DATABASE_URL": url, "SECRET_KEY": "test"}).test_client() as client:
        answer = client.get(f"/api/v1/zones/{MOVED}")
        assert answer.status_code == 200
        assert answer.json["properties"]["version"] == zone.version
        assert answer.headers["ETag"].startswith(f'"v{zone.version}')


def test_the_zone_page_says_it_was_changed_in_qgis_and_by_which_role(qgis_run):
    url, role, _, before = qgis_run
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test"})
    with app.app_context():
        create_user(open_store(url), "kari", Role.PLANNER, "langt-nok-passord")
    with app.test_client() as client:
        form = client.get("/logg-inn").data.decode()
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form)
        client.post(
            "/logg-inn",
            data={"name": "kari", "password": "langt-nok-passord", "csrf_token": token.group(1)},
        )
        page = client.get(f"/soner/{MOVED}").data.decode()
    assert f"Sist endret utenfor arealweb, av QGIS ({role})" in page
    assert f"Gjenopprett versjon {before[MOVED].version}" in page


def test_a_zone_added_in_qgis_is_in_the_plan_with_its_id_from_the_layer(qgis_run):
    url, role, report, _ = qgis_run
    assert report["steps"]["add"]["committed"] is True, report["steps"]["add"]["errors"]
    store = open_store(url)
    new = next(z for z in zones(store) if z.id == report["new_id"])
    assert len(new.id) == 32
    assert (new.name, new.kind, new.category, new.status.value) == (
        "Fra QGIS",
        "development",
        "knutepunkt",
        "framtidig",
    )
    assert new.geometry.equals(shapely.from_wkt(NEW_ZONE))
    (created,) = zone_history(store, new.id)
    assert (created.action.value, created.actor) == ("create", f"QGIS ({role})")


def test_a_zone_deleted_in_qgis_is_gone_from_the_plan_and_restorable_with_its_links(qgis_run):
    url, role, report, before = qgis_run
    assert report["steps"]["delete"]["committed"] is True, report["steps"]["delete"]["errors"]
    store = open_store(url)
    assert DELETED not in {z.id for z in zones(store)}
    deleted = zone_history(store, DELETED)[-1]
    assert (deleted.action.value, deleted.actor) == ("delete", f"QGIS ({role})")
    links = before[DELETED].links
    assert links
    restore_version(
        store,
        DELETED,
        before[DELETED].version,
        expected_version=deleted.version,
        actor="kari",
        tolerance_m=25.0,
    )
    back = next(z for z in zones(store) if z.id == DELETED)
    assert back.links == links
    assert back.geometry.equals(before[DELETED].geometry)
