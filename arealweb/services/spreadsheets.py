"""CSV for spreadsheets: the goal tree, published comments and the scenarios' comparison.

Semicolons and a byte-order mark, as Excel set to Norwegian expects. A cell that starts like a
formula (= + - @, tab, carriage return) is prefixed with an apostrophe, so no text a planner
typed can run as a formula in someone's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from arealweb.services.threads import goal_stats
from arealweb.store.repository import Store

COLUMNS = [
    "id",
    "plan_version",
    "level",
    "parent_id",
    "parent",
    "order",
    "title",
    "description",
    "dimension",
    "theme",
    "sdgs",
    "status",
    "zone_count",
    "zone_count_total",
    "area_daa",
    "length_m",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value``, made harmless as a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def goal_rows(store: Store) -> list[dict]:
    """One row per goal, in tree order, with the zones that realise it (or a goal below it)."""
    with store.read() as repo:
        tree = repo.goals.tree()
        zones = repo.zones.all()
    stats = goal_stats(tree, zones)
    direct: dict[str, int] = {}
    for zone in zones:
        for goal_id in zone.goal_ids:
            direct[goal_id] = direct.get(goal_id, 0) + 1
    return [
        {
            "id": goal.id,
            "plan_version": goal.plan_version_id,
            "level": goal.level.value,
            "parent_id": goal.parent_id or "",
            "parent": tree.get(goal.parent_id).title if goal.parent_id in tree else "",
            "order": goal.order,
            "title": goal.title,
            "description": goal.description,
            "dimension": goal.dimension.value if goal.dimension else "",
            "theme": goal.theme.value if goal.theme else "",
            "sdgs": " ".join(str(n) for n in goal.sdgs),
            "status": goal.status.value,
            "zone_count": direct.get(goal.id, 0),
            "zone_count_total": stats[goal.id].count,
            "area_daa": f"{stats[goal.id].area_daa:.1f}".replace(".", ","),
            "length_m": f"{stats[goal.id].length_m:.0f}",
        }
        for goal in tree.walk()
    ]


def csv_text(columns: list[str], rows: list[dict], delimiter: str = ";") -> str:
    """Rows (each a dict keyed by ``columns``) as CSV for spreadsheets: a BOM, every cell,
    the header's too, made safe."""
    for row in rows:
        unknown = [key for key in row if key not in columns]
        if unknown:
            raise ValueError(f"not among the columns: {unknown}")
    return csv_table(columns, [[row.get(c, "") for c in columns] for row in rows], delimiter)


def csv_table(
    header: Sequence[object], rows: Iterable[Sequence[object]], delimiter: str = ";"
) -> str:
    """Rows (each a list, in the header's order) as CSV for spreadsheets: a BOM, every cell,
    the header's too, made safe. For a header whose names need not be unique."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def goal_csv(store: Store, delimiter: str = ";") -> str:
    return csv_text(COLUMNS, goal_rows(store), delimiter)
