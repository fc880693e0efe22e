import pytest

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.goals import Dimension, Goal, GoalLevel, GoalTree
from arealweb.services.demo import GEODATA, read_goals

V, H, D, S, A = (
    GoalLevel.VISJON,
    GoalLevel.HOVEDMAL,
    GoalLevel.DELMAL,
    GoalLevel.STRATEGI,
    GoalLevel.AREALSTRATEGI,
)


def goal(id, level, parent=None, **kw):
    if level is H:
        kw.setdefault("dimension", Dimension.SOSIAL)
    return Goal(id=id, plan_version_id="p", level=level, title=f"Mål {id}", parent_id=parent, **kw)


def chain_of_five():
    return [
        goal("v", V),
        goal("h", H, "v"),
        goal("d", D, "h"),
        goal("s", S, "d"),
        goal("a", A, "s"),
        goal("a2", A, "s", order=1),
    ]


def test_chain_runs_from_the_vision_down_to_the_goal():
    tree = GoalTree.build(chain_of_five())
    assert [g.id for g in tree.chain("a")] == ["v", "h", "d", "s", "a"]
    assert [g.id for g in tree.ancestors("a")] == ["s", "d", "h", "v"]


def test_descendants_and_subtree_include_every_level_below():
    tree = GoalTree.build(chain_of_five())
    assert [g.id for g in tree.descendants("h")] == ["d", "s", "a", "a2"]
    assert tree.subtree_ids("d") == {"d", "s", "a", "a2"}
    assert tree.main_goal_of("a2").id == "h"


def test_a_sub_goal_directly_under_the_vision_is_refused_with_the_levels_named():
    with pytest.raises(InvalidInput) as error:
        GoalTree.build([goal("v", V), goal("d", D, "v")])
    assert "delmål kan ikke ligge under et visjon, bare under et hovedmål" in error.value.message


def test_a_goal_without_parent_below_the_vision_is_refused():
    with pytest.raises(InvalidInput, match="strategi må ligge under et delmål"):
        GoalTree.build([goal("s", S)])


def test_a_cycle_is_refused():
    goals = [
        goal("h1", H, "d2"),
        goal("d1", D, "h1"),
        goal("h2", H, "d1"),
        goal("d2", D, "h2"),
    ]
    with pytest.raises(InvalidInput) as error:
        GoalTree.build(goals)
    assert "sirkel" in error.value.message


def test_a_main_goal_needs_a_dimension_and_sdgs_are_1_to_17():
    bad = Goal("h", "p", H, "Hovedmål", parent_id="v", sdgs=(0, 18))
    with pytest.raises(InvalidInput) as error:
        GoalTree.build([goal("v", V), bad])
    assert "bærekraftsdimensjon" in error.value.message
    assert "0, 18" in error.value.message


def test_goals_in_different_plan_versions_cannot_nest():
    other = Goal("h", "other", H, "Hovedmål", parent_id="v", dimension=Dimension.SOSIAL)
    with pytest.raises(InvalidInput, match="ulike planversjoner"):
        GoalTree.build([goal("v", V), other])


def test_unknown_goal_is_not_found():
    with pytest.raises(NotFound):
        GoalTree.build(chain_of_five()).chain("nope")


def test_demo_tree_has_the_seeds_worked_chain_and_both_plan_versions():
    versions, goals = read_goals(GEODATA / "goals.json")
    tree = GoalTree.build(goals)
    assert {v.id for v in versions} == {"ksd-2020", "ksd-2021"}
    chain = [g.title for g in tree.chain("2020.hm3.d1.s1.a1")]
    assert chain == [
        "Sammen skaper vi fremtiden",
        "Bærum er ledende i arbeidet for et klima- og miljøvennlig samfunn",
        "I Bærum er det lett å leve klima- og miljøvennlig",
        "Legge til rette for at miljøvennlige transportmidler er førstevalg for innbyggerne",
        "Prioritere, sikre og tilrettelegge for sammenhengende og trygge gang- og sykkelveier",
    ]
    for version in versions:
        mains = [g for g in tree.walk() if g.plan_version_id == version.id and g.level is H]
        assert len(mains) == 4
        assert {g.dimension for g in mains} == set(Dimension)
    for main in (g for g in tree.walk() if g.plan_version_id == "ksd-2020" and g.level is H):
        subs = tree.children_of(main.id)
        assert len(subs) >= 2
        for sub in subs:
            levels = {g.level for g in tree.descendants(sub.id)}
            assert levels == {S, A}
    adopted = [g.title for g in tree.walk() if g.plan_version_id == "ksd-2021" and g.level is H]
    assert "Bærumsamfunnet er miljø- og klimaklokt" in adopted
