"""The filter tree read in Python: SQL's three-valued logic, LIKE, and the queryables."""

from __future__ import annotations

import shapely

from arealweb.domain.filters import (
    COMMENT_QUERYABLES,
    GOAL_QUERYABLES,
    All,
    Any,
    Between,
    Compare,
    In,
    IsNull,
    Like,
    Not,
    Spatial,
    holds,
    like_parts,
    queryables_schema,
    spatial_nodes,
    with_geometries,
)

NO_AREALFORMAL = {"name": "Bærums Verk kulturmiljø", "arealformal": None}


def test_a_comparison_with_a_missing_value_is_unknown_and_so_is_its_negation():
    assert not holds(Compare("=", "arealformal", 1130), NO_AREALFORMAL, None)
    assert not holds(Not(Compare("=", "arealformal", 1130)), NO_AREALFORMAL, None)
    assert not holds(Compare("<>", "arealformal", 1130), NO_AREALFORMAL, None)
    assert holds(IsNull("arealformal"), NO_AREALFORMAL, None)
    assert holds(Not(IsNull("name")), NO_AREALFORMAL, None)


def test_unknown_or_true_is_true_and_unknown_and_false_is_false():
    unknown = Compare("=", "arealformal", 1)
    yes = Like("name", "Bærums%")
    no = Like("name", "bærums%")
    assert holds(Any((unknown, yes)), NO_AREALFORMAL, None)
    assert not holds(Any((unknown, no)), NO_AREALFORMAL, None)
    assert holds(Not(All((unknown, no))), NO_AREALFORMAL, None)
    assert not holds(Not(All((unknown, yes))), NO_AREALFORMAL, None)


def test_like_is_case_sensitive_and_reads_its_escapes():
    assert holds(Like("name", "B_rums Verk%"), NO_AREALFORMAL, None)
    assert not holds(Like("name", "b%"), NO_AREALFORMAL, None)
    assert holds(Like("name", r"100\%"), {"name": "100%"}, None)
    assert not holds(Like("name", r"100\%"), {"name": "1000"}, None)
    assert like_parts(r"a\_b%") == ["a_b", like_parts("%")[0]]
    assert like_parts("a\\") is None


def test_in_between_and_spatial():
    square = shapely.box(0, 0, 10, 10)
    assert holds(In("kind", ("a", "b")), {"kind": "b"}, None)
    assert holds(Between("version", 2, 3), {"version": 3}, None)
    assert not holds(Between("version", 2, 3), {"version": 4}, None)
    assert holds(Spatial("s_within", "geometry", square), {}, shapely.Point(1, 1))
    assert not holds(Spatial("s_within", "geometry", square), {}, shapely.Point(11, 1))
    assert not holds(Not(Spatial("s_within", "geometry", square)), {}, None)


def test_geometries_are_found_and_replaced_wherever_they_are_nested():
    tree = All((Not(Spatial("s_intersects", "geometry", shapely.Point(1, 2))), IsNull("x")))
    moved = with_geometries(tree, lambda g: shapely.transform(g, lambda c: c * 10))
    assert [node.geometry for node in spatial_nodes(moved)] == [shapely.Point(10, 20)]
    assert moved.parts[1] == IsNull("x")


def test_the_other_collections_render_their_queryables():
    goals = queryables_schema(GOAL_QUERYABLES, "Mål", "https://h/ogc/collections/goals/queryables")
    assert goals["properties"]["level"]["enum"][0] == "visjon"
    assert "geometry" not in goals["properties"]
    comments = queryables_schema(
        COMMENT_QUERYABLES, "Innspill", "x", geometry_format="geometry-point"
    )
    assert comments["properties"]["geometry"]["format"] == "geometry-point"
    assert comments["properties"]["kind"]["enum"] == ["bra her", "problem her", "forslag"]
