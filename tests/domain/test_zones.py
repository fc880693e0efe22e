import shapely

from arealweb.domain.zones import (
    GoalLink,
    Zone,
    ZoneKind,
    relinked,
    same_zone,
    zone_attribute_problems,
)

SQUARE = shapely.MultiPolygon([shapely.box(590_000, 6_640_000, 590_100, 6_640_100)])


def zone(**kw):
    values = dict(
        id="z", kind=ZoneKind.DEVELOPMENT, category="vekstområde", name="Sone", geometry=SQUARE
    )
    values.update(kw)
    return Zone(**values)


def test_area_is_in_square_metres_and_dekar():
    assert zone().area_m2() == 10_000
    assert zone().area_daa() == 10
    assert zone().length_m() is None


def test_corridor_has_length_and_no_area():
    line = shapely.MultiLineString([[(590_000, 6_640_000), (590_300, 6_640_400)]])
    corridor = zone(kind=ZoneKind.CORRIDOR, category="sykkelvei", geometry=line)
    assert corridor.length_m() == 500
    assert corridor.area_daa() is None


def test_category_must_belong_to_the_kind():
    problems = zone_attribute_problems(zone(category="marka"))
    assert len(problems) == 1
    assert "kategorien «marka» finnes ikke for development" in problems[0].message


def test_national_codes_must_be_in_the_code_lists():
    messages = [
        p.message for p in zone_attribute_problems(zone(arealformal=9999, hensynssone="H999"))
    ]
    assert any("9999 er ikke en kode i KpArealformål" in m for m in messages)
    assert any("H999 er ikke en hensynssonekode" in m for m in messages)
    assert zone_attribute_problems(zone(arealformal=1130, hensynssone="H570")) == []


def test_a_goal_linked_twice_is_a_problem():
    links = [GoalLink("g1"), GoalLink("g1", "igjen")]
    assert "koblet to ganger" in zone_attribute_problems(zone(links=links))[0].message


def test_same_zone_tolerates_a_wgs84_round_trip_but_not_a_real_move():
    nudged = shapely.transform(SQUARE, lambda c: c + 0.1)
    moved = shapely.transform(SQUARE, lambda c: c + 1.0)
    assert same_zone(zone(), zone(geometry=nudged))
    assert not same_zone(zone(), zone(geometry=moved))
    assert not same_zone(zone(), zone(links=[GoalLink("g", "grunn")]))


def test_a_link_moved_off_a_deleted_goal_keeps_its_rationale():
    linked = zone(links=[GoalLink("gone", "fordi"), GoalLink("other")])
    moved = relinked(linked, "gone", "target")
    assert moved.links == [GoalLink("other"), GoalLink("target", "fordi")]


def test_a_link_to_a_goal_the_zone_already_realises_is_dropped_not_doubled():
    linked = zone(links=[GoalLink("gone", "fordi"), GoalLink("target", "allerede")])
    assert relinked(linked, "gone", "target").links == [GoalLink("target", "allerede")]


def test_a_link_removed_with_its_goal_leaves_the_others():
    linked = zone(links=[GoalLink("gone"), GoalLink("other")])
    assert relinked(linked, "gone", None).links == [GoalLink("other")]
