from dataclasses import replace

import shapely
import shapely.affinity

from arealweb.domain.scenarios import (
    CHANGE_LABELS,
    ID_MAX,
    NAME_MAX,
    Change,
    ChangeAction,
    ConflictReason,
    Scenario,
    applied,
    change_to,
    conflicts,
    scenario_problems,
    slug,
)
from arealweb.domain.zones import GoalLink, Zone, ZoneKind, ZoneStatus

X, Y = 590_000, 6_640_000


def square(x, y, size=100):
    return shapely.MultiPolygon([shapely.box(X + x, Y + y, X + x + size, Y + y + size)])


def zone(id, x=0, version=1, **kw):
    return Zone(
        id, ZoneKind.DEVELOPMENT, "vekstområde", f"Sone {id}", square(x, 0), version=version,
        **kw,
    )  # fmt: skip


A, B, C = zone("a"), zone("b", 200, version=3), zone("c", 400)


# change_to --------------------------------------------------------------------------------------


def test_nothing_to_nothing_and_a_zone_to_itself_is_no_change():
    assert change_to(None, None, "x") is None
    assert change_to(A, A, "a") is None
    # The version the scenario's copy carries is not a difference.
    assert change_to(B, replace(B, version=1), "b") is None
    # Neither is a shape moved by less than the tolerance, nor its ring drawn the other way.
    assert (
        change_to(A, replace(A, geometry=shapely.affinity.translate(A.geometry, 0.1)), "a") is None
    )
    assert change_to(A, replace(A, geometry=A.geometry.reverse()), "a") is None


def test_a_removal_remembers_the_version_it_removed():
    assert change_to(B, None, "b") == Change("b", ChangeAction.REMOVE, None, 3)


def test_an_addition_is_a_live_zone_under_the_given_id():
    drawn = replace(A, id="utkast-7", draft=True, deleted=True)
    found = change_to(None, drawn, "ny")
    assert found.action is ChangeAction.ADD and found.base_version is None
    assert (found.zone_id, found.zone.id, found.zone.draft, found.zone.deleted) == (
        "ny",
        "ny",
        False,
        False,
    )
    assert found.zone.geometry.equals(A.geometry)


def test_a_change_keeps_the_new_zone_and_the_plans_version():
    for attributes in (
        {"geometry": square(0, 0, 150)},
        {"category": "knutepunkt"},
        {"status": ZoneStatus.NAVAERENDE},
        {"arealformal": 1110},
        {"name": "Nytt navn"},
        {"links": [GoalLink("m1", "fordi")]},
    ):
        found = change_to(B, replace(B, **attributes), "b")
        assert found.action is ChangeAction.CHANGE, attributes
        assert found.base_version == 3
        for name, value in attributes.items():
            assert getattr(found.zone, name) == value
    moved = change_to(A, replace(A, geometry=shapely.affinity.translate(A.geometry, 1.0)), "a")
    assert moved is not None and moved.action is ChangeAction.CHANGE


# applied ----------------------------------------------------------------------------------------


def test_applied_replaces_changed_zones_leaves_out_removed_ones_and_adds_at_the_end():
    b2 = replace(B, name="B endret")
    d = zone("d", 600)
    changes = [
        change_to(None, d, "d"),
        change_to(B, b2, "b"),
        change_to(C, None, "c"),
    ]
    assert [z.id for z in applied([A, B, C], changes)] == ["a", "b", "d"]
    assert applied([A, B, C], changes)[1].name == "B endret"
    assert applied([A, B, C], []) == [A, B, C]
    assert applied([], changes) == [d, b2]


def test_applied_with_a_plan_that_moved_on():
    # The plan has since given "d" to a zone of its own: the scenario's zone takes its place.
    own_d = zone("d", 800)
    added = change_to(None, zone("d", 600), "d")
    assert [z.geometry.bounds[0] for z in applied([own_d], [added])] == [X + 600]
    # A zone the plan has since deleted: a removal is nothing, a change brings it back.
    assert applied([A], [Change("gone", ChangeAction.REMOVE, None, 1)]) == [A]
    back = zone("gone", 900)
    assert applied([A], [Change("gone", ChangeAction.CHANGE, back, 1)]) == [A, back]


# conflicts --------------------------------------------------------------------------------------


def test_no_conflicts_while_the_plan_stands_still():
    changes = [change_to(A, None, "a"), change_to(B, replace(B, name="x"), "b")]
    changes.append(change_to(None, zone("d"), "d"))
    assert conflicts(changes, {"a": A, "b": B, "c": C}) == []
    # An id the plan used for a zone it deleted since is free again.
    assert conflicts(changes, {"a": A, "b": B, "d": zone("d", deleted=True)}) == []


def test_conflicts_name_what_moved_under_the_scenario():
    change_b = change_to(B, replace(B, name="x"), "b")
    remove_a = change_to(A, None, "a")
    add_d = change_to(None, zone("d"), "d")
    b4 = replace(B, version=4)
    d_plan = zone("d", 50)
    found = conflicts(
        [change_b, remove_a, add_d, change_to(C, None, "c")],
        {"a": replace(A, deleted=True, version=2), "b": b4, "c": C, "d": d_plan},
    )
    assert [(c.change.zone_id, c.reason, c.current) for c in found] == [
        ("b", ConflictReason.CHANGED, b4),
        ("a", ConflictReason.DELETED, replace(A, deleted=True, version=2)),
        ("d", ConflictReason.TAKEN, d_plan),
    ]
    missing = conflicts([change_b], {})
    assert [(c.reason, c.current) for c in missing] == [(ConflictReason.DELETED, None)]
    assert ConflictReason.TAKEN.label.startswith("Planen har fått en sone")


# slug, problems, counts -------------------------------------------------------------------------


def test_slug_is_readable_ascii():
    assert slug("Vekst langs Fornebubanen") == "vekst-langs-fornebubanen"
    assert slug("Bærum øst – Høvik/Åsane!") == "baerum-ost-hovik-asane"
    assert slug("  Café Ståltrådgjerde 2040 ") == "cafe-staltradgjerde-2040"
    assert slug("«»!?") == "scenario" and slug("") == "scenario"


def test_slug_is_not_among_the_taken_ones():
    assert slug("Vekst", ["vekst"]) == "vekst-2"
    assert slug("Vekst", ["vekst", "vekst-2", "vekst-3"]) == "vekst-4"
    assert slug("«»", ["scenario"]) == "scenario-2"
    assert slug("Vekst", ["annet"]) == "vekst"


def test_slug_of_a_long_name_fits_the_id():
    long = "Fortetting " * 20
    found = slug(long)
    assert len(found) <= ID_MAX - 4 and not found.endswith("-")
    taken = [found] + [f"{found}-{n}" for n in range(2, 120)]
    assert len(slug(long, taken)) <= ID_MAX


def test_a_long_name_cut_at_a_space_does_not_end_in_a_hyphen():
    found = slug("abcd " * 20)
    assert not found.endswith("-")
    assert slug("abcd " * 20, [found]) == f"{found}-2"


def test_scenario_problems():
    assert scenario_problems("Vekst", "") == []
    assert [p.where for p in scenario_problems("  ", "")] == ["name"]
    assert [p.message for p in scenario_problems("x" * (NAME_MAX + 1), "")] == [
        f"name: navnet er lengre enn {NAME_MAX} tegn"
    ]
    assert [p.where for p in scenario_problems("Vekst", "x" * 5_001)] == ["description"]


def test_a_scenario_counts_its_changes_and_finds_one():
    changes = [
        change_to(A, None, "a"),
        change_to(B, replace(B, name="x"), "b"),
        change_to(None, zone("d"), "d"),
        change_to(None, zone("e"), "e"),
    ]
    scenario = Scenario("s", "S", changes=changes)
    assert scenario.is_open
    assert scenario.counts() == {
        ChangeAction.ADD: 2,
        ChangeAction.CHANGE: 1,
        ChangeAction.REMOVE: 1,
    }
    assert scenario.change_of("b") is changes[1] and scenario.change_of("z") is None
    assert Scenario("t", "T").counts() == dict.fromkeys(ChangeAction, 0)
    assert CHANGE_LABELS[ChangeAction.REMOVE] == "Fjernet sone"


def test_a_scenario_is_never_given_a_word_its_pages_use():
    assert slug("Sammenligning") == "sammenligning-2"
    assert slug("Import") == "import-2"
    assert slug("Fra verksted") == "fra-verksted-2"
