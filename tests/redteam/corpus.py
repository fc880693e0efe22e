"""The red-team corpus as data: hostile path ids, malformed bodies and query values, hostile
strings, and for every route of the app the fields and query parameters it reads.

The tests in this folder send all of it; nothing here talks to the app.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from tests.browser.hostile import HOSTILE
from tests.places import HASLUM

HOSTILE_IDS = {
    "newline": "x%0A",
    "dot segments": "a/../b",
    "dot segments, encoded": "a%2F..%2Fb",
    "NUL": "%00",
    "percent-00 as text": "%2500",
    "300 characters": "x" * 300,
    "SQL": "%27%20OR%201%3D1%20--",
    "half a surrogate in UTF-8": "%ED%A0%80",
    "not UTF-8": "%FF%FE",
}
"""Path segments as sent on the wire (already percent-encoded)."""

HOSTILE_INTS = {
    "past 64 bits": str(10**30),
    "zero": "0",
    "leading zeros": "0000000001",
    "not a number": "abc",
}
"""Values for ``<int:…>`` path variables (anything not digits is routed to 404)."""

QUERY_VALUES = {
    "empty": [""],
    "text": ["abc"],
    "1e400": ["1e400"],
    "nan": ["nan"],
    "negative": ["-1"],
    "10**30": [str(10**30)],
    "repeated": ["1", "2"],
    "NUL": ["%00"],
    "half a surrogate": ["%ED%A0%80"],
    "SQL in a CQL2 literal": ["name%3D%27x%27%27%29%3B%20DROP%20TABLE%20zones%3B--%27"],
}
"""Malformed values for every query parameter a route reads (raw, already encoded)."""

NESTED_40 = '{"a": ' * 40 + "{}" + "}" * 40

JSON_BODIES = {
    "not JSON": "{not json",
    "empty": "",
    "list": '[{"type": "Feature"}]',
    "string": '"Feature"',
    "number": "17",
    "null": "null",
    "true": "true",
    "nested 40 deep": NESTED_40,
    "list nested 100 000 deep": "[" * 100_000 + "]" * 100_000,
    "1e400": '{"value": 1e400}',
    "NUL in a key": '{"type\\u0000": "Feature"}',
    "half a surrogate": '{"text": "\\ud800"}',
    "truncated": '{"type": "Feature", "properties": {"name": "Has',
    "BOM": "\ufeff{}",
}
"""Whole bodies no route can use, sent as ``application/json``."""

FIVE_MB = "x" * (5 * 1024 * 1024)
LONG = "x" * 100_000

FIELD_VALUES = {
    "text": "Gruppe",
    "list": ["x", "y"],
    "object": {"x": "y"},
    "number": 17,
    "5 MB string": FIVE_MB,
    "100 000 characters": LONG,
    "NUL": "Trygg\x00skolevei",
    "half a surrogate": "Trygg \ud800 skolevei",
    "1e400": "1e400",  # replaced by the literal number in the encoded body
}
"""Each known field of a route's body is set to each of these in turn (the rest valid)."""

UNUSABLE_FOR_ANY_FIELD = {"5 MB string", "100 000 characters", "NUL", "half a surrogate", "1e400"}
"""No field of any type can take these: a write that accepts one has stored what it must not."""

TYPES_OF_VALUES = {"text": "text", "list": "list", "object": "object", "number": "number"}
"""The JSON type each wrong-type value is; a field of another type must refuse it."""


def encoded(document: object, label: str) -> str:
    """``document`` as JSON text; the 1e400 and half-surrogate cases written as a client would
    (json.dumps cannot write a number past a double, and escapes surrogates itself)."""
    text = json.dumps(document, ensure_ascii=True)
    if label == "1e400":
        text = text.replace('"1e400"', "1e400")
    return text


FORM_VALUES = {
    "empty": [""],
    "repeated": ["1", "2"],
    "5 MB string": [FIVE_MB],
    "100 000 characters": [LONG],
    "NUL": ["Trygg\x00skolevei"],
    "1e400": ["1e400"],
    "nan": ["nan"],
    "negative": ["-1"],
    "10**30": [str(10**30)],
}
"""Each known field of a form is set to each of these in turn (the rest valid)."""

FORM_BODIES = {
    "nothing": (b"", "application/x-www-form-urlencoded"),
    "broken percent escapes": (b"a=%%%ZZ&&=&%00", "application/x-www-form-urlencoded"),
    "not UTF-8": (b"title=%FF%FE&name=%ED%A0%80", "application/x-www-form-urlencoded"),
    "JSON instead of a form": (b'{"title": ["x"]}', "application/json"),
    "text/plain": (b"title=x", "text/plain"),
    "multipart without a boundary": (b"--x\r\n", "multipart/form-data"),
}
"""Whole form bodies (the CSRF token is added where the content type can carry it)."""

MORE_HOSTILE = [
    "<ScRiPt>window.__xss=34</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<img src=x onerror=window.__xss=36 //",
    "<svg><script>window.__xss=37</script></svg>",
    "<img src=`x`onerror=window.__xss=38>",
    '<a href="jav&#x09;ascript:window.__xss=39">x</a>',
    "<img src=x:alert(1) onerror=eval(src)>",
    '<div style="background:url(javascript:window.__xss=41)">',
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=43">',
    '<link rel=import href="data:text/html,<script>window.__xss=44</script>">',
    '" onmouseover="window.__xss=45" x="',
    "' onmouseover='window.__xss=46' x='",
    "</script><script>window.__xss=47</script>",
    "<!--<script>window.__xss=48</script>-->",
    "<select autofocus onfocus=window.__xss=49>",
    "<textarea autofocus onfocus=window.__xss=50>",
    '<keygen autofocus onfocus="window.__xss=51">',
    '<audio src=x onerror="window.__xss=52">',
    "<body background=javascript:window.__xss=53>",
    '<table background="javascript:window.__xss=54">',
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9NTU8L3NjcmlwdD4=",
    "<svg><animate onbegin=window.__xss=56 attributeName=x dur=1s>",
    '<x contenteditable onblur="window.__xss=57">x',
    "\u202e<script>window.__xss=58</script>",
    "＜script＞window.__xss=59＜/script＞",
    "<script\x0c>window.__xss=60</script>",
    '{{constructor.constructor("window.__xss=61")()}}',
]
"""Classic strings beyond the browser tests' 33 (filter evasions, attribute breakouts, template
injection), for 61 in all."""

HOSTILE_STRINGS = [*HOSTILE, *MORE_HOSTILE]


@dataclass(frozen=True)
class Route:
    """What one route reads, beyond its path.

    ``fields`` maps a path into the body (a tuple of keys) to the JSON type the field takes
    (``text``, ``list``, ``number``, ``object``, ``bool``); ``base`` builds a valid body from
    the world's ids; ``writers`` are the identities that may write here; ``params`` the query
    parameters the route reads; ``records`` the tables a refused request may still write
    (a failed sign-in is audited); ``content_type`` the media type of its JSON bodies; a
    ``light`` route (a redirect, a drawing) gets a sample of
    each kind of input from everyone, since it reads little and costs much."""

    fields: dict[tuple[str, ...], str] = field(default_factory=dict)
    base: object = None
    writers: tuple[str, ...] = ("planner",)
    params: tuple[str, ...] = ()
    form: bool = False
    records: tuple[str, ...] = ()
    light: bool = False
    content_type: str = "application/json"


def _feature(properties: dict, geometry: dict | None = None) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry or HASLUM}


def _zone(world) -> dict:
    return _feature(
        {
            "name": "Haslum",
            "kind": "development",
            "category": "bymessig område",
            "description": "Ved stasjonen",
            "goal_ids": [world.arealstrategi],
        }
    )


def _comment(world) -> dict:
    return _feature(
        {
            "consultation_id": world.consultation,
            "kind": "problem her",
            "theme": "by- og stedsutvikling",
            "text": "Trygg skolevei",
            "name": "Ola",
            "group": "Naboer",
        },
        {"type": "Point", "coordinates": [10.5635, 59.915]},
    )


def _sketch(world) -> dict:
    return _feature({"kind": "protect", "note": "Behold skogen"})


P = ("properties",)
ZONE_FIELDS = {
    (*P, "name"): "text",
    (*P, "kind"): "text",
    (*P, "category"): "text",
    (*P, "description"): "text",
    (*P, "status"): "text",
    (*P, "arealformal"): "text",
    (*P, "hensynssone"): "text",
    (*P, "goal_ids"): "list",
    (*P, "goal_links"): "list",
    (*P, "draft"): "bool",
    ("type",): "text",
    ("geometry",): "object",
    ("properties",): "object",
}
GOAL_FIELDS = {
    ("title",): "text",
    ("description",): "text",
    ("dimension",): "text",
    ("theme",): "text",
    ("sdgs",): "list",
    ("status",): "text",
}
INDICATOR_FIELDS = {
    ("measure",): "text",
    ("parameter",): "text",
    ("target",): "number",
    ("direction",): "text",
    ("baseline",): "number",
    ("baseline_year",): "number",
    ("note",): "text",
}
INDICATOR = {"measure": "development_area", "target": 900, "direction": "at_most"}
GROUP = ("participant",)
WORKSHOP_PARAMS = ("code",)

OGC_ITEMS_PARAMS = (
    "f",
    "limit",
    "offset",
    "bbox",
    "bbox-crs",
    "datetime",
    "crs",
    "filter",
    "filter-lang",
    "filter-crs",
    "kind",
)
"""The OGC API's items parameters (``kind`` is a queryable: zones, comments and sketches filter
by it; other collections refuse it)."""

API_ROUTES: dict[str, Route] = {
    "api.analysis_areas": Route(),
    "api.analysis_conflicts": Route(),
    "api.analysis_coverage": Route(),
    "api.analysis_stations": Route(params=("distances", "planned")),
    "api.analysis_corridors": Route(params=("gap_m", "reach_m")),
    "api.compare_scenarios": Route(params=("ids",)),
    "api.post_comment": Route(
        fields={
            (*P, "consultation_id"): "text",
            (*P, "kind"): "text",
            (*P, "theme"): "text",
            (*P, "text"): "text",
            (*P, "name"): "text",
            (*P, "group"): "text",
            (*P, "age_group"): "text",
            (*P, "zone_id"): "text",
            (*P, "goal_id"): "text",
            (*P, "website"): "text",
            ("geometry",): "object",
        },
        base=_comment,
        writers=("anonymous",),
    ),
    "api.list_comments": Route(
        params=("consultation", "kind", "theme", "zone", "goal", "status", "view", "lang")
    ),
    "api.comments_csv": Route(params=("consultation",)),
    "api.comments_geopackage": Route(params=("consultation",), light=True),
    "api.agree_with_comment": Route(writers=("anonymous",)),
    "api.moderate_comment": Route(
        fields={("action",): "text", ("reason",): "text"},
        base=lambda w: {"action": "hide", "reason": "Personopplysninger"},
    ),
    "api.respond_to_comment": Route(
        fields={
            ("status",): "text",
            ("text",): "text",
            ("zone_id",): "text",
            ("goal_id",): "text",
        },
        base=lambda w: {"status": "delvis tatt til følge", "text": "Vi ser på det"},
    ),
    "api.comment_counts": Route(params=("consultation",)),
    "api.list_consultations": Route(),
    "api.open_consultation": Route(
        fields={
            ("title",): "text",
            ("introduction",): "text",
            ("opens_on",): "text",
            ("closes_on",): "text",
            ("moderation",): "text",
            ("zone_ids",): "list",
            ("goal_ids",): "list",
        },
        base=lambda w: {
            "title": "Runde 2",
            "introduction": "Si hva du mener",
            "opens_on": "2026-01-01",
            "closes_on": "2031-01-01",
            "moderation": "after",
            "zone_ids": [w.zone],
            "goal_ids": [w.goal],
        },
    ),
    "api.create_goal": Route(
        fields={**GOAL_FIELDS, ("parent_id",): "text", ("plan_version_id",): "text"},
        base=lambda w: {"parent_id": w.goal, "title": "Nytt delmål", "status": "utkast"},
    ),
    "api.goal_tree": Route(params=("plan_version", "lang")),
    "api.goal_tree_csv": Route(params=("delimiter",)),
    "api.update_goal": Route(
        fields=GOAL_FIELDS, base=lambda w: {"title": "Nytt navn", "sdgs": [11]}
    ),
    "api.delete_goal": Route(params=("links",)),
    "api.get_goal": Route(),
    "api.indicator_measures": Route(),
    "api.list_goal_indicators": Route(),
    "api.create_indicator": Route(fields=INDICATOR_FIELDS, base=lambda w: INDICATOR),
    "api.get_indicator": Route(),
    "api.update_indicator": Route(fields=INDICATOR_FIELDS, base=lambda w: INDICATOR),
    "api.delete_indicator": Route(),
    "api.move_goal": Route(
        fields={("parent_id",): "text", ("position",): "number"},
        base=lambda w: {"parent_id": w.goal_parent, "position": 0},
    ),
    "api.import_file": Route(params=("dry_run",)),
    "api.boundary_layer": Route(),
    "api.stations_layer": Route(),
    "api.search_places": Route(params=("q", "limit")),
    "api.describe_place": Route(params=("lon", "lat", "zone")),
    "api.openapi_document": Route(),
    "api.openapi_page": Route(),
    "api.receipt": Route(),
    "api.delete_own_comment": Route(writers=("anonymous",)),
    "api.receipt_by_address": Route(),
    "api.delete_own_comment_by_address": Route(writers=("anonymous",)),
    "api.create_workshop": Route(
        fields={
            ("title",): "text",
            ("held_on",): "text",
            ("groups",): "list",
            ("prompts",): "list",
            ("focus_goal_ids",): "list",
        },
        base=lambda w: {
            "title": "Verksted 2",
            "held_on": "2026-12-03",
            "groups": ["Gruppe A", "Gruppe B"],
            "prompts": ["Hva er bra?"],
            "focus_goal_ids": [w.goal],
        },
    ),
    "api.list_workshops": Route(),
    "api.get_workshop": Route(params=WORKSHOP_PARAMS),
    "api.close_workshop": Route(),
    "api.reopen_workshop": Route(),
    "api.post_workshop_comment": Route(
        fields={("goal_id",): "text", ("stance",): "text", ("text",): "text"},
        base=lambda w: {"goal_id": w.goal, "stance": "change", "text": "Mer grønt"},
        writers=GROUP,
        params=WORKSHOP_PARAMS,
    ),
    "api.list_workshop_comments": Route(params=WORKSHOP_PARAMS),
    "api.export_inputs": Route(),
    "api.export_sketches": Route(light=True),
    "api.workshop_feed": Route(params=("after", *WORKSHOP_PARAMS)),
    "api.workshop_events": Route(params=("after", *WORKSHOP_PARAMS)),
    "api.post_sketch": Route(
        fields={
            (*P, "kind"): "text",
            (*P, "note"): "text",
            ("geometry",): "object",
            ("type",): "text",
        },
        base=_sketch,
        writers=GROUP,
        params=WORKSHOP_PARAMS,
    ),
    "api.list_sketches": Route(params=WORKSHOP_PARAMS),
    "api.sketch_to_zone": Route(
        fields={("name",): "text", ("category",): "text"},
        base=lambda w: {"name": "Fra verkstedet", "category": "bymessig område"},
    ),
    "api.post_word": Route(
        fields={("prompt",): "text", ("word",): "text"},
        base=lambda w: {"prompt": w.prompt, "word": "grønt"},
        writers=GROUP,
        params=WORKSHOP_PARAMS,
    ),
    "api.list_words": Route(params=WORKSHOP_PARAMS),
    "api.create_zone": Route(
        fields={**ZONE_FIELDS, (*P, "id"): "text"}, base=_zone, params=("make_valid", "confirm")
    ),
    "api.list_zones": Route(params=("kind", "goal", "bbox")),
    "ogc.landing": Route(params=("f",)),
    "ogc.conformance": Route(params=("f",)),
    "ogc.api_definition": Route(params=("f",)),
    "ogc.collections": Route(params=("f",)),
    "ogc.collection": Route(params=("f", "crs", "filter")),
    "ogc.items": Route(params=OGC_ITEMS_PARAMS),
    "ogc.item": Route(params=("f", "crs")),
    "ogc.queryables": Route(params=("f",)),
    "ogc.create_item": Route(
        fields={**ZONE_FIELDS, (*P, "id"): "text"}, base=_zone, params=("crs",)
    ),
    "ogc.replace_item": Route(fields=ZONE_FIELDS, base=_zone, params=("crs",)),
    "ogc.update_item": Route(
        fields=ZONE_FIELDS,
        base=_zone,
        params=("crs",),
        content_type="application/merge-patch+json",
    ),
    "ogc.delete_item": Route(),
    "api.export_zones_file": Route(params=("format", "crs", "kind", "goal")),
    "api.update_zone": Route(fields=ZONE_FIELDS, base=_zone, params=("make_valid", "confirm")),
    "api.delete_zone": Route(),
    "api.get_zone": Route(),
    "api.zone_history": Route(),
    "api.restore_version": Route(),
    "api.list_scenarios": Route(),
    "api.get_scenario": Route(),
    "api.scenario_zones": Route(params=("changes_only",)),
    "api.create_scenario": Route(
        fields={("name",): "text", ("description",): "text"},
        base=lambda w: {"name": "Vest", "description": "Vekst i vest"},
    ),
    "api.scenario_from_workshop": Route(
        fields={("workshop_id",): "text", ("name",): "text"},
        base=lambda w: {"workshop_id": w.workshop, "name": "Fra verkstedet"},
    ),
    "api.import_scenario": Route(),
    "api.add_scenario_zone": Route(fields=ZONE_FIELDS, base=_zone, params=("make_valid",)),
    "api.put_scenario_zone": Route(fields=ZONE_FIELDS, base=_zone, params=("make_valid",)),
    "api.remove_scenario_zone": Route(),
    "api.drop_scenario_change": Route(),
    "api.resolve_scenario_conflict": Route(
        fields={("keep",): "bool"}, base=lambda w: {"keep": True}
    ),
    "api.promote_scenario": Route(),
    "api.discard_scenario": Route(),
    "api.check_zone_geometry": Route(
        fields={("geometry",): "object", ("kind",): "text", ("exclude",): "text"},
        base=lambda w: {"geometry": HASLUM, "kind": "development", "exclude": w.zone},
    ),
}
"""Every API route. A body's fields come from the services that read them today."""

GOAL_FORM = {"title": "text", "description": "text", "status": "text", "theme": "text"}
INDICATOR_FORM = {
    "measure": "text",
    "target": "text",
    "direction": "text",
    "distance": "number",
    "category": "text",
    "baseline": "text",
    "baseline_year": "number",
    "note": "text",
}
INDICATOR_FORM_BASE = {"measure": "station_share", "target": "80", "direction": "at_least"}
EDITOR = ("planner",)
ANYONE = ("anonymous",)

WEB_ROUTES: dict[str, Route] = {
    "web.map_page": Route(params=("goal", "lang")),
    "web.healthz": Route(light=True),
    "web.readyz": Route(light=True),
    "web.users_page": Route(),
    "web.user_page": Route(),
    "web.activate_user": Route(form=True),
    "web.end_user_sessions": Route(form=True),
    "web.deactivate_user": Route(form=True),
    "web.change_role": Route(fields={"role": "list"}, base=lambda w: {"role": ["council"]}),
    "web.audit_page": Route(params=("side",)),
    "web.admin_revoke_token": Route(form=True),
    "web.dashboard_page": Route(params=("goal",), light=True),
    "web.comparison_page": Route(params=("s",)),
    "web.comparison_csv": Route(params=("s",)),
    "web.comparison_pdf": Route(params=("s", "paper", "orientation", "igjen"), light=True),
    "web.comparison_progress": Route(params=("s", "paper", "orientation"), light=True),
    "web.comparison_presentation": Route(params=("s",)),
    "web.workbench": Route(params=("scenario",)),
    "web.import_page": Route(form=True),
    "web.confirm_import": Route(form=True),
    "web.favicon": Route(),
    "web.moved": Route(params=("next",), light=True),
    "web.comment_page": Route(params=("consultation", "sted")),
    "web.moderate_form": Route(
        fields={"action": "text", "reason": "text"},
        base=lambda w: {"action": "hide", "reason": "Personopplysninger"},
    ),
    "web.respond_form": Route(
        fields={"status": "text", "text": "text", "zone_id": "text", "goal_id": "text"},
        base=lambda w: {"status": "delvis tatt til følge", "text": "Vi ser på det"},
    ),
    "web.comments_map_page": Route(params=("consultation",)),
    "web.receipt_page": Route(),
    "web.old_receipt_link": Route(),
    "web.odd_zones_page": Route(),
    "web.moderation_page": Route(params=("consultation",)),
    "api.moderation_events": Route(),
    "api.moderation_queue": Route(),
    "web.report_page": Route(params=("consultation",)),
    "web.report_pdf_page": Route(params=("consultation",), light=True),
    "web.report_docx_page": Route(params=("consultation",), light=True),
    "web.new_consultation_page": Route(
        fields={
            "title": "text",
            "introduction": "text",
            "opens_on": "text",
            "closes_on": "text",
            "moderation": "text",
            "zone_ids": "list",
            "goal_ids": "list",
        },
        base=lambda w: {
            "title": "Runde 2",
            "introduction": "Si hva du mener",
            "opens_on": "2026-01-01",
            "closes_on": "2031-01-01",
            "moderation": "after",
        },
    ),
    "web.map_pdf": Route(params=("goal",), light=True),
    "web.map_png": Route(params=("goal",), light=True),
    "web.map_script": Route(params=("v",)),
    "web.account_page": Route(),
    "web.end_session": Route(form=True),
    "web.change_password": Route(
        fields={"current_password": "text", "new_password": "text", "repeat_password": "text"},
        base=lambda w: {
            "current_password": "feil-passord-her",
            "new_password": "et-nytt-langt-passord",
            "repeat_password": "et-nytt-langt-passord",
        },
    ),
    "web.create_token": Route(fields={"label": "text"}, base=lambda w: {"label": "QGIS"}),
    "web.revoke_token": Route(form=True),
    "web.login": Route(
        fields={"name": "text", "password": "text"},
        base=lambda w: {"name": "kari", "password": "feil-passord-her"},
        writers=ANYONE,
        params=("next",),
        records=("audit_log",),
    ),
    "web.logout": Route(form=True, writers=ANYONE),
    "web.goal_tree_page": Route(params=("goal",)),
    "web.goal_page": Route(),
    "web.edit_goal": Route(
        fields={**GOAL_FORM, "dimension": "text", "sdgs": "list", "version": "number"},
        base=lambda w: {"title": "Nytt navn", "status": "utkast", "sdgs": ["11"]},
    ),
    "web.move_goal_form": Route(
        fields={"position": "number", "version": "number", "parent_id": "text"},
        base=lambda w: {"position": "1", "parent_id": w.goal_parent},
    ),
    "web.delete_goal_form": Route(
        fields={"links": "text", "target": "text"}, base=lambda w: {"links": "remove"}
    ),
    "web.new_indicator": Route(fields=INDICATOR_FORM, base=lambda w: INDICATOR_FORM_BASE),
    "web.edit_indicator": Route(
        fields={**INDICATOR_FORM, "version": "number"}, base=lambda w: INDICATOR_FORM_BASE
    ),
    "web.delete_indicator_form": Route(fields={"version": "number"}, base=lambda w: {}),
    "web.new_goal": Route(
        fields={**GOAL_FORM, "sdgs": "list"},
        base=lambda w: {"title": "Nytt mål", "status": "utkast"},
    ),
    "web.overview": Route(),
    "web.privacy_page": Route(),
    "web.thread_report_page": Route(light=True),
    "web.thread_report_pdf_page": Route(params=("goal", "igjen"), light=True),
    "web.thread_report_progress": Route(light=True),
    "web.zone_page": Route(),
    "web.zone_history_page": Route(),
    "web.restore_version_form": Route(fields={"latest": "number"}, base=lambda w: {}),
    "web.bin_page": Route(),
    "web.restore_from_bin_form": Route(fields={"latest": "number"}, base=lambda w: {}),
    "web.choose_language": Route(params=("next",)),
    "web.gaps_page": Route(),
    "web.workshops_page": Route(),
    "web.workshop_page": Route(),
    "web.close_workshop_page": Route(
        fields={"confirmed": "text"}, base=lambda w: {"confirmed": "ja"}, form=True
    ),
    "web.reopen_workshop_page": Route(form=True),
    "web.summary_page": Route(),
    "web.summary_pdf_page": Route(light=True),
    "web.plenary_page": Route(),
    "web.presentation_page": Route(),
    "web.sketch_to_zone_page": Route(
        fields={"name": "text", "category": "text"},
        base=lambda w: {"name": "Fra verkstedet", "category": "bymessig område"},
    ),
    "web.join_page": Route(
        fields={"code": "text"}, base=lambda w: {"code": "FEIL99"}, writers=ANYONE
    ),
    "web.join_with_code": Route(),
    "web.leave_group_page": Route(form=True, writers=ANYONE),
    "web.group_page": Route(),
    "web.new_workshop_page": Route(
        fields={
            "title": "text",
            "held_on": "text",
            "groups": "text",
            "prompts": "text",
            "focus_goal_ids": "list",
        },
        base=lambda w: {
            "title": "Verksted 2",
            "held_on": "2026-12-03",
            "groups": "Gruppe A\nGruppe B",
            "prompts": "Hva er bra?",
        },
    ),
    "web.scenarios_page": Route(),
    "web.new_scenario_form": Route(
        fields={"name": "text", "description": "text"}, base=lambda w: {"name": "Nytt scenario"}
    ),
    "web.import_scenario_form": Route(form=True),
    "web.scenario_from_workshop_form": Route(
        fields={"workshop_id": "text", "name": "text"},
        base=lambda w: {"workshop_id": w.workshop, "name": "Fra verkstedet"},
    ),
    "web.scenario_page": Route(),
    "web.resolve_conflict_form": Route(
        fields={"keep": "text", "version": "number"}, base=lambda w: {"keep": "ja", "version": "1"}
    ),
    "web.drop_change_form": Route(fields={"version": "number"}, base=lambda w: {}),
    "web.promote_scenario_page": Route(fields={"version": "number"}, base=lambda w: {}),
    "web.discard_scenario_form": Route(fields={"version": "number"}, base=lambda w: {}),
}
"""Every page route, with the form fields and query parameters it reads."""

SERVED_FILES = {"static", "web.vendor"}
"""File serving, left out: it reads no input but the file's name."""
