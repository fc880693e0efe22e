"""The arealregnskap (land-use accounting) of one plan state, as :class:`Accounts`, and the goal
indicators' measures read from it (:meth:`Accounts.value`). :mod:`arealweb.analysis.accounting`
computes them, for the plan and for scenarios on top of it.

What development *takes* is of the land protected in the plan as it stands, for a scenario too
(see :mod:`arealweb.analysis.accounting`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from arealweb.domain.indicators import Indicator, Measure, Parameter
from arealweb.domain.zones import SQUARE_METRES_PER_DAA

STATION_DISTANCES_M = (500, 1000)
CYCLE_DISTANCES_M = (500,)


@dataclass(frozen=True)
class Accounts:
    """The arealregnskap of one plan state; areas in m², lengths in m (EPSG:25832)."""

    area_by_kind: dict[str, float]
    """``development``, ``protection``: the union's area, overlaps once."""
    length_by_kind: dict[str, float]
    """``corridor``: the union's length."""
    area_by_category: dict[str, float]
    """Every area category of the catalogue (0 when none), and any other present."""
    length_by_category: dict[str, float]
    """Every corridor category of the catalogue (0 when none), and any other present."""
    area_by_arealformal: dict[int, float]
    """KpArealformål code -> the union's area of the area zones with that code (codes present)."""
    count_by_kind: dict[str, int]
    taken_by_category: dict[str, float]
    """Protection category -> the development area on land of that category protected in the
    plan as it stands (a scenario's own protection zones neither add to it nor, removed, take
    from it), once."""
    taken_total_m2: float
    """Development on any land protected in the plan as it stands, once across categories too."""
    development_m2: float
    reserve_m2: float
    """The unbuilt reserve: the union of development zones with status framtidig."""
    station_within_m2: dict[int, float]
    """Distance -> the development area within it of a station."""
    main_cycle_m: float
    """The union's length of the hovedsykkelvei corridors."""
    cycle_within_m2: dict[int, float]
    """Distance -> the development area within it of the hovedsykkelvei network."""
    tiles_computed: int = field(default=0, compare=False)
    """How many tiles were computed for these accounts (a scenario: those its changes touch)."""

    def value(self, measure: Measure, parameter: int | str | None = None) -> float:
        """The measure's value in its unit (per cent 0–100, daa, km); ``parameter`` None is the
        measure's default. A share of no development area is 0."""
        spec = measure.spec
        if spec.parameter is None:
            parameter = None
        elif parameter is None:
            parameter = spec.default_parameter
        if measure is Measure.STATION_SHARE:
            return self._share(self.station_within_m2, parameter)
        if measure is Measure.CYCLE_REACH_SHARE:
            return self._share(self.cycle_within_m2, parameter)
        if measure is Measure.PROTECTED_TAKEN:
            return self.taken_by_category.get(str(parameter), 0.0) / SQUARE_METRES_PER_DAA
        if measure is Measure.MAIN_CYCLE_LENGTH:
            return self.main_cycle_m / 1_000
        if measure is Measure.DEVELOPMENT_AREA:
            return self.development_m2 / SQUARE_METRES_PER_DAA
        if measure is Measure.UNBUILT_RESERVE:
            return self.reserve_m2 / SQUARE_METRES_PER_DAA
        raise ValueError(f"unknown measure {measure!r}")  # pragma: no cover

    def _share(self, within: dict[int, float], distance: int | str | None) -> float:
        if isinstance(distance, str) and distance.isdigit():
            distance = int(distance)
        if distance not in within:
            raise KeyError(
                f"no figures for {distance} m: make the Ledger with that distance "
                f"(see distances_for); computed: {sorted(within)}"
            )
        if self.development_m2 <= 0:
            return 0.0
        return 100.0 * within[distance] / self.development_m2


def distances_for(indicators: Iterable[Indicator]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(station distances, cycle distances) the indicators need, with the defaults 500/1000 and
    500."""
    stations, cycles = set(STATION_DISTANCES_M), set(CYCLE_DISTANCES_M)
    for indicator in indicators:
        if indicator.spec.parameter is not Parameter.DISTANCE:
            continue
        distance = indicator.parameter
        if distance is None:
            distance = indicator.spec.default_parameter
        if indicator.measure is Measure.STATION_SHARE:
            stations.add(int(distance))
        elif indicator.measure is Measure.CYCLE_REACH_SHARE:
            cycles.add(int(distance))
    return tuple(sorted(stations)), tuple(sorted(cycles))
