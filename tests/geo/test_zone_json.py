"""The format mark stored with each zone's Feature: another release serves a stored Feature only
where it would have made the same one and would read the zone's row as a zone at all."""

import pytest

from arealweb.domain import codes, zones
from arealweb.geo import zone_json


@pytest.fixture
def fresh_format():
    """The mark worked out anew (it is kept once per process), and again after the test."""
    zone_json.feature_format.cache_clear()
    yield zone_json.feature_format
    zone_json.feature_format.cache_clear()


@pytest.mark.parametrize(
    "code_list",
    [
        lambda m: m.delitem(codes.AREALFORMAL, 1130),
        lambda m: m.delitem(codes.HENSYNSSONER, "H310"),
        lambda m: m.delitem(zones.CATEGORIES[zones.ZoneKind.DEVELOPMENT], "knutepunkt"),
    ],
    ids=["a land-use code", "a consideration zone code", "a category"],
)
def test_a_release_that_takes_out_a_code_the_rows_are_checked_against_has_another_format(
    fresh_format, monkeypatch, code_list
):
    """Rows using the code are left out of its listings: a Feature stored for one before must
    not be served in its place. (Codes the canary zones do not use: their Features stay the
    same, only the code lists differ.)"""
    before = fresh_format()
    code_list(monkeypatch)
    fresh_format.cache_clear()
    assert fresh_format() != before
    monkeypatch.undo()
    fresh_format.cache_clear()
    assert fresh_format() == before


def test_the_mark_names_the_format_revision(fresh_format):
    assert fresh_format().startswith(f"{zone_json.FORMAT_REVISION}:")
