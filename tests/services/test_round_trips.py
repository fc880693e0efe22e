"""Round trips lose nothing: every format carries ids, versions and timestamps with one type per
field; a file without ids imported twice creates its zones once; `import --dry-run` writes
nothing; exports filter by kind and goal and write the CRS asked for; a GeoPackage carries QGIS
styles. Against both databases, read back with pyogrio."""

import json
import sqlite3
from datetime import UTC, datetime
from xml.etree import ElementTree

import pyogrio
import pytest
import shapely
from click.testing import CliRunner

from arealweb.cli import main
from arealweb.domain.zones import ZoneKind
from arealweb.render.styles import CATEGORY_STYLES
from arealweb.services.export import ExportFilter, export_zones
from arealweb.services.transfer import import_zones, preview_import
from tests.conftest import snapshot

LIMIT = 50 * 1024 * 1024
FORMATS = ["zones.geojson", "zones.gpkg", "zones.fgb", "zones.kml", "zones.zip"]

TYPES = {
    # pyogrio's dtype per field and format: the same in every layer of a file.
    "id": "object",
    "version": "int",
    "created_at": "object",
    "updated_at": "object",
    "name": "object",
    "arealformal": "int",
    "draft": "bool",
    "area_daa": "float64",
    "length_m": "float64",
}
NAMES = {
    "ESRI Shapefile": {"arealformal": "arealforma"},
    "LIBKML": {"id": "zone_id", "name": "Name"},
}


def source(path):
    return f"/vsizip/{path}" if path.suffix == ".zip" else str(path)


def layers(path):
    return [str(name) for name, kind in pyogrio.list_layers(source(path)) if kind is not None]


def stored(store):
    with store.read() as repo:
        zones = {z.id: z for z in repo.zones.all()}
        times = repo.zones.saved_times()
    return zones, times


def stamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_import(store, path):
    return import_zones(store, path, tolerance_m=25, max_bytes=LIMIT, actor="test")


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_carries_ids_versions_and_timestamps_with_one_type_per_field(
    demo_store, tmp_path, name
):
    path = tmp_path / name
    export_zones(demo_store, path)
    zones, times = stored(demo_store)
    driver = pyogrio.read_info(source(path), layer=layers(path)[0])["driver"]
    names = NAMES.get(driver, {})
    seen = {}
    for layer in layers(path):
        info = pyogrio.read_info(source(path), layer=layer)
        dtypes = dict(zip(info["fields"], info["dtypes"], strict=True))
        for field, expected in TYPES.items():
            column = names.get(field, field)
            if column not in dtypes:
                assert field in ("area_daa", "length_m"), (layer, field)
                continue
            actual = dtypes[column]
            if field == "draft" and driver in ("ESRI Shapefile", "LIBKML"):
                expected = "int"  # no boolean type there: 0/1
            if field.endswith("_at") and driver == "GeoJSON":
                expected = "datetime64[ms]"  # GDAL reads ISO 8601 text in GeoJSON as times
            if expected == "int":
                assert actual.startswith("int"), (layer, field, actual)
            else:
                assert actual == expected, (layer, field, actual)
            seen.setdefault(field, set()).add(actual)
        frame = pyogrio.read_dataframe(source(path), layer=layer)
        for _, row in frame.iterrows():
            zone = zones[row[names.get("id", "id")]]
            assert row["version"] == zone.version
            created, updated = times[zone.id]
            for field, moment in (("created_at", created), ("updated_at", updated)):
                value = row[field]
                text = value.strftime("%Y-%m-%dT%H:%M:%SZ") if driver == "GeoJSON" else value
                assert text == stamp(moment)
            assert bool(row["draft"]) == zone.draft
            assert row[names.get("name", "name")] == zone.name
    assert all(len(types) == 1 for types in seen.values()), seen
    if driver == "GeoJSON":
        document = json.loads(path.read_text())
        first = document["features"][0]["properties"]
        assert isinstance(first["version"], int) and isinstance(first["draft"], bool)
        assert datetime.strptime(first["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    total = sum(len(pyogrio.read_dataframe(source(path), layer=la)) for la in layers(path))
    assert total == len(zones)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_imports_back_unchanged_with_the_same_ids(demo_store, tmp_path, name):
    path = tmp_path / name
    export_zones(demo_store, path)
    before = snapshot(demo_store)
    report = run_import(demo_store, path)
    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == len(stored(demo_store)[0])
    assert snapshot(demo_store) == before


@pytest.mark.parametrize("name", FORMATS)
def test_a_file_without_ids_imported_twice_creates_nothing_the_second_time(
    demo_store, tmp_path, name
):
    exported = tmp_path / f"all{name[5:]}"
    export_zones(demo_store, exported, selection=ExportFilter(kind=ZoneKind.DEVELOPMENT))
    path = tmp_path / name
    _without_ids(exported, path)
    count = len(stored(demo_store)[0])
    preview = preview_import(demo_store, path, tolerance_m=25, max_bytes=LIMIT)
    assert {r.outcome for r in preview} == {"unchanged"}
    before = snapshot(demo_store)
    report = run_import(demo_store, path)
    assert report.created == [] and report.updated == []
    assert snapshot(demo_store) == before
    run_import(demo_store, path)
    assert len(stored(demo_store)[0]) == count


def test_a_moved_zone_without_id_is_new_and_only_once_per_feature(demo_store, tmp_path):
    exported = tmp_path / "all.geojson"
    export_zones(demo_store, exported, selection=ExportFilter(kind=ZoneKind.DEVELOPMENT))
    document = json.loads(exported.read_text())
    first = document["features"][0]
    for feature in document["features"]:
        feature.pop("id")
        for key in ("id", "version", "created_at", "updated_at"):
            feature["properties"].pop(key)
    twice = dict(first, properties=dict(first["properties"]))
    moved = json.loads(json.dumps(first))
    moved["geometry"] = json.loads(
        shapely.to_geojson(
            shapely.affinity.translate(shapely.geometry.shape(first["geometry"]), 0.0001)
        )
    )
    path = tmp_path / "in.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [first, twice, moved]}))
    outcomes = [
        r.outcome for r in preview_import(demo_store, path, tolerance_m=25, max_bytes=LIMIT)
    ]
    assert outcomes == ["unchanged", "created", "created"]


def _without_ids(exported, path):
    """A copy of ``exported`` with no id, version or timestamps, as another program writes."""
    import geopandas as gpd

    if exported.suffix == ".geojson":
        document = json.loads(exported.read_text())
        for feature in document["features"]:
            feature.pop("id")
            for key in ("id", "version", "created_at", "updated_at"):
                feature["properties"].pop(key)
        path.write_text(json.dumps(document, ensure_ascii=False))
        return
    driver = pyogrio.read_info(source(exported), layer=layers(exported)[0])["driver"]
    target = path
    if driver == "ESRI Shapefile":
        target = path.parent / "shp"
        target.mkdir()
    for layer in layers(exported):
        frame = gpd.read_file(source(exported), layer=layer, engine="pyogrio")
        gone = ["id", "version", "created_at", "updated_at", "zone_id"]
        frame = frame.drop(columns=[c for c in gone if c in frame])
        out = target / f"{layer}.shp" if driver == "ESRI Shapefile" else target
        frame.to_file(out, layer=layer, driver=driver, engine="pyogrio")
    if driver == "ESRI Shapefile":
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            for part in sorted(target.iterdir()):
                archive.write(part, part.name)


@pytest.fixture
def cli(demo_database_url):
    runner = CliRunner()
    env = {"AREALWEB_DATABASE_URL": demo_database_url, "AREALWEB_SECRET_KEY": "test"}

    def run(*args, ok=True):
        result = runner.invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


def test_import_dry_run_prints_the_preview_and_writes_nothing(cli, demo_store, tmp_path):
    exported = tmp_path / "zones.geojson"
    cli("export", exported)
    document = json.loads(exported.read_text())
    edited = next(f for f in document["features"] if f["id"] == "sandvika")
    edited["properties"]["description"] = "Endret i QGIS"
    new = json.loads(json.dumps(edited))
    new.pop("id")
    for key in ("id", "version", "created_at", "updated_at"):
        new["properties"].pop(key)
    new["properties"]["name"] = "Sandvika vest"
    document["features"].append(new)
    path = tmp_path / "edited.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False))
    before = snapshot(demo_store)
    output = cli("import", path, "--dry-run").output
    assert snapshot(demo_store) == before
    assert "endret: objekt" in output and "(id sandvika) – description" in output
    assert "ny: objekt" in output and "«Sandvika vest»" in output
    unchanged = len(document["features"]) - 2
    assert f"1 ny, 1 endret, {unchanged} uendret, 0 i konflikt, 0 med feil" in output


def test_import_dry_run_shows_conflicts_and_problems_and_writes_nothing(cli, demo_store, tmp_path):
    path = tmp_path / "zones.geojson"
    cli("export", path)
    with demo_store.write() as repo:
        zone = repo.zones.get("sandvika")
        from dataclasses import replace

        repo.zones.save(replace(zone, description="Endret av en annen"), zone, actor="other")
    document = json.loads(path.read_text())
    for feature in document["features"]:
        if feature["id"] == "sandvika":
            feature["properties"]["description"] = "Min endring"
        if feature["id"] == "fornebu":
            feature["properties"]["category"] = "ukjent"
    path.write_text(json.dumps(document, ensure_ascii=False))
    before = snapshot(demo_store)
    output = cli("import", path, "--dry-run").output
    assert snapshot(demo_store) == before
    assert "konflikt: objekt" in output and "versjon 1, nå: versjon 2" in output
    assert "feil: objekt" in output and "ukjent" in output
    assert "1 i konflikt, 1 med feil" in output


def test_export_filters_by_kind_and_by_goal_with_every_goal_below_it(cli, demo_store, tmp_path):
    zones, _ = stored(demo_store)
    path = tmp_path / "corridors.geojson"
    cli("export", path, "--kind", "corridor")
    found = {f["id"] for f in json.loads(path.read_text())["features"]}
    assert found == {z.id for z in zones.values() if z.kind is ZoneKind.CORRIDOR}
    with demo_store.read() as repo:
        tree = repo.goals.tree()
    below = tree.subtree_ids("2020.hm1")
    expected = {z.id for z in zones.values() if set(z.goal_ids) & set(below)}
    assert expected and expected != set(zones)
    path = tmp_path / "hm1.gpkg"
    cli("export", path, "--goal", "2020.hm1")
    found = {i for layer in layers(path) for i in pyogrio.read_dataframe(path, layer=layer)["id"]}
    assert found == expected
    path = tmp_path / "hm1-dev.fgb"
    cli("export", path, "--goal", "2020.hm1", "--kind", "development")
    assert set(pyogrio.read_dataframe(path)["id"]) == {
        i for i in expected if zones[i].kind is ZoneKind.DEVELOPMENT
    }
    result = cli("export", tmp_path / "x.geojson", "--goal", "2099.nope", ok=False)
    assert result.exit_code != 0 and "2099.nope" in result.output
    corridors = {g for z in zones.values() if z.kind is ZoneKind.CORRIDOR for g in z.goal_ids}
    bare = next(g for g in tree.goals if not corridors & set(tree.subtree_ids(g)))
    result = cli("export", tmp_path / "none.gpkg", "--goal", bare, "--kind", "corridor", ok=False)
    assert result.exit_code != 0 and "ingen soner passer" in result.output
    assert not (tmp_path / "none.gpkg").exists()


@pytest.mark.parametrize(
    ("name", "crs", "epsg"),
    [
        ("zones.gpkg", None, 25832),
        ("zones.gpkg", "25833", 25833),
        ("zones.fgb", "4258", 4258),
        ("zones.zip", "4326", 4326),
        ("zones.geojson", None, 4326),
        ("zones.geojson", "25833", 25833),
        ("zones.geojson", "25832", 25832),
    ],
)
def test_export_writes_the_crs_asked_for(cli, demo_store, tmp_path, name, crs, epsg):
    zones, _ = stored(demo_store)
    path = tmp_path / name
    cli("export", path, *(["--crs", crs] if crs else []))
    sandvika = zones["sandvika"].geometry
    expected = shapely.centroid(sandvika)
    if epsg != 25832:
        import pyproj

        move = pyproj.Transformer.from_crs(25832, epsg, always_xy=True)
        expected = shapely.Point(move.transform(expected.x, expected.y))
    if name.endswith(".geojson"):
        document = json.loads(path.read_text())
        if crs is None:
            assert "crs" not in document
        else:
            assert document["crs"]["properties"]["name"] == f"urn:ogc:def:crs:EPSG::{epsg}"
        feature = next(f for f in document["features"] if f["id"] == "sandvika")
        geometry = shapely.geometry.shape(feature["geometry"])
    else:
        layer = "zones" if name.endswith(".fgb") else "development"
        frame = pyogrio.read_dataframe(source(path), layer=layer)
        assert frame.crs.to_epsg() == epsg
        geometry = frame.set_index("id").loc["sandvika"].geometry
    tolerance = 1e-5 if epsg in (4258, 4326) else 1.0
    assert shapely.centroid(geometry).distance(expected) < tolerance
    # and it imports back as the same zones
    assert run_import(demo_store, path).created == []


def test_kml_is_wgs84_only_and_an_unknown_crs_is_refused(cli, tmp_path):
    result = cli("export", tmp_path / "zones.kml", "--crs", "25832", ok=False)
    assert result.exit_code != 0 and "WGS84" in result.output
    result = cli("export", tmp_path / "zones.gpkg", "--crs", "3857", ok=False)
    assert result.exit_code != 0


def test_geopackage_carries_qgis_styles_for_each_layer_in_the_web_maps_colours(
    demo_store, tmp_path
):
    path = tmp_path / "zones.gpkg"
    export_zones(demo_store, path)
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT f_table_name, f_geometry_column, styleQML, styleSLD, useAsDefault "
            "FROM layer_styles"
        ).fetchall()
        contents = {r[0] for r in connection.execute("SELECT table_name FROM gpkg_contents")}
    assert sorted(r[0] for r in rows) == sorted(layers(path))
    assert "layer_styles" in contents
    for _, column, qml, sld, default in rows:
        assert column == "geom" and default == 1
        assert 'type="categorizedSymbol" attr="category"' in qml
        assert ElementTree.fromstring(qml).tag == "qgis"
        assert ElementTree.fromstring(sld.encode()).tag.endswith("StyledLayerDescriptor")
        assert "StyledLayerDescriptor" in sld
    styles = {r[0]: r for r in rows}
    marka = CATEGORY_STYLES["marka"]["fillColor"]
    rgb = ",".join(str(int(marka[i : i + 2], 16)) for i in (1, 3, 5))
    assert f'value="{rgb},102"' in styles["protection"][2]
    assert marka in styles["protection"][3]
    assert CATEGORY_STYLES["sykkelvei"]["color"] in styles["corridor"][3]
    assert 'class="SimpleLine"' in styles["corridor"][2]
