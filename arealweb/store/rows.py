"""Writing one keyed row only when its values change, as the reference and goal tables need;
and the rules a stored zone row must keep to be read as a zone."""

from __future__ import annotations

import shapely
import sqlalchemy as sa
from shapely.geometry.base import BaseGeometry

from arealweb.domain.codes import AREALFORMAL, HENSYNSSONER
from arealweb.domain.errors import Problem
from arealweb.domain.text import N_
from arealweb.domain.zones import CATEGORIES, ZoneKind, ZoneStatus
from arealweb.geo.validation import invalidity


def upsert(
    connection: sa.Connection, table: sa.Table, key: sa.Column, key_value: str, values: dict
) -> str:
    """Insert or update the row whose ``key`` is ``key_value``: 'created', 'updated' or
    'unchanged'."""
    current = connection.execute(sa.select(table).where(key == key_value)).first()
    if current is None:
        connection.execute(table.insert().values({key.name: key_value, **values}))
        return "created"
    if all(getattr(current, name) == value for name, value in values.items()):
        return "unchanged"
    connection.execute(table.update().where(key == key_value).values(values))
    return "updated"


def zone_row_problems(
    kind: str,
    category: str,
    status: str,
    arealformal: int | None,
    hensynssone: str | None,
    geometry: BaseGeometry | None,
    valid: bool | None = None,
) -> tuple[list[Problem], bool]:
    """The rules a stored zone row breaks, and whether only its geometry is at fault.

    ``valid`` is the geometry's validity when the caller has worked it out for many rows at
    once. Size and the municipal boundary are left to saves and imports: a row outside them
    can still be listed, analysed and drawn.
    """
    problems: list[Problem] = []
    zone_kind = next((k for k in ZoneKind if k.value == kind), None)
    if zone_kind is None:
        problems.append(
            Problem(
                N_("ukjent sonetype «%(value)s»; kjente typer er: %(choices)s"),
                {"value": kind, "choices": ", ".join(k.value for k in ZoneKind)},
            )
        )
    elif category not in CATEGORIES[zone_kind]:
        problems.append(
            Problem(
                N_("kategorien «%(category)s» finnes ikke for %(kind)s; velg en av: %(choices)s"),
                {
                    "category": category,
                    "kind": zone_kind.value,
                    "choices": ", ".join(CATEGORIES[zone_kind]),
                },
            )
        )
    if status not in {s.value for s in ZoneStatus}:
        problems.append(
            Problem(
                N_("ukjent status «%(value)s»; kjente statuser er: %(choices)s"),
                {"value": status, "choices": ", ".join(s.value for s in ZoneStatus)},
            )
        )
    if arealformal is not None and arealformal not in AREALFORMAL:
        problems.append(
            Problem(N_("%(code)s er ikke en kode i KpArealformål"), {"code": arealformal})
        )
    if hensynssone is not None and hensynssone not in HENSYNSSONER:
        problems.append(Problem(N_("%(code)s er ikke en hensynssonekode"), {"code": hensynssone}))
    attributes_fine = not problems
    if geometry is None:
        problems.append(Problem(N_("geometrien mangler")))
    elif geometry.is_empty:
        problems.append(Problem(N_("geometrien er tom")))
    elif zone_kind is not None and geometry.geom_type not in zone_kind.geometry_types:
        problems.append(
            Problem(
                N_("en sone av typen %(kind)s må være %(expected)s, ikke %(actual)s"),
                {
                    "kind": zone_kind.value,
                    "expected": " eller ".join(zone_kind.geometry_types),
                    "actual": geometry.geom_type,
                },
            )
        )
    elif not (valid if valid is not None else shapely.is_valid(geometry)):
        invalid = invalidity(geometry)
        if invalid is not None:
            problems.append(invalid)
    return problems, attributes_fine and bool(problems)
