"""CQL2 filters, text and JSON, into one checked tree; every refusal with its own message."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest
import shapely

from arealweb.domain.errors import BadFilter, InvalidInput
from arealweb.domain.filters import (
    ZONE_QUERYABLES,
    All,
    Any,
    Between,
    Compare,
    In,
    IsNull,
    Like,
    Not,
    Queryable,
    Spatial,
    queryables_schema,
)
from arealweb.schemas import filter_guards as guards
from arealweb.schemas import filters as f
from arealweb.schemas.filter_parameters import parse_property_filters
from arealweb.schemas.filters import FilterLimits, parse_filter

SQUARE = shapely.Polygon([(10.5, 59.9), (10.6, 59.9), (10.6, 59.95), (10.5, 59.95)])
SQUARE_TEXT = "POLYGON((10.5 59.9, 10.6 59.9, 10.6 59.95, 10.5 59.95, 10.5 59.9))"
SQUARE_JSON = {
    "type": "Polygon",
    "coordinates": [[[10.5, 59.9], [10.6, 59.9], [10.6, 59.95], [10.5, 59.95], [10.5, 59.9]]],
}


def prop(name):
    return {"property": name}


def text(source, queryables=ZONE_QUERYABLES, **limits):
    return parse_filter(source, "cql2-text", queryables, FilterLimits(**limits))


def cql2_json(document, queryables=ZONE_QUERYABLES, **limits):
    source = document if isinstance(document, str) else json.dumps(document)
    return parse_filter(source, "cql2-json", queryables, FilterLimits(**limits))


EVERY_OPERATOR = [
    (
        "name = 'Sandvika'",
        {"op": "=", "args": [prop("name"), "Sandvika"]},
        Compare("=", "name", "Sandvika"),
    ),
    (
        "arealformal <> 1130",
        {"op": "<>", "args": [prop("arealformal"), 1130]},
        Compare("<>", "arealformal", 1130),
    ),
    ("version < 2", {"op": "<", "args": [prop("version"), 2]}, Compare("<", "version", 2)),
    ("version > 2", {"op": ">", "args": [prop("version"), 2]}, Compare(">", "version", 2)),
    ("version <= 2", {"op": "<=", "args": [prop("version"), 2]}, Compare("<=", "version", 2)),
    ("version >= 2", {"op": ">=", "args": [prop("version"), 2]}, Compare(">=", "version", 2)),
    ("draft = true", {"op": "=", "args": [prop("draft"), True]}, Compare("=", "draft", True)),
    ("name LIKE 'S%'", {"op": "like", "args": [prop("name"), "S%"]}, Like("name", "S%")),
    (
        "name NOT LIKE 'S_a%'",
        {"op": "not", "args": [{"op": "like", "args": [prop("name"), "S_a%"]}]},
        Not(Like("name", "S_a%")),
    ),
    (
        "arealformal IN (1130, 1800)",
        {"op": "in", "args": [prop("arealformal"), [1130, 1800]]},
        In("arealformal", (1130, 1800)),
    ),
    (
        "kind NOT IN ('corridor')",
        {"op": "not", "args": [{"op": "in", "args": [prop("kind"), ["corridor"]]}]},
        Not(In("kind", ("corridor",))),
    ),
    (
        "arealformal BETWEEN 1000 AND 2000",
        {"op": "between", "args": [prop("arealformal"), 1000, 2000]},
        Between("arealformal", 1000, 2000),
    ),
    ("hensynssone IS NULL", {"op": "isNull", "args": [prop("hensynssone")]}, IsNull("hensynssone")),
    (
        "hensynssone IS NOT NULL",
        {"op": "not", "args": [{"op": "isNull", "args": [prop("hensynssone")]}]},
        Not(IsNull("hensynssone")),
    ),
    (
        "updated > TIMESTAMP('2026-01-31T12:00:00Z')",
        {"op": ">", "args": [prop("updated"), {"timestamp": "2026-01-31T12:00:00Z"}]},
        Compare(">", "updated", datetime(2026, 1, 31, 12, tzinfo=UTC)),
    ),
    (
        "created < DATE('2026-01-31')",
        {"op": "<", "args": [prop("created"), {"date": "2026-01-31"}]},
        Compare("<", "created", datetime(2026, 1, 31, tzinfo=UTC)),
    ),
    (
        "kind = 'development' AND status = 'framtidig' AND draft = false",
        {
            "op": "and",
            "args": [
                {"op": "=", "args": [prop("kind"), "development"]},
                {"op": "=", "args": [prop("status"), "framtidig"]},
                {"op": "=", "args": [prop("draft"), False]},
            ],
        },
        All(
            (
                Compare("=", "kind", "development"),
                Compare("=", "status", "framtidig"),
                Compare("=", "draft", False),
            )
        ),
    ),
    (
        "kind = 'corridor' OR arealformal = 1130",
        {
            "op": "or",
            "args": [
                {"op": "=", "args": [prop("kind"), "corridor"]},
                {"op": "=", "args": [prop("arealformal"), 1130]},
            ],
        },
        Any((Compare("=", "kind", "corridor"), Compare("=", "arealformal", 1130))),
    ),
    (
        "NOT (kind = 'corridor' OR name <> 'z')",
        {
            "op": "not",
            "args": [
                {
                    "op": "or",
                    "args": [
                        {"op": "=", "args": [prop("kind"), "corridor"]},
                        {"op": "<>", "args": [prop("name"), "z"]},
                    ],
                }
            ],
        },
        Not(Any((Compare("=", "kind", "corridor"), Compare("<>", "name", "z")))),
    ),
    (
        "kind = 'corridor' AND (name = 'a' AND name = 'b')",
        {
            "op": "and",
            "args": [
                {"op": "=", "args": [prop("kind"), "corridor"]},
                {
                    "op": "and",
                    "args": [
                        {"op": "=", "args": [prop("name"), "a"]},
                        {"op": "=", "args": [prop("name"), "b"]},
                    ],
                },
            ],
        },
        All(
            (Compare("=", "kind", "corridor"), Compare("=", "name", "a"), Compare("=", "name", "b"))
        ),
    ),
    (
        "name = 'O''Brien'",
        {"op": "=", "args": [prop("name"), "O'Brien"]},
        Compare("=", "name", "O'Brien"),
    ),
    (
        f"S_INTERSECTS(geometry, {SQUARE_TEXT})",
        {"op": "s_intersects", "args": [prop("geometry"), SQUARE_JSON]},
        Spatial("s_intersects", "geometry", SQUARE),
    ),
    *[
        (
            f"{op.upper()}(geometry, {SQUARE_TEXT})",
            {"op": op, "args": [prop("geometry"), SQUARE_JSON]},
            Spatial(op, "geometry", SQUARE),
        )
        for op in (
            "s_within",
            "s_contains",
            "s_disjoint",
            "s_equals",
            "s_touches",
            "s_crosses",
            "s_overlaps",
        )
    ],
    (
        "S_WITHIN(geometry, BBOX(10.5, 59.9, 10.6, 59.95))",
        {"op": "s_within", "args": [prop("geometry"), {"bbox": [10.5, 59.9, 10.6, 59.95]}]},
        Spatial("s_within", "geometry", shapely.box(10.5, 59.9, 10.6, 59.95)),
    ),
    (
        "S_INTERSECTS(geometry, POINT(10.52 59.89))",
        {
            "op": "s_intersects",
            "args": [prop("geometry"), {"type": "Point", "coordinates": [10.52, 59.89]}],
        },
        Spatial("s_intersects", "geometry", shapely.Point(10.52, 59.89)),
    ),
]


@pytest.mark.parametrize(
    ("source", "document", "tree"), EVERY_OPERATOR, ids=[c[0][:40] for c in EVERY_OPERATOR]
)
def test_every_operator_reads_the_same_in_text_and_json(source, document, tree):
    assert text(source) == tree
    assert cql2_json(document) == tree


def test_a_spatial_function_with_the_geometry_first_is_turned_around():
    assert text(f"S_WITHIN({SQUARE_TEXT}, geometry)") == Spatial("s_contains", "geometry", SQUARE)
    assert text(f"S_INTERSECTS({SQUARE_TEXT}, geometry)") == Spatial(
        "s_intersects", "geometry", SQUARE
    )


def test_a_one_letter_property_is_read_when_it_is_a_queryable():
    x = (Queryable("x", "integer", "X"),)
    assert text("x = 1", x) == Compare("=", "x", 1)
    with pytest.raises(BadFilter) as caught:
        text("x = 1")
    assert "ukjent egenskap «x»" in caught.value.message


def test_like_escapes_and_quoted_identifiers_are_read():
    assert text(r"name LIKE '100\%'") == Like("name", r"100\%")
    assert text("\"name\" = 'a'") == Compare("=", "name", "a")


def test_a_whole_number_literal_of_a_number_queryable_is_a_float():
    n = (Queryable("share", "number", "Andel"),)
    assert text("share = 1", n) == Compare("=", "share", 1.0)
    assert isinstance(text("share > 0.5", n).value, float)


def fault(source, lang="cql2-text", queryables=ZONE_QUERYABLES, **limits):
    with pytest.raises(BadFilter) as caught:
        parse_filter(source, lang, queryables, FilterLimits(**limits))
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].where == "filter"
    return problems[0]


REFUSALS = [
    # (filter, template, text the message contains)
    (
        "nosuch = 1",
        f.UNKNOWN_PROPERTY,
        "ukjent egenskap «nosuch»; filteret kan bruke id, name, kind",
    ),
    (
        '"id; DROP TABLE zones; --" = 1',
        f.UNKNOWN_PROPERTY,
        "ukjent egenskap «id; DROP TABLE zones; --»",
    ),
    ("1 = arealformal", f.PROPERTY_LEFT, "«=» må ha en egenskap til venstre"),
    ("name = kind", f.PROPERTY_LEFT, "«=» må ha en egenskap til venstre"),
    ("CASEI(name) = 'x'", f.UNKNOWN_OPERATOR, "«casei» kan ikke brukes"),
    ("arealformal + 1 = 2", f.UNKNOWN_OPERATOR, "«+» kan ikke brukes"),
    ("name = 1", f.WANTS_TEXT, "«name» er tekst"),
    (
        "arealformal = 'x'",
        f.WANTS_INTEGER,
        "«arealformal» er et heltall (høyst 9007199254740991); fikk 'x'",
    ),
    ("arealformal = 1.5", f.WANTS_INTEGER, "fikk 1.5"),
    ("arealformal = 9007199254740993", f.WANTS_INTEGER, "«arealformal» er et heltall"),
    ("arealformal = 1.5e400", f.NOT_FINITE, "tall i filteret må være endelige"),
    ("draft = 1", f.WANTS_BOOLEAN, "«draft» er true eller false; fikk 1"),
    ("draft < true", f.ONLY_EQUALITY, "kan bare sammenlignes med = og <>"),
    ("updated > '2026-01-01'", f.WANTS_TIMESTAMP, "«updated» er et tidspunkt"),
    (
        "updated > TIMESTAMP('2026-13-01T00:00:00Z')",
        f.BAD_TIMESTAMP,
        "«2026-13-01T00:00:00Z» er ikke et tidspunkt",
    ),
    (
        "kind = 'utvikling'",
        f.NOT_IN_ENUM,
        "«utvikling» er ikke en verdi «kind» kan ha; bruk en av: development, protection, corridor",
    ),
    ("kind IN ('development', 'x')", f.NOT_IN_ENUM, "«x» er ikke en verdi «kind» kan ha"),
    ("arealformal = NULL", f.NULL_VALUE, "skriv «arealformal IS NULL»"),
    ("arealformal LIKE '1%'", f.LIKE_NOT_TEXT, "LIKE kan bare brukes på tekst"),
    ("name LIKE 'a\\'", f.LIKE_ENDS_IN_ESCAPE, "kan ikke slutte med \\"),
    ("name LIKE '%a%b%c%d%e%f%'", f.TOO_MANY_WILDCARDS, "høyst 5 jokertegn (% og _)"),
    (
        "name BETWEEN 'a' AND 'b'",
        f.BETWEEN_NOT_ORDERED,
        "BETWEEN kan bare brukes på tall og tidspunkt",
    ),
    ("geometry = 'x'", f.GEOMETRY_ONLY_SPATIAL, "«geometry» er en geometri"),
    (
        "S_INTERSECTS(name, POINT(1 2))",
        f.SPATIAL_ARGUMENTS,
        "S_INTERSECTS må ha en geometriegenskap",
    ),
    ("S_INTERSECTS(geometry, 'x')", f.NOT_A_GEOMETRY, "S_INTERSECTS trenger en geometri"),
    ("S_INTERSECTS(geometry, BBOX(2, 2, 1, 1))", f.BAD_BBOX, "BBOX må ha fire tall"),
    (
        "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))",
        f.INVALID_GEOMETRY,
        "geometrien i filteret er ugyldig: Self-intersection",
    ),
    ("S_INTERSECTS(geometry, POLYGON EMPTY)", f.EMPTY_GEOMETRY, "geometrien i filteret er tom"),
    ("name = 'Sandvika' AND", f.BAD_TEXT_AT_END, "filteret slutter for tidlig"),
    (
        "name = 'Sandvika' XOR name = 'x'",
        f.BAD_TEXT,
        "filteret kan ikke tolkes fra tegn 19: «XOR name = 'x'»",
    ),
    ("updated T_AFTER TIMESTAMP('2026-01-01T00:00:00Z')", f.BAD_TEXT, "fra tegn 9"),
    ("true", f.NOT_AN_EXPRESSION, "filteret må være et uttrykk"),
    ("   ", f.EMPTY, "filteret er tomt"),
    ("name = 'x" + "y" * 600 + "'", f.TEXT_TOO_LONG, "en tekst i filteret kan være høyst 500 tegn"),
    ("name = '\x00'", "teksten inneholder et NUL-tegn (\\u0000), som ikke kan lagres", "NUL-tegn"),
    (
        "arealformal IN (" + ", ".join(["1"] * 501) + ")",
        f.TOO_MANY_IN,
        "IN kan ha høyst 500 verdier; denne har 501",
    ),
    (
        " OR ".join(["version = 1"] * 201),
        f.TOO_MANY_NODES,
        "filteret har for mange ledd: høyst 200",
    ),
    (
        " OR ".join([f"S_INTERSECTS(geometry, POINT({i} 1))" for i in range(6)]),
        f.TOO_MANY_SPATIAL,
        "høyst 5 romlige funksjoner",
    ),
    ("version = - - -1", guards.TOO_MANY_SIGNS, "for mange fortegn"),
]


@pytest.mark.parametrize(
    ("source", "template", "says"), REFUSALS, ids=[c[0][:40] for c in REFUSALS]
)
def test_a_filter_arealweb_cannot_use_is_refused_with_its_own_message(source, template, says):
    limits = {"max_wildcards": 5} if template == f.TOO_MANY_WILDCARDS else {}
    problem = fault(source, **limits)
    assert problem.template == template
    assert says in problem.message
    assert problem.message.startswith("filter: ")


JSON_REFUSALS = [
    (
        '{"op": "=", "args": [{"property": "name"}, "x"]',
        guards.NOT_JSON,
        "filteret er ikke gyldig JSON",
    ),
    (
        '{"op": "=", "args": [{"property": "arealformal"}, NaN]}',
        guards.NOT_JSON,
        "filteret er ikke gyldig JSON",
    ),
    (
        '{"op": "=", "args": [{"property": "name"}, {"x": 1}]}',
        f.BAD_JSON,
        "filteret er ikke gyldig CQL2-JSON",
    ),
    (
        '{"op": "frob", "args": [{"property": "name"}, "x"]}',
        f.UNKNOWN_OPERATOR,
        "«frob» kan ikke brukes",
    ),
    (
        '{"op": "=", "args": [{"property": "name"}, "x", "y"]}',
        f.WRONG_ARITY,
        "«=» tar 2 argumenter, ikke 3",
    ),
    (
        '{"op": "and", "args": [{"op": "=", "args": [{"property": "name"}, "x"]}]}',
        f.WRONG_ARITY,
        "«AND» tar 2+ argumenter, ikke 1",
    ),
    ('{"op": "not", "args": []}', f.WRONG_ARITY, "«NOT» tar 1 argumenter, ikke 0"),
    (
        '{"op": "between", "args": [{"property": "version"}, 1]}',
        f.WRONG_ARITY,
        "«BETWEEN» tar 3 argumenter, ikke 2",
    ),
    (
        '{"op": "in", "args": [{"property": "version"}, 1]}',
        f.IN_NEEDS_LIST,
        "IN må ha en liste av verdier",
    ),
    ('{"op": "in", "args": [{"property": "version"}, []]}', f.EMPTY_IN, "IN må ha minst én verdi"),
    (
        '{"op": "=", "args": [{"property": "arealformal"}, 9007199254740993]}',
        f.WANTS_INTEGER,
        "fikk 9007199254740992",
    ),
    (
        '{"op": "=", "args": [{"property": "draft"}, "true"]}',
        f.WANTS_BOOLEAN,
        "«draft» er true eller false; fikk 'true'",
    ),
    ("[1, 2]", f.NOT_AN_EXPRESSION, "filteret må være et uttrykk"),
    ('{"property": "name"}', f.NOT_AN_EXPRESSION, "filteret må være et uttrykk"),
    (
        '{"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [1, 2, 3]}]}',
        f.BAD_BBOX,
        "BBOX må ha fire tall",
    ),
]


@pytest.mark.parametrize(
    ("source", "template", "says"), JSON_REFUSALS, ids=[c[0][:40] for c in JSON_REFUSALS]
)
def test_cql2_json_arealweb_cannot_use_is_refused_with_its_own_message(source, template, says):
    problem = fault(source, "cql2-json")
    assert problem.template == template
    assert says in problem.message


def test_an_unknown_filter_language_is_refused():
    with pytest.raises(BadFilter) as caught:
        parse_filter("name = 'x'", "cql-text", ZONE_QUERYABLES)
    problem = caught.value.problems[0]
    assert problem.where == "filter-lang"
    assert problem.template == f.UNKNOWN_LANGUAGE
    assert "filter-lang må være cql2-text eller cql2-json; fikk «cql-text»" in problem.message


def test_a_bad_filter_is_invalid_input_named_for_the_filter_parameter():
    """The OGC routes answer it with 400 (BadFilter), anything else still sees InvalidInput."""
    with pytest.raises(InvalidInput):
        text("nosuch = 1")


DEEP = {
    "parentheses": "(" * 5000 + "name = 'a'" + ")" * 5000,
    "NOTs": "NOT " * 5000 + "name = 'a'",
    "functions": "name = " + "f(" * 5000 + "'a'" + ")" * 5000,
    "signs": "version = " + "-" * 5000 + "1",
    "just over the limit": "(" * 33 + "name = 'a'" + ")" * 33,
    "33 NOTs": "NOT " * 33 + "name = 'a'",
}


@pytest.mark.parametrize("source", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_refused_before_cql2_reads_it(source):
    problem = fault(source, max_chars=50_000)
    assert problem.template in (guards.TOO_DEEP, guards.TOO_MANY_SIGNS)


def test_nesting_up_to_the_limit_is_read():
    assert text("(" * 32 + "name = 'a'" + ")" * 32) == Compare("=", "name", "a")
    assert text("NOT " * 32 + "name = 'a'") is not None


def test_parentheses_inside_a_text_do_not_count_as_nesting():
    assert text("name = '" + "(" * 100 + "'") == Compare("=", "name", "(" * 100)


def test_cql2_json_nested_deep_is_refused():
    inner = '{"op": "=", "args": [{"property": "name"}, "a"]}'
    nots = '{"op": "not", "args": [' * 5000 + inner + "]}" * 5000
    just_over = '{"op": "not", "args": [' * 32 + inner + "]}" * 32
    assert fault(nots, "cql2-json", max_chars=10**6).template == guards.TOO_DEEP
    assert fault(just_over, "cql2-json").template == guards.TOO_DEEP
    assert fault("[" * 5000 + "]" * 5000, "cql2-json").template == guards.TOO_DEEP


def test_cql2_json_nested_up_to_the_limit_is_read():
    inner = '{"op": "=", "args": [{"property": "name"}, "a"]}'
    nots = '{"op": "not", "args": [' * 30 + inner + "]}" * 30
    assert cql2_json(nots) is not None


def test_a_filter_nested_5000_deep_leaves_the_process_alive():
    """cql2 0.6 overflows its stack (SIGSEGV) on cql2-text nested ~2000 deep: the check comes
    first, in a child process here so a crash shows as its exit code, not a lost test run."""
    program = (
        "from arealweb.domain.errors import BadFilter\n"
        "from arealweb.domain.filters import ZONE_QUERYABLES\n"
        "from arealweb.schemas.filters import FilterLimits, parse_filter\n"
        "source = '(' * 5000 + \"name = 'a'\" + ')' * 5000\n"
        "try:\n"
        "    parse_filter(source, 'cql2-text', ZONE_QUERYABLES, FilterLimits(max_chars=10**6))\n"
        "except BadFilter as error:\n"
        "    print(error.problems[0].template)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == guards.TOO_DEEP


def test_a_10_mb_geometry_literal_is_refused_by_its_length():
    ring = ", ".join(f"{10 + i * 1e-7:.7f} 59.9" for i in range(600_000))
    source = f"S_INTERSECTS(geometry, LINESTRING({ring}))"
    assert len(source) > 10_000_000
    problem = fault(source)
    assert problem.template == f.TOO_LONG
    assert "filteret kan være høyst 20000 tegn; dette har" in problem.message


def test_a_geometry_with_too_many_points_is_refused():
    line = ", ".join(f"{i} 0" for i in range(10_001))
    problem = fault(f"S_INTERSECTS(geometry, LINESTRING({line}))", max_chars=10**6)
    assert problem.template == f.TOO_MANY_VERTICES
    assert "høyst 10000 punkter; denne har 10001" in problem.message


def test_sql_in_a_text_literal_is_only_a_text():
    assert text("name = 'x''; DROP TABLE zones; --'") == Compare(
        "=", "name", "x'; DROP TABLE zones; --"
    )


def test_queryables_render_as_a_json_schema_with_only_these_names():
    schema = queryables_schema(
        ZONE_QUERYABLES, "Soner", "https://h/ogc/collections/zones/queryables", translate=str.upper
    )
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://h/ogc/collections/zones/queryables"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    properties = schema["properties"]
    assert list(properties) == [q.name for q in ZONE_QUERYABLES]
    assert properties["name"] == {"title": "NAVN", "type": "string", "maxLength": 200}
    assert properties["kind"]["enum"] == ["development", "protection", "corridor"]
    assert properties["arealformal"] == {"title": "AREALFORMÅL (KODE)", "type": "integer"}
    assert properties["updated"] == {
        "title": "SIST LAGRET",
        "type": "string",
        "format": "date-time",
    }
    assert properties["draft"]["type"] == "boolean"
    assert properties["geometry"] == {"title": "GEOMETRI", "format": "geometry-any"}


REPEATED = {
    "comparison chain": ("name", " = 'a'"),
    "compact comparison chain": ("version", "=1"),
    "less-than chain": ("version", "<1"),
    "LIKE chain": ("name", " LIKE 'a'"),
    "minus chain": ("version = 1", "-1"),
    "plus chain": ("version = 1", "+1"),
    "power chain": ("version = 1", "^1"),
    "AND chain": ("version = 1", " AND version = 1"),
    "OR chain": ("version = 1", " OR version = 1"),
    "NOTs": ("", "NOT "),
    "parentheses": ("", "("),
    "function calls": ("version = ", "f("),
    "CASEI calls": ("", "CASEI("),
    "signs": ("version = ", "-"),
    "a long line": ("S_INTERSECTS(geometry, LINESTRING(", "-1.5 -2.5, "),
}


def test_no_filter_of_the_longest_length_read_crashes_the_process():
    """Each construct that cql2 reads recursively, repeated to the longest filter arealweb
    reads: refused or read, in a child process that must live to print every outcome."""
    program = (
        "import sys, json\n"
        "from arealweb.domain.errors import BadFilter\n"
        "from arealweb.domain.filters import ZONE_QUERYABLES\n"
        "from arealweb.schemas.filters import MAX_CHARS, parse_filter\n"
        "for start, unit in json.loads(sys.argv[1]):\n"
        "    source = (start + unit * MAX_CHARS)[:MAX_CHARS]\n"
        "    try:\n"
        "        parse_filter(source, 'cql2-text', ZONE_QUERYABLES)\n"
        "        print('read')\n"
        "    except BadFilter as error:\n"
        "        print(error.problems[0].template)\n"
    )
    cases = json.dumps(list(REPEATED.values()))
    done = subprocess.run(
        [sys.executable, "-c", program, cases], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcomes = done.stdout.splitlines()
    assert len(outcomes) == len(REPEATED)
    assert "read" not in outcomes


def test_cql2_runs_on_a_stack_deep_enough_for_anything_the_length_allows():
    """The second guard: even without the pre-scan, 10 000 links of ``= 1`` (which crash
    cql2 on a thread's usual stack) parse on the stack parse_filter gives it."""
    program = (
        "import cql2\n"
        "from arealweb.schemas.filter_guards import on_a_deep_stack\n"
        "deep = on_a_deep_stack(cql2.parse_text, 'version' + '=1' * 9_999)\n"
        "print(type(deep).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "Expr"


def test_the_minus_signs_of_a_long_geometry_are_no_operators():
    line = ", ".join(f"-{i}.5 -2.5" for i in range(1_500))
    source = f"S_INTERSECTS(geometry, LINESTRING({line})) AND version = -1"
    assert len(source) < f.MAX_CHARS
    tree = text(source)
    assert shapely.get_num_coordinates(tree.parts[0].geometry) == 1_500
    assert tree.parts[1] == Compare("=", "version", -1)


def test_query_parameters_named_after_queryables_are_equalities_that_all_hold():
    parameters = {"limit": "10", "draft": "false", "kind": "development", "arealformal": "1130"}
    assert parse_property_filters(parameters, ZONE_QUERYABLES) == All(
        (
            Compare("=", "kind", "development"),
            Compare("=", "arealformal", 1130),
            Compare("=", "draft", False),
        )
    )
    assert parse_property_filters({"name": "Bærums Verk"}, ZONE_QUERYABLES) == Compare(
        "=", "name", "Bærums Verk"
    )
    assert parse_property_filters(
        {"updated": "2026-01-31T12:00:00+01:00"}, ZONE_QUERYABLES
    ) == Compare("=", "updated", datetime(2026, 1, 31, 11, tzinfo=UTC))
    assert parse_property_filters({"limit": "10", "f": "json"}, ZONE_QUERYABLES) is None


def test_query_parameters_that_do_not_fit_their_queryable_are_refused_each_by_name():
    parameters = {
        "arealformal": "11.5",
        "version": "9007199254740993",
        "draft": "yes",
        "kind": "utvikling",
        "updated": "i går",
        "geometry": "POINT(1 2)",
        "name": "x" * 501,
        "id": "a\x00",
    }
    with pytest.raises(BadFilter) as caught:
        parse_property_filters(parameters, ZONE_QUERYABLES)
    assert [(p.where, p.message.split(": ", 1)[1]) for p in caught.value.problems] == [
        ("id", "teksten inneholder et NUL-tegn (\\u0000), som ikke kan lagres"),
        ("name", "kan være høyst 500 tegn"),
        ("kind", "«utvikling» er ukjent; bruk en av: development, protection, corridor"),
        ("arealformal", "må være et heltall; fikk «11.5»"),
        ("draft", "må være true eller false; fikk «yes»"),
        ("version", "må være et heltall; fikk «9007199254740993»"),
        ("updated", "må være et tidspunkt som 2026-01-31T12:00:00Z; fikk «i går»"),
        ("geometry", "«geometry» er en geometri; velg med bbox eller filter i stedet"),
    ]
