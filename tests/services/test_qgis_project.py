"""The QGIS project writer: the document QGIS opens, read as XML, and the command that writes it.

Debian's QGIS itself opens these projects in ``tests/qgis``; here the document's contents are
checked one by one: layers, datasources, CRS, extent, styles, forms, and no password unless
asked for."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from sqlalchemy import make_url

from arealweb.cli import main
from arealweb.domain.codes import AREALFORMAL
from arealweb.domain.errors import InvalidInput
from arealweb.domain.zones import CATEGORIES, ZoneKind
from arealweb.render.styles import CATEGORY_STYLES, LAYER_STYLES
from arealweb.services.database import open_store
from arealweb.services.qgis_project import (
    NEW_ID,
    VALUE_MAP_NULL,
    Connection,
    connection_of,
    project_layers,
    project_xml,
)

CONNECTION = Connection("arealweb", "db.example", 5433, "qgis_planner", None, "require")
EXTENT = (574_000.0, 6_634_000.0, 593_000.0, 6_657_000.0)
NAMES = ["Stasjoner", "Korridorer", "Utviklingsområder", "Vernede områder", "Kommunegrensen"]
URL = "postgresql+psycopg://planner:s3cret@db.example:5433/arealweb?sslmode=require"


def parse(document: bytes) -> ET.Element:
    return ET.fromstring(document)


def project(connection: Connection = CONNECTION) -> ET.Element:
    return parse(project_xml(connection, project_layers(), EXTENT))


def layer(root: ET.Element, name: str) -> ET.Element:
    (found,) = [m for m in root.iter("maplayer") if m.findtext("layername") == name]
    return found


def rgba(colour: str, opacity: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def options(symbol: ET.Element) -> dict[str, str]:
    return {o.get("name"): o.get("value") for o in symbol.find("layer/Option").iter("Option")}


def test_the_project_has_the_five_layers_top_of_the_map_first():
    root = project()
    assert root.tag == "qgis"
    assert [m.findtext("layername") for m in root.iter("maplayer")] == NAMES
    assert [t.get("name") for t in root.find("layer-tree-group")] == NAMES
    ids = [m.findtext("id") for m in root.iter("maplayer")]
    assert [e.get("id") for e in root.find("layerorder")] == ids
    assert {m.findtext("provider") for m in root.iter("maplayer")} == {"postgres"}


def test_each_layer_reads_its_view_or_table_in_utm32():
    root = project()
    connection = "dbname='arealweb' host=db.example port=5433 user='qgis_planner' sslmode=require"
    expected = {
        "Utviklingsområder": ('"editing"."development_zones"', "id", "MultiPolygon"),
        "Vernede områder": ('"editing"."protection_zones"', "id", "MultiPolygon"),
        "Korridorer": ('"editing"."corridors"', "id", "MultiLineString"),
        "Kommunegrensen": ('"public"."boundary"', "kommunenummer", "MultiPolygon"),
        "Stasjoner": ('"public"."stations"', "id", "Point"),
    }
    for name, (table, key, wkb) in expected.items():
        element = layer(root, name)
        assert element.findtext("datasource") == (
            f"{connection} key='{key}' srid=25832 type={wkb} checkPrimaryKeyUnicity='0' "
            f"table={table} (geom)"
        )
        assert element.get("wkbType") == wkb
        assert element.findtext("srs/spatialrefsys/authid") == "EPSG:25832"
        assert 'ID["EPSG",25832]' in element.findtext("srs/spatialrefsys/wkt")
    assert root.findtext("projectCrs/spatialrefsys/authid") == "EPSG:25832"


def test_the_reference_layers_are_read_only_and_the_editing_layers_are_not():
    root = project()
    assert {m.findtext("layername"): m.get("readOnly") for m in root.iter("maplayer")} == {
        "Stasjoner": "1",
        "Korridorer": "0",
        "Utviklingsområder": "0",
        "Vernede områder": "0",
        "Kommunegrensen": "1",
    }


def test_the_project_opens_on_the_extent_it_is_given_in_utm32():
    view = project().find("ProjectViewSettings/DefaultViewExtent")
    assert [float(view.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")] == list(EXTENT)
    assert view.findtext("spatialrefsys/authid") == "EPSG:25832"


@pytest.mark.parametrize("kind", [ZoneKind.DEVELOPMENT, ZoneKind.PROTECTION])
def test_area_categories_are_filled_with_the_web_maps_colours(kind):
    name = {ZoneKind.DEVELOPMENT: "Utviklingsområder", ZoneKind.PROTECTION: "Vernede områder"}
    renderer = layer(project(), name[kind]).find("renderer-v2")
    assert (renderer.get("type"), renderer.get("attr")) == ("categorizedSymbol", "category")
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    categories = renderer.find("categories")
    assert [c.get("value") for c in categories] == list(CATEGORIES[kind])
    for category in categories:
        style = CATEGORY_STYLES[category.get("value")]
        drawn = options(symbols[category.get("symbol")])
        assert drawn["color"] == rgba(style["fillColor"], 0.4)
        assert drawn["outline_color"] == rgba(style["color"], 0.9)
        assert category.get("label") == CATEGORIES[kind][category.get("value")]


def test_corridors_are_lines_in_the_web_maps_colours_and_dashes():
    renderer = layer(project(), "Korridorer").find("renderer-v2")
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    for category in renderer.find("categories"):
        style = CATEGORY_STYLES[category.get("value")]
        symbol = symbols[category.get("symbol")]
        assert symbol.get("type") == "line"
        drawn = options(symbol)
        assert drawn["line_color"] == rgba(style["color"], 0.9)
        assert drawn["line_width"] == str(style["weight"])
        assert drawn["use_custom_dash"] == ("1" if "dashArray" in style else "0")
    gangvei = next(c for c in renderer.find("categories") if c.get("value") == "gangvei")
    assert options(symbols[gangvei.get("symbol")])["customdash"] == "6;4"


def test_stations_are_circles_and_the_boundary_a_dashed_outline():
    root = project()
    stations = layer(root, "Stasjoner").find("renderer-v2")
    assert stations.get("attr") == "planned"
    symbols = {s.get("name"): s for s in stations.find("symbols")}
    drawn = {c.get("value"): options(symbols[c.get("symbol")]) for c in stations.find("categories")}
    assert drawn["false"]["name"] == "circle"
    assert drawn["false"]["color"] == rgba(LAYER_STYLES["station"]["fillColor"], 1)
    assert drawn["true"]["color"] == rgba(LAYER_STYLES["station_planned"]["fillColor"], 1)
    assert drawn["true"]["size"] == "10"
    boundary = options(layer(root, "Kommunegrensen").find("renderer-v2/symbols/symbol"))
    assert boundary["style"] == "no"
    assert boundary["outline_style"] == "dash"
    assert boundary["outline_color"] == rgba(LAYER_STYLES["boundary"]["color"], 0.9)


def value_map(element: ET.Element, field: str) -> dict[str, str]:
    (configured,) = [f for f in element.find("fieldConfiguration") if f.get("name") == field]
    widget = configured.find("editWidget")
    assert widget.get("type") == "ValueMap"
    entries = widget.find("config/Option/Option[@name='map']")
    return {o.get("name"): o.get("value") for entry in entries for o in entry}


def test_code_lists_are_value_maps_and_version_and_updated_at_read_only():
    element = layer(project(), "Vernede områder")
    assert sorted(value_map(element, "category").values()) == sorted(
        CATEGORIES[ZoneKind.PROTECTION]
    )
    assert value_map(element, "status") == {"Nåværende": "nåværende", "Framtidig": "framtidig"}
    arealformal = value_map(element, "arealformal")
    assert arealformal["(ingen)"] == VALUE_MAP_NULL
    assert arealformal["1110 Boligbebyggelse"] == "1110"
    assert len(arealformal) == len(AREALFORMAL) + 1
    assert value_map(element, "hensynssone")["H560 Bevaring naturmiljø"] == "H560"
    editable = {f.get("name"): f.get("editable") for f in element.find("editable")}
    assert editable["version"] == editable["updated_at"] == "0"
    assert editable["name"] == editable["category"] == "1"
    defaults = {d.get("field"): d.get("expression") for d in element.find("defaults")}
    assert defaults["id"] == NEW_ID
    assert defaults["status"] == "'framtidig'"
    aliases = {a.get("field"): a.get("name") for a in element.find("aliases")}
    assert aliases["category"] == "Kategori"


def test_no_password_is_written_unless_asked_for():
    store = open_store(URL)
    quiet = project_xml(connection_of(store), project_layers(), EXTENT)
    assert b"s3cret" not in quiet
    assert b"password" not in quiet
    told = project_xml(connection_of(store, with_password=True), project_layers(), EXTENT)
    assert "user='planner' password='s3cret' sslmode=require key='id'" in told.decode()


def test_another_role_is_written_without_the_urls_password_and_a_service_alone():
    store = open_store(URL)
    other = connection_of(store, user="qgis_redaktor").uri()
    assert (
        other == "dbname='arealweb' host=db.example port=5433 user='qgis_redaktor' sslmode=require"
    )
    with pytest.raises(InvalidInput, match="passordet"):
        connection_of(store, user="qgis_redaktor", with_password=True)
    assert connection_of(store, service="arealweb").uri() == "service='arealweb' sslmode=require"


def test_quotes_in_names_are_escaped_as_qgis_escapes_them():
    tricky = Connection("plan's db", "db.example", None, "o\\brien", None, "prefer")
    assert tricky.uri() == "dbname='plan\\'s db' host=db.example user='o\\\\brien' sslmode=prefer"


def test_sqlite_is_refused_with_a_message_naming_postgis(tmp_path):
    with pytest.raises(InvalidInput) as refused:
        connection_of(open_store(f"sqlite:///{tmp_path / 'plan.sqlite3'}"))
    assert "trenger PostGIS" in refused.value.problems[0].template


def run(url: str, *args):
    return CliRunner().invoke(
        main,
        [str(a) for a in args],
        env={"AREALWEB_DATABASE_URL": url, "AREALWEB_SECRET_KEY": "test"},
        catch_exceptions=False,
    )


def test_the_command_writes_the_project_on_postgis_and_refuses_sqlite(
    demo_database_url, backend, tmp_path
):
    path = tmp_path / "plan.qgs"
    result = run(demo_database_url, "qgis-project", path)
    if backend == "sqlite":
        assert result.exit_code == 1
        assert "QGIS-prosjektet trenger PostGIS: databasen er sqlite" in result.output
        assert not path.exists()
        return
    assert result.exit_code == 0, result.output
    assert f"Skrev QGIS-prosjektet {path}: {', '.join(NAMES)}" in result.output
    user = make_url(demo_database_url).username
    assert f"Uten passord: QGIS spør etter passordet til {user}." in result.output
    root = parse(path.read_bytes())
    assert [m.findtext("layername") for m in root.iter("maplayer")] == NAMES
    view = root.find("ProjectViewSettings/DefaultViewExtent")
    xmin, ymin, xmax, ymax = (float(view.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))
    # The demo's boundary (Bærum) with a margin.
    assert 573_000 < xmin < 576_000 and 6_633_000 < ymin < 6_636_000
    assert 592_000 < xmax < 594_000 and 6_656_000 < ymax < 6_658_000
    database = demo_database_url.rsplit("/", 1)[1]
    assert f"dbname='{database}'" in layer(root, "Korridorer").findtext("datasource")


def test_the_command_takes_another_database_url_and_role(demo_database_url, backend, tmp_path):
    path = tmp_path / "plan.qgs"
    other = "sqlite:///" + str(tmp_path / "unused.sqlite3")
    result = run(other, "qgis-project", path, "--database-url", demo_database_url, "--user", "x")
    if backend == "sqlite":
        assert result.exit_code == 1
        return
    assert result.exit_code == 0, result.output
    assert "user='x' sslmode=prefer" in path.read_text(encoding="utf-8")


def test_the_command_will_not_write_a_password_it_does_not_have(
    demo_database_url, backend, tmp_path
):
    path = tmp_path / "plan.qgs"
    result = run(demo_database_url, "qgis-project", path, "--with-password")
    assert result.exit_code == 1
    expected = (
        f"kjenner ikke passordet til {make_url(demo_database_url).username}"
        if backend == "postgis"
        else "QGIS-prosjektet trenger PostGIS"
    )
    assert expected in result.output
    assert not path.exists()


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_a_project_holding_a_password_is_readable_by_its_owner_only(demo_database_url, tmp_path):
    path = tmp_path / "plan.qgs"
    path.write_text("an older project, readable by all")
    path.chmod(0o644)
    url = make_url(demo_database_url).set(password="s3cret")
    result = run(url.render_as_string(hide_password=False), "qgis-project", path, "--with-password")
    assert result.exit_code == 0, result.output
    assert "password='s3cret'" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
