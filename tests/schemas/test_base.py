"""The one validation layer: types checked, not coerced; texts capped; faults named."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated

import pytest

from arealweb.domain.errors import InvalidInput
from arealweb.schemas.base import LAX, Count, Identifier, Schema, Text, parse
from arealweb.schemas.geometry import AREAS, POINTS, checked_geometry


class Colour(StrEnum):
    RED = "rød"
    BLUE = "blå"


class Example(Schema):
    colour: Annotated[Colour, LAX] | None = None
    numbers: list[Annotated[int, LAX]] = []
    title: Text(10) = ""
    ids: list[Identifier] = []
    position: Count = 0
    share: float = 0.0


def faults(data, strict=True) -> list[tuple[str | None, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse(Example, data, "properties", strict=strict)
    return [(p.where, p.message.split(": ", 1)[1]) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        ({"numbers": "17"}, "properties.numbers", "må være en liste"),
        ({"title": ["t"]}, "properties.title", "må være tekst"),
        ({"title": {"a": 1}}, "properties.title", "må være tekst"),
        ({"title": 5}, "properties.title", "må være tekst"),
        ({"title": "x" * 11}, "properties.title", "kan være høyst 10 tegn"),
        (
            {"title": "a\x00b"},
            "properties.title",
            "teksten inneholder et NUL-tegn (\\u0000), som ikke kan lagres",
        ),
        (
            {"title": "a\ud800"},
            "properties.title",
            "teksten inneholder et ugyldig tegn (en halv surrogat)",
        ),
        ({"colour": "grønn"}, "properties.colour", "«grønn» er ukjent; bruk en av: rød, blå"),
        (
            {"colour": ["rød"]},
            "properties.colour",
            "«['rød']» er ukjent; bruk en av: rød, blå",
        ),
        (
            {"ids": ["a b"]},
            "properties.ids[0]",
            "kan bare ha bokstaver a–z, tall og . _ : - (høyst 64 tegn)",
        ),
        ({"position": 10**30}, "properties.position", "kan være høyst 9007199254740992"),
        ({"position": 1.0}, "properties.position", "må være et heltall"),
        ({"position": True}, "properties.position", "må være et heltall"),
        ({"share": math.inf}, "properties.share", "tall må være endelige"),
        ({"share": math.nan}, "properties.share", "tall må være endelige"),
    ],
)
def test_a_value_of_the_wrong_shape_is_refused_not_coerced(data, where, message):
    assert faults(data) == [(where, message)]


def test_every_fault_is_named_at_once():
    assert [w for w, _ in faults({"title": 1, "position": -1, "numbers": "1"})] == [
        "properties.numbers",
        "properties.title",
        "properties.position",
    ]


def test_a_good_document_comes_back_typed_and_stripped():
    parsed = parse(Example, {"colour": "blå", "numbers": [1, 17], "title": "  Fornebu ", "x": 1})
    assert (parsed.colour, parsed.numbers, parsed.title) == (Colour.BLUE, [1, 17], "Fornebu")


def test_forms_read_numbers_from_text_but_never_a_text_as_a_list():
    assert parse(Example, {"numbers": ["1", "17"], "position": "3"}, strict=False).numbers == [
        1,
        17,
    ]
    assert faults({"numbers": "17"}, strict=False) == [("properties.numbers", "må være en liste")]


POINT = {"type": "Point", "coordinates": [10.5635, 59.915]}


def geometry_fault(document, allowed=POINTS + AREAS, max_vertices=100) -> str:
    with pytest.raises(InvalidInput) as caught:
        checked_geometry(document, allowed, max_vertices)
    return caught.value.message


def test_a_good_geometry_passes_unchanged():
    assert checked_geometry(POINT, POINTS, 1) is POINT


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"type": "GeometryCollection", "geometries": [POINT]}, "«GeometryCollection» er ukjent"),
        (
            {"type": "Point", "coordinates": ["10", 59.9]},
            "geometry.coordinates[0]: må være et tall",
        ),
        ({"type": "Point", "coordinates": [10.5]}, "geometry.coordinates: må ha minst 2 elementer"),
        ({"type": "Point"}, "geometry.coordinates: mangler"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[10.5, 59.9], [10.6, 59.9], [10.6, 59.95], [10.5, 59.91]]],
            },
            "ringen er ikke lukket",
        ),
        (
            {"type": "Polygon", "coordinates": [[[10.5, 59.9], [10.6, 59.9], [10.5, 59.9]]]},
            "geometry.coordinates[0]: må ha minst 4 elementer",
        ),
        (
            {"type": "LineString", "coordinates": [[10.5, 59.9], [10.6, 59.9]]},
            "geometritypen LineString kan ikke brukes her",
        ),
        ("POINT (10 59)", "geometry: må være et objekt"),
    ],
)
def test_a_geometry_no_map_can_hold_is_refused_with_its_reason(document, message):
    assert message in geometry_fault(document)


def test_a_geometry_with_more_vertices_than_allowed_is_refused():
    ring = [[10.5 + 0.01 * math.cos(i / 50), 59.9 + 0.01 * math.sin(i / 50)] for i in range(300)]
    ring.append(ring[0])
    message = geometry_fault({"type": "Polygon", "coordinates": [ring]}, max_vertices=200)
    assert message == "geometry: geometrien har 301 punkter; høyst 200 er tillatt her"
