"""Import is all or nothing; export round-trips. Against both databases."""

import copy
import json
import threading

import pyogrio
import pyproj
import pytest
import shapely

from arealweb.domain.errors import InvalidInput
from arealweb.services.demo import GEODATA
from arealweb.services.export import export_zones
from arealweb.services.transfer import import_zones
from tests.conftest import snapshot

LIMIT = 50 * 1024 * 1024


def run_import(store, path):
    return import_zones(store, path, tolerance_m=25, max_bytes=LIMIT, actor="test")


def demo_features():
    return json.loads((GEODATA / "zones.geojson").read_text())["features"]


def new_zone(**changes):
    """A valid new growth area at Haslum, in WGS84 as a file would carry it."""
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Haslum",
            "kind": "development",
            "category": "bymessig område",
            "goal_ids": ["2020.hm2.d2.s1.a1"],
        },
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [
                    [10.560, 59.913],
                    [10.567, 59.913],
                    [10.567, 59.917],
                    [10.560, 59.917],
                    [10.560, 59.913],
                ]
            ],
        },
    }
    for key, value in changes.items():
        if key == "geometry":
            feature["geometry"] = value
        else:
            feature["properties"][key] = value
    return feature


def write(tmp_path, features, name="in.geojson", crs=None):
    document = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False))
    return path


BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[10.56, 59.913], [10.567, 59.917], [10.567, 59.913], [10.56, 59.917], [10.56, 59.913]]
    ],
}
LINE = {"type": "LineString", "coordinates": [[10.56, 59.913], [10.567, 59.917]]}
OUTSIDE = {
    "type": "Polygon",
    "coordinates": [
        [[10.75, 59.91], [10.76, 59.91], [10.76, 59.92], [10.75, 59.92], [10.75, 59.91]]
    ],
}
PROJECTED = {
    "type": "Polygon",
    "coordinates": [[[585000, 6642000], [585400, 6642000], [585400, 6642400], [585000, 6642000]]],
}

BAD = {
    "self-intersection": (
        [new_zone(geometry=BOWTIE)],
        "objekt 1 «Haslum»: geometrien krysser seg selv ved 59.91",
    ),
    "empty geometry": ([new_zone(geometry=None)], "objekt 1 «Haslum»: geometrien er tom"),
    "type does not fit kind": (
        [new_zone(geometry=LINE)],
        "må være Polygon eller MultiPolygon, ikke LineString",
    ),
    "outside Bærum": ([new_zone(geometry=OUTSIDE)], "ligger utenfor Bærum kommune"),
    "projected numbers claiming WGS84": ([new_zone(geometry=PROJECTED)], "ser ut som meter"),
    "unknown goal": ([new_zone(goal_ids=["2099.hm9"])], "målet «2099.hm9» finnes ikke"),
    "unknown kind": (
        [new_zone(kind="park")],
        "kind: «park» er ukjent; bruk en av: development, protection, corridor",
    ),
    "unknown category": ([new_zone(category="slott")], "kategorien «slott» finnes ikke"),
    "missing name": ([new_zone(name="")], "sonen mangler navn"),
    "one bad among good ones": (
        [new_zone(name="God"), new_zone(name="Dårlig", geometry=BOWTIE), new_zone(name="Også god")],
        "objekt 2 «Dårlig»: geometrien krysser seg selv",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_import_names_the_problem_and_changes_no_row(demo_store, tmp_path, case):
    features, words = BAD[case]
    before = snapshot(demo_store)
    with pytest.raises(InvalidInput) as error:
        run_import(demo_store, write(tmp_path, features))
    assert words in error.value.message
    assert snapshot(demo_store) == before


def test_every_problem_in_the_file_is_reported_at_once(demo_store, tmp_path):
    features = [new_zone(name="A", goal_ids=["x"]), new_zone(name="B", geometry=OUTSIDE)]
    with pytest.raises(InvalidInput) as error:
        run_import(demo_store, write(tmp_path, features))
    assert [p.where for p in error.value.problems] == ["objekt 1 «A»", "objekt 2 «B»"]


def test_broken_json_and_an_oversized_file_change_nothing(demo_store, tmp_path):
    before = snapshot(demo_store)
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(InvalidInput, match="ikke gyldig JSON"):
        run_import(demo_store, broken)
    big = write(tmp_path, [new_zone()])
    with pytest.raises(InvalidInput, match="største tillatte er"):
        import_zones(demo_store, big, tolerance_m=25, max_bytes=100, actor="test")
    assert snapshot(demo_store) == before


def test_a_good_import_adds_the_zone_with_its_area(demo_store, tmp_path):
    report = run_import(demo_store, write(tmp_path, [new_zone(id="haslum")]))
    assert report.created == ["Haslum"]
    with demo_store.read() as repo:
        zone = repo.zones.get("haslum")
    polygon = shapely.from_geojson(json.dumps(new_zone()["geometry"]))
    geodesic_m2, _ = pyproj.Geod(ellps="GRS80").geometry_area_perimeter(polygon)
    assert zone.area_daa() == pytest.approx(abs(geodesic_m2) / 1000, rel=0.001)
    assert zone.goal_ids == ["2020.hm2.d2.s1.a1"]


def test_a_file_in_utm32_imports_too(demo_store, tmp_path):
    square = {
        "type": "Polygon",
        "coordinates": [
            [
                [587300, 6643100],
                [587600, 6643100],
                [587600, 6643400],
                [587300, 6643400],
                [587300, 6643100],
            ]
        ],
    }
    run_import(demo_store, write(tmp_path, [new_zone(id="utm", geometry=square)], crs="EPSG:25832"))
    with demo_store.read() as repo:
        assert repo.zones.get("utm").area_daa() == pytest.approx(90.0)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".fgb", ".kml", ".zip"])
def test_an_exported_file_imports_back_unchanged(demo_store, tmp_path, suffix):
    path = tmp_path / f"zones{suffix}"
    assert export_zones(demo_store, path) == len(demo_features())
    before = snapshot(demo_store)
    report = run_import(demo_store, path)
    assert report.created == report.updated == []
    assert len(report.unchanged) == len(demo_features())
    assert snapshot(demo_store) == before


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".fgb", ".kml", ".zip"])
def test_an_export_loads_into_another_database_with_the_same_zones(
    demo_store, store, tmp_path, suffix
):
    from arealweb.services.demo import load_demo

    empty = tmp_path / "geodata"
    empty.mkdir()
    for name in ("goals.json", "boundary.geojson", "stations.geojson"):
        (empty / name).write_bytes((GEODATA / name).read_bytes())
    (empty / "zones.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    load_demo(store, empty)

    path = tmp_path / f"zones{suffix}"
    export_zones(demo_store, path)
    report = run_import(store, path)
    assert len(report.created) == len(demo_features())
    with demo_store.read() as a, store.read() as b:
        for original, copied in zip(a.zones.all(), b.zones.all(), strict=True):
            assert (copied.id, copied.name, copied.kind, copied.category) == (
                original.id,
                original.name,
                original.kind,
                original.category,
            )
            if suffix == ".zip":
                # A Shapefile text field holds 254 characters: longer rationales stay behind.
                assert [l.goal_id for l in copied.links] == [l.goal_id for l in original.links]
                kept = json.dumps(
                    [{"goal_id": l.goal_id, "rationale": l.rationale} for l in original.links],
                    ensure_ascii=False,
                )
                if len(kept) <= 254:
                    assert copied.links == original.links
            else:
                assert copied.links == original.links
            assert copied.description == original.description
            assert shapely.normalize(copied.geometry).equals_exact(
                shapely.normalize(original.geometry), tolerance=0.2
            )


def test_geopackage_export_has_a_layer_per_kind_in_utm32_with_letters_and_goal_ids(
    demo_store, tmp_path
):
    path = tmp_path / "zones.gpkg"
    export_zones(demo_store, path)
    layers = dict(pyogrio.list_layers(path))
    assert layers == {
        "development": "MultiPolygon",
        "protection": "MultiPolygon",
        "corridor": "MultiLineString",
        "layer_styles": None,
    }
    del layers["layer_styles"]
    protection = pyogrio.read_dataframe(path, layer="protection")
    assert protection.crs.to_epsg() == 25832
    marka = protection.set_index("id").loc["marka"]
    assert marka["name"] == "Bærumsmarka"
    assert sorted(json.loads(marka["goal_ids"])) == ["2020.hm1.d2.s1.a1", "2020.hm3.d2.s1.a1"]
    assert marka["hensynssone"] == "H735"
    assert marka["arealformal"] == 5100
    total = sum(len(pyogrio.read_dataframe(path, layer=layer)) for layer in layers)
    assert total == len(demo_features())


def test_editing_an_exported_file_updates_just_that_zone(demo_store, tmp_path):
    path = tmp_path / "zones.geojson"
    export_zones(demo_store, path)
    document = json.loads(path.read_text())
    edited = copy.deepcopy(document)
    for feature in edited["features"]:
        if feature["id"] == "grini" or feature["properties"]["id"] == "jordvern-grini":
            feature["properties"]["description"] = "Dyrka mark – må bevares"
    path.write_text(json.dumps(edited, ensure_ascii=False))
    report = run_import(demo_store, path)
    assert report.updated == ["Grini jordbrukslandskap"]
    with demo_store.read() as repo:
        zone = repo.zones.get("jordvern-grini")
    assert zone.description == "Dyrka mark – må bevares"
    assert zone.version == 2


def _zip(path, members):
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _shapefile_zip(demo_store, tmp_path, drop=()):
    """A real zipped Shapefile export, with some of its parts left out."""
    import zipfile

    full = tmp_path / "full.zip"
    export_zones(demo_store, full)
    with zipfile.ZipFile(full) as archive:
        members = {n: archive.read(n) for n in archive.namelist() if not n.endswith(tuple(drop))}
    return _zip(tmp_path / "partial.zip", members)


BROKEN = {
    "garbage FlatGeobuf": (
        "z.fgb",
        b"this is not flatgeobuf at all",
        "kan ikke åpnes som FlatGeobuf",
    ),
    "garbage KML": ("z.kml", b"<kml><Document><Placemark>", "kan ikke åpnes som KML"),
    "not a zip": ("z.zip", b"PK but not really a zip", "ikke en gyldig zip-fil"),
    "garbage GeoPackage": (
        "z.gpkg",
        b"SQLite format 3\0 but nothing else",
        "kan ikke åpnes som GeoPackage",
    ),
    "empty GeoJSON": (
        "z.geojson",
        b'{"type": "FeatureCollection", "features": []}',
        "filen inneholder ingen objekter",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_of_each_format_is_refused_and_changes_nothing(demo_store, tmp_path, case):
    name, data, words = BROKEN[case]
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(demo_store)
    with pytest.raises(InvalidInput) as error:
        run_import(demo_store, path)
    assert words in error.value.message
    assert snapshot(demo_store) == before


def test_zip_bombs_and_crafted_zips_are_refused_before_anything_is_read(demo_store, tmp_path):
    import os

    before = snapshot(demo_store)
    cases = [
        (
            _zip(tmp_path / "bomb.zip", {"a.shp": b"\0" * 2_000_000}),
            "mistenkelig sterkt komprimert",
        ),
        (
            _zip(tmp_path / "escape.zip", {"../../etc/a.shp": b"x"}),
            "ugyldig filnavn: ../../etc/a.shp",
        ),
        (_zip(tmp_path / "many.zip", {f"f{n}.txt": b"x" for n in range(60)}), "har 60 filer"),
        (_zip(tmp_path / "empty.zip", {"readme.txt": b"hei"}), "ingen Shapefile"),
        (_shapefile_zip(demo_store, tmp_path, drop=(".prj",)), "mangler .prj"),
    ]
    for path, words in cases:
        with pytest.raises(InvalidInput) as error:
            run_import(demo_store, path)
        assert words in error.value.message, error.value.message
    # Compresses about 50:1 (under the ratio guard) and unpacks to 30 times the file limit.
    member = os.urandom(2_000) + b"\0" * 98_000
    big = _zip(
        tmp_path / "big.zip", {"a.shp": member, "a.shx": member, "a.dbf": member, "a.prj": b""}
    )
    assert big.stat().st_size < 10_000
    with pytest.raises(InvalidInput, match=r"pakker seg ut til 0\.3 MB"):
        import_zones(demo_store, big, tolerance_m=25, max_bytes=10_000, actor="test")
    assert snapshot(demo_store) == before


def test_kml_from_elsewhere_imports_with_its_placemark_names(demo_store, tmp_path):
    kml = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark id="ID_001">
<name>Løkkeåsen grøntdrag</name><description>Tegnet i Google Earth</description>
<ExtendedData><Data name="kind"><value>protection</value></Data><Data name="category"><value>grønnstruktur</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>10.560,59.913 10.567,59.913 10.567,59.917 10.560,59.917 10.560,59.913</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Document></kml>"""
    path = tmp_path / "fra-google.kml"
    path.write_text(kml, encoding="utf-8")
    report = run_import(demo_store, path)
    assert report.created == ["Løkkeåsen grøntdrag"]
    with demo_store.read() as repo:
        [zone] = [z for z in repo.zones.all() if z.name == "Løkkeåsen grøntdrag"]
    assert zone.description == "Tegnet i Google Earth"
    assert zone.id != "ID_001"


OPEN_RING = {
    "type": "Polygon",
    "coordinates": [[[10.560, 59.913], [10.567, 59.913], [10.567, 59.917], [10.560, 59.917]]],
}

REFUSED_SHAPES = {
    "a ring not closed (RFC 7946)": (
        [new_zone(geometry=OPEN_RING)],
        "objekt 1 «Haslum», geometry.coordinates[0]: ringen er ikke lukket",
    ),
    "a GeometryCollection": (
        [new_zone(geometry={"type": "GeometryCollection", "geometries": [LINE]})],
        "objekt 1 «Haslum», geometry: «GeometryCollection» er ukjent",
    ),
    "a name that is a list": (
        [new_zone(name=["Haslum"])],
        "objekt 1, properties.name: må være tekst",
    ),
    "a name longer than its column": (
        [new_zone(name="H" * 5_000_000)],
        "properties.name: kan være høyst 200 tegn",
    ),
    "goal_ids that are a number": (
        [new_zone(goal_ids=17)],
        "properties.goal_ids: må være en liste",
    ),
    "a kind that is a list": (
        [new_zone(kind=["development"])],
        "properties.kind: «['development']» er ukjent",
    ),
}


@pytest.mark.parametrize("case", REFUSED_SHAPES, ids=list(REFUSED_SHAPES))
def test_an_attribute_or_geometry_of_the_wrong_shape_is_refused_not_coerced(
    demo_store, tmp_path, case
):
    features, words = REFUSED_SHAPES[case]
    before = snapshot(demo_store)
    with pytest.raises(InvalidInput) as error:
        run_import(demo_store, write(tmp_path, features))
    assert words in error.value.message
    assert len(error.value.message) < 2_000
    assert snapshot(demo_store) == before


@pytest.mark.parametrize(
    "crs", ["+proj=geocent +ellps=GRS80", "EPSG:999999", "urn:ogc:def:crs:FOO::1", "EPSG:5941"]
)
def test_a_crs_that_is_not_a_known_code_is_refused_with_its_name(demo_store, tmp_path, crs):
    before = snapshot(demo_store)
    with pytest.raises(InvalidInput) as error:
        run_import(demo_store, write(tmp_path, [new_zone()], crs=crs))
    assert f"«{crs}»" in error.value.message
    assert snapshot(demo_store) == before


def test_goal_links_without_goal_ids_keep_their_goals_and_rationales(demo_store, tmp_path):
    links = [{"goal_id": "2020.hm2.d2.s1.a1", "rationale": "Nær stasjonen"}]
    feature = new_zone(id="haslum-lenker", goal_links=links)
    del feature["properties"]["goal_ids"]
    run_import(demo_store, write(tmp_path, [feature]))
    with demo_store.read() as repo:
        zone = repo.zones.get("haslum-lenker")
    assert [(l.goal_id, l.rationale) for l in zone.links] == [
        ("2020.hm2.d2.s1.a1", "Nær stasjonen")
    ]


def squares(count: int) -> list[dict]:
    """``count`` new zones, small squares side by side at Haslum."""
    features = []
    for i in range(count):
        west, south = 10.545 + (i % 20) * 0.001, 59.905 + (i // 20) * 0.001
        ring = [[west, south], [west + 0.0005, south], [west + 0.0005, south + 0.0005],
                [west, south + 0.0005], [west, south]]  # fmt: skip
        features.append(new_zone(id=f"rute-{i}", name=f"Rute {i}", geometry={
            "type": "Polygon", "coordinates": [ring]}))  # fmt: skip
    return features


@pytest.mark.parametrize("backend", [pytest.param("postgis", marks=pytest.mark.postgis)])
def test_a_large_import_leaves_postgresql_planning_for_the_zones_it_has(demo_store, tmp_path):
    """After 240 zones at once the planner's row count for zones is the table's, not the
    demo's 24 it counted before (a listing planned for 24 zones sorts all their Features)."""
    import sqlalchemy as sa

    def counted() -> float:
        with demo_store.read() as repo:
            return repo.connection.execute(
                sa.text("SELECT reltuples FROM pg_class WHERE relname = 'zones'")
            ).scalar_one()

    with demo_store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE zones")
    before = counted()
    report = run_import(demo_store, write(tmp_path, squares(240)))
    assert len(report.created) == 240
    with demo_store.read() as repo:
        live = repo.connection.execute(
            sa.text("SELECT count(*) FROM zones WHERE deleted_at IS NULL")
        ).scalar_one()
    assert before < 100 and counted() >= live >= 240


@pytest.mark.parametrize("backend", [pytest.param("postgis", marks=pytest.mark.postgis)])
def test_a_large_import_stands_when_its_statistics_cannot_be_refreshed(
    demo_store, tmp_path, monkeypatch, caplog
):
    """Another session holds the zones' Features as building an index does: the vacuum after
    the import gives up waiting, says so in the log, and the import's answer and zones stand."""
    import sqlalchemy as sa

    from arealweb.store import repository

    monkeypatch.setattr(repository, "STATISTICS_LOCK_WAIT_MS", 200)
    holder = sa.create_engine(demo_store.engine.url)
    locked, done = threading.Event(), threading.Event()

    def hold() -> None:
        # Released after 10 s at the latest: a vacuum that waits without end fails the test.
        with holder.begin() as connection:
            connection.exec_driver_sql("LOCK TABLE zone_features IN SHARE UPDATE EXCLUSIVE MODE")
            locked.set()
            done.wait(10)

    holding = threading.Thread(target=hold)
    holding.start()
    try:
        assert locked.wait(10)
        report = run_import(demo_store, write(tmp_path, squares(240)))
    finally:
        done.set()
        holding.join()
        holder.dispose()
    assert len(report.created) == 240
    with demo_store.read() as repo:
        assert repo.zones.find("rute-239").name == "Rute 239"
        timeout = repo.connection.exec_driver_sql("SHOW lock_timeout").scalar_one()
    assert timeout == "0"  # the pooled connection is as it was
    assert "zone statistics not refreshed after a large write, left to autovacuum" in caplog.text
    assert "lock timeout" in caplog.text
