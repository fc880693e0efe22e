"""Scenarios on SQLite and PostGIS: changes kept apart from the plan, versions that refuse a
stale edit, conflicts when the plan moves under a scenario, and promotion all or nothing with
history rows that name the scenario."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest
import shapely

from arealweb.domain.errors import InvalidInput, NotFound, StaleVersion
from arealweb.domain.history import Action
from arealweb.domain.scenarios import ChangeAction, ConflictReason, Origin, ScenarioState
from arealweb.geo.crs import to_wgs84
from arealweb.services import editing, scenarios
from arealweb.services.export import zone_record
from arealweb.services.scenarios import ScenarioClosed, ScenarioConflicts
from arealweb.store.zones import ZoneRepository
from tests.conftest import snapshot
from tests.places import HASLUM

GOAL = "2020.hm2.d2.s1.a1"
TOLERANCE = 50.0


def new_feature(**props):
    properties = {
        "name": "Haslum stasjonsby",
        "kind": "development",
        "category": "vekstområde",
        "goal_ids": [GOAL],
        **props,
    }
    return {"type": "Feature", "properties": properties, "geometry": copy.deepcopy(HASLUM)}


def feature_of(zone, **props):
    """The plan's ``zone`` as a Feature (WGS84), its attributes changed by ``props``."""
    properties = zone_record(zone)
    for exported_only in ("id", "version", "created_at", "updated_at", "area_daa", "goal_links"):
        properties.pop(exported_only, None)
    geometry = json.loads(shapely.to_geojson(to_wgs84(zone.geometry, decimals=None)))
    return {"type": "Feature", "properties": {**properties, **props}, "geometry": geometry}


def plan_zone(store, zone_id="jordvern-grini"):
    with store.read() as repo:
        return repo.zones.get(zone_id)


def a_development_zone(store):
    with store.read() as repo:
        return next(z for z in repo.zones.all() if z.kind.value == "development" and not z.draft)


def save(store, made, zone_id, document):
    found, saved_id = scenarios.save_change(
        store,
        made.id,
        zone_id,
        document,
        expected_version=made.version,
        actor="kari",
        tolerance_m=TOLERANCE,
    )
    return found, saved_id


def three_changes(store, name):
    """A scenario that adds a zone at Haslum, renames a development zone and removes Grini:
    the scenario, the new zone's id, and the two plan zones as they were."""
    made = scenarios.create_scenario(store, name, actor="kari")
    made, new_id = save(store, made, None, new_feature())
    development = a_development_zone(store)
    made, _ = save(store, made, development.id, feature_of(development, name="Nytt navn"))
    grini = plan_zone(store)
    made = scenarios.remove_zone(
        store, made.id, grini.id, expected_version=made.version, actor="kari"
    )
    return made, new_id, development, grini


def test_a_scenario_adds_changes_and_removes_zones_without_touching_the_plan(demo_store):
    before = snapshot(demo_store, skip=("api_tokens", "scenarios", "scenario_changes"))
    made = scenarios.create_scenario(
        demo_store, "Vekst på Haslum", "Mer ved stasjonen", actor="kari"
    )
    assert (made.id, made.state, made.origin, made.version) == (
        "vekst-pa-haslum",
        ScenarioState.OPEN,
        Origin.WORKBENCH,
        1,
    )
    made, new_id = save(demo_store, made, None, new_feature())
    development = a_development_zone(demo_store)
    made, _ = save(demo_store, made, development.id, feature_of(development, name="Nytt navn"))
    grini = plan_zone(demo_store)
    made = scenarios.remove_zone(
        demo_store, made.id, grini.id, expected_version=made.version, actor="kari"
    )

    assert made.version == 4
    assert {(c.zone_id, c.action) for c in made.changes} == {
        (new_id, ChangeAction.ADD),
        (development.id, ChangeAction.CHANGE),
        (grini.id, ChangeAction.REMOVE),
    }
    assert made.change_of(development.id).base_version == development.version
    # The plan is exactly as it was.
    assert snapshot(demo_store, skip=("api_tokens", "scenarios", "scenario_changes")) == before

    _, zones, removed = scenarios.scenario_zones(demo_store, made.id)
    by_id = {z.id: z for z in zones}
    assert by_id[development.id].name == "Nytt navn"
    assert by_id[new_id].name == "Haslum stasjonsby"
    assert grini.id not in by_id and [z.id for z in removed] == [grini.id]
    assert by_id[new_id].area_daa() == pytest.approx(174, rel=0.05)


def test_saving_a_zone_back_to_the_plans_drops_the_change_and_an_added_zone_removed_goes(
    demo_store,
):
    made = scenarios.create_scenario(demo_store, "Fram og tilbake", actor="kari")
    development = a_development_zone(demo_store)
    made, _ = save(demo_store, made, development.id, feature_of(development, name="Annet"))
    made, _ = save(demo_store, made, development.id, feature_of(development))
    assert made.changes == []
    made, new_id = save(demo_store, made, None, new_feature())
    made = scenarios.remove_zone(
        demo_store, made.id, new_id, expected_version=made.version, actor="k"
    )
    assert made.changes == []


def test_a_stale_edit_of_a_scenario_is_refused_and_changes_nothing(demo_store):
    made = scenarios.create_scenario(demo_store, "To planleggere", actor="kari")
    save(demo_store, made, None, new_feature())  # kari: version 1 -> 2
    with pytest.raises(StaleVersion) as refused:
        save(demo_store, made, None, new_feature(name="Ola sin"))  # ola still at version 1
    assert refused.value.current_version == 2
    assert [c.zone.name for c in scenarios.scenario(demo_store, made.id).changes] == [
        "Haslum stasjonsby"
    ]


def test_a_zone_that_breaks_a_rule_is_refused_in_a_scenario_too(demo_store):
    made = scenarios.create_scenario(demo_store, "Feil", actor="kari")
    with pytest.raises(InvalidInput) as refused:
        save(demo_store, made, None, new_feature(category="marka"))
    assert "kategorien «marka» finnes ikke" in refused.value.message
    assert scenarios.scenario(demo_store, made.id).version == 1


def test_a_name_is_needed_and_ids_do_not_clash(demo_store):
    with pytest.raises(InvalidInput, match="mangler navn"):
        scenarios.create_scenario(demo_store, "  ", actor="kari")
    first = scenarios.create_scenario(demo_store, "Øst", actor="kari")
    second = scenarios.create_scenario(demo_store, "øst", actor="kari")
    assert (first.id, second.id) == ("ost", "ost-2")


def test_promotion_applies_every_change_with_history_naming_the_scenario(demo_store):
    made, new_id, development, grini = three_changes(demo_store, "Vekst på Haslum")

    promoted = scenarios.promote(demo_store, made.id, expected_version=made.version, actor="ola")
    assert promoted.state is ScenarioState.PROMOTED and promoted.promoted_by == "ola"
    # The promoted scenario still names the zone it removed (deleted from the plan by now).
    assert [z.name for z in scenarios.scenario_zones(demo_store, made.id)[2]] == [grini.name]

    with demo_store.read() as repo:
        assert repo.zones.get(new_id).name == "Haslum stasjonsby"
        assert repo.zones.get(development.id).name == "Nytt navn"
        assert repo.zones.find(grini.id) is None
        last = {
            zone_id: repo.zones.history(zone_id)[-1]
            for zone_id in (new_id, development.id, grini.id)
        }
    assert {zone_id: (v.action, v.actor, v.scenario) for zone_id, v in last.items()} == {
        new_id: (Action.CREATE, "ola", "Vekst på Haslum"),
        development.id: (Action.UPDATE, "ola", "Vekst på Haslum"),
        grini.id: (Action.DELETE, "ola", "Vekst på Haslum"),
    }

    # A promoted scenario is history: it cannot be changed or promoted again.
    with pytest.raises(ScenarioClosed, match="allerede tatt inn i planen"):
        scenarios.promote(demo_store, made.id, expected_version=None, actor="ola")
    with pytest.raises(ScenarioClosed):
        save(demo_store, promoted, None, new_feature())

    # And each zone's earlier version can be restored.
    restored = editing.restore_version(
        demo_store,
        development.id,
        development.version,
        expected_version=development.version + 1,
        actor="ola",
        tolerance_m=TOLERANCE,
    )
    assert restored.name == development.name
    back = editing.restore_version(
        demo_store,
        grini.id,
        grini.version,
        expected_version=grini.version + 1,
        actor="ola",
        tolerance_m=TOLERANCE,
    )
    assert not back.deleted and back.geometry.equals_exact(grini.geometry, 0.01)


def test_a_promotion_reads_the_zones_it_changes_once(demo_store, monkeypatch):
    """The zones are read once for the conflict check and the saves (they were read twice)."""
    made, *_ = three_changes(demo_store, "Én lesing")
    by_ids = ZoneRepository.by_ids
    reads = []

    def counted(self, zone_ids, include_deleted=False):
        reads.append(set(zone_ids))
        return by_ids(self, zone_ids, include_deleted)

    monkeypatch.setattr(ZoneRepository, "by_ids", counted)
    scenarios.promote(demo_store, made.id, expected_version=made.version, actor="ola")
    assert reads == [{change.zone_id for change in made.changes}]


def test_a_promotion_that_fails_halfway_leaves_the_plan_unchanged(demo_store, monkeypatch):
    made, *_ = three_changes(demo_store, "Halvveis")
    before = snapshot(demo_store)

    saved = ZoneRepository.save
    calls = []

    def fails_on_the_third(self, zone, *args, **kwargs):
        calls.append(zone.id)
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return saved(self, zone, *args, **kwargs)

    monkeypatch.setattr(ZoneRepository, "save", fails_on_the_third)
    with pytest.raises(RuntimeError):
        scenarios.promote(demo_store, made.id, expected_version=made.version, actor="ola")
    monkeypatch.undo()
    assert len(calls) == 3
    assert snapshot(demo_store) == before
    assert scenarios.scenario(demo_store, made.id).state is ScenarioState.OPEN


def test_a_plan_changed_under_the_scenario_shows_conflicts_and_blocks_promotion(demo_store):
    made = scenarios.create_scenario(demo_store, "Konflikt", actor="kari")
    development = a_development_zone(demo_store)
    made, _ = save(demo_store, made, development.id, feature_of(development, name="Scenarioets"))
    grini = plan_zone(demo_store)
    made = scenarios.remove_zone(
        demo_store, made.id, grini.id, expected_version=made.version, actor="kari"
    )
    # Meanwhile, in the plan: the development zone is edited, Grini deleted.
    with demo_store.write() as repo:
        repo.zones.save(replace(development, description="endret i planen"), actor="ola")
        repo.zones.delete(grini.id, actor="ola")

    found = scenarios.scenario_conflicts(demo_store, made.id)
    assert {(c.change.zone_id, c.reason) for c in found} == {
        (development.id, ConflictReason.CHANGED),
        (grini.id, ConflictReason.DELETED),
    }
    before = snapshot(demo_store)
    with pytest.raises(ScenarioConflicts) as refused:
        scenarios.promote(demo_store, made.id, expected_version=made.version, actor="ola")
    assert len(refused.value.conflicts) == 2
    assert snapshot(demo_store) == before

    # Keep the scenario's name over the plan's new version; Grini is gone either way.
    made = scenarios.resolve_conflict(
        demo_store, made.id, development.id, True, expected_version=made.version, actor="kari"
    )
    assert made.change_of(development.id).base_version == development.version + 1
    made = scenarios.resolve_conflict(
        demo_store, made.id, grini.id, True, expected_version=made.version, actor="kari"
    )
    assert made.change_of(grini.id) is None
    assert scenarios.scenario_conflicts(demo_store, made.id) == []
    scenarios.promote(demo_store, made.id, expected_version=made.version, actor="kari")
    assert plan_zone(demo_store, development.id).name == "Scenarioets"


def test_an_empty_or_discarded_scenario_is_not_promoted(demo_store):
    made = scenarios.create_scenario(demo_store, "Tomt", actor="kari")
    with pytest.raises(InvalidInput, match="endrer ingenting"):
        scenarios.promote(demo_store, made.id, expected_version=1, actor="kari")
    assert scenarios.scenario(demo_store, made.id).state is ScenarioState.OPEN
    gone = scenarios.discard(demo_store, made.id, expected_version=1, actor="kari")
    assert gone.state is ScenarioState.DISCARDED
    with pytest.raises(ScenarioClosed, match="forkastet"):
        scenarios.promote(demo_store, made.id, expected_version=None, actor="kari")
    with pytest.raises(NotFound):
        scenarios.scenario(demo_store, "finnes-ikke")


def test_an_import_makes_a_scenario_all_or_nothing(demo_store, tmp_path):
    development = a_development_zone(demo_store)
    good = tmp_path / "scenario.geojson"
    changed = feature_of(development, name="Fra fila")
    changed["properties"]["id"] = development.id
    good.write_text(
        json.dumps({"type": "FeatureCollection", "features": [new_feature(), changed]}),
        encoding="utf-8",
    )
    made = scenarios.import_scenario(
        demo_store, good, "Fra QGIS", actor="kari", tolerance_m=TOLERANCE, max_bytes=10**7
    ).scenario
    assert made.origin is Origin.IMPORT
    assert sorted(c.action for c in made.changes) == [ChangeAction.ADD, ChangeAction.CHANGE]

    bad = tmp_path / "bad.geojson"
    bad.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": [new_feature(), new_feature(kind="x")]}
        ),
        encoding="utf-8",
    )
    before = snapshot(demo_store)
    with pytest.raises(InvalidInput):
        scenarios.import_scenario(
            demo_store, bad, "Halv", actor="kari", tolerance_m=TOLERANCE, max_bytes=10**7
        )
    assert snapshot(demo_store) == before


def test_an_old_export_imported_as_a_scenario_shows_the_newer_plan_edit_as_a_conflict(
    demo_store, tmp_path
):
    development = a_development_zone(demo_store)
    exported = feature_of(development, name="Fra den gamle fila")
    exported["properties"].update(id=development.id, version=development.version)
    path = tmp_path / "gammel.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [exported]}), encoding="utf-8"
    )
    with demo_store.write() as repo:  # the plan moves on after the export
        repo.zones.save(replace(development, description="nyere i planen"), actor="ola")
    imported = scenarios.import_scenario(
        demo_store, path, "Gammel fil", actor="kari", tolerance_m=TOLERANCE, max_bytes=10**7
    )
    made = imported.scenario
    assert made.change_of(development.id).base_version == development.version
    found = scenarios.scenario_conflicts(demo_store, made.id)
    assert [(c.change.zone_id, c.reason) for c in found] == [
        (development.id, ConflictReason.CHANGED)
    ]
    assert imported.conflicts == found  # as the import's own transaction read them
    with pytest.raises(ScenarioConflicts):
        scenarios.promote(demo_store, made.id, expected_version=None, actor="kari")
    assert plan_zone(demo_store, development.id).description == "nyere i planen"
