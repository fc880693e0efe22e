"""CSV for spreadsheets: every cell, the header's too, made harmless; rows as dicts or lists."""

from __future__ import annotations

import csv
import io

import pytest

from arealweb.services.spreadsheets import csv_table, csv_text

EVIL = '=HYPERLINK("http://evil","x")'


def parsed(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_a_header_like_a_formula_is_guarded():
    rows = parsed(csv_text(["navn", EVIL], [{"navn": "+1", EVIL: "@x"}]))
    assert rows == [["navn", "'" + EVIL], ["'+1", "'@x"]]


def test_rows_as_lists_keep_repeated_names_apart():
    rows = parsed(csv_table(["a", "Vekst", "Vekst"], [["x", 1, 2]]))
    assert rows == [["a", "Vekst", "Vekst"], ["x", "1", "2"]]


def test_a_dict_row_with_an_unknown_column_is_refused():
    with pytest.raises(ValueError, match="not among the columns"):
        csv_text(["a"], [{"a": 1, "b": 2}])
    assert parsed(csv_text(["a", "b"], [{"a": 1}])) == [["a", "b"], ["1", ""]]
