"""The plan and one to four scenarios side by side: their arealregnskap (land-use accounting)
and every goal indicator with its traffic light, in one read and one :class:`Ledger`.

The plan comes first; each scenario is the plan with its changes applied. One ledger serves the
whole comparison, so the scenarios share the work on the plan's unchanged zones. A comparison
is kept for the state it was made of (the plan's signature, the scenarios' and indicators'
versions): asking again for the same costs a few cheap reads.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from arealweb.domain.codes import AREALFORMAL
from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.domain.indicators import Indicator, Light
from arealweb.domain.scenarios import COMPARED_MAX, ChangeAction, Scenario, ScenarioState
from arealweb.domain.text import N_
from arealweb.domain.zones import (
    CATEGORIES,
    CATEGORY_LABELS,
    KIND_LABELS,
    SQUARE_METRES_PER_DAA,
    ZoneKind,
)
from arealweb.services import analysis
from arealweb.services.indicators import indicators as all_indicators
from arealweb.services.progress import Progress, Silent
from arealweb.store.repository import Store

if TYPE_CHECKING:
    from arealweb.analysis.accounting import Accounts

PLAN = "_plan"
"""The key of the plan's column: no scenario's id (a slug, [a-z0-9-]) can be it."""

METRES_PER_KM = 1_000.0

CACHED = 8
"""How many comparisons are kept."""


class Group:
    """The sections of the arealregnskap, in the order they are shown."""

    KIND = "kind"
    CATEGORY = "category"
    AREALFORMAL = "arealformal"
    TAKEN = "taken"
    RESERVE = "reserve"
    NETWORK = "network"


GROUP_LABELS = {
    Group.KIND: N_("Areal etter type"),
    Group.CATEGORY: N_("Areal etter kategori"),
    Group.AREALFORMAL: N_("Areal etter arealformål (KpArealformål)"),
    Group.TAKEN: N_("Utvikling på vernet areal"),
    Group.RESERVE: N_("Ubebygd arealreserve"),
    Group.NETWORK: N_("Hovedsykkelveinettet"),
}

TAKEN_TOTAL = "total"
TAKEN_LABEL = N_("Utvikling på %(category)s")
TAKEN_TOTAL_LABEL = N_("Utvikling på vernet areal i alt")
RESERVE_LABEL = N_("Utviklingsområder med status framtidig")
CYCLE_LABEL = N_("Lengde på hovedsykkelvei")
PLAN_LABEL = N_("Planen i dag")


@dataclass(frozen=True)
class Column:
    """The plan (``scenario`` None) or one scenario, with its accounts."""

    key: str
    name: str
    scenario: Scenario | None
    accounts: Accounts
    counts: dict[ChangeAction, int]
    changed: frozenset[str]
    """The ids of the zones the scenario adds, changes or removes."""
    changed_names: tuple[str, ...] = ()
    """Their names, sorted (a removed zone's as the plan has it)."""

    @property
    def promoted(self) -> bool:
        return self.scenario is not None and self.scenario.state is ScenarioState.PROMOTED


@dataclass(frozen=True)
class Figure:
    """One line of the arealregnskap: a value per column, in m² (``unit`` "m2") or m."""

    group: str
    code: str
    unit: str
    values: tuple[float, ...]

    @property
    def key(self) -> str:
        return f"{self.group}.{self.code}"

    @property
    def changes(self) -> tuple[float, ...]:
        """Each column's value less the plan's (0 for the plan)."""
        return tuple(value - self.values[0] for value in self.values)

    @property
    def shown_unit(self) -> str:
        """The unit the figure is shown in: daa for an area, km for a length."""
        return "daa" if self.unit == "m2" else "km"

    def shown(self, value: float) -> float:
        """``value`` (m² or m) in :attr:`shown_unit`."""
        return value / (SQUARE_METRES_PER_DAA if self.unit == "m2" else METRES_PER_KM)


@dataclass(frozen=True)
class IndicatorRow:
    """A goal's indicator with its value and traffic light in each column."""

    indicator: Indicator
    goal_title: str
    values: tuple[float, ...]
    lights: tuple[Light, ...]


@dataclass(frozen=True)
class Comparison:
    columns: tuple[Column, ...]
    figures: tuple[Figure, ...]
    indicators: tuple[IndicatorRow, ...]
    signature: str
    """What the comparison was made of: changes whenever any of it does."""

    @property
    def scenario_ids(self) -> list[str]:
        return [c.key for c in self.columns[1:]]

    def groups(self) -> list[tuple[str, list[Figure]]]:
        """The figures by section, in order, sections without a figure left out."""
        found: dict[str, list[Figure]] = {}
        for figure in self.figures:
            found.setdefault(figure.group, []).append(figure)
        return list(found.items())


def figure_label(figure: Figure, translate: Callable[[str], str]) -> str:
    """The line's name in the reader's language (``translate`` is the door's gettext)."""
    if figure.group == Group.KIND:
        return translate(KIND_LABELS[ZoneKind(figure.code)])
    if figure.group == Group.CATEGORY:
        return translate(CATEGORY_LABELS.get(figure.code, figure.code))
    if figure.group == Group.AREALFORMAL:
        code = int(figure.code)
        return f"{code} {translate(AREALFORMAL[code])}" if code in AREALFORMAL else str(code)
    if figure.group == Group.TAKEN:
        if figure.code == TAKEN_TOTAL:
            return translate(TAKEN_TOTAL_LABEL)
        category = translate(CATEGORY_LABELS.get(figure.code, figure.code)).lower()
        return translate(TAKEN_LABEL) % {"category": category}
    if figure.group == Group.RESERVE:
        return translate(RESERVE_LABEL)
    return translate(CYCLE_LABEL)


def indicator_label(indicator: Indicator, translate: Callable[[str], str]) -> str:
    """The indicator's measure named with its parameter, in the reader's language."""
    params = dict(indicator.label_params)
    if "category" in params:
        code = str(params["category"])
        params["category"] = translate(CATEGORY_LABELS.get(code, code)).lower()
    return translate(indicator.spec.label) % params


def table_rows(
    found: Comparison, translate: Callable[[str], str], number: Callable[[float], str]
) -> tuple[list[str], list[list[str]]]:
    """The comparison as a table: a row per figure and per indicator, a column per plan and
    scenario after the group, the figure and its unit (areas in daa, lengths in km,
    indicators in their unit with the light's word); ``number`` writes a value."""
    names = [column_name(c, translate) for c in found.columns]
    header = [translate(N_("Gruppe")), translate(N_("Tall")), translate(N_("Enhet")), *names]
    rows = []
    for group, figures in found.groups():
        for figure in figures:
            rows.append(
                [
                    translate(GROUP_LABELS[group]),
                    figure_label(figure, translate),
                    figure.shown_unit,
                    *(number(figure.shown(value)) for value in figure.values),
                ]
            )
    for row in found.indicators:
        indicator = row.indicator
        rows.append(
            [
                f"{translate(N_('Indikator'))}: {row.goal_title}",
                indicator_label(indicator, translate),
                indicator.unit.symbol,
                *(
                    f"{number(value)} ({translate(light.label)})"
                    for value, light in zip(row.values, row.lights, strict=True)
                ),
            ]
        )
    return header, rows


def column_name(column: Column, translate: Callable[[str], str]) -> str:
    return translate(PLAN_LABEL) if column.scenario is None else column.name


_kept: weakref.WeakKeyDictionary[Store, OrderedDict[tuple, Comparison]] = (
    weakref.WeakKeyDictionary()
)
"""The comparisons made, per store (gone with it), newest last."""
_lock = threading.Lock()


def compare(store: Store, scenario_ids: Sequence[str], where: str | None = None) -> Comparison:
    """The plan and the scenarios ``scenario_ids`` (one to :data:`COMPARED_MAX`, each once)
    side by side. NotFound for a scenario that does not exist; InvalidInput for none, too many
    or a discarded one, each naming ``where`` (the door's name for the ids asked for). A
    promoted scenario may be compared (its column says so)."""
    wanted = list(dict.fromkeys(scenario_ids))
    if not wanted:
        raise InvalidInput(N_("velg minst ett scenario å sammenligne med planen"), where)
    if len(wanted) > COMPARED_MAX:
        raise InvalidInput(
            N_(
                "planen kan sammenlignes med høyst %(max)d scenarioer om gangen; "
                "du valgte %(count)d"
            ),
            where,
            max=COMPARED_MAX,
            count=len(wanted),
        )
    with store.read() as repo:
        known = {s.id: s for s in repo.scenarios.all()}
        tree = repo.goals.tree()
    missing = [i for i in wanted if i not in known]
    if missing:
        raise NotFound(N_("scenarioet «%(id)s» finnes ikke"), where, id=", ".join(missing))
    chosen = [known[i] for i in wanted]
    discarded = [s.name for s in chosen if s.state is ScenarioState.DISCARDED]
    if discarded:
        raise InvalidInput(
            N_("scenarioet «%(name)s» er forkastet og kan ikke sammenlignes"),
            where,
            name=", ".join(discarded),
        )
    found_indicators = all_indicators(store)
    signature = analysis.plan_signature(store)
    key = (
        signature,
        tuple((s.id, s.version, s.state.value) for s in chosen),
        tuple((i.id, i.version) for i in found_indicators),
    )
    with _lock:
        kept = _kept.setdefault(store, OrderedDict())
        made = kept.get(key)
        if made is not None:
            kept.move_to_end(key)
            return made
    made = _compared(store, chosen, found_indicators, tree, _digest(key))
    if analysis.plan_signature(store) != signature:
        # The plan moved while it was read: what was measured may be of either state, so it is
        # not kept under the key of the first (an edit undone later would bring it back).
        return made
    with _lock:
        kept[key] = made
        while len(kept) > CACHED:
            kept.popitem(last=False)
    return made


def _digest(key: tuple) -> str:
    import hashlib

    return hashlib.sha256(repr(key).encode()).hexdigest()[:16]


def _compared(
    store: Store,
    chosen: list[Scenario],
    found_indicators: list[Indicator],
    tree,
    signature: str,
) -> Comparison:
    from arealweb.analysis.accounting import Ledger, distances_for

    plan = analysis.plan(store)
    stations, cycles = distances_for(found_indicators)
    ledger = Ledger(plan.zones, plan.stations, station_distances=stations, cycle_distances=cycles)
    columns = [Column(PLAN, "", None, ledger.plan(), dict.fromkeys(ChangeAction, 0), frozenset())]
    names = dict(zip(plan.zones["id"], plan.zones["name"], strict=True))
    for found in chosen:
        columns.append(
            Column(
                found.id,
                found.name,
                found,
                ledger.scenario(found.changes),
                found.counts(),
                frozenset(c.zone_id for c in found.changes),
                tuple(
                    sorted(
                        c.zone.name if c.zone is not None else names.get(c.zone_id, c.zone_id)
                        for c in found.changes
                    )
                ),
            )
        )
    titles = {goal.id: goal.title for goal in tree.walk()}
    rows = []
    for indicator in found_indicators:
        values = tuple(c.accounts.value(indicator.measure, indicator.parameter) for c in columns)
        rows.append(
            IndicatorRow(
                indicator,
                titles.get(indicator.goal_id, indicator.goal_id),
                values,
                tuple(indicator.light(v) for v in values),
            )
        )
    return Comparison(tuple(columns), tuple(_figures(columns)), tuple(rows), signature)


def _figures(columns: list[Column]) -> list[Figure]:
    accounts = [c.accounts for c in columns]

    def line(group: str, code: str, unit: str, read: Callable[[Accounts], float]) -> Figure:
        return Figure(group, code, unit, tuple(float(read(a)) for a in accounts))

    figures = []
    for kind in ZoneKind:
        if kind is ZoneKind.CORRIDOR:
            figures.append(
                line(Group.KIND, kind.value, "m", lambda a: a.length_by_kind.get("corridor", 0))
            )
        else:
            figures.append(
                line(Group.KIND, kind.value, "m2", lambda a, k=kind: a.area_by_kind.get(k, 0))
            )
    for kind, categories in CATEGORIES.items():
        for code in categories:
            if kind is ZoneKind.CORRIDOR:
                read = lambda a, c=code: a.length_by_category.get(c, 0)  # noqa: E731
            else:
                read = lambda a, c=code: a.area_by_category.get(c, 0)  # noqa: E731
            if any(read(a) for a in accounts):
                figures.append(
                    line(Group.CATEGORY, code, "m" if kind is ZoneKind.CORRIDOR else "m2", read)
                )
    codes = sorted({code for a in accounts for code in a.area_by_arealformal})
    for code in codes:
        figures.append(
            line(
                Group.AREALFORMAL,
                str(code),
                "m2",
                lambda a, c=code: a.area_by_arealformal.get(c, 0),
            )
        )
    for code in CATEGORIES[ZoneKind.PROTECTION]:
        figures.append(
            line(Group.TAKEN, code, "m2", lambda a, c=code: a.taken_by_category.get(c, 0))
        )
    figures.append(line(Group.TAKEN, TAKEN_TOTAL, "m2", lambda a: a.taken_total_m2))
    figures.append(line(Group.RESERVE, "framtidig", "m2", lambda a: a.reserve_m2))
    figures.append(line(Group.NETWORK, "hovedsykkelvei", "m", lambda a: a.main_cycle_m))
    return figures


def comparison_maps(
    store: Store,
    found: Comparison,
    translate: Callable[[str], str],
    *,
    size: tuple[float, float],
    date: str = "",
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """A printed map (SVG, ``size`` inches) per column, keyed by the column's key: the plan's
    zones as each leaves them, what a scenario adds or changes drawn strong and the rest
    faint. ``progress`` advances per map."""
    from arealweb.analysis.frames import zones_frame
    from arealweb.render.planmaps import plan_map_image
    from arealweb.services.scenarios import scenario_zones

    plan = analysis.plan(store)
    boundary = plan.boundary.geometry if plan.boundary else None
    progress = progress or Silent()
    progress.start(N_("Tegner kart per kolonne"), len(found.columns))
    maps = {}
    for column in found.columns:
        if column.scenario is None:
            zones, highlight = plan.zones, None
        else:
            _, kept, _ = scenario_zones(store, column.key)
            zones, highlight = zones_frame(kept), set(column.changed)
        maps[column.key] = plan_map_image(
            zones,
            column_name(column, translate),
            translate,
            "svg",
            boundary=boundary,
            stations=plan.stations,
            highlight=highlight,
            size=size,
            date=date,
        )
        progress.advance()
    progress.finish()
    return maps
