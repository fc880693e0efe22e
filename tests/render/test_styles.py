"""The style table: every category drawn, every CSS name valid."""

import re

from arealweb.domain.participation import CommentKind
from arealweb.domain.zones import CATEGORIES, ZoneKind
from arealweb.render import styles


def test_every_category_of_every_kind_has_its_own_style():
    for kind in ZoneKind:
        for code in CATEGORIES[kind]:
            assert code in styles.CATEGORY_STYLES, code
            assert re.fullmatch(r"#[0-9a-f]{6}", styles.CATEGORY_STYLES[code]["color"])


def test_an_unknown_category_is_drawn_in_the_neutral_zone_style():
    assert styles.category_style("ukjent") == styles.LAYER_STYLES["zone"]


def test_css_variables_are_valid_custom_properties_with_colours():
    text = styles.css_variables()
    assert text.startswith(":root { ") and text.endswith(" }")
    declarations = [d.strip() for d in text[len(":root { ") : -2].split(";") if d.strip()]
    for declaration in declarations:
        name, _, value = declaration.partition(":")
        assert re.fullmatch(r"--[a-z][a-z0-9-]*", name), name
        assert re.fullmatch(r"#[0-9a-f]{6}", value.strip()), declaration
    names = {d.partition(":")[0] for d in declarations}
    assert {"--boundary-stroke", "--conflict-fill", "--dimension-sosial"} <= names
    assert {f"--comment-{k.value.replace(' ', '-')}" for k in CommentKind} <= names


def test_the_style_table_labels_kinds_in_the_reader_language():
    table = styles.style_table(str.upper)
    assert [k["kind"] for k in table["kinds"]] == [k.value for k in ZoneKind]
    assert table["kinds"][0]["label"].isupper()
    assert set(table["comments"]) == {k.value for k in CommentKind}
