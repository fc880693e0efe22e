"""What kind of change a save is, and which fields it changed."""

from dataclasses import replace

from arealweb.domain.history import Action, action_of, changed_fields
from tests.domain.test_zones import zone


def test_a_zone_saved_with_nothing_stored_is_created():
    assert action_of(None, zone()) is Action.CREATE


def test_a_stored_zone_saved_again_is_updated():
    assert action_of(zone(), zone(name="Nytt navn")) is Action.UPDATE


def test_deleting_a_live_zone_is_a_delete_even_when_nothing_was_stored():
    assert action_of(zone(), zone(deleted=True)) is Action.DELETE
    assert action_of(None, zone(deleted=True)) is Action.DELETE


def test_saving_a_deleted_zone_as_live_restores_it():
    assert action_of(zone(deleted=True), zone()) is Action.RESTORE


def test_a_deleted_zone_edited_while_deleted_is_an_update():
    assert action_of(zone(deleted=True), zone(deleted=True, name="x")) is Action.UPDATE


def test_a_new_zone_changes_every_field_and_an_edit_only_what_differs():
    assert "geometry" in changed_fields(None, zone())
    assert changed_fields(zone(), replace(zone(), name="Grini")) == ["name"]
