"""Filtering a collection with a client's CQL2 filter (OGC API – Features Part 3).

The filter is parsed and checked against the collection's queryables
(:func:`arealweb.schemas.filters.parse_filter`), its geometry literals are moved from
``filter-crs`` to EPSG:25832, and the store compiles the tree to SQL with bound values.
"""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from shapely.geometry.base import BaseGeometry

from arealweb.domain.errors import BadFilter, Problem
from arealweb.domain.filters import ZONE_QUERYABLES, All, Filter, with_geometries
from arealweb.domain.text import N_
from arealweb.geo.filter_crs import CRS84_URI, FILTER_CRSS, filter_geometry_to_utm
from arealweb.schemas.filter_parameters import parse_property_filters
from arealweb.schemas.filters import FilterLimits, Language, parse_filter
from arealweb.store.repository import Store

UNKNOWN_CRS = N_("filter-crs må være en av %(allowed)s; fikk «%(crs)s»")
OUTSIDE_CRS = N_("geometrien i filteret ligger utenfor det området filter-crs kan brukes i")
INVALID_IN_CRS = N_("geometrien i filteret blir ugyldig i EPSG:25832: %(reason)s")


def zone_filter(
    text: str,
    lang: Language | str = "cql2-text",
    filter_crs: str = CRS84_URI,
    limits: FilterLimits | None = None,
) -> Filter:
    """``text`` as a filter tree on zones, its geometries in EPSG:25832; BadFilter otherwise."""
    tree = parse_filter(text, lang, ZONE_QUERYABLES, limits)
    return in_storage_crs(tree, filter_crs)


def in_storage_crs(tree: Filter, filter_crs: str = CRS84_URI) -> Filter:
    """``tree`` with its geometry literals moved from ``filter_crs`` to EPSG:25832."""
    if filter_crs not in FILTER_CRSS:
        raise BadFilter.of(
            [
                Problem(
                    UNKNOWN_CRS,
                    {"allowed": ", ".join(FILTER_CRSS), "crs": filter_crs[:120]},
                    "filter-crs",
                )
            ]
        )

    def move(geometry: BaseGeometry) -> BaseGeometry:
        try:
            moved = filter_geometry_to_utm(geometry, filter_crs)
        except ValueError:
            raise BadFilter.of([Problem(OUTSIDE_CRS, where="filter")]) from None
        if not moved.is_valid:
            reason = shapely.is_valid_reason(moved)
            raise BadFilter.of([Problem(INVALID_IN_CRS, {"reason": reason}, "filter")])
        return moved

    return with_geometries(tree, move)


def zone_where(
    filter_text: str | None = None,
    lang: Language | str = "cql2-text",
    filter_crs: str = CRS84_URI,
    properties: Mapping[str, str] | None = None,
    limits: FilterLimits | None = None,
) -> Filter | None:
    """What an items request selects zones by: its ``filter`` (in ``lang``, geometries in
    ``filter_crs``) and its query parameters named after queryables (``properties``; the
    others are ignored), all of them together; None when it has neither."""
    parts = []
    if filter_text is not None:
        parts.append(zone_filter(filter_text, lang, filter_crs, limits))
    by_property = parse_property_filters(properties or {}, ZONE_QUERYABLES, limits)
    if by_property is not None:
        parts.append(by_property)
    if len(parts) == 2:
        return All((*_conditions(parts[0]), *_conditions(parts[1])))
    return parts[0] if parts else None


def _conditions(tree: Filter) -> tuple[Filter, ...]:
    return tree.parts if isinstance(tree, All) else (tree,)


def zone_ids_matching(
    store: Store,
    filter_text: str,
    lang: Language | str = "cql2-text",
    filter_crs: str = CRS84_URI,
    limits: FilterLimits | None = None,
) -> list[tuple[str, int]]:
    """(id, version) of the live zones the filter selects, by name, as a listing reads them."""
    where = zone_filter(filter_text, lang, filter_crs, limits)
    with store.read() as repo:
        return repo.zones.versions(where=where)
