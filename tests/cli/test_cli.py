"""The `arealweb` command through Click's runner, on a SQLite file."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import shapely

from arealweb.geo.crs import to_utm
from arealweb.services.demo import GEODATA
from arealweb.store.database import create_engine
from arealweb.store.repository import Store
from tests.conftest import HEAD, snapshot
from tests.places import HASLUM

REFERENCE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "baerum_3201_kartverket_simplified.geojson"
)


def store(url):
    return Store(create_engine(url))


def zones_file(tmp_path, features, name="z.geojson"):
    path = tmp_path / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    )
    return path


def haslum(**props):
    properties = {
        "id": "haslum",
        "name": "Haslum",
        "kind": "development",
        "category": "bymessig område",
        "goal_ids": ["2020.hm2.d2.s1.a1"],
    }
    properties.update(props)
    return {"type": "Feature", "properties": properties, "geometry": HASLUM}


def test_init_creates_then_reports_an_up_to_date_database(cli):
    assert f"migrert fra tom til {HEAD}" in cli("init").output
    assert f"allerede oppdatert (versjon {HEAD})" in cli("init").output


def test_init_migrates_a_database_made_by_an_older_version(cli, url):
    from arealweb.store.database import migrate

    migrate(create_engine(url), "0001")
    assert f"migrert fra 0001 til {HEAD}" in cli("init").output


def test_commands_before_init_say_to_run_init(cli):
    result = cli("load-demo", ok=False)
    assert result.exit_code != 0
    assert "kjør «arealweb init» først" in result.output


def test_load_demo_twice_changes_nothing_the_second_time(demo, url):
    before = snapshot(store(url))
    assert "0 nye, 0 endret" in demo("load-demo").output
    assert snapshot(store(url)) == before
    assert len(before["zones"]) >= 20


def test_a_bad_import_exits_non_zero_names_the_problem_and_changes_nothing(demo, url, tmp_path):
    before = snapshot(store(url))
    path = zones_file(
        tmp_path, [haslum(), haslum(id="x", name="Ukjent mål", goal_ids=["2099.hm1"])]
    )
    result = demo("import", path, ok=False)
    assert result.exit_code == 1
    assert "objekt 2 «Ukjent mål»: målet «2099.hm1» finnes ikke" in result.output
    assert "Ingenting ble endret." in result.output
    assert snapshot(store(url)) == before


def test_a_good_import_reports_what_it_did(demo, tmp_path):
    path = zones_file(tmp_path, [haslum()])
    assert "Importert 1 sone: 1 ny, 0 endret, 0 uendret." in demo("import", path).output
    assert "1 uendret" in demo("import", path).output


def test_export_writes_geopackage_and_geojson(demo, tmp_path):
    assert "Eksportert 30 soner" in demo("export", tmp_path / "z.gpkg").output
    assert (tmp_path / "z.gpkg").stat().st_size > 0
    demo("export", tmp_path / "z.geojson")
    assert len(json.loads((tmp_path / "z.geojson").read_text())["features"]) == 30


def test_unknown_file_type_is_refused(demo, tmp_path):
    result = demo("export", tmp_path / "z.shp", ok=False)
    assert result.exit_code == 1
    assert "ukjent filtype «.shp»" in result.output


def multipart_boundary_file(tmp_path):
    """The demo outline as separate polygons in EPSG:25832, as an exported boundary might be."""
    outline = to_utm(
        shapely.from_geojson(
            json.dumps(
                json.loads((GEODATA / "boundary.geojson").read_text())["features"][0]["geometry"]
            )
        )
    )
    features = [
        {
            "type": "Feature",
            "properties": {"part": i},
            "geometry": json.loads(shapely.to_geojson(part)),
        }
        for i, part in enumerate(outline.geoms)
    ]
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:25832"}},
        "features": features,
    }
    path = tmp_path / "grense.geojson"
    path.write_text(json.dumps(document))
    return path, outline


def test_boundary_from_a_multipart_file_replaces_the_boundary(demo, url, tmp_path):
    path, outline = multipart_boundary_file(tmp_path)
    result = demo("boundary", path)
    assert f"{len(outline.geoms)} deler" in result.output
    with store(url).read() as repo:
        saved = repo.reference.boundary().geometry
        assert len(saved.geoms) == len(outline.geoms)
        assert saved.symmetric_difference(outline).area < 1.0
        assert repo.reference.boundary().source == "fil: grense.geojson"


@pytest.mark.reference
def test_the_official_boundary_is_kept_by_load_demo_and_demo_zones_lie_inside_it(
    demo, url, tmp_path
):
    assert REFERENCE.exists(), f"the reference boundary {REFERENCE} is not beside this checkout"
    result = demo("boundary", REFERENCE)
    assert "9 deler, 191.9" in result.output
    assert "Advarsel" not in result.output
    assert "0 nye, 0 endret" in demo("load-demo").output
    with store(url).read() as repo:
        assert repo.reference.boundary().source.endswith(REFERENCE.name)
    assert "1 ny," in demo("import", zones_file(tmp_path, [haslum()])).output


class GeonorgeStub(BaseHTTPRequestHandler):
    """Answers like kommuneinfo's /kommuner/{nr}/omrade, from the demo outline in EPSG:25832."""

    answer: bytes = b""
    status = 200

    def do_GET(self):
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def geonorge(tmp_path):
    _, outline = multipart_boundary_file(tmp_path)
    geometry = json.loads(shapely.to_geojson(outline))
    geometry["crs"] = {"type": "name", "properties": {"name": "EPSG:25832"}}
    GeonorgeStub.answer = json.dumps(
        {"kommunenavn": "Bærum", "kommunenummer": "3201", "omrade": geometry}
    ).encode()
    server = HTTPServer(("127.0.0.1", 0), GeonorgeStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/kommuner/{{kommunenummer}}/omrade?utkoordsys=25832"
    server.shutdown()


def test_boundary_fetch_reads_geonorges_answer(demo, url, geonorge):
    result = demo("boundary", "--fetch", extra_env={"AREALWEB_BOUNDARY_URL": geonorge})
    assert "Henter kommunegrensen for 3201" in result.output
    assert "4 deler" in result.output
    with store(url).read() as repo:
        assert repo.reference.boundary().source.startswith(
            "Geonorge kommuneinfo: http://127.0.0.1:"
        )


def test_boundary_fetch_fails_clearly_without_the_internet(demo, url):
    before = snapshot(store(url))
    closed = "http://127.0.0.1:9/kommuner/{kommunenummer}/omrade"
    result = demo("boundary", "--fetch", extra_env={"AREALWEB_BOUNDARY_URL": closed}, ok=False)
    assert result.exit_code == 1
    assert (
        "kunne ikke hente kommunegrensen fra http://127.0.0.1:9/kommuner/3201/omrade"
        in result.output
    )
    assert "arealweb boundary FIL" in result.output
    assert snapshot(store(url)) == before


def test_boundary_fetch_reports_an_error_status(demo, geonorge):
    GeonorgeStub.status = 404
    try:
        result = demo(
            "boundary", "--fetch", extra_env={"AREALWEB_BOUNDARY_URL": geonorge}, ok=False
        )
    finally:
        GeonorgeStub.status = 200
    assert "Geonorge svarte 404" in result.output


def test_a_boundary_that_is_not_an_area_is_refused(demo, tmp_path):
    path = zones_file(
        tmp_path,
        [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [10.5, 59.9]},
            }
        ],
    )
    result = demo("boundary", path, ok=False)
    assert "kommunegrensen må være en flate" in result.output


def test_boundary_needs_a_file_or_fetch(demo):
    result = demo("boundary", ok=False)
    assert result.exit_code == 2
    assert "gi enten en fil (PATH) eller --fetch" in result.output


def test_settings_lists_every_variable_with_help_and_hides_the_secret(cli, url):
    output = cli("settings").output
    assert f"AREALWEB_DATABASE_URL = {url}" in output
    assert "AREALWEB_SECRET_KEY = (skjult)" in output
    assert "AREALWEB_BOUNDARY_TOLERANCE_M = 25.0" in output
    assert "test" not in output.split("AREALWEB_SECRET_KEY")[1].splitlines()[0]


def test_a_bad_setting_is_refused_with_its_name(cli):
    result = cli("settings", extra_env={"AREALWEB_MAX_IMPORT_MB": "lots"}, ok=False)
    assert result.exit_code != 0
    assert "ugyldig innstilling: AREALWEB_MAX_IMPORT_MB='lots'" in result.output


def test_run_takes_host_and_port(cli):
    output = cli("run", "--help").output
    assert "--host" in output and "--port" in output


def test_user_create_and_a_token_that_the_api_accepts(demo, url):
    result = demo(
        "user",
        "create",
        "kari",
        "--role",
        "planner",
        "--password-stdin",
        input="et-langt-passord\n",
    )
    assert "Brukeren kari er opprettet med rollen planner." in result.output
    token = demo("token", "create", "kari", "--label", "QGIS").output.strip()
    assert token.startswith("aw_") and len(token) > 40
    from arealweb.app import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x"})
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Haslum",
            "kind": "development",
            "category": "bymessig område",
            "goal_ids": ["2020.hm2.d2.s1.a1"],
        },
        "geometry": HASLUM,
    }
    response = app.test_client().post(
        "/api/v1/zones", json=feature, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201
    history = (
        app.test_client()
        .get(
            f"/api/v1/zones/{response.get_json(force=True)['id']}/history",
            headers={"Authorization": f"Bearer {token}"},
        )
        .get_json()
    )
    assert history["versions"][0]["actor"] == "kari"
    assert "kari\tplanner" in demo("user", "list").output


def test_a_short_password_or_a_taken_name_is_refused(demo):
    short = demo(
        "user", "create", "ola", "--role", "admin", "--password-stdin", input="kort\n", ok=False
    )
    assert short.exit_code == 1 and "passordet må ha minst 12 tegn" in short.output
    demo("user", "create", "ola", "--role", "admin", "--password-stdin", input="et-langt-passord\n")
    again = demo(
        "user",
        "create",
        "ola",
        "--role",
        "council",
        "--password-stdin",
        input="et-langt-passord\n",
        ok=False,
    )
    assert "brukeren ola finnes allerede" in again.output
    unknown = demo("token", "create", "ingen", ok=False)
    assert "fant ingen bruker ingen" in unknown.output


def test_imports_are_recorded_in_the_history_with_who_ran_them(demo, url, tmp_path):
    demo("import", zones_file(tmp_path, [haslum()]))
    with store(url).read() as repo:
        [version] = repo.zones.history("haslum")
    assert version.actor.startswith("import:")
    assert version.action.value == "create"


@pytest.mark.parametrize("suffix", [".fgb", ".kml", ".zip"])
def test_export_and_import_back_in_every_format(demo, url, tmp_path, suffix):
    path = tmp_path / f"soner{suffix}"
    assert "Eksportert 30 soner" in demo("export", path).output
    before = snapshot(store(url))
    assert "0 nye, 0 endret, 30 uendret" in demo("import", path).output
    assert snapshot(store(url)) == before


def test_export_goals_writes_csv(demo, tmp_path):
    path = tmp_path / "maltre.csv"
    assert "Måltreet er eksportert" in demo("export-goals", path).output
    assert path.read_text(encoding="utf-8-sig").startswith("id;plan_version;level;parent_id")
