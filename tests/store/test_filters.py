"""CQL2 filters select, on SQLite and on PostGIS, exactly the zones a Python predicate over the
same zones selects; hostile filters are refused or bound, and change nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
import shapely
from pyproj import Transformer

from arealweb.domain.errors import BadFilter
from arealweb.domain.filters import holds
from arealweb.geo.crs import to_utm
from arealweb.schemas import filter_guards as guards
from arealweb.schemas import filters as f
from arealweb.schemas.filters import FilterLimits
from arealweb.services import filters as service
from arealweb.services.filters import zone_ids_matching
from tests.conftest import snapshot

EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
AROUND_SANDVIKA = [(10.50, 59.880), (10.56, 59.880), (10.56, 59.905), (10.50, 59.905)]
"""Longitude, latitude: a box around Sandvika that cuts through several zones."""
RENAMED = "Sandvika [sentrum] *?"
"""A name with GLOB's special characters, which LIKE must read literally."""


@pytest.fixture
def zones(demo_store):
    """The demo, with Stabekk a draft and Sandvika renamed (both now at version 2, saved
    later than the rest); every zone's attributes as a filter sees them."""
    with demo_store.write() as repo:
        stabekk = repo.zones.get("stabekk")
        repo.zones.save(replace(stabekk, draft=True), stabekk, actor="test")
        sandvika = repo.zones.get("sandvika")
        repo.zones.save(replace(sandvika, name=RENAMED), sandvika, actor="test")
    with demo_store.read() as repo:
        times = repo.zones.saved_times()
        return {
            zone.id: {
                "id": zone.id,
                "name": zone.name,
                "kind": zone.kind.value,
                "category": zone.category,
                "status": zone.status.value,
                "arealformal": zone.arealformal,
                "hensynssone": zone.hensynssone,
                "draft": zone.draft,
                "version": zone.version,
                "created": times[zone.id][0],
                "updated": times[zone.id][1],
                "geometry": zone.geometry,
            }
            for zone in repo.zones.all()
        }


def selected(store, source, lang="cql2-text", crs=service.CRS84_URI, **limits):
    rows = zone_ids_matching(store, source, lang, crs, FilterLimits(**limits))
    with store.read() as repo:
        everything = [zone_id for zone_id, _ in repo.zones.versions()]
    ids = [zone_id for zone_id, _ in rows]
    assert ids == [i for i in everything if i in set(ids)], "filtered rows keep the listing's order"
    return set(ids)


def expected(zones, predicate):
    return {zone_id for zone_id, z in zones.items() if predicate(z)}


def like(pattern):
    """CQL2 LIKE as a regular expression, case-sensitive: % any run, _ one character."""
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append({"%": ".*", "_": "."}.get(char, re.escape(char)))
    regex = re.compile("".join(out), re.DOTALL)
    return lambda text: regex.fullmatch(text) is not None


def known(value):
    return value is not None


ATTRIBUTE_FILTERS = [
    ("name = 'Fornebu'", lambda z: z["name"] == "Fornebu"),
    (f"name = '{RENAMED}'", lambda z: z["name"] == RENAMED),
    ("arealformal <> 1130", lambda z: known(z["arealformal"]) and z["arealformal"] != 1130),
    ("arealformal < 1800", lambda z: known(z["arealformal"]) and z["arealformal"] < 1800),
    ("arealformal > 1800", lambda z: known(z["arealformal"]) and z["arealformal"] > 1800),
    ("arealformal <= 1800", lambda z: known(z["arealformal"]) and z["arealformal"] <= 1800),
    ("arealformal >= 1800", lambda z: known(z["arealformal"]) and z["arealformal"] >= 1800),
    ("version >= 2", lambda z: z["version"] >= 2),
    ("draft = true", lambda z: z["draft"]),
    ("draft <> true", lambda z: not z["draft"]),
    ("kind = 'corridor'", lambda z: z["kind"] == "corridor"),
    ("status = 'nåværende'", lambda z: z["status"] == "nåværende"),
    ("name LIKE 'S%'", lambda z: like("S%")(z["name"])),
    ("name LIKE 's%'", lambda z: like("s%")(z["name"])),
    ("name LIKE 'Sykkelvei%'", lambda z: like("Sykkelvei%")(z["name"])),
    ("name LIKE '%sykkelvei%'", lambda z: like("%sykkelvei%")(z["name"])),
    ("name LIKE 'H_vik'", lambda z: like("H_vik")(z["name"])),
    ("name LIKE '%/%'", lambda z: like("%/%")(z["name"])),
    ("name LIKE '%[sentrum]%'", lambda z: like("%[sentrum]%")(z["name"])),
    ("name LIKE '% *?'", lambda z: like("% *?")(z["name"])),
    ("name LIKE '%[s%'", lambda z: like("%[s%")(z["name"])),
    ("name LIKE 'Sandvika%\\_%'", lambda z: like("Sandvika%\\_%")(z["name"])),
    ("name LIKE '100\\%'", lambda z: z["name"] == "100%"),
    ("name NOT LIKE '%a%'", lambda z: not like("%a%")(z["name"])),
    ("category IN ('jordvern', 'turvei')", lambda z: z["category"] in ("jordvern", "turvei")),
    ("arealformal IN (1130, 5100)", lambda z: z["arealformal"] in (1130, 5100)),
    ("kind NOT IN ('corridor')", lambda z: z["kind"] != "corridor"),
    (
        "arealformal BETWEEN 1800 AND 3030",
        lambda z: known(z["arealformal"]) and 1800 <= z["arealformal"] <= 3030,
    ),
    (
        "arealformal NOT BETWEEN 1800 AND 3030",
        lambda z: known(z["arealformal"]) and not 1800 <= z["arealformal"] <= 3030,
    ),
    ("arealformal IS NULL", lambda z: z["arealformal"] is None),
    ("hensynssone IS NULL", lambda z: z["hensynssone"] is None),
    ("hensynssone IS NOT NULL", lambda z: z["hensynssone"] is not None),
    ("hensynssone = 'H510'", lambda z: z["hensynssone"] == "H510"),
    ("NOT (arealformal = 1130)", lambda z: known(z["arealformal"]) and z["arealformal"] != 1130),
    (
        "(kind = 'development' AND NOT (arealformal = 1130 OR status = 'nåværende')) OR hensynssone = 'H510'",
        lambda z: (
            (z["kind"] == "development" and z["arealformal"] != 1130 and z["status"] != "nåværende")
            or z["hensynssone"] == "H510"
        ),
    ),
    (
        "NOT (kind = 'corridor' OR (category = 'jordvern' AND name LIKE 'G%'))",
        lambda z: (
            not (
                z["kind"] == "corridor"
                or (z["category"] == "jordvern" and z["name"].startswith("G"))
            )
        ),
    ),
]


@pytest.mark.parametrize(
    ("source", "predicate"), ATTRIBUTE_FILTERS, ids=[c[0][:50] for c in ATTRIBUTE_FILTERS]
)
def test_a_filter_selects_exactly_the_zones_its_predicate_holds_for(
    demo_store, zones, source, predicate
):
    assert selected(demo_store, source) == expected(zones, predicate)


def test_the_attribute_filters_are_no_trivial_selections(zones):
    """Most cases select some zones and leave some out, so a filter that ignores its
    condition (or selects nothing) fails above."""
    sizes = [len(expected(zones, predicate)) for _, predicate in ATTRIBUTE_FILTERS]
    assert sum(0 < size < len(zones) for size in sizes) >= len(sizes) - 3


def test_like_is_case_sensitive_on_both_databases(demo_store, zones):
    upper = selected(demo_store, "name LIKE 'Sykkelvei%'")
    assert upper and selected(demo_store, "name LIKE 'sykkelvei%'") == set()
    assert selected(demo_store, "name LIKE '%sykkelvei%'") == {
        "hovedsykkelvei-e18",
        "hovedsykkelvei-kolsasbanen",
    }
    assert selected(demo_store, "name LIKE '%[sentrum] *?'") == {"sandvika"}


def stamp(moment):
    return moment.isoformat().replace("+00:00", "Z")


def test_timestamps_compare_with_the_zones_saved_times(demo_store, zones):
    latest_untouched = max(
        z["updated"] for i, z in zones.items() if i not in ("stabekk", "sandvika")
    )
    cut = (
        latest_untouched
        + (min(zones["stabekk"]["updated"], zones["sandvika"]["updated"]) - latest_untouched) / 2
    )
    assert selected(demo_store, f"updated > TIMESTAMP('{stamp(cut)}')") == {"stabekk", "sandvika"}
    assert selected(demo_store, f"updated <= TIMESTAMP('{stamp(cut)}')") == set(zones) - {
        "stabekk",
        "sandvika",
    }
    at = zones["sandvika"]["updated"]
    assert selected(demo_store, f"updated = TIMESTAMP('{stamp(at)}')") == expected(
        zones, lambda z: z["updated"] == at
    )
    span = f"TIMESTAMP('{stamp(at - timedelta(days=1))}') AND TIMESTAMP('{stamp(at + timedelta(days=1))}')"
    assert selected(demo_store, f"created BETWEEN {span}") == expected(
        zones, lambda z: at - timedelta(days=1) <= z["created"] <= at + timedelta(days=1)
    )
    day = at.date()
    assert selected(demo_store, f"updated >= DATE('{day.isoformat()}')") == expected(
        zones, lambda z: z["updated"].date() >= day
    )


def polygon_text(coordinates):
    ring = [*coordinates, coordinates[0]]
    return "POLYGON((" + ", ".join(f"{x!r} {y!r}" for x, y in ring) + "))"


def utm(geometry_lon_lat):
    return to_utm(shapely.segmentize(geometry_lon_lat, 0.01 / 64))


SPATIAL = [
    "s_intersects",
    "s_within",
    "s_contains",
    "s_disjoint",
    "s_equals",
    "s_touches",
    "s_crosses",
    "s_overlaps",
]


@pytest.mark.parametrize("op", SPATIAL)
def test_a_spatial_function_with_a_crs84_polygon_selects_what_shapely_selects(
    demo_store, zones, op
):
    literal = polygon_text(AROUND_SANDVIKA)
    found = selected(demo_store, f"{op.upper()}(geometry, {literal})")
    box = service.zone_filter(f"S_INTERSECTS(geometry, {literal})").geometry
    test = getattr(shapely, op.removeprefix("s_"))
    assert found == expected(zones, lambda z: bool(test(z["geometry"], box)))


def test_the_spatial_cases_select_something(demo_store, zones):
    literal = polygon_text(AROUND_SANDVIKA)
    for op in ("s_intersects", "s_within", "s_disjoint", "s_crosses", "s_overlaps"):
        assert 0 < len(selected(demo_store, f"{op.upper()}(geometry, {literal})")) < len(zones), op


def test_s_equals_and_s_contains_find_the_zone_itself(demo_store, zones):
    fornebu = zones["fornebu"]["geometry"]
    wkt = shapely.to_wkt(fornebu, rounding_precision=-1)
    assert selected(
        demo_store, f"S_EQUALS(geometry, {wkt})", crs=f"{EPSG}25832", max_chars=10**6
    ) == {"fornebu"}
    inside = fornebu.representative_point()
    found = selected(
        demo_store, f"S_CONTAINS(geometry, POINT({inside.x!r} {inside.y!r}))", crs=f"{EPSG}25832"
    )
    assert "fornebu" in found
    assert found == expected(zones, lambda z: z["geometry"].contains(inside))


def test_s_touches_selects_the_zones_that_share_only_a_boundary(demo_store, zones):
    line = zones["hovedsykkelvei-e18"]["geometry"]
    start = shapely.Point(line.geoms[0].coords[0])
    found = selected(
        demo_store, f"S_TOUCHES(geometry, POINT({start.x!r} {start.y!r}))", crs=f"{EPSG}25832"
    )
    assert "hovedsykkelvei-e18" in found
    assert found == expected(zones, lambda z: z["geometry"].touches(start))


@pytest.mark.parametrize("code", [4326, 4258, 25832, 25833, 3857])
def test_a_polygon_in_another_crs_selects_the_same_zones(demo_store, zones, code):
    crs84 = selected(demo_store, f"S_INTERSECTS(geometry, {polygon_text(AROUND_SANDVIKA)})")
    if code in (4326, 4258):
        corners = [(lat, lon) for lon, lat in AROUND_SANDVIKA]  # latitude first
    else:
        to_code = Transformer.from_crs("EPSG:4326", f"EPSG:{code}", always_xy=True)
        corners = [to_code.transform(lon, lat) for lon, lat in AROUND_SANDVIKA]
    found = selected(
        demo_store, f"S_INTERSECTS(geometry, {polygon_text(corners)})", crs=f"{EPSG}{code}"
    )
    assert found == crs84
    assert 0 < len(found) < len(zones)


def test_lon_lat_sent_as_epsg_4326_is_read_as_lat_lon(demo_store):
    """CRS84 coordinates mislabelled as EPSG:4326 land far from Bærum and select nothing."""
    literal = polygon_text(AROUND_SANDVIKA)
    assert selected(demo_store, f"S_INTERSECTS(geometry, {literal})")
    assert selected(demo_store, f"S_INTERSECTS(geometry, {literal})", crs=f"{EPSG}4326") == set()


def test_spatial_and_attribute_conditions_nest(demo_store, zones):
    literal = polygon_text(AROUND_SANDVIKA)
    box = service.zone_filter(f"S_INTERSECTS(geometry, {literal})").geometry
    source = f"NOT (S_INTERSECTS(geometry, {literal}) AND kind <> 'corridor') OR (S_WITHIN(geometry, {literal}) AND draft = false)"
    assert selected(demo_store, source) == expected(
        zones,
        lambda z: (
            not (z["geometry"].intersects(box) and z["kind"] != "corridor")
            or (z["geometry"].within(box) and not z["draft"])
        ),
    )


def test_cql2_json_selects_what_the_same_text_selects(demo_store):
    text = "kind = 'protection' AND NOT (hensynssone = 'H510' OR arealformal IS NULL)"
    document = (
        '{"op": "and", "args": [{"op": "=", "args": [{"property": "kind"}, "protection"]},'
        ' {"op": "not", "args": [{"op": "or", "args": ['
        '{"op": "=", "args": [{"property": "hensynssone"}, "H510"]},'
        ' {"op": "isNull", "args": [{"property": "arealformal"}]}]}]}]}'
    )
    found = selected(demo_store, text)
    assert found and selected(demo_store, document, "cql2-json") == found


def test_a_filter_keeps_out_deleted_zones(demo_store):
    with demo_store.write() as repo:
        repo.zones.delete("fornebu", actor="test")
    assert selected(demo_store, "name = 'Fornebu'") == set()
    assert selected(demo_store, f"S_INTERSECTS(geometry, {polygon_text(AROUND_SANDVIKA)})")


def test_the_filter_goes_with_the_other_selections_of_a_listing(demo_store, zones):
    from arealweb.domain.zones import ZoneKind

    where = service.zone_filter("arealformal = 1130")
    with demo_store.read() as repo:
        rows = repo.zones.versions(kind=ZoneKind.DEVELOPMENT, where=where)
    assert {i for i, _ in rows} == expected(
        zones, lambda z: z["kind"] == "development" and z["arealformal"] == 1130
    )
    assert all(version == zones[i]["version"] for i, version in rows)


def test_a_stray_filter_crs_is_refused(demo_store):
    with pytest.raises(BadFilter) as caught:
        zone_ids_matching(demo_store, "name = 'x'", filter_crs="EPSG:4326")
    problem = caught.value.problems[0]
    assert problem.where == "filter-crs"
    assert (
        "filter-crs må være en av http://www.opengis.net/def/crs/OGC/1.3/CRS84" in problem.message
    )


def test_a_geometry_the_crs_cannot_place_is_refused(demo_store):
    with pytest.raises(BadFilter) as caught:
        zone_ids_matching(demo_store, "S_INTERSECTS(geometry, POINT(1000 1000))")
    assert caught.value.problems[0].template == service.OUTSIDE_CRS


def hostile(store, source, lang="cql2-text", **limits):
    """Run a hostile filter: refused (its template) or selected (the ids); nothing changes."""
    before = snapshot(store)
    try:
        outcome = selected(store, source, lang, **limits)
    except BadFilter as error:
        outcome = error.problems[0].template
    assert snapshot(store) == before
    return outcome


def test_sql_in_a_text_literal_is_bound_and_selects_nothing(demo_store, zones):
    assert hostile(demo_store, "name = 'x''; DROP TABLE zones; --'") == set()
    assert hostile(demo_store, "name LIKE '%''; DELETE FROM zones; --'") == set()
    assert hostile(demo_store, "kind = 'development' OR name = ''' OR 1=1 --'") == expected(
        zones, lambda z: z["kind"] == "development"
    )
    with demo_store.read() as repo:
        assert len(repo.zones.all()) == len(zones)


def test_sql_in_a_property_name_is_refused(demo_store):
    assert hostile(demo_store, '"id; DROP TABLE zones; --" = 1') == f.UNKNOWN_PROPERTY
    assert hostile(demo_store, '"name = name OR 1" = 1') == f.UNKNOWN_PROPERTY
    json_name = '{"op": "=", "args": [{"property": "id) OR 1=1 --"}, "x"]}'
    assert hostile(demo_store, json_name, "cql2-json") == f.UNKNOWN_PROPERTY


def test_huge_in_lists_are_refused_and_the_largest_allowed_is_one_bound_list(demo_store, zones):
    many = ", ".join(f"'zone-{i}'" for i in range(20_000))
    assert hostile(demo_store, f"id IN ({many})") == f.TOO_LONG
    assert hostile(demo_store, f"id IN ({many})", max_chars=10**6) == f.TOO_MANY_IN
    largest = ", ".join([*(f"'zone-{i}'" for i in range(498)), "'fornebu'", "'marka'"])
    assert hostile(demo_store, f"id IN ({largest})") == {"fornebu", "marka"}


def test_deep_nesting_is_refused(demo_store):
    assert (
        hostile(demo_store, "(" * 5000 + "name = 'a'" + ")" * 5000, max_chars=10**6)
        == guards.TOO_DEEP
    )
    assert hostile(demo_store, "NOT " * 3000 + "name = 'a'") == guards.TOO_DEEP
    document = (
        '{"op": "not", "args": [' * 3000
        + '{"op": "=", "args": [{"property": "name"}, "a"]}'
        + "]}" * 3000
    )
    assert hostile(demo_store, document, "cql2-json", max_chars=10**6) == guards.TOO_DEEP


def test_a_10_mb_geometry_literal_is_refused(demo_store):
    line = ", ".join(f"{10 + i * 1e-7:.7f} 59.9" for i in range(600_000))
    source = f"S_INTERSECTS(geometry, LINESTRING({line}))"
    assert len(source) > 10_000_000
    assert hostile(demo_store, source) == f.TOO_LONG


def test_a_filter_and_property_parameters_select_together(demo_store, zones):
    where = service.zone_where(
        f"S_INTERSECTS(geometry, {polygon_text(AROUND_SANDVIKA)})",
        properties={"kind": "development", "limit": "10"},
    )
    with demo_store.read() as repo:
        found = {zone_id for zone_id, _ in repo.zones.versions(where=where)}
    box = service.zone_filter(f"S_INTERSECTS(geometry, {polygon_text(AROUND_SANDVIKA)})").geometry
    assert found == expected(
        zones, lambda z: z["kind"] == "development" and z["geometry"].intersects(box)
    )
    assert found
    assert service.zone_where(properties={"limit": "10"}) is None
    assert service.zone_where() is None


def test_stations_follow_the_same_pattern(demo_store):
    from arealweb.domain.filters import STATION_QUERYABLES
    from arealweb.schemas.filters import parse_filter

    with demo_store.read() as repo:
        everything = repo.reference.stations()
    source = f"S_INTERSECTS(geometry, {polygon_text(AROUND_SANDVIKA)}) OR planned = true"
    where = service.in_storage_crs(parse_filter(source, "cql2-text", STATION_QUERYABLES))
    with demo_store.read() as repo:
        found = repo.reference.stations(where=where)
    box = where.parts[0].geometry
    expected_ids = [s.id for s in everything if s.geometry.intersects(box) or s.planned]
    assert [s.id for s in found] == expected_ids
    assert 0 < len(found) < len(everything)


PYTHON_CASES = [
    *(source for source, _ in ATTRIBUTE_FILTERS),
    f"S_INTERSECTS(geometry, {polygon_text(AROUND_SANDVIKA)}) AND NOT hensynssone IS NULL",
    f"NOT S_WITHIN(geometry, {polygon_text(AROUND_SANDVIKA)}) OR arealformal <> 1130",
    "id IN ('fornebu', 'marka', 'nosuch') OR version > 1",
]


@pytest.mark.parametrize("source", PYTHON_CASES, ids=[s[:50] for s in PYTHON_CASES])
def test_the_python_evaluator_selects_what_the_database_selects(demo_store, zones, source):
    """Collections read in Python (goals, comments …) filter with ``holds``: it agrees with
    SQL, three-valued logic and case-sensitive LIKE included."""
    tree = service.zone_filter(source)
    in_python = {i for i, z in zones.items() if holds(tree, z, z["geometry"])}
    assert in_python == selected(demo_store, source)


def test_sql_in_a_property_parameter_is_bound_and_selects_nothing(demo_store):
    before = snapshot(demo_store)
    where = service.zone_where(properties={"name": "x'; DROP TABLE zones; --", "id": "' OR '1'='1"})
    with demo_store.read() as repo:
        assert repo.zones.versions(where=where) == []
    assert snapshot(demo_store) == before
