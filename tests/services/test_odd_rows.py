"""One odd zone row never takes a page down (#13, item 4).

Rows are written with plain SQL, past every rule, as QGIS or psql could before the database
kept the rules: an unknown status, an unknown category, a self-intersecting polygon, a line in
a development zone and an empty geometry. Every page and API that lists or draws zones still
answers 200 without them, and the planners' page names each with the rule it breaks.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
import shapely
import sqlalchemy as sa
from click.testing import CliRunner

from arealweb.api.zones import LEFT_OUT_HEADER
from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services import plan
from arealweb.services.accounts import create_user
from arealweb.services.listing import list_zones
from arealweb.services.queries import ZoneFilter
from tests.documents import waited_pdf

PASSWORD = "langt-nok-passord"


def _rows(x: float, y: float) -> dict[str, dict]:
    def square(dx: float) -> str:
        return shapely.MultiPolygon([shapely.box(x + dx, y, x + dx + 200, y + 200)]).wkt

    bowtie = (
        f"MULTIPOLYGON((({x} {y}, {x + 300} {y + 300}, {x + 300} {y}, {x} {y + 300}, {x} {y})))"
    )
    line = f"MULTILINESTRING(({x} {y}, {x + 500} {y + 500}))"
    return {
        "rar-status": {"kind": "development", "category": "vekstområde", "status": "planlagt",
                       "wkt": square(0), "rule": "ukjent status «planlagt»"},
        "rar-kategori": {"kind": "protection", "category": "skog", "status": "framtidig",
                         "wkt": square(400), "rule": "kategorien «skog» finnes ikke"},
        "rar-sløyfe": {"kind": "development", "category": "vekstområde", "status": "framtidig",
                       "wkt": bowtie, "rule": "geometrien krysser seg selv"},
        "rar-linje": {"kind": "development", "category": "knutepunkt", "status": "framtidig",
                      "wkt": line, "rule": "må være Polygon eller MultiPolygon, ikke MultiLineString"},
        "rar-tom": {"kind": "protection", "category": "marka", "status": "nåværende",
                    "wkt": "MULTIPOLYGON EMPTY", "rule": "geometrien er tom"},
    }  # fmt: skip


def insert_odd_rows(url: str, x: float, y: float) -> dict[str, dict]:
    """Write the odd rows with SQL, as a database without arealweb's rules would take them."""
    rows = _rows(x, y)
    engine = sa.create_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        postgis = connection.dialect.name == "postgresql"
        if postgis:
            # A database from before the rules: no checks or rule triggers on the table.
            connection.execute(
                sa.text(
                    "DO $$ DECLARE c record; BEGIN FOR c IN SELECT conname FROM pg_constraint "
                    "WHERE conrelid = 'zones'::regclass AND contype IN ('c', 'f') LOOP "
                    "EXECUTE format('ALTER TABLE zones DROP CONSTRAINT %I', c.conname); "
                    "END LOOP; END $$"
                )
            )
            connection.execute(sa.text("ALTER TABLE zones DISABLE TRIGGER USER"))
        for zone_id, row in rows.items():
            is_line = row["wkt"].startswith("MULTILINESTRING")
            if postgis:
                # The area column takes only polygons: the line goes in the line column.
                column = "line" if is_line else "area"
                geometry = "ST_GeomFromText(:wkt, 25832)"
                value = row["wkt"]
            else:
                column, geometry = "area", ":wkt"
                value = shapely.to_wkb(shapely.from_wkt(row["wkt"]))
            connection.execute(
                sa.text(
                    f"INSERT INTO zones (id, kind, category, name, description, status, {column}, "
                    "version, draft, created_at, updated_at) VALUES (:id, :kind, :category, "
                    f":name, '', :status, {geometry}, 1, false, :now, :now)"
                ),
                {"id": zone_id, "kind": row["kind"], "category": row["category"],
                 "name": f"Rar rad {zone_id}", "status": row["status"], "wkt": value, "now": now},
            )  # fmt: skip
        if postgis:
            connection.execute(sa.text("ALTER TABLE zones ENABLE TRIGGER USER"))
    engine.dispose()
    return rows


@pytest.fixture
def odd(app, demo_database_url):
    with app.app_context():
        boundary = plan.reference_layers(current_store()).boundary
    point = boundary.geometry.representative_point()
    return insert_odd_rows(demo_database_url, point.x, point.y)


def _sign_in(app, client, role=Role.PLANNER):
    with app.app_context():
        create_user(current_store(), "kari", role, PASSWORD)
    form = client.get("/logg-inn").data.decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form).group(1)
    client.post("/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": token})
    return client


def test_reading_leaves_each_odd_row_out_and_names_its_rule(app, odd):
    with app.app_context():
        store = current_store()
        zones = plan.zones(store)
        found = {z.problems[0].template % z.problems[0].params: z for z in plan.odd_zones(store)}
        listing = list_zones(store, ZoneFilter(), lambda zone_id, version: False)
    assert not {z.id for z in zones} & set(odd)
    assert len(zones) == 30
    assert {z.id for z in found.values()} == set(odd)
    for row in odd.values():
        assert any(row["rule"] in text for text in found), row["rule"]
    assert listing.skipped == len(odd)
    assert not {zone_id for zone_id, _ in listing.rows} & set(odd)
    assert len(listing.rows) == len(listing.heads) == 30


PAGES = [
    "/",
    "/oversikt",
    "/mal",
    "/tradbrudd",
    "/analyse",
    "/kart.png",
    "/kart.pdf",
    "/rapport/gyllen-trad",
    "/rapport/gyllen-trad.pdf",
    "/api/v1/goals",
    "/api/v1/analysis/areas",
    "/api/v1/analysis/conflicts",
    "/api/v1/analysis/coverage",
    "/api/v1/analysis/stations",
    "/api/v1/analysis/corridors",
]


def test_every_page_that_lists_or_draws_zones_answers_without_the_odd_rows(app, client, odd):
    for path in PAGES:
        response = waited_pdf(client, path)[1] if path.endswith("gyllen-trad.pdf") else None
        response = response or client.get(path)
        assert response.status_code == 200, path
        if response.mimetype in ("text/html", "application/json"):
            body = response.data.decode()
            assert "rar-" not in body and "Rar rad" not in body, path


def test_the_zone_list_says_how_many_rows_it_left_out(client, odd):
    response = client.get("/api/v1/zones")
    assert response.status_code == 200
    assert response.headers[LEFT_OUT_HEADER] == str(len(odd))
    ids = {feature["id"] for feature in json.loads(response.data)["features"]}
    assert len(ids) == 30 and not ids & set(odd)
    again = client.get("/api/v1/zones", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.headers[LEFT_OUT_HEADER] == str(len(odd))
    for kind in ("development", "protection", "corridor"):
        assert client.get(f"/api/v1/zones?kind={kind}").status_code == 200
    bbox = client.get("/api/v1/zones?bbox=10.3,59.8,10.8,60.1")
    assert bbox.status_code == 200 and not {
        f["id"] for f in json.loads(bbox.data)["features"]
    } & set(odd)


def test_the_planners_page_lists_each_odd_row_with_its_rule(app, client, odd):
    assert client.get("/soner-med-feil").status_code in (302, 303)
    _sign_in(app, client)
    response = client.get("/soner-med-feil")
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", response.data.decode())
    for zone_id, row in odd.items():
        assert f'data-odd-zone="{zone_id}"' in page
        assert row["rule"] in page, row["rule"]
    assert "QGIS" in page
    assert 'href="/soner-med-feil"' in client.get("/arbeidsbenk").data.decode()
    assert 'href="/soner-med-feil"' in client.get("/oversikt").data.decode()
    assert client.get("/innspill/rapport").status_code == 200


def test_the_planners_page_is_in_english_too(app, client, odd):
    _sign_in(app, client)
    response = client.get("/soner-med-feil?lang=en")
    page = re.sub(r"\s+", " ", response.data.decode())
    assert response.status_code == 200
    assert "unknown status «planlagt»" in page


def test_the_cli_export_leaves_the_odd_rows_out_and_says_so(demo_database_url, odd, tmp_path):
    from arealweb.cli import main

    path = tmp_path / "soner.geojson"
    env = {"AREALWEB_DATABASE_URL": demo_database_url, "AREALWEB_SECRET_KEY": "test"}
    result = CliRunner().invoke(main, ["export", str(path)], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    ids = {feature["id"] for feature in json.loads(path.read_text())["features"]}
    assert len(ids) == 30 and not ids & set(odd)
    assert "5 soner bryter en regel og ble utelatt" in result.stderr
    assert "rar-status" in result.stderr and "rar-" not in result.stdout
    package = tmp_path / "soner.gpkg"
    result = CliRunner().invoke(main, ["export", str(package)], env=env, catch_exceptions=False)
    assert result.exit_code == 0 and "5 soner" in result.stderr
    protection = tmp_path / "vern.gpkg"
    result = CliRunner().invoke(
        main, ["export", str(protection), "--kind", "protection"], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "2 soner bryter en regel og ble utelatt: rar-kategori, rar-tom" in result.stderr
    goals = tmp_path / "mål.csv"
    result = CliRunner().invoke(main, ["export-goals", str(goals)], env=env, catch_exceptions=False)
    assert result.exit_code == 0 and "rar-" not in goals.read_text()


def test_an_odd_zone_asked_for_by_id_is_never_a_server_error(app, client, odd):
    _sign_in(app, client)
    for zone_id in odd:
        for path in (
            f"/soner/{zone_id}",
            f"/api/v1/zones/{zone_id}",
            f"/soner/{zone_id}/historikk",
        ):
            response = client.get(path)
            assert response.status_code < 500, (path, response.status_code)
    # A row whose attributes break a rule cannot be read as a zone: 404 with the reason.
    response = client.get("/api/v1/zones/rar-status")
    assert response.status_code == 404
    assert "bryter en regel" in response.data.decode()


@pytest.mark.parametrize(
    ("values", "rule", "geometry_only"),
    [
        (("park", "marka", "framtidig", None, None), "ukjent sonetype «park»", False),
        (("protection", "marka", "framtidig", 9999, None), "9999 er ikke en kode", False),
        (("protection", "marka", "framtidig", None, "H999"), "H999 er ikke en hensynssonekode", False),
        (("protection", "marka", "kanskje", None, None), "ukjent status «kanskje»", False),
    ],
)  # fmt: skip
def test_each_attribute_rule_is_named(values, rule, geometry_only):
    from arealweb.store.rows import zone_row_problems

    square = shapely.MultiPolygon([shapely.box(0, 0, 100, 100)])
    problems, only = zone_row_problems(*values, square)
    assert len(problems) == 1 and rule in problems[0].template % problems[0].params
    assert only is geometry_only


def test_a_missing_geometry_and_a_sound_row_are_told_apart():
    from arealweb.store.rows import zone_row_problems

    problems, only = zone_row_problems("corridor", "turvei", "framtidig", None, None, None)
    assert [p.template for p in problems] == ["geometrien mangler"] and only
    line = shapely.MultiLineString([[(0, 0), (100, 0)]])
    assert zone_row_problems("corridor", "turvei", "framtidig", None, None, line) == ([], False)
