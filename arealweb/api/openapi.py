"""The OpenAPI 3.0 document of /api/v1, and its readable page.

Every route of the API is written down here as data: what it takes (parameters, bodies from the
input models in :mod:`arealweb.schemas`), what it answers (the shapes of :mod:`.serialise` and
the routes, the one error shape of :mod:`.errors`) and every status it can send. The tests hold
the server to it (schemathesis) and it to the server (every rule of the URL map is here, and
nothing else is).

``GET /api/v1/openapi.json`` serves it (``application/vnd.oai.openapi+json;version=3.0`` when
asked for, else ``application/json``); ``GET /api/v1/openapi.html`` shows the same document as a
page in the site's layout, with no script. Summaries and descriptions are in bokmål and follow
the visitor's language like every other text.
"""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request, url_for
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

from arealweb import __version__
from arealweb.api.blueprint import api
from arealweb.api.errors import GEOJSON, JSON
from arealweb.domain.goals import Dimension, GoalStatus, Theme
from arealweb.domain.indicators import Direction, Light, Measure, Unit
from arealweb.domain.participation import CommentKind, CommentState
from arealweb.domain.scenarios import ChangeAction, ConflictReason, Origin, ScenarioState
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind, ZoneStatus
from arealweb.geo.geojson import dumps
from arealweb.schemas import openapi as oa
from arealweb.schemas.base import IDENTIFIER
from arealweb.schemas.goals import GoalInput, GoalMove
from arealweb.schemas.indicators import IndicatorInput
from arealweb.schemas.participation import (
    CommentFeature,
    ConsultationInput,
    ModerationInput,
    ResponseInput,
)
from arealweb.schemas.scenarios import ConflictChoice, NewScenario, ScenarioFromWorkshop
from arealweb.schemas.workshops import DraftZone, NewGoalComment, NewSketch, NewWord, NewWorkshop
from arealweb.schemas.zones import GeometryCheck, ZoneProperties

CSV = "text/csv"
GPKG = "application/geopackage+sqlite3"
HTML = "text/html"

INPUT_MODELS = (
    ZoneProperties,
    GeometryCheck,
    GoalInput,
    GoalMove,
    IndicatorInput,
    CommentFeature,
    ConsultationInput,
    ModerationInput,
    ResponseInput,
    NewWorkshop,
    NewSketch,
    NewGoalComment,
    NewWord,
    DraftZone,
    NewScenario,
    ScenarioFromWorkshop,
    ConflictChoice,
)
"""The models of the JSON bodies the API reads; their schemas are the document's."""

TAGS = (
    ("zones", N_("Soner: arealformål, vern og korridorer, med historikk")),
    ("goals", N_("Mål: målhierarkiet i kommuneplanen")),
    ("analysis", N_("Analyse: gyllen tråd i tall")),
    ("layers", N_("Referanselag: kommunegrense og stasjoner")),
    ("exports", N_("Nedlasting og import av GIS-filer")),
    ("participation", N_("Medvirkning: høringer, innspill og kvitteringer")),
    ("workshops", N_("Verksteder for kommunestyret")),
    ("scenarios", N_("Scenarioer: utkast til planen, sammenlignet og tatt inn i den")),
    ("documentation", N_("Dette dokumentet")),
)
"""Each group of operations, in the order the page lists them."""

# --- Shapes of answers --------------------------------------------------------------------


def _obj(properties: dict[str, dict], required: tuple[str, ...] | None = None, **more) -> dict:
    """An object with ``properties``, all required unless ``required`` names fewer."""
    found = {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
    }
    found.update(more)
    return found


STR = {"type": "string"}
NSTR = {"type": "string", "nullable": True}
INT = {"type": "integer"}
NUM = {"type": "number"}
NNUM = {"type": "number", "nullable": True}
BOOL = {"type": "boolean"}
DATETIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
ANY_OBJECT = {"type": "object", "additionalProperties": True}


def _list(items: dict) -> dict:
    return {"type": "array", "items": items}


def _enum(values) -> dict:
    return {"type": "string", "enum": [v.value for v in values]}


AREA = {"area_m2": NUM, "area_daa": NUM, "area_km2": NUM}

RESPONSES: dict[str, dict] = {
    "Error": _obj(
        {
            "error": _obj(
                {
                    "status": {"type": "integer", "minimum": 400, "maximum": 599},
                    "code": STR,
                    "message": STR,
                    "problems": _list(_obj({"message": STR, "where": NSTR})),
                }
            )
        }
    ),
    "Geometry": _obj(
        {
            "type": {
                "type": "string",
                "enum": [
                    "Point",
                    "MultiPoint",
                    "LineString",
                    "MultiLineString",
                    "Polygon",
                    "MultiPolygon",
                ],
            },
            "coordinates": {"type": "array"},
        }
    ),
    "Feature": _obj(
        {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": {"allOf": [oa.ref("Geometry")], "nullable": True},
            "properties": ANY_OBJECT,
        },
        ("type", "geometry", "properties"),
    ),
    "FeatureCollection": _obj(
        {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": _list(oa.ref("Feature")),
        }
    ),
    "ZoneAttributes": _obj(
        {
            "id": STR,
            "name": STR,
            "kind": _enum(ZoneKind),
            "category": STR,
            "status": _enum(ZoneStatus),
            "arealformal": {"type": "integer", "nullable": True},
            "hensynssone": NSTR,
            "goal_ids": _list(STR),
            "draft": BOOL,
            "version": INT,
            "area_daa": NUM,
            "length_m": NUM,
            "description": STR,
            "deleted": BOOL,
            "goals": _list(ANY_OBJECT),
        },
        ("id", "name", "kind", "category", "status", "goal_ids", "draft", "version"),
    ),
    "Zone": {
        "allOf": [
            oa.ref("Feature"),
            _obj({"id": STR, "properties": oa.ref("ZoneAttributes")}),
        ]
    },
    "ZoneCollection": _obj(
        {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": _list(oa.ref("Zone")),
        }
    ),
    "ZoneInput": _obj(
        {
            "type": {"type": "string", "enum": ["Feature"]},
            "geometry": oa.ref("GeometryInput"),
            "properties": oa.ref("ZoneProperties"),
        }
    ),
    "GeometryInput": _obj(
        {
            "type": {
                "type": "string",
                "enum": [
                    "Point",
                    "MultiPoint",
                    "LineString",
                    "MultiLineString",
                    "Polygon",
                    "MultiPolygon",
                ],
            },
            "coordinates": {"type": "array", "minItems": 1},
        },
        description="GeoJSON (RFC 7946) in WGS84.",
    ),
    "ZoneCheck": _obj(
        {
            "area_daa": NNUM,
            "length_m": NNUM,
            "outside_m": NUM,
            "problems": _list(STR),
            "overlaps": _list(_obj({"id": STR, "name": STR, "category": STR}, ("id",))),
        }
    ),
    "ZoneHistory": _obj(
        {
            "zone_id": STR,
            "versions": _list(
                _obj(
                    {
                        "version": INT,
                        "action": STR,
                        "actor": STR,
                        "source": STR,
                        "scenario": NSTR,
                        "at": DATETIME,
                        "changes": {},
                        "feature": oa.ref("Zone"),
                    }
                )
            ),
        }
    ),
    "GoalBrief": _obj({"id": STR, "level": STR, "title": STR}),
    "GoalFields": _obj(
        {
            "id": STR,
            "plan_version_id": STR,
            "parent_id": NSTR,
            "level": STR,
            "title": STR,
            "description": STR,
            "order": INT,
            "dimension": {**_enum(Dimension), "nullable": True},
            "theme": {**_enum(Theme), "nullable": True},
            "sdgs": _list(INT),
            "status": _enum(GoalStatus),
        }
    ),
    "Goal": {"allOf": [oa.ref("GoalFields"), _obj({"version": INT})]},
    "GoalNode": {
        "allOf": [
            oa.ref("GoalFields"),
            _obj(
                {
                    "zone_count": INT,
                    "zone_count_total": INT,
                    "children": _list(oa.ref("GoalNode")),
                }
            ),
        ]
    },
    "GoalTree": _obj(
        {
            "plan_versions": _list(
                _obj(
                    {
                        "id": STR,
                        "title": STR,
                        "status": STR,
                        "adopted_on": NSTR,
                        "description": NSTR,
                    }
                )
            ),
            "goals": _list(oa.ref("GoalNode")),
        }
    ),
    "GoalDetail": {
        "allOf": [
            oa.ref("Goal"),
            _obj(
                {
                    "ancestors": _list(oa.ref("GoalBrief")),
                    "children": _list(oa.ref("GoalBrief")),
                    "zone_ids": _list(STR),
                    "zone_ids_total": _list(STR),
                }
            ),
        ]
    },
    "GoalDeleted": _obj({"deleted": STR, "zones_changed": _list(STR)}),
    "Indicator": _obj(
        {
            "id": INT,
            "goal_id": STR,
            "measure": _enum(Measure),
            "measure_label": STR,
            "parameter": {"oneOf": [INT, STR], "nullable": True},
            "unit": _enum(Unit),
            "target": NUM,
            "direction": _enum(Direction),
            "baseline": NNUM,
            "baseline_year": {"type": "integer", "nullable": True},
            "note": STR,
            "version": INT,
            "value": NNUM,
            "light": {**_enum(Light), "nullable": True},
            "light_label": NSTR,
        }
    ),
    "ScenarioComparison": _obj(
        {
            "columns": _list(
                _obj(
                    {
                        "key": STR,
                        "name": STR,
                        "scenario_id": NSTR,
                        "state": NSTR,
                        "version": {"type": "integer", "nullable": True},
                        "promoted": BOOL,
                        "changes": _obj({"add": INT, "change": INT, "remove": INT}),
                        "changed_zone_ids": _list(STR),
                    }
                )
            ),
            "figures": _list(
                _obj(
                    {
                        "key": STR,
                        "group": STR,
                        "group_label": STR,
                        "code": STR,
                        "label": STR,
                        "unit": {"type": "string", "enum": ["m2", "m"]},
                        "values": _list(NUM),
                        "changes": _list(NUM),
                        "values_daa": _list(NUM),
                        "changes_daa": _list(NUM),
                        "values_km": _list(NUM),
                        "changes_km": _list(NUM),
                    },
                    ("key", "group", "group_label", "code", "label", "unit", "values", "changes"),
                )
            ),
            "indicators": _list(
                _obj(
                    {
                        "id": INT,
                        "goal_id": STR,
                        "goal_title": STR,
                        "measure": _enum(Measure),
                        "parameter": {"oneOf": [INT, STR], "nullable": True},
                        "label": STR,
                        "unit": _enum(Unit),
                        "target": NUM,
                        "direction": _enum(Direction),
                        "baseline": NNUM,
                        "baseline_year": {"type": "integer", "nullable": True},
                        "values": _list(NUM),
                        "lights": _list(_enum(Light)),
                        "light_labels": _list(STR),
                    }
                )
            ),
            "thresholds": _obj(
                {
                    "close_fraction": NUM,
                    "close_floor": {"type": "object", "additionalProperties": NUM},
                }
            ),
            "signature": STR,
        }
    ),
    "GoalIndicators": _obj({"goal_id": STR, "indicators": _list(oa.ref("Indicator"))}),
    "IndicatorMeasures": _obj(
        {
            "measures": _list(
                _obj(
                    {
                        "measure": _enum(Measure),
                        "label": STR,
                        "template": STR,
                        "explanation": STR,
                        "unit": _enum(Unit),
                        "unit_symbol": STR,
                        "parameter": {
                            "type": "string",
                            "enum": ["distance", "category"],
                            "nullable": True,
                        },
                        "default_parameter": {"oneOf": [INT, STR], "nullable": True},
                        "close_floor": NUM,
                    }
                )
            ),
            "lights": STR,
        }
    ),
    "IndicatorDeleted": _obj({"deleted": INT}),
    "AreaRow": _obj({"key": STR, "zones": INT, **AREA, "length_m": NUM}),
    "AnalysisAreas": _obj(
        {
            "total": oa.ref("AreaRow"),
            "by_kind": _list(oa.ref("AreaRow")),
            "by_category": _list(oa.ref("AreaRow")),
            "by_goal": _list(oa.ref("AreaRow")),
            "by_main_goal": _list(oa.ref("AreaRow")),
            "by_dimension": _list(oa.ref("AreaRow")),
        }
    ),
    "AnalysisConflicts": _obj(
        {
            "by_category": _list(_obj({"category": STR, **AREA})),
            "conflicts": _list(ANY_OBJECT),
            "crossings": _list(ANY_OBJECT),
            "features": oa.ref("FeatureCollection"),
        },
        ("conflicts", "crossings", "features"),
    ),
    "AnalysisCoverage": _obj(
        {
            "levels": _list(ANY_OBJECT),
            "zones_without_goals": _list(_obj({"id": STR, "name": STR})),
            "contradictions": _list(ANY_OBJECT),
        }
    ),
    "AnalysisStations": _obj(
        {
            "distances": _list(INT),
            "planned_included": BOOL,
            "within": _list(ANY_OBJECT),
            "zones": _list(ANY_OBJECT),
            "catchments": oa.ref("FeatureCollection"),
        },
        ("distances", "planned_included", "within", "zones", "catchments"),
    ),
    "AnalysisCorridors": _obj(
        {
            "gap_m": NUM,
            "reach_m": NUM,
            "total_m": NUM,
            "length_by_category": _list(_obj({"category": STR, "length_m": NUM})),
            "gaps": oa.ref("FeatureCollection"),
            "unreached": _list(_obj({"id": STR, "name": STR, "distance_m": NNUM})),
        }
    ),
    "PlaceSearch": _obj(
        {
            "query": STR,
            "results": _list(
                _obj(
                    {
                        "source": {
                            "type": "string",
                            "enum": ["place", "zone", "station", "goal", "address"],
                        },
                        "id": STR,
                        "name": STR,
                        "kind": STR,
                        "label": STR,
                        "detail": STR,
                        "bounds": {**_list(NUM), "minItems": 4, "maxItems": 4},
                        "center": {**_list(NUM), "minItems": 2, "maxItems": 2},
                    }
                )
            ),
            "addresses": {"type": "string", "enum": ["off", "ok", "unreachable"]},
            "message": NSTR,
        }
    ),
    "PlaceDescription": _obj({"text": STR}),
    "Consultation": _obj(
        {
            "id": STR,
            "title": STR,
            "introduction": STR,
            "opens_on": DATE,
            "closes_on": DATE,
            "open": BOOL,
            "moderation": STR,
            "zone_ids": _list(STR),
            "goal_ids": _list(STR),
        }
    ),
    "Consultations": _obj({"consultations": _list(oa.ref("Consultation"))}),
    "ConsultationOpened": _obj({"id": STR, "title": STR, "open": BOOL}),
    "CommentPosted": _obj(
        {
            "id": STR,
            "state": _enum(CommentState),
            "receipt": STR,
            "receipt_token": STR,
            "receipt_api": STR,
        }
    ),
    "CommentAttributes": _obj(
        {
            "id": STR,
            "consultation_id": NSTR,
            "kind": _enum(CommentKind),
            "theme": _enum(Theme),
            "text": STR,
            "zone_id": NSTR,
            "goal_id": NSTR,
            "group": NSTR,
            "created_at": DATETIME,
            "agreements": INT,
            "response": {
                **_obj(
                    {"status": STR, "text": STR, "zone_id": NSTR, "goal_id": NSTR, "at": DATETIME}
                ),
                "nullable": True,
            },
            "state": _enum(CommentState),
            "moderation_reason": NSTR,
            "name": NSTR,
            "age_group": NSTR,
        },
        ("id", "kind", "theme", "text", "created_at", "agreements", "response"),
    ),
    "Comment": {"allOf": [oa.ref("Feature"), _obj({"properties": oa.ref("CommentAttributes")})]},
    "CommentCollection": _obj(
        {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": _list(oa.ref("Comment")),
        }
    ),
    "CommentCounts": _obj(
        {
            "total": INT,
            "by_kind": {"type": "object", "additionalProperties": INT},
            "by_theme": {"type": "object", "additionalProperties": INT},
            "by_zone": {"type": "object", "additionalProperties": INT},
            "by_goal": {"type": "object", "additionalProperties": INT},
            "by_group": {"type": "object", "additionalProperties": INT},
            "young": INT,
        }
    ),
    "ModerationQueue": _obj({"pending": INT, "ids": _list(STR)}),
    "Agreed": _obj({"agreed": BOOL, "agreements": INT}),
    "ImportPreview": _obj(
        {
            "dry_run": BOOL,
            "valid": BOOL,
            "conflicts": _list(STR),
            "features": _list(ANY_OBJECT),
        }
    ),
    "ImportResult": _obj({"created": INT, "updated": INT, "unchanged": INT}),
    "Workshop": _obj(
        {
            "id": STR,
            "title": STR,
            "held_on": DATE,
            "focus_goal_ids": _list(STR),
            "prompts": _list(STR),
            "closed": BOOL,
            "revision": INT,
            "groups": _list(
                _obj({"id": STR, "name": STR, "colour": STR, "code": STR}, ("id", "name"))
            ),
        }
    ),
    "Workshops": _obj({"workshops": _list(oa.ref("Workshop"))}),
    "ScenarioConflict": _obj(
        {
            "zone_id": STR,
            "action": _enum(ChangeAction),
            "reason": _enum(ConflictReason),
            "message": STR,
            "base_version": {"type": "integer", "nullable": True},
            "current_version": {"type": "integer", "nullable": True},
            "current_name": NSTR,
        }
    ),
    "Scenario": _obj(
        {
            "id": STR,
            "name": STR,
            "description": STR,
            "state": _enum(ScenarioState),
            "origin": _enum(Origin),
            "workshop_id": NSTR,
            "version": INT,
            "created_by": STR,
            "created_at": DATETIME,
            "updated_at": DATETIME,
            "promoted_by": NSTR,
            "promoted_at": {**DATETIME, "nullable": True},
            "counts": _obj({action.value: INT for action in ChangeAction}),
            "changes": _list(
                _obj(
                    {
                        "zone_id": STR,
                        "action": _enum(ChangeAction),
                        "base_version": {"type": "integer", "nullable": True},
                        "name": NSTR,
                        "kind": NSTR,
                        "category": NSTR,
                    }
                )
            ),
            "conflicts": _list(oa.ref("ScenarioConflict")),
        },
        ("id", "name", "state", "origin", "version", "counts", "changes"),
    ),
    "Scenarios": _obj({"scenarios": _list(oa.ref("Scenario"))}),
    "ScenarioRefused": _obj(
        {
            "error": _obj(
                {
                    "status": INT,
                    "code": STR,
                    "message": STR,
                    "problems": _list(_obj({"message": STR, "where": NSTR})),
                    "conflicts": _list(oa.ref("ScenarioConflict")),
                },
                ("status", "code", "message", "problems"),
            )
        }
    ),
    "WorkshopComment": _obj(
        {
            "id": STR,
            "group_id": STR,
            "goal_id": STR,
            "stance": STR,
            "text": STR,
            "created_at": DATETIME,
            "seq": INT,
        }
    ),
    "WorkshopComments": _obj({"comments": _list(oa.ref("WorkshopComment"))}),
    "WordClouds": _obj(
        {"clouds": _list(_obj({"prompt": STR, "words": _list(_obj({"word": STR, "count": INT}))}))}
    ),
    "Feed": _obj(
        {
            "revision": INT,
            "closed": BOOL,
            "sketches": oa.ref("FeatureCollection"),
            "comments": _list(oa.ref("WorkshopComment")),
            "words": _list(_obj({"group_id": STR, "prompt": STR, "word": STR, "seq": INT})),
        }
    ),
    "Posted": _obj({"id": STR, "group_id": STR, "seq": INT}, ("seq",)),
}
"""The shapes the API answers with, as the serialisers and routes write them."""

# --- Statuses -----------------------------------------------------------------------------

_RETRY_AFTER = {"Retry-After": oa.header(N_("sekunder å vente"), INT, required=True)}

STATUS_RESPONSES: dict[str, tuple[str, dict]] = {
    "NotModified": (N_("uendret siden ETag-en i If-None-Match"), {"empty": True}),
    "BadParameter": (N_("en parameter kan ikke brukes (feilformatet, ukjent eller gjentatt)"), {}),
    "Unauthorized": (
        N_("ingen er logget inn, eller API-tokenet er ukjent"),
        {"headers": {"WWW-Authenticate": oa.header("Bearer realm", required=True)}},
    ),
    "Forbidden": (N_("rollen kan ikke dette, eller CSRF-tokenet mangler"), {}),
    "NotFound": (N_("finnes ikke"), {}),
    "MethodNotAllowed": (N_("metoden er ikke tillatt på denne adressen"), {}),
    "Conflict": (N_("i strid med det som er lagret (finnes fra før, stengt, lenker)"), {}),
    "PreconditionFailed": (N_("endret av noen andre siden ETag-en i If-Match"), {}),
    "TooLarge": (N_("forespørselen er for stor"), {}),
    "Unprocessable": (N_("innholdet bryter en regel; problems sier hvilke"), {}),
    "PreconditionRequired": (N_("If-Match mangler"), {}),
    "TooManyRequests": (N_("for mange forsøk på kort tid"), {"headers": _RETRY_AFTER}),
    "Unavailable": (
        N_("databasen svarer ikke, eller tjenesten er opptatt"),
        {"headers": _RETRY_AFTER},
    ),
}

STATUS_CODES = {
    304: "NotModified",
    400: "BadParameter",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "TooLarge",
    422: "Unprocessable",
    428: "PreconditionRequired",
    429: "TooManyRequests",
    503: "Unavailable",
}


def _statuses(*codes: int) -> dict[int, dict]:
    return {code: oa.ref_response(STATUS_CODES[code]) for code in codes}


# --- Security -----------------------------------------------------------------------------

SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": N_("API-token fra kontosiden: Authorization: Bearer <token>"),
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
        "description": N_("innlogget i nettleseren (økt-informasjonskapsel)"),
    },
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRFToken",
        "description": N_(
            "CSRF-tokenet fra sidens meta csrf-token; trengs med økt, ikke med token"
        ),
    },
}

EDITOR = [{"bearer": []}, {"session": [], "csrf": []}]
"""Planners and admins: a token, or a session with its CSRF token."""
ACCOUNT = [{"bearer": []}, {"session": []}]
"""Anyone signed in."""
ANYONE = [{}, {"bearer": []}, {"session": []}]
"""Anyone; an account sees more."""

# --- Parameters ---------------------------------------------------------------------------

ID = {"type": "string", "pattern": IDENTIFIER}
QTEXT = {
    "type": "string",
    "description": N_("høyst 500 tegn når mellomrom i endene er tatt bort"),
}
"""An id, name or code as a parameter. Spaces at either end are dropped before the length is
checked, which a ``maxLength`` would not say (schemathesis found the difference); the 500 is
:data:`~arealweb.schemas.queries.QUERY_TEXT`."""


def _path(name: str, description: str, schema: dict | None = None, **more) -> dict:
    return oa.parameter(name, "path", schema or {"type": "string"}, description, **more)


def _query(name: str, schema: dict, description: str, required: bool = False) -> dict:
    """A query parameter; sent empty, an optional one is the same as one not sent."""
    more = {} if required else {"allowEmptyValue": True}
    return oa.parameter(name, "query", schema, description, required, **more)


ZONE_ID = _path("zone_id", N_("sonens id"), example="sandvika")
GOAL_ID = _path("goal_id", N_("målets id"), example="2020.hm3")
INDICATOR_ID = _path(
    "indicator_id", N_("indikatorens id"), {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
)
COMMENT_ID = _path("comment_id", N_("innspillets id"))
WORKSHOP_ID = _path("workshop_id", N_("verkstedets id"))
IF_MATCH_REQUIRED = oa.parameter(
    "If-Match", "header", STR, N_('ETag-en fra forrige svar, f.eks. "v3"'), True
)
IF_MATCH = oa.parameter("If-Match", "header", STR, N_("ETag-en fra forrige svar (valgfri)"))
MAKE_VALID = _query(
    "make_valid",
    {"type": "string", "enum": ["0", "1", "true", "false"]},
    N_("reparer ugyldig geometri"),
)
CONFIRM = _query(
    "confirm",
    {"type": "string", "enum": ["0", "1", "true", "false"]},
    N_(
        "lagre selv om sonen er en utbyggingssone på vernet areal eller ikke er knyttet til "
        "noe mål; uten den svarer API-et 409 confirmation_required med hva og hvor mye"
    ),
)
JOIN_CODE = [
    oa.parameter("X-Join-Code", "header", QTEXT, N_("gruppens kode")),
    _query("code", QTEXT, N_("gruppens kode (som X-Join-Code)")),
]
RECEIPT = oa.parameter(
    "X-Receipt-Token", "header", QTEXT, N_("kvitteringen fra innsendingen"), True
)
CONSULTATION = _query("consultation", QTEXT, N_("bare innspill til denne høringen"))
KIND = _query("kind", _enum(ZoneKind), N_("bare soner av denne typen"))
GOAL_FILTER = _query("goal", QTEXT, N_("bare soner som realiserer målet eller et mål under det"))
BBOX = _query(
    "bbox",
    {"type": "string", "pattern": r"^-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}$"},
    N_("vest,sør,øst,nord i grader (WGS84)"),
)

ETAG = {"ETag": oa.header(N_("versjonen, til If-Match"), required=True)}
REVISION_ETAG = {
    "ETag": oa.header(N_("innspillenes revisjon: send den i If-None-Match"), required=True)
}
IF_NONE_MATCH = oa.parameter(
    "If-None-Match", "header", STR, N_("ETag-en fra forrige svar: 304 når ingenting er endret")
)
LOCATION = {"Location": oa.header(N_("adressen til det nye"), required=True)}
DOWNLOAD = {"Content-Disposition": oa.header(N_("filnavnet"), required=True)}
LEFT_OUT = {
    "X-Arealweb-Zones-Left-Out": oa.header(
        N_("soner utelatt fordi de bryter en regel"), INT, required=True
    )
}

ZONE_LINKS = {
    "GetZone": oa.link("getZone", {"zone_id": "$response.body#/id"}),
    "UpdateZone": oa.link(
        "updateZone", {"zone_id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}
    ),
    "DeleteZone": oa.link(
        "deleteZone", {"zone_id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}
    ),
    "ZoneHistory": oa.link("zoneHistory", {"zone_id": "$response.body#/id"}),
}
GOAL_LINKS = {
    "GetGoal": oa.link("getGoal", {"goal_id": "$response.body#/id"}),
    "UpdateGoal": oa.link(
        "updateGoal", {"goal_id": "$response.body#/id", "header.If-Match": "$response.header.ETag"}
    ),
    "DeleteGoal": oa.link("deleteGoal", {"goal_id": "$response.body#/id"}),
}

ZONE_EXAMPLE = {
    "type": "Feature",
    "geometry": {
        "type": "Polygon",
        "coordinates": [
            [
                [10.560, 59.913],
                [10.567, 59.913],
                [10.567, 59.917],
                [10.560, 59.917],
                [10.560, 59.913],
            ]
        ],
    },
    "properties": {"kind": "development", "name": "Haslum", "category": "vekstområde"},
}
"""A zone around Haslum station, inside Bærum and clear of the demo zones."""
GOAL_EXAMPLE = {"title": "Flere trygge skoleveier", "parent_id": "2020.hm3", "status": "utkast"}
INDICATOR_EXAMPLE = {
    "measure": "station_share",
    "parameter": 1000,
    "target": 80,
    "direction": "at_least",
    "baseline": 62.5,
    "baseline_year": 2023,
}

# --- The operations -----------------------------------------------------------------------


AFTER_REVISION = _query(
    "after",
    {"type": "integer", "minimum": -1, "maximum": 2**53},
    N_("siste revisjon skjermen så"),
)
"""A workshop's feed or stream from after the revision a screen saw last."""


def _ok(description: str, shape: str | None, *media: str, **more) -> dict:
    return oa.answer(description, oa.ref(shape) if shape else None, *(media or (JSON,)), **more)


def _export_answer() -> dict:
    """A file in one of the formats; GeoJSON is a FeatureCollection like the rest."""
    found = _ok(
        N_("filen"),
        None,
        GPKG,
        "application/flatgeobuf",
        "application/vnd.google-earth.kml+xml",
        "application/zip",
        headers={**DOWNLOAD, **LEFT_OUT},
    )
    found["content"][GEOJSON] = {"schema": oa.ref("FeatureCollection")}
    return found


READ = (304, 400, 503)
"""What every GET may answer besides 200: unchanged, a parameter it cannot use, no database."""
WRITE = (400, 401, 403, 413, 422, 503)
"""What every write by a planner may answer besides success."""


def _operations() -> dict[str, dict[str, dict]]:
    """Every route: path (as OpenAPI writes it, under /api/v1) → method → Operation."""
    op = oa.operation
    zone_body = oa.body(oa.ref("ZoneInput"), JSON, GEOJSON, example=ZONE_EXAMPLE)
    return {
        "/zones": {
            "get": op(
                "listZones",
                N_("Alle soner som GeoJSON FeatureCollection"),
                "zones",
                {
                    200: _ok(N_("sonene"), "ZoneCollection", GEOJSON, headers=LEFT_OUT),
                    **_statuses(*READ),
                },
                parameters=[KIND, GOAL_FILTER, BBOX],
                description=N_(
                    "Filtre: kind, goal (med alle mål under det) og bbox. Soner som bryter en "
                    "regel utelates; X-Arealweb-Zones-Left-Out sier hvor mange."
                ),
            ),
            "post": op(
                "createZone",
                N_("Lag en ny sone"),
                "zones",
                {
                    201: _ok(
                        N_("sonen som ble laget"),
                        "Zone",
                        GEOJSON,
                        headers={**ETAG, **LOCATION},
                        links=ZONE_LINKS,
                    ),
                    **_statuses(*WRITE, 404, 409),
                },
                parameters=[MAKE_VALID, CONFIRM],
                request_body=zone_body,
                security=EDITOR,
                description=N_(
                    "En GeoJSON Feature i WGS84 med sonens egenskaper; sjekkes som hver "
                    "lagring (egenskaper, mållenker, geometri, innenfor Bærum). En "
                    "utbyggingssone på vernet areal eller en sone uten mål lagres bare med "
                    "confirm=true; ellers 409 confirmation_required, der hvert problem sier "
                    "hvilke vernekategorier og hvor mange daa (målt i EPSG:25832), eller at "
                    "sonen mangler mål."
                ),
            ),
        },
        "/zones/check": {
            "post": op(
                "checkZone",
                N_("Mål en geometri som tegnes, uten å lagre"),
                "zones",
                {
                    200: _ok(N_("areal, lengde, problemer og overlapp"), "ZoneCheck"),
                    **_statuses(*WRITE),
                },
                request_body=oa.body(oa.ref("GeometryCheck")),
                security=EDITOR,
            )
        },
        "/zones/{zone_id}": {
            "get": op(
                "getZone",
                N_("Én sone, med målene den realiserer og kjeden opp til visjonen"),
                "zones",
                {
                    200: _ok(N_("sonen"), "Zone", GEOJSON, headers=ETAG),
                    **_statuses(*READ, 404),
                },
                parameters=[ZONE_ID],
            ),
            "put": op(
                "updateZone",
                N_("Endre en sone"),
                "zones",
                {
                    200: _ok(
                        N_("sonen slik den ble lagret"),
                        "Zone",
                        GEOJSON,
                        headers=ETAG,
                        links=ZONE_LINKS,
                    ),
                    **_statuses(*WRITE, 404, 409, 412, 428),
                },
                parameters=[ZONE_ID, IF_MATCH_REQUIRED, MAKE_VALID, CONFIRM],
                request_body=zone_body,
                security=EDITOR,
                description=N_(
                    "Som når en sone lages: en utbyggingssone på vernet areal eller en sone "
                    "uten mål lagres bare med confirm=true (ellers 409 confirmation_required)."
                ),
            ),
            "delete": op(
                "deleteZone",
                N_("Slett en sone (kan gjenopprettes fra historikken)"),
                "zones",
                {
                    204: oa.answer(N_("slettet"), empty=True),
                    **_statuses(400, 401, 403, 404, 412, 422, 503),
                },
                parameters=[ZONE_ID, IF_MATCH],
                security=EDITOR,
            ),
        },
        "/zones/{zone_id}/history": {
            "get": op(
                "zoneHistory",
                N_("Alle versjoner av en sone, eldste først"),
                "zones",
                {200: _ok(N_("historikken"), "ZoneHistory"), **_statuses(*READ, 401, 404)},
                parameters=[ZONE_ID],
                security=ACCOUNT,
            )
        },
        "/zones/{zone_id}/versions/{version}/restore": {
            "post": op(
                "restoreZoneVersion",
                N_("Gjenopprett en tidligere versjon av en sone"),
                "zones",
                {
                    200: _ok(N_("sonen slik den ble lagret"), "Zone", GEOJSON, headers=ETAG),
                    **_statuses(*WRITE, 404, 409, 412),
                },
                parameters=[
                    ZONE_ID,
                    _path("version", N_("versjonen"), {"type": "integer", "minimum": 0}),
                    IF_MATCH,
                ],
                security=EDITOR,
            )
        },
        "/goals": {
            "get": op(
                "goalTree",
                N_("Målhierarkiet med antall soner per mål"),
                "goals",
                {200: _ok(N_("målene"), "GoalTree"), **_statuses(*READ)},
                parameters=[_query("plan_version", QTEXT, N_("bare denne planversjonen"))],
            ),
            "post": op(
                "createGoal",
                N_("Lag et nytt mål"),
                "goals",
                {
                    201: _ok(N_("målet"), "Goal", headers={**ETAG, **LOCATION}, links=GOAL_LINKS),
                    **_statuses(*WRITE, 404, 409),
                },
                request_body=oa.body(oa.ref("GoalInput"), example=GOAL_EXAMPLE),
                security=EDITOR,
            ),
        },
        "/goals.csv": {
            "get": op(
                "goalTreeCsv",
                N_("Alle mål som CSV (semikolon, UTF-8 med BOM)"),
                "goals",
                {200: _ok(N_("CSV-filen"), None, CSV, headers=DOWNLOAD), **_statuses(*READ)},
                parameters=[
                    _query(
                        "delimiter",
                        {"type": "string", "enum": ["comma", "semicolon"]},
                        N_("skilletegn"),
                    )
                ],
            )
        },
        "/goals/{goal_id}": {
            "get": op(
                "getGoal",
                N_("Ett mål med forfedre, barn og sonene som realiserer det"),
                "goals",
                {200: _ok(N_("målet"), "GoalDetail", headers=ETAG), **_statuses(*READ, 404)},
                parameters=[GOAL_ID],
            ),
            "put": op(
                "updateGoal",
                N_("Endre et mål (bare feltene som sendes)"),
                "goals",
                {
                    200: _ok(N_("målet"), "Goal", headers=ETAG, links=GOAL_LINKS),
                    **_statuses(*WRITE, 404, 409, 412, 428),
                },
                parameters=[GOAL_ID, IF_MATCH_REQUIRED],
                request_body=oa.body(oa.ref("GoalInput")),
                security=EDITOR,
            ),
            "delete": op(
                "deleteGoal",
                N_("Slett et mål og bestem hva som skjer med sonenes lenker"),
                "goals",
                {200: _ok(N_("slettet"), "GoalDeleted"), **_statuses(*WRITE, 404, 409)},
                parameters=[
                    GOAL_ID,
                    _query("links", QTEXT, N_("«remove» eller «move:<mål-id>»")),
                ],
                security=EDITOR,
            ),
        },
        "/goals/{goal_id}/move": {
            "post": op(
                "moveGoal",
                N_("Flytt et mål i treet"),
                "goals",
                {200: _ok(N_("målet"), "Goal", headers=ETAG), **_statuses(*WRITE, 404, 409, 412)},
                parameters=[GOAL_ID, IF_MATCH],
                request_body=oa.body(oa.ref("GoalMove")),
                security=EDITOR,
            )
        },
        "/goals/{goal_id}/indicators": {
            "get": op(
                "goalIndicators",
                N_("Målets indikatorer med verdien i planen nå og lyset mot målet"),
                "goals",
                {200: _ok(N_("indikatorene"), "GoalIndicators"), **_statuses(*READ, 404)},
                parameters=[GOAL_ID],
            ),
            "post": op(
                "createIndicator",
                N_("Gi et mål en ny indikator"),
                "goals",
                {
                    201: _ok(N_("indikatoren"), "Indicator", headers={**ETAG, **LOCATION}),
                    **_statuses(*WRITE, 404),
                },
                parameters=[GOAL_ID],
                request_body=oa.body(oa.ref("IndicatorInput"), example=INDICATOR_EXAMPLE),
                security=EDITOR,
                description=N_(
                    "measure, direction og en vernekategori som parameter kan sendes som kode "
                    "eller som navnet sidene viser, på bokmål eller engelsk."
                ),
            ),
        },
        "/scenarios/compare": {
            "get": op(
                "compareScenarios",
                N_("Planen og ett til fire scenarioer side om side: arealregnskap og indikatorer"),
                "analysis",
                {
                    200: _ok(N_("sammenligningen"), "ScenarioComparison"),
                    **_statuses(*READ, 401, 404, 422),
                },
                parameters=[
                    _query(
                        "ids",
                        {"type": "string", "pattern": r"^[^,]+(,[^,]+){0,3}$"},
                        N_(
                            "scenarioenes id, skilt med komma, f.eks. "
                            "vekst-ved-stasjonene,sykkelbyen"
                        ),
                        required=True,
                    )
                ],
                security=ACCOUNT,
            )
        },
        "/indicators/measures": {
            "get": op(
                "indicatorMeasures",
                N_("Katalogen over mål på arealet en indikator kan bruke, og regelen for lysene"),
                "goals",
                {200: _ok(N_("katalogen"), "IndicatorMeasures"), **_statuses(*READ)},
            )
        },
        "/indicators/{indicator_id}": {
            "get": op(
                "getIndicator",
                N_("Én indikator med verdien i planen nå og lyset mot målet"),
                "goals",
                {200: _ok(N_("indikatoren"), "Indicator", headers=ETAG), **_statuses(*READ, 404)},
                parameters=[INDICATOR_ID],
            ),
            "put": op(
                "updateIndicator",
                N_("Endre en indikator (alle feltene)"),
                "goals",
                {
                    200: _ok(N_("indikatoren"), "Indicator", headers=ETAG),
                    **_statuses(*WRITE, 404, 412, 428),
                },
                parameters=[INDICATOR_ID, IF_MATCH_REQUIRED],
                request_body=oa.body(oa.ref("IndicatorInput"), example=INDICATOR_EXAMPLE),
                security=EDITOR,
            ),
            "delete": op(
                "deleteIndicator",
                N_("Slett en indikator"),
                "goals",
                {
                    200: _ok(N_("slettet"), "IndicatorDeleted"),
                    **_statuses(*WRITE, 404, 412, 428),
                },
                parameters=[INDICATOR_ID, IF_MATCH_REQUIRED],
                security=EDITOR,
            ),
        },
        **{
            f"/analysis/{name}": {
                "get": op(
                    f"analysis{name.title()}",
                    summary,
                    "analysis",
                    {200: _ok(N_("analysen"), f"Analysis{name.title()}"), **_statuses(*READ)},
                    parameters=params,
                )
            }
            for name, summary, params in (
                ("areas", N_("Areal per type, kategori, mål og dimensjon"), []),
                ("conflicts", N_("Utbygging som overlapper vern"), []),
                ("coverage", N_("Mål uten soner og soner uten mål"), []),
                (
                    "stations",
                    N_("Andel utbygging nær stasjon"),
                    [
                        _query(
                            "distances",
                            {"type": "string", "pattern": r"^\d{2,4}(,\d{2,4}){0,4}$"},
                            N_("1 til 5 avstander i meter, f.eks. 500,1000"),
                        ),
                        _query(
                            "planned",
                            {"type": "string", "enum": ["0", "1", "true", "false"]},
                            N_("ta med planlagte stasjoner"),
                        ),
                    ],
                ),
                (
                    "corridors",
                    N_("Korridorer: lengder, hull og vekstområder uten sykkelvei"),
                    [
                        _query(
                            "gap_m", {"type": "number", "minimum": 1, "maximum": 5000}, N_("meter")
                        ),
                        _query(
                            "reach_m",
                            {"type": "number", "minimum": 1, "maximum": 10000},
                            N_("meter"),
                        ),
                    ],
                ),
            )
        },
        "/layers/boundary": {
            "get": op(
                "boundaryLayer",
                N_("Kommunegrensen"),
                "layers",
                {200: _ok(N_("grensen"), "FeatureCollection", GEOJSON), **_statuses(*READ, 404)},
            )
        },
        "/layers/stations": {
            "get": op(
                "stationsLayer",
                N_("Stasjoner for tog, T-bane og Fornebubanen"),
                "layers",
                {200: _ok(N_("stasjonene"), "FeatureCollection", GEOJSON), **_statuses(*READ)},
            )
        },
        "/places": {
            "get": op(
                "searchPlaces",
                N_("Søk etter steder, soner, målenes soner, stasjoner og adresser"),
                "layers",
                {200: _ok(N_("treffene, best først"), "PlaceSearch"), **_statuses(*READ)},
                parameters=[
                    _query(
                        "q", QTEXT, N_("det som er skrevet; store og små bokstaver og æøå likt")
                    ),
                    _query(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": 25},
                        N_("høyst så mange treff (10 om ikke oppgitt)"),
                    ),
                ],
                description=N_(
                    "Treff på starten av navnet eller et ord i det går foran. Med "
                    "AREALWEB_ADDRESS_SEARCH slått på spør tjeneren også Kartverkets adressesøk; "
                    "svarer det ikke, sier addresses=unreachable det, og de andre treffene kommer "
                    "likevel."
                ),
            )
        },
        "/places/describe": {
            "get": op(
                "describePlace",
                N_("Hvor et punkt eller en sone ligger, med ord"),
                "layers",
                {
                    200: _ok(
                        N_("beskrivelsen, f.eks. «ved Sandvika stasjon, i Sandvika»"),
                        "PlaceDescription",
                    ),
                    **_statuses(*READ, 404),
                },
                parameters=[
                    _query(
                        "lon",
                        {"type": "number", "minimum": -180, "maximum": 180},
                        N_("lengdegrad (WGS84)"),
                    ),
                    _query(
                        "lat",
                        {"type": "number", "minimum": -90, "maximum": 90},
                        N_("breddegrad (WGS84)"),
                    ),
                    _query("zone", QTEXT, N_("en sone i stedet for et punkt")),
                ],
            )
        },
        "/exports/zones": {
            "get": op(
                "exportZones",
                N_("Sonene som fil: GeoPackage, GeoJSON, FlatGeobuf, KML eller Shapefile"),
                "exports",
                {
                    200: _export_answer(),
                    **_statuses(*READ, 503),
                },
                parameters=[
                    _query(
                        "format",
                        {"type": "string", "enum": ["gpkg", "geojson", "fgb", "kml", "shp"]},
                        N_("filformatet"),
                        True,
                    ),
                    _query(
                        "crs",
                        {"type": "string", "enum": ["25832", "25833", "4258", "4326"]},
                        N_("EPSG-kode (GeoJSON og KML alltid 4326)"),
                    ),
                    KIND,
                    _query(
                        "goal", ID, N_("bare soner som realiserer målet eller et mål under det")
                    ),
                ],
            )
        },
        "/imports": {
            "post": op(
                "importZones",
                N_("Importer soner fra en GIS-fil (alle eller ingen), eller forhåndsvis"),
                "exports",
                {
                    200: oa.answer(
                        N_("forhåndsvisningen eller resultatet"),
                        {"oneOf": [oa.ref("ImportPreview"), oa.ref("ImportResult")]},
                        JSON,
                    ),
                    **_statuses(*WRITE, 409, 412),
                },
                parameters=[
                    _query(
                        "dry_run",
                        {"type": "string", "enum": ["0", "1", "true", "false"]},
                        N_("bare forhåndsvis"),
                    )
                ],
                request_body=oa.body(
                    _obj(
                        {"file": {"type": "string", "format": "binary"}, "resolutions": STR},
                        ("file",),
                    ),
                    "multipart/form-data",
                ),
                security=EDITOR,
            )
        },
        "/consultations": {
            "get": op(
                "listConsultations",
                N_("Alle høringer"),
                "participation",
                {200: _ok(N_("høringene"), "Consultations"), **_statuses(*READ)},
            ),
            "post": op(
                "openConsultation",
                N_("Åpne en høring"),
                "participation",
                {201: _ok(N_("høringen"), "ConsultationOpened"), **_statuses(*WRITE, 404, 409)},
                request_body=oa.body(oa.ref("ConsultationInput")),
                security=EDITOR,
            ),
        },
        "/comments": {
            "get": op(
                "listComments",
                N_("Publiserte innspill som GeoJSON (alle med view=moderation for planleggere)"),
                "participation",
                {
                    200: _ok(
                        N_("innspillene"), "CommentCollection", GEOJSON, headers=REVISION_ETAG
                    ),
                    **_statuses(*READ, 401, 403, 422),
                },
                parameters=[
                    IF_NONE_MATCH,
                    CONSULTATION,
                    _query("kind", _enum(CommentKind), N_("type innspill")),
                    _query("theme", _enum(Theme), N_("tema")),
                    _query("zone", QTEXT, N_("sone")),
                    _query("goal", QTEXT, N_("mål")),
                    _query("status", _enum(CommentState), N_("moderasjonsstatus")),
                    _query(
                        "view",
                        {"type": "string", "enum": ["public", "moderation"]},
                        N_("hvem sitt syn"),
                    ),
                ],
                security=ANYONE,
            ),
            "post": op(
                "postComment",
                N_("Send et innspill mens høringen er åpen"),
                "participation",
                {
                    201: _ok(N_("innspillet og kvitteringen"), "CommentPosted"),
                    **_statuses(400, 404, 409, 413, 422, 429, 503),
                },
                request_body=oa.body(oa.ref("CommentFeature"), JSON, GEOJSON),
            ),
        },
        "/comments/counts": {
            "get": op(
                "commentCounts",
                N_("Antall publiserte innspill etter type, tema, sone, mål og gruppe"),
                "participation",
                {
                    200: _ok(N_("tallene"), "CommentCounts", headers=REVISION_ETAG),
                    **_statuses(*READ),
                },
                parameters=[IF_NONE_MATCH, CONSULTATION],
            )
        },
        "/comments/events": {
            "get": op(
                "commentEvents",
                N_("Moderasjonskøen dyttet som Server-Sent Events: hvor mange som venter"),
                "participation",
                {
                    200: _ok(N_("strømmen"), None, "text/event-stream"),
                    **_statuses(*READ, 401, 403, 422),
                },
                security=EDITOR,
            )
        },
        "/comments/pending": {
            "get": op(
                "commentsPending",
                N_("Hvor mange innspill som venter på moderering, og de nyeste id-ene"),
                "participation",
                {
                    200: _ok(N_("køen"), "ModerationQueue"),
                    **_statuses(*READ, 401, 403, 422),
                },
                security=EDITOR,
            )
        },
        "/comments.csv": {
            "get": op(
                "commentsCsv",
                N_("Publiserte innspill som CSV"),
                "participation",
                {200: _ok(N_("CSV-filen"), None, CSV, headers=DOWNLOAD), **_statuses(*READ)},
                parameters=[CONSULTATION],
            )
        },
        "/comments.gpkg": {
            "get": op(
                "commentsGeopackage",
                N_("Publiserte innspill som GeoPackage (EPSG:25832)"),
                "participation",
                {
                    200: _ok(N_("GeoPackage-filen"), None, GPKG, headers=DOWNLOAD),
                    **_statuses(*READ),
                },
                parameters=[CONSULTATION],
            )
        },
        "/comments/{comment_id}/moderation": {
            "post": op(
                "moderateComment",
                N_("Publiser eller skjul et innspill"),
                "participation",
                {200: _ok(N_("innspillet"), "CommentAttributes"), **_statuses(*WRITE, 404, 409)},
                parameters=[COMMENT_ID],
                request_body=oa.body(oa.ref("ModerationInput")),
                security=EDITOR,
            )
        },
        "/comments/{comment_id}/response": {
            "post": op(
                "respondToComment",
                N_("Svar på et innspill (merknadsbehandling)"),
                "participation",
                {200: _ok(N_("innspillet"), "CommentAttributes"), **_statuses(*WRITE, 404, 409)},
                parameters=[COMMENT_ID],
                request_body=oa.body(oa.ref("ResponseInput")),
                security=EDITOR,
            )
        },
        "/comments/{comment_id}/agree": {
            "post": op(
                "agreeWithComment",
                N_("Si deg enig i et publisert innspill (én gang per nettleser)"),
                "participation",
                {200: _ok(N_("antall enige"), "Agreed"), **_statuses(400, 404, 422, 503)},
                parameters=[COMMENT_ID],
            )
        },
        "/receipt": {
            "get": op(
                "receipt",
                N_("Ditt eget innspill, med status og svar"),
                "participation",
                {200: _ok(N_("innspillet"), "Comment", GEOJSON), **_statuses(*READ, 404)},
                parameters=[RECEIPT],
            ),
            "delete": op(
                "deleteOwnComment",
                N_("Slett ditt eget innspill"),
                "participation",
                {204: oa.answer(N_("slettet"), empty=True), **_statuses(400, 404, 503)},
                parameters=[RECEIPT],
            ),
        },
        "/receipts/{token}": {
            "get": op(
                "receiptByAddress",
                N_("Utgått: kvitteringen i adressen; bruk GET /receipt"),
                "participation",
                {
                    200: _ok(
                        N_("innspillet"),
                        "Comment",
                        GEOJSON,
                        headers={"Deprecation": oa.header("true", required=True)},
                    ),
                    **_statuses(*READ, 404),
                },
                parameters=[_path("token", N_("kvitteringen"))],
                deprecated=True,
            ),
            "delete": op(
                "deleteOwnCommentByAddress",
                N_("Utgått: bruk DELETE /receipt"),
                "participation",
                {204: oa.answer(N_("slettet"), empty=True), **_statuses(400, 404, 503)},
                parameters=[_path("token", N_("kvitteringen"))],
                deprecated=True,
            ),
        },
        "/workshops": {
            "get": op(
                "listWorkshops",
                N_("Alle verksteder, nyeste først"),
                "workshops",
                {200: _ok(N_("verkstedene"), "Workshops"), **_statuses(*READ, 401)},
                security=ACCOUNT,
            ),
            "post": op(
                "createWorkshop",
                N_("Sett opp et verksted og få gruppenes koder"),
                "workshops",
                {201: _ok(N_("verkstedet med kodene"), "Workshop"), **_statuses(*WRITE, 404, 409)},
                request_body=oa.body(oa.ref("NewWorkshop")),
                security=EDITOR,
            ),
        },
        "/workshops/{workshop_id}": {
            "get": op(
                "getWorkshop",
                N_("Ett verksted (konto, eller gruppekode mens det er åpent)"),
                "workshops",
                {200: _ok(N_("verkstedet"), "Workshop"), **_statuses(*READ, 401, 404, 409, 429)},
                parameters=[WORKSHOP_ID, *JOIN_CODE],
                security=ANYONE,
            )
        },
        "/workshops/{workshop_id}/close": {
            "post": op(
                "closeWorkshop",
                N_("Steng et verksted"),
                "workshops",
                {200: _ok(N_("verkstedet"), "Workshop"), **_statuses(*WRITE, 404, 409)},
                parameters=[WORKSHOP_ID],
                security=EDITOR,
            )
        },
        "/workshops/{workshop_id}/reopen": {
            "post": op(
                "reopenWorkshop",
                N_(
                    "Åpne et stengt verksted igjen: gruppekodene virker igjen, og det tar imot "
                    "innspill; hvem som gjorde det og når, blir lagret"
                ),
                "workshops",
                {200: _ok(N_("verkstedet"), "Workshop"), **_statuses(*WRITE, 404)},
                parameters=[WORKSHOP_ID],
                security=EDITOR,
            )
        },
        "/workshops/{workshop_id}/events": {
            "get": op(
                "workshopEvents",
                N_(
                    "Det samme som feeden, dyttet som Server-Sent Events: en hendelse med id "
                    "lik revisjonen for hvert nytt innspill; gjenoppta med Last-Event-ID"
                ),
                "workshops",
                {
                    200: _ok(N_("strømmen"), None, "text/event-stream"),
                    **_statuses(*READ, 401, 404, 429),
                },
                parameters=[
                    WORKSHOP_ID,
                    AFTER_REVISION,
                    *JOIN_CODE,
                ],
                security=ANYONE,
            )
        },
        "/workshops/{workshop_id}/feed": {
            "get": op(
                "workshopFeed",
                N_("Alt som er sendt inn etter revisjon after"),
                "workshops",
                {200: _ok(N_("det nye"), "Feed"), **_statuses(*READ, 401, 404, 429)},
                parameters=[
                    WORKSHOP_ID,
                    AFTER_REVISION,
                    *JOIN_CODE,
                ],
                security=ANYONE,
            )
        },
        **{
            f"/workshops/{{workshop_id}}/{what}": {
                "get": op(
                    f"listWorkshop{what.title()}",
                    read_summary,
                    "workshops",
                    {
                        200: _ok(N_("innholdet"), shape, media),
                        **_statuses(*READ, 401, 404, 409, 429),
                    },
                    parameters=[WORKSHOP_ID, *JOIN_CODE],
                    security=ANYONE,
                ),
                "post": op(
                    f"postWorkshop{what.title()}",
                    post_summary,
                    "workshops",
                    {
                        201: _ok(N_("det som ble sendt"), "Posted"),
                        **_statuses(400, 404, 409, 413, 422, 429, 503),
                    },
                    parameters=[WORKSHOP_ID, *JOIN_CODE],
                    request_body=oa.body(oa.ref(model)),
                ),
            }
            for what, read_summary, post_summary, shape, media, model in (
                (
                    "sketches",
                    N_("Gruppenes skisser"),
                    N_("Send en skisse (gruppekode)"),
                    "FeatureCollection",
                    GEOJSON,
                    "NewSketch",
                ),
                (
                    "comments",
                    N_("Gruppenes kommentarer til mål"),
                    N_("Send en kommentar til et mål (gruppekode)"),
                    "WorkshopComments",
                    JSON,
                    "NewGoalComment",
                ),
                (
                    "words",
                    N_("Ordskyene"),
                    N_("Send et ord til en ordsky (gruppekode)"),
                    "WordClouds",
                    JSON,
                    "NewWord",
                ),
            )
        },
        "/workshops/{workshop_id}/export.gpkg": {
            "get": op(
                "exportSketches",
                N_("Skissene som GeoPackage (EPSG:25832)"),
                "workshops",
                {200: _ok(N_("filen"), None, GPKG, headers=DOWNLOAD), **_statuses(*READ, 401, 404)},
                parameters=[WORKSHOP_ID],
                security=ACCOUNT,
            )
        },
        "/workshops/{workshop_id}/export.csv": {
            "get": op(
                "exportWorkshopInputs",
                N_("Kommentarene og ordene som CSV"),
                "workshops",
                {200: _ok(N_("filen"), None, CSV, headers=DOWNLOAD), **_statuses(*READ, 401, 404)},
                parameters=[WORKSHOP_ID],
                security=ACCOUNT,
            )
        },
        "/workshops/{workshop_id}/sketches/{sketch_id}/zone": {
            "post": op(
                "sketchToZone",
                N_("Gjør en skisse til en sone i utkast"),
                "workshops",
                {
                    201: _ok(
                        N_("sonen"), "Zone", GEOJSON, headers={**ETAG, **LOCATION}, links=ZONE_LINKS
                    ),
                    **_statuses(*WRITE, 404, 409),
                },
                parameters=[WORKSHOP_ID, _path("sketch_id", N_("skissens id"))],
                request_body=oa.body(oa.ref("DraftZone"), required=False),
                security=EDITOR,
            )
        },
        "/openapi.json": {
            "get": op(
                "openapi",
                N_("Dette dokumentet (OpenAPI 3.0)"),
                "documentation",
                {
                    200: oa.answer(N_("dokumentet"), ANY_OBJECT, oa.OPENAPI_MEDIA_TYPE, JSON),
                    **_statuses(*READ),
                },
            )
        },
        "/openapi.html": {
            "get": op(
                "openapiPage",
                N_("Dette dokumentet som nettside"),
                "documentation",
                {200: _ok(N_("siden"), None, HTML), **_statuses(*READ)},
            )
        },
    }


SCENARIO_ID = _path("scenario_id", N_("scenarioets id"))
SCENARIO_WRITE = (*WRITE, 404, 409, 412, 428)
"""A write to a scenario: also unknown, promoted or discarded (409), stale (412), without
If-Match (428)."""


def _scenario_answer(description: str, status: int = 200, headers: dict | None = None) -> dict:
    return {status: _ok(description, "Scenario", headers=headers or ETAG)}


def _scenario_operations() -> dict[str, dict[str, dict]]:
    """The scenario routes (:mod:`arealweb.api.scenarios`)."""
    op = oa.operation
    zone_body = oa.body(oa.ref("ZoneInput"), JSON, GEOJSON, example=ZONE_EXAMPLE)
    zone_path = [SCENARIO_ID, ZONE_ID, IF_MATCH_REQUIRED]
    written = N_("scenarioet slik det ble lagret")
    return {
        "/scenarios": {
            "get": op(
                "listScenarios",
                N_("Alle scenarioer, åpne først"),
                "scenarios",
                {200: _ok(N_("scenarioene"), "Scenarios"), **_statuses(*READ, 401)},
                security=ACCOUNT,
            ),
            "post": op(
                "createScenario",
                N_("Lag et nytt, tomt scenario"),
                "scenarios",
                {
                    **_scenario_answer(N_("scenarioet"), 201, headers={**ETAG, **LOCATION}),
                    **_statuses(*WRITE, 409),
                },
                request_body=oa.body(oa.ref("NewScenario")),
                security=EDITOR,
            ),
        },
        "/scenarios/from-workshop": {
            "post": op(
                "scenarioFromWorkshop",
                N_("Lag et scenario av utkastene til soner fra et målverksted"),
                "scenarios",
                {
                    **_scenario_answer(N_("scenarioet"), 201, headers={**ETAG, **LOCATION}),
                    **_statuses(*WRITE, 404, 409),
                },
                request_body=oa.body(oa.ref("ScenarioFromWorkshop")),
                security=EDITOR,
            )
        },
        "/scenarios/import": {
            "post": op(
                "importScenario",
                N_("Lag et scenario av sonene i en GIS-fil, alt eller ingenting"),
                "scenarios",
                {
                    **_scenario_answer(N_("scenarioet"), 201, headers={**ETAG, **LOCATION}),
                    **_statuses(*WRITE, 409),
                },
                request_body=oa.body(
                    _obj(
                        {"file": {"type": "string", "format": "binary"}, "name": STR},
                        ("file", "name"),
                    ),
                    "multipart/form-data",
                ),
                security=EDITOR,
            )
        },
        "/scenarios/{scenario_id}": {
            "get": op(
                "getScenario",
                N_("Ett scenario med endringene og konfliktene med planen"),
                "scenarios",
                {**_scenario_answer(N_("scenarioet")), **_statuses(*READ, 401, 404)},
                parameters=[SCENARIO_ID],
                security=ACCOUNT,
            )
        },
        "/scenarios/{scenario_id}/zones": {
            "get": op(
                "scenarioZones",
                N_(
                    "Planen slik scenarioet ville gjort den; scenario_change sier om sonen er "
                    "ny, endret eller fjernet"
                ),
                "scenarios",
                {
                    200: _ok(N_("sonene"), "FeatureCollection", GEOJSON, headers=ETAG),
                    **_statuses(*READ, 401, 404),
                },
                parameters=[
                    SCENARIO_ID,
                    _query(
                        "changes_only",
                        {"type": "string", "enum": ["0", "1", "true", "false"]},
                        N_("bare sonene scenarioet legger til, endrer eller fjerner"),
                    ),
                ],
                security=ACCOUNT,
            ),
            "post": op(
                "addScenarioZone",
                N_("En ny sone i scenarioet (id-en står i X-Arealweb-Zone-Id)"),
                "scenarios",
                {**_scenario_answer(written, 201), **_statuses(*SCENARIO_WRITE)},
                parameters=[SCENARIO_ID, IF_MATCH_REQUIRED, MAKE_VALID],
                request_body=zone_body,
                security=EDITOR,
            ),
        },
        "/scenarios/{scenario_id}/zones/{zone_id}": {
            "put": op(
                "putScenarioZone",
                N_("Endre en sone i scenarioet (planen endres ikke)"),
                "scenarios",
                {**_scenario_answer(written), **_statuses(*SCENARIO_WRITE)},
                parameters=[*zone_path, MAKE_VALID],
                request_body=zone_body,
                security=EDITOR,
            ),
            "delete": op(
                "removeScenarioZone",
                N_("Fjern en sone i scenarioet (planen beholder den til scenarioet tas inn)"),
                "scenarios",
                {**_scenario_answer(written), **_statuses(*SCENARIO_WRITE)},
                parameters=zone_path,
                security=EDITOR,
            ),
        },
        "/scenarios/{scenario_id}/changes/{zone_id}": {
            "delete": op(
                "dropScenarioChange",
                N_("Angre scenarioets endring av en sone: planens sone gjelder igjen"),
                "scenarios",
                {**_scenario_answer(written), **_statuses(*SCENARIO_WRITE)},
                parameters=zone_path,
                security=EDITOR,
            )
        },
        "/scenarios/{scenario_id}/conflicts/{zone_id}": {
            "post": op(
                "resolveScenarioConflict",
                N_("Avgjør en konflikt: behold scenarioets endring (keep) eller dropp den"),
                "scenarios",
                {**_scenario_answer(written), **_statuses(*SCENARIO_WRITE)},
                parameters=zone_path,
                request_body=oa.body(oa.ref("ConflictChoice")),
                security=EDITOR,
            )
        },
        "/scenarios/{scenario_id}/promote": {
            "post": op(
                "promoteScenario",
                N_(
                    "Ta scenarioet inn i planen: alle endringene i én transaksjon, hver med "
                    "scenarioets navn i historikken; 409 scenario_conflicts så lenge planen "
                    "er endret under det"
                ),
                "scenarios",
                {
                    **_scenario_answer(written),
                    **_statuses(*SCENARIO_WRITE),
                    409: oa.answer(
                        N_("scenarioet er lukket, eller i konflikt med planen"),
                        oa.ref("ScenarioRefused"),
                        JSON,
                    ),
                },
                parameters=[SCENARIO_ID, IF_MATCH_REQUIRED],
                security=EDITOR,
            )
        },
        "/scenarios/{scenario_id}/discard": {
            "post": op(
                "discardScenario",
                N_("Forkast scenarioet: det beholdes slik det var, men endres ikke mer"),
                "scenarios",
                {**_scenario_answer(written), **_statuses(*SCENARIO_WRITE)},
                parameters=[SCENARIO_ID, IF_MATCH_REQUIRED],
                security=EDITOR,
            )
        },
    }


# --- The document -------------------------------------------------------------------------

_TRANSLATED = ("summary", "description")


def _translated(node: Any) -> Any:
    """``node`` with every summary and description in the visitor's language."""
    if isinstance(node, dict):
        return {
            key: gettext(value)
            if key in _TRANSLATED and isinstance(value, str) and value
            else _translated(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_translated(item) for item in node]
    return node


def _raw_document() -> dict:
    schemas = {**oa.component_schemas(INPUT_MODELS), **RESPONSES}
    responses = {}
    for name, (description, more) in STATUS_RESPONSES.items():
        responses[name] = oa.answer(
            description,
            oa.ref("Error"),
            JSON,
            headers=more.get("headers"),
            empty=bool(more.get("empty")),
        )
    return {
        "openapi": oa.OPENAPI_VERSION,
        "info": {
            "title": "arealweb API",
            "version": __version__,
            "description": N_(
                "Bærum kommunes arealstrategi som JSON og GeoJSON (WGS84): soner, mål, "
                "analyser, medvirkning og verksteder. Feil har alltid formen i Error. "
                "Oppregnede verdier (type, kategori, tema, status …) kan sendes som koden "
                "eller som navnet sidene viser, på bokmål eller engelsk, med store eller små "
                "bokstaver; svaret gir alltid koden."
            ),
            "license": {"name": "MIT"},
        },
        "tags": [{"name": name, "description": text} for name, text in TAGS],
        "paths": {**_operations(), **_scenario_operations()},
        "components": {
            "schemas": schemas,
            "responses": responses,
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


_CACHE: dict[str, dict] = {}


def document() -> dict:
    """The document in the visitor's language (built once per language), with the addresses
    of this request's server (behind a proxy's prefix, too)."""
    locale = str(get_locale())
    if locale not in _CACHE:
        _CACHE[locale] = _translated(_raw_document())
    return {
        **_CACHE[locale],
        "servers": [{"url": request.script_root + api.url_prefix}],
        "externalDocs": {
            "description": gettext("API-dokumentasjonen som nettside"),
            "url": url_for("api.openapi_page"),
        },
    }


def operations_by_tag(found: dict) -> list[dict]:
    """The document's operations grouped by tag, in the order of :data:`TAGS`."""
    groups = [
        {"name": tag["name"], "description": tag["description"], "operations": []}
        for tag in found["tags"]
    ]
    index = {group["name"]: group for group in groups}
    for path, methods in found["paths"].items():
        for method, operation in methods.items():
            index[operation["tags"][0]]["operations"].append(
                {"path": found["servers"][0]["url"] + path, "method": method.upper(), **operation}
            )
    return groups


def schema_text(schema: dict | None) -> Markup:
    """A schema in a few words for the page: a model's name links to it, a type says its
    format, choices and bounds."""
    if not schema:
        return Markup("")
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return Markup('<a href="#schema-{0}">{0}</a>').format(name)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema:
            joined = Markup(" | " if key != "allOf" else " + ").join(
                schema_text(s) for s in schema[key]
            )
            return joined + (Markup(" | null") if schema.get("nullable") else Markup(""))
    kind = schema.get("type", "")
    if kind == "array":
        text = Markup("[") + schema_text(schema.get("items")) + Markup("]")
    else:
        text = escape(kind or "any")
    details = []
    if "format" in schema:
        details.append(schema["format"])
    if "enum" in schema:
        details.append(" | ".join(str(v) for v in schema["enum"]))
    if "pattern" in schema:
        details.append(schema["pattern"])
    for bound in ("minimum", "maximum", "maxLength", "minItems", "maxItems"):
        if bound in schema:
            details.append(f"{bound} {schema[bound]}")
    if details:
        text += Markup(" (") + escape(", ".join(details)) + Markup(")")
    if schema.get("nullable"):
        text += Markup(" | null")
    return text


def _resolver(found: dict):
    responses = found["components"]["responses"]

    def resolve(answer: dict) -> dict:
        if "$ref" in answer:
            return responses[answer["$ref"].rsplit("/", 1)[-1]]
        return answer

    return resolve


@api.get("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3.0 document of this API."""
    asked = {value.split(";")[0].strip() for value, _ in request.accept_mimetypes}
    openapi = oa.OPENAPI_MEDIA_TYPE.split(";")[0] in asked
    mimetype = oa.OPENAPI_MEDIA_TYPE if openapi else JSON
    response = Response(dumps(document()), mimetype=mimetype)
    response.headers["Vary"] = "Accept, Cookie"
    return response


@api.get("/openapi.html")
def openapi_page() -> Response:
    """The same document as a page in the site's layout."""
    found = document()
    html = render_template(
        "api_documentation.html",
        document=found,
        groups=operations_by_tag(found),
        schemas=found["components"]["schemas"],
        schema_text=schema_text,
        resolve=_resolver(found),
    )
    response = Response(html, mimetype=HTML)
    response.headers["Vary"] = "Cookie"
    return response
