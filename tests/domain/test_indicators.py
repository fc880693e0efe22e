import math

import pytest

from arealweb.domain.indicators import (
    CATALOGUE,
    CLOSE_FRACTION,
    DISTANCE_MAX_M,
    DISTANCE_MIN_M,
    NOTE_MAX,
    PROTECTION_CATEGORIES,
    Direction,
    Indicator,
    Light,
    Measure,
    Parameter,
    Unit,
    indicator_problems,
    light,
    with_default_parameter,
)

AT_LEAST, AT_MOST = Direction.AT_LEAST, Direction.AT_MOST


def indicator(measure=Measure.STATION_SHARE, target=60.0, direction=AT_LEAST, **kw):
    if "parameter" not in kw:
        kw["parameter"] = CATALOGUE[measure].default_parameter
    return Indicator("g1", measure, target, direction, **kw)


def messages(found):
    return [p.message for p in indicator_problems(found)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (60.0, Light.MET),
        (75.0, Light.MET),
        (60.0 - 1e-12, Light.MET),  # floating point noise is not a miss
        (54.0, Light.CLOSE),  # misses by 6, exactly 10 % of 60
        (53.9, Light.NOT_MET),
        (0.0, Light.NOT_MET),
    ],
)
def test_at_least_is_met_on_or_above_the_target_and_close_within_ten_per_cent(value, expected):
    assert CLOSE_FRACTION == 0.10
    assert light(60.0, AT_LEAST, value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100.0, Light.MET), (0.0, Light.MET), (110.0, Light.CLOSE), (110.5, Light.NOT_MET)],
)
def test_at_most_is_met_on_or_below_the_target(value, expected):
    assert light(100.0, AT_MOST, value) is expected


def test_the_close_floor_lets_a_small_target_be_close():
    # At most 0 daa on jordvern: 10 % of 0 is nothing, so the floor decides.
    assert light(0.0, AT_MOST, 0.0, close_floor=5.0) is Light.MET
    assert light(0.0, AT_MOST, 4.0, close_floor=5.0) is Light.CLOSE
    assert light(0.0, AT_MOST, 5.5, close_floor=5.0) is Light.NOT_MET
    assert light(0.0, AT_MOST, 0.1) is Light.NOT_MET
    # The larger of the two counts: 10 % of 200 is 20, more than the floor.
    assert light(200.0, AT_LEAST, 181.0, close_floor=5.0) is Light.CLOSE


def test_an_indicator_uses_its_measures_close_floor():
    jordvern = indicator(Measure.PROTECTED_TAKEN, 0.0, AT_MOST, parameter="jordvern")
    assert jordvern.light(0.0) is Light.MET
    assert jordvern.light(CATALOGUE[Measure.PROTECTED_TAKEN].close_floor) is Light.CLOSE
    assert jordvern.light(6.0) is Light.NOT_MET
    share = indicator(Measure.STATION_SHARE, 60.0, AT_LEAST, parameter=1000)
    assert share.light(54.0) is Light.CLOSE and share.light(53.0) is Light.NOT_MET
    assert Light.CLOSE.label == "Nær" and Light.NOT_MET.label == "Ikke nådd"


def test_every_measure_has_a_unit_and_its_parameter():
    assert set(CATALOGUE) == set(Measure)
    assert {m: CATALOGUE[m].unit for m in Measure} == {
        Measure.STATION_SHARE: Unit.PERCENT,
        Measure.PROTECTED_TAKEN: Unit.DAA,
        Measure.MAIN_CYCLE_LENGTH: Unit.KM,
        Measure.CYCLE_REACH_SHARE: Unit.PERCENT,
        Measure.DEVELOPMENT_AREA: Unit.DAA,
        Measure.UNBUILT_RESERVE: Unit.DAA,
    }
    assert [Unit.PERCENT.symbol, Unit.DAA.symbol, Unit.KM.symbol] == ["%", "daa", "km"]
    for spec in CATALOGUE.values():
        assert (spec.parameter is None) == (spec.default_parameter is None)
        if spec.parameter is Parameter.DISTANCE:
            assert "%(distance)s" in spec.label
        elif spec.parameter is Parameter.CATEGORY:
            assert "%(category)s" in spec.label
            assert spec.default_parameter in PROTECTION_CATEGORIES
    assert "jordvern" in PROTECTION_CATEGORIES and "vekstområde" not in PROTECTION_CATEGORIES


def test_an_indicator_reads_its_label_parameters_and_key():
    found = indicator(Measure.CYCLE_REACH_SHARE, 80.0, parameter=300)
    assert found.unit is Unit.PERCENT
    assert found.label_params == {"distance": 300}
    assert found.spec.label % found.label_params == (
        "Andel av utviklingsarealet innen 300 m fra hovedsykkelveinettet"
    )
    assert found.key == (Measure.CYCLE_REACH_SHARE, 300)
    assert indicator(Measure.DEVELOPMENT_AREA, 10.0, AT_MOST).label_params == {}


def test_default_parameters_are_filled_in_and_stray_ones_dropped():
    bare = Indicator("g1", Measure.STATION_SHARE, 50.0, AT_LEAST)
    assert with_default_parameter(bare).parameter == 1000
    assert messages(bare), "a distance measure without a distance is not valid as it stands"
    assert indicator_problems(with_default_parameter(bare)) == []
    kept = Indicator("g1", Measure.STATION_SHARE, 50.0, AT_LEAST, 500)
    assert with_default_parameter(kept) is kept
    stray = Indicator("g1", Measure.UNBUILT_RESERVE, 50.0, AT_MOST, 500)
    assert with_default_parameter(stray).parameter is None
    jordvern = Indicator("g1", Measure.PROTECTED_TAKEN, 0.0, AT_MOST)
    assert with_default_parameter(jordvern).parameter == "jordvern"


def test_a_valid_indicator_has_no_problems():
    assert indicator_problems(indicator()) == []
    assert indicator_problems(
        indicator(
            Measure.PROTECTED_TAKEN, 0.0, AT_MOST, parameter="marka", baseline=12.5,
            baseline_year=2020, note="x" * NOTE_MAX,
        )
    ) == []  # fmt: skip
    for measure in (Measure.MAIN_CYCLE_LENGTH, Measure.DEVELOPMENT_AREA, Measure.UNBUILT_RESERVE):
        assert indicator_problems(indicator(measure, 1_000_000.0)) == []


@pytest.mark.parametrize(
    "distance", [DISTANCE_MIN_M - 1, DISTANCE_MAX_M + 1, 500.0, "500", True, None]
)
def test_a_distance_is_a_whole_number_of_metres_within_bounds(distance):
    assert messages(indicator(parameter=distance)) == [
        f"avstanden må være et helt antall meter fra {DISTANCE_MIN_M} til {DISTANCE_MAX_M}"
    ]


@pytest.mark.parametrize("distance", [DISTANCE_MIN_M, DISTANCE_MAX_M, 750])
def test_distances_at_the_bounds_are_accepted(distance):
    assert indicator_problems(indicator(Measure.CYCLE_REACH_SHARE, 50.0, parameter=distance)) == []


def test_a_category_must_be_a_protection_category():
    found = indicator_problems(
        indicator(Measure.PROTECTED_TAKEN, 0.0, AT_MOST, parameter="vekstområde"), where="felt"
    )
    assert len(found) == 1 and found[0].where == "felt"
    assert found[0].message.startswith("felt: vernekategorien «vekstområde» finnes ikke")
    assert ", ".join(PROTECTION_CATEGORIES) in found[0].message


def test_a_measure_without_a_parameter_takes_none():
    assert messages(indicator(Measure.MAIN_CYCLE_LENGTH, 20.0, parameter=500)) == [
        "dette målet på arealet tar ingen parameter"
    ]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (-1.0, "verdien kan ikke være negativ"),
        (math.nan, "verdien må være et tall"),
        (math.inf, "verdien må være et tall"),
        (True, "verdien må være et tall"),
        ("60", "verdien må være et tall"),
        (100.5, "en andel kan ikke være over 100 %"),
    ],
)
def test_a_target_is_a_finite_non_negative_number_and_a_share_at_most_100(target, message):
    assert messages(indicator(target=target)) == [message]


def test_a_target_over_100_is_fine_in_daa_and_km():
    assert indicator_problems(indicator(Measure.DEVELOPMENT_AREA, 150.0, AT_MOST)) == []
    assert indicator_problems(indicator(Measure.MAIN_CYCLE_LENGTH, 150.0)) == []


def test_the_baseline_year_and_note():
    assert messages(indicator(baseline=-5.0)) == ["verdien kan ikke være negativ"]
    assert messages(indicator(baseline=150.0)) == ["en andel kan ikke være over 100 %"]
    assert messages(indicator(baseline=40.0, baseline_year=1850)) == [
        "året må ligge mellom 1900 og 2200"
    ]
    assert messages(indicator(baseline_year=2020)) == ["et år uten tidligere verdi sier ingenting"]
    assert messages(indicator(note="x" * (NOTE_MAX + 1))) == [
        f"merknaden er lengre enn {NOTE_MAX} tegn"
    ]
    several = messages(indicator(target=-1.0, baseline=-1.0, parameter=10))
    assert len(several) == 3
