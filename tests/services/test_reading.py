"""The read services the pages and the API use, and deleting a goal, on SQLite and PostGIS."""

import pytest

from arealweb.domain.errors import NotFound
from arealweb.services import editing, goal_editing, goals, plan


def test_a_zone_thread_runs_from_each_goal_up_to_the_vision(demo_store):
    thread = plan.zone_thread(demo_store, "kulturmiljo-baerums-verk")
    assert thread.zone.name == "Bærums Verk kulturmiljø"
    assert [c.goal.id for c in thread.chains] == ["2020.hm3.d2.s1.a2"]
    assert thread.chains[0].chain[0].level.value == "visjon"
    with pytest.raises(NotFound):
        plan.zone_thread(demo_store, "ingen-slik-sone")


def test_the_linked_tree_counts_the_zones_each_goal_has_directly(demo_store):
    linked = goals.linked_tree(demo_store)
    zones = plan.contents(demo_store).zones
    for goal_id, zone_ids in linked.zone_ids.items():
        assert zone_ids == sorted(z.id for z in zones if goal_id in z.goal_ids)
    assert {v.id for v in linked.versions} == {g.plan_version_id for g in linked.tree.walk()}


def test_deleting_a_goal_drops_the_links_of_deleted_zones_and_changes_only_live_ones(demo_store):
    goal_id = "2020.hm3.d2.s1.a2"
    linked = [z for z in plan.zones(demo_store) if goal_id in z.goal_ids]
    gone, *live = linked
    editing.delete_zone(demo_store, gone.id, expected_version=None, actor="a")
    changed = goal_editing.delete_goal(demo_store, goal_id, "remove", "kari")
    assert sorted(changed) == sorted(z.name for z in live)
    assert not [z for z in plan.zones(demo_store) if goal_id in z.goal_ids]
    with pytest.raises(NotFound):
        goals.goal(demo_store, goal_id)
