"""Matching what someone types against place names, and saying where a point is."""

from shapely.geometry import Point, box

from arealweb.domain.places import (
    Area,
    Hit,
    Landmark,
    fold,
    in_words,
    match_score,
    ranked,
    whereabouts,
)

ENGLISH = {
    "ved %(place)s": "by %(place)s",
    "nær %(place)s": "near %(place)s",
    "i %(zone)s": "in %(zone)s",
    "%(name)s stasjon": "%(name)s station",
    "i Bærum": "in Bærum",
    "utenfor Bærum": "outside Bærum",
}


def test_case_and_norwegian_letters_are_folded():
    assert fold("BÆRUMS Verk") == "baerums verk"
    assert fold("Høvik") == fold("hovik") == "hovik"
    assert fold("Østerås") == fold("OSTERAS") == fold("Oesteraas".replace("Oe", "Ø"))
    assert fold("Baerum") == fold("Bærum")
    assert fold("Sandvika–Rykkinn") == "sandvika rykkinn"


def test_prefix_beats_word_start_beats_inside():
    assert match_score(fold("bekkes"), "Bekkestua") == 80
    assert match_score(fold("bekkestua"), "Bekkestua") == 100
    assert match_score(fold("stua"), "Bekkestua") == 40  # the end of a compound word
    assert match_score(fold("bekkes"), "Gangvei Bekkestua–Stabekk") == 60
    assert match_score(fold("sykkel sand"), "Sykkelvei Sandvika–Rykkinn") == 50
    assert match_score(fold("vei sand"), "Sykkelvei Sandvika–Rykkinn") == 20  # inside
    assert match_score(fold("sand vei"), "Sykkelvei Sandvika–Rykkinn") == 0
    assert match_score(fold("marka"), "Bærumsmarka") == 40
    assert match_score(fold("xyz"), "Bekkestua") == 0
    assert match_score("", "Bekkestua") == 0


def test_ranking_is_by_score_then_source_and_keeps_one_hit_per_thing():
    point = (10.5, 59.9, 10.5, 59.9)
    hits = [
        Hit("zone", "bekkestua", "Bekkestua", "development", 80, point),
        Hit("place", "bekkestua-skole", "Bekkestua skole", "school", 80, point),
        Hit("place", "bekkestua", "Bekkestua", "village", 80, point),
        Hit("place", "bekkestua", "Bekkestua", "village", 60, point),
        Hit("station", "t-bekkestua", "Bekkestua", "station", 80, point),
        Hit("zone", "gangvei", "Gangvei Bekkestua–Stabekk", "corridor", 60, point),
        Hit("place", "none", "Nothing", "other", 0, point),
    ]
    found = ranked(hits, 4)
    assert [(h.source, h.id) for h in found] == [
        ("place", "bekkestua"),
        ("place", "bekkestua-skole"),
        ("zone", "bekkestua"),
        ("station", "t-bekkestua"),
    ]
    assert len(ranked(hits, 10)) == 5


STATION = Landmark("Sandvika", Point(0, 0), station=True, rank=0)
VILLAGE = Landmark("Haslum", Point(1500, 0), rank=0)
MARSH = Landmark("Svartmyra", Point(0, 900), rank=2)
ZONES = [
    Area("Sandvika", box(-300, -300, 300, 300)),
    Area("Bærumsmarka", box(-5000, 600, 5000, 5000)),
]
BOUNDARY = box(-6000, -6000, 6000, 6000)


def words(point, language=None):
    where = whereabouts(point, [STATION, VILLAGE, MARSH], ZONES, BOUNDARY)
    return in_words(where, (lambda t: ENGLISH[t]) if language == "en" else (lambda t: t))


def test_a_point_at_a_station_is_named_by_the_station_and_the_zone():
    assert words(Point(30, 40)) == "ved Sandvika stasjon, i Sandvika"
    assert words(Point(30, 40), "en") == "by Sandvika station, in Sandvika"


def test_further_away_a_well_known_place_is_preferred_to_a_small_name():
    # 1 030 m from the marsh (rank 2), 1 300 m from Haslum (rank 0): «nær Haslum».
    assert words(Point(1200, 950)) == "nær Haslum, i Bærumsmarka"
    assert words(Point(1200, 950), "en") == "near Haslum, in Bærumsmarka"


def test_far_from_everything_only_the_zone_or_the_municipality_names_it():
    assert words(Point(-4000, 4000)) == "i Bærumsmarka"
    assert words(Point(-4000, -4000)) == "i Bærum"
    assert words(Point(9000, 9000)) == "utenfor Bærum"
    assert words(Point(9000, 9000), "en") == "outside Bærum"
