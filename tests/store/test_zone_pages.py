"""A page of zones counted and cut in the database is the page cut from the whole selection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import shapely

from arealweb.domain.zones import ZoneKind
from arealweb.services.filters import zone_filter

SANDVIKA = shapely.box(587_000, 6_640_000, 592_000, 6_645_000)
"""Sandvika and around, in EPSG:25832."""


def selections():
    now = datetime.now(UTC)
    return {
        "everything": {},
        "a kind": {"kind": ZoneKind.DEVELOPMENT},
        "a box": {"bbox": SANDVIKA},
        "a box and a kind": {"bbox": SANDVIKA, "kind": ZoneKind.PROTECTION},
        "saved lately": {"updated": (now - timedelta(days=1), None)},
        "saved in the future": {"updated": (now + timedelta(days=1), None)},
        "a filter": {"where": zone_filter("status = 'framtidig' OR name LIKE 'S%'", "cql2-text")},
    }


@pytest.mark.parametrize("selection", list(selections()))
@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (5, 3), (10, 25), (100, 0), (3, 1000)])
def test_a_page_is_the_slice_of_the_whole_selection(demo_store, selection, limit, offset):
    chosen = selections()[selection]
    with demo_store.read() as repo:
        whole = repo.zones.versions(**chosen)
        total, page = repo.zones.versions_page(limit, offset, **chosen)
    assert total == len(whole)
    assert page == whole[offset : offset + limit]
    if selection in ("everything", "a box", "a filter"):
        assert whole, "the selection must pick zones for the test to mean anything"
