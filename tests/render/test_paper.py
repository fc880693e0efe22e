"""Sheets of paper and round scales."""

import pytest

from arealweb.domain.errors import InvalidInput
from arealweb.render.paper import Paper, paper, round_scale, scale_text


@pytest.mark.parametrize(
    "size, orientation, millimetres",
    [
        (None, None, (297, 210)),
        ("a4", "portrait", (210, 297)),
        (" A3 ", "LANDSCAPE", (420, 297)),
        ("A3", "portrait", (297, 420)),
    ],
)
def test_a_sheet_is_read_loosely_and_measured_in_millimetres(size, orientation, millimetres):
    assert paper(size, orientation).millimetres == millimetres


def test_an_unknown_sheet_names_what_is_allowed_for_each_wrong_part():
    with pytest.raises(InvalidInput) as caught:
        paper("Letter", "sideways")
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "ukjent papirformat «LETTER»: velg A4 eller A3",
        "ukjent retning «sideways»: velg portrait (stående) eller landscape (liggende)",
    ]
    assert len(paper.__doc__) > 0 and Paper().slug == "a4-landscape"


@pytest.mark.parametrize(
    "required, expected",
    [(47_312, 50_000), (50_000, 50_000), (50_001, 60_000), (101_000, 150_000), (3, 3), (0, 1)],
)
def test_the_scale_is_the_smallest_round_one_that_holds_the_map(required, expected):
    assert round_scale(required) == expected


def test_the_scale_is_written_with_spaces_between_thousands():
    assert (
        scale_text(50_000) == "1:50\u00a0000" and scale_text(1_500_000) == "1:1\u00a0500\u00a0000"
    )
