"""A stale import is a conflict: shown with both sides, refused, imported only by choice.

The scenario of issue #12: a planner exports, another renames Sandvika and deletes Fornebu, the
first imports the old file. Against both databases.
"""

import json
from dataclasses import replace

import pytest

from arealweb.domain.errors import InvalidInput, StaleVersion
from arealweb.services.export import export_zones
from arealweb.services.import_versions import ImportConflict, parse_resolutions
from arealweb.services.transfer import import_zones, preview_import
from tests.conftest import snapshot

LIMIT = 50 * 1024 * 1024


def run_import(store, path, resolutions=None, progress=None):
    return import_zones(
        store,
        path,
        tolerance_m=25,
        max_bytes=LIMIT,
        actor="kari",
        resolutions=resolutions,
        progress=progress,
    )


def rename(store, zone_id, name, actor="ola"):
    with store.write() as repo:
        zone = repo.zones.get(zone_id)
        repo.zones.save(replace(zone, name=name), zone, actor=actor)


def delete(store, zone_id, actor="ola"):
    with store.write() as repo:
        repo.zones.delete(zone_id, actor=actor)


def zone(store, zone_id):
    with store.read() as repo:
        return repo.zones.get(zone_id, include_deleted=True)


@pytest.fixture
def stale_file(demo_store, tmp_path):
    """The old export, after Ola renamed Sandvika and deleted Fornebu."""
    path = tmp_path / "soner.geojson"
    export_zones(demo_store, path)
    rename(demo_store, "sandvika", "Sandvika sentrum")
    delete(demo_store, "fornebu")
    return path


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".fgb", ".kml", ".zip"])
def test_every_export_format_carries_the_version_and_when_it_was_made(demo_store, tmp_path, suffix):
    from arealweb.geo.files import read_features

    rename(demo_store, "sandvika", "Sandvika by")
    path = tmp_path / f"soner{suffix}"
    export_zones(demo_store, path)
    found = {f.properties["id"]: f.properties for f in read_features(path)}
    assert int(found["sandvika"]["version"]) == 2
    assert int(found["fornebu"]["version"]) == 1
    assert str(found["sandvika"]["updated_at"]).endswith("Z")
    assert len(found["sandvika"]["updated_at"]) == len("2024-05-01T12:00:00Z")


def test_a_stale_import_is_refused_with_both_sides_and_changes_nothing(demo_store, stale_file):
    before = snapshot(demo_store)
    with pytest.raises(ImportConflict) as refused:
        run_import(demo_store, stale_file)
    assert isinstance(refused.value, StaleVersion)
    lines = [p.message for p in refused.value.problems]
    sandvika = [line for line in lines if "«Sandvika»" in line]
    assert "endret av ola" in sandvika[0] and "versjon 1 i filen, nå versjon 2" in sandvika[0]
    assert any("i filen: ingen endringer siden eksporten" in line for line in sandvika)
    assert any("i arealweb: name «Sandvika» → «Sandvika sentrum»" in line for line in sandvika)
    fornebu = [line for line in lines if "«Fornebu»" in line]
    assert "slettet av ola" in fornebu[0]
    assert len([line for line in lines if "endret av" in line or "slettet av" in line]) == 2
    assert snapshot(demo_store) == before
    assert zone(demo_store, "sandvika").name == "Sandvika sentrum"
    assert zone(demo_store, "fornebu").deleted


def test_the_preview_shows_the_conflicts_with_what_each_side_changed(
    demo_store, stale_file, tmp_path
):
    document = json.loads(stale_file.read_text())
    for feature in document["features"]:
        if feature["properties"]["id"] == "sandvika":
            feature["properties"]["description"] = "Ny tekst fra QGIS"
            ring = feature["geometry"]["coordinates"][0][0]
            ring[0] = [ring[0][0] - 0.002, ring[0][1]]
            ring[-1] = ring[0]
    edited = tmp_path / "redigert.geojson"
    edited.write_text(json.dumps(document))
    reports = {
        r.zone.id: r for r in preview_import(demo_store, edited, tolerance_m=25, max_bytes=LIMIT)
    }
    sandvika, fornebu = reports["sandvika"], reports["fornebu"]
    assert (sandvika.outcome, fornebu.outcome, reports["lysaker"].outcome) == (
        "conflict",
        "conflict",
        "unchanged",
    )
    conflict = sandvika.conflict
    assert (conflict.file_version, conflict.current_version, conflict.by) == (1, 2, "ola")
    assert [(c.field, c.after) for c in conflict.file.fields] == [
        ("description", "Ny tekst fra QGIS")
    ]
    assert conflict.file.geometry_changed and conflict.file.area_change_daa != 0
    assert [(c.field, c.before, c.after) for c in conflict.current.fields] == [
        ("name", "Sandvika", "Sandvika sentrum")
    ]
    assert not conflict.current.geometry_changed
    assert fornebu.conflict.deleted and fornebu.conflict.by == "ola"


def test_taking_the_file_and_skipping_the_deleted_zone(demo_store, stale_file):
    resolutions = parse_resolutions({"sandvika": "file", "fornebu": "skip"})
    report = run_import(demo_store, stale_file, resolutions)
    assert "Sandvika" in report.updated and "Fornebu" in report.unchanged
    assert zone(demo_store, "sandvika").name == "Sandvika"
    assert zone(demo_store, "sandvika").version == 3
    assert zone(demo_store, "fornebu").deleted


def test_keeping_the_current_version_and_restoring_the_deleted_zone(demo_store, stale_file):
    resolutions = parse_resolutions({"sandvika": "current", "fornebu": "restore"})
    report = run_import(demo_store, stale_file, resolutions)
    assert "Fornebu" in report.updated
    assert zone(demo_store, "sandvika").name == "Sandvika sentrum"
    assert zone(demo_store, "sandvika").version == 2
    restored = zone(demo_store, "fornebu")
    assert not restored.deleted and restored.version == 3
    with demo_store.read() as repo:
        assert repo.zones.history("fornebu")[-1].action.value == "restore"


def test_a_choice_for_every_conflict_is_needed(demo_store, stale_file):
    before = snapshot(demo_store)
    with pytest.raises(ImportConflict) as refused:
        run_import(demo_store, stale_file, parse_resolutions({"sandvika": "file"}))
    assert all("«Fornebu»" in p.message for p in refused.value.problems)
    assert snapshot(demo_store) == before


def test_a_choice_made_against_an_older_version_no_longer_holds(demo_store, stale_file):
    resolutions = parse_resolutions({"sandvika": "file@2", "fornebu": "skip"})
    rename(demo_store, "sandvika", "Sandvika stasjon", actor="per")
    before = snapshot(demo_store)
    with pytest.raises(ImportConflict, match="du så versjon 2, nå versjon 3"):
        run_import(demo_store, stale_file, resolutions)
    assert snapshot(demo_store) == before


def test_choices_are_checked(demo_store, stale_file):
    with pytest.raises(InvalidInput, match="file, current, restore eller skip, ikke «both»"):
        parse_resolutions({"sandvika": "both"})
    with pytest.raises(InvalidInput, match="lysaker er ikke i konflikt"):
        run_import(demo_store, stale_file, parse_resolutions({"lysaker": "file"}))


def test_a_save_racing_the_import_is_refused_and_nothing_is_imported(demo_store, tmp_path):
    path = tmp_path / "soner.geojson"
    export_zones(demo_store, path)
    document = json.loads(path.read_text())
    for feature in document["features"]:
        if feature["properties"]["id"] in ("sandvika", "lysaker"):
            feature["properties"]["description"] = "Fra fila"
    path.write_text(json.dumps(document))

    class Racing:
        """Another planner saves Sandvika after the import checked it, before it writes."""

        def start(self, label, total):
            if label == "Lagrer":
                rename(demo_store, "sandvika", "Sandvika i kappløp", actor="per")

        def advance(self, steps=1):
            pass

        def finish(self):
            pass

    with pytest.raises(StaleVersion):
        run_import(demo_store, path, progress=Racing())
    assert zone(demo_store, "sandvika").name == "Sandvika i kappløp"
    assert zone(demo_store, "sandvika").description != "Fra fila"
    assert zone(demo_store, "lysaker").description != "Fra fila"
    assert zone(demo_store, "lysaker").version == 1


def test_a_feature_without_version_is_imported_as_before(demo_store, stale_file, tmp_path):
    document = json.loads(stale_file.read_text())
    for feature in document["features"]:
        del feature["properties"]["version"]
    plain = tmp_path / "uten-versjon.geojson"
    plain.write_text(json.dumps(document))
    reports = {
        r.zone.id: r for r in preview_import(demo_store, plain, tolerance_m=25, max_bytes=LIMIT)
    }
    assert reports["sandvika"].outcome == "updated" and reports["sandvika"].changes == ["name"]
    assert reports["fornebu"].outcome == "restored"
    run_import(demo_store, plain)
    assert zone(demo_store, "sandvika").name == "Sandvika"
    assert not zone(demo_store, "fornebu").deleted


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (9, "filen har versjon 9 av sonen sandvika, men den er på versjon 1 her"),
        ("to", "version «to» er ikke et positivt heltall"),
        (0, "version «0» er ikke et positivt heltall"),
    ],
)
def test_an_impossible_version_is_a_problem(demo_store, tmp_path, version, words):
    path = tmp_path / "soner.geojson"
    export_zones(demo_store, path)
    document = json.loads(path.read_text())
    [sandvika] = [f for f in document["features"] if f["properties"]["id"] == "sandvika"]
    sandvika["properties"].update(version=version, name="Sandvika by")
    path.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match=words):
        run_import(demo_store, path)
