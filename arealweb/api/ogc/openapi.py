"""The OGC API's OpenAPI 3.0.3 document, written by hand as data: every route of /ogc, its
parameters and its answers. tests/api/ogc/test_openapi.py validates it and holds it to the
routes the blueprint has."""

from __future__ import annotations

from arealweb.domain.filters import (
    BOUNDARY_QUERYABLES,
    COMMENT_QUERYABLES,
    GOAL_LINK_QUERYABLES,
    GOAL_QUERYABLES,
    SKETCH_QUERYABLES,
    STATION_QUERYABLES,
    ZONE_QUERYABLES,
)
from arealweb.geo.crs import CRS84_URI, OGC_CRSS

ITEMS_MAXIMUM_NOTE = (
    "Default and maximum are settings (AREALWEB_OGC_DEFAULT_LIMIT, AREALWEB_OGC_MAX_LIMIT); a "
    "larger limit is clamped to the maximum (OGC API – Features Part 1, requirement 22 C)."
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/{name}"}


def _json(schema: str, type: str = "application/json") -> dict:
    return {
        type: {"schema": _ref(f"schemas/{schema}")},
        "text/html": {"schema": {"type": "string"}},
    }


def _answer(description: str, schema: str, type: str = "application/json", **more) -> dict:
    return {"description": description, "content": _json(schema, type), **more}


ERRORS = {
    "400": _ref("responses/BadRequest"),
    "404": _ref("responses/NotFound"),
    "406": _ref("responses/NotAcceptable"),
    "500": _ref("responses/ServerError"),
}
GEOJSON_HEADERS = {
    "Content-Crs": {
        "description": "The CRS of the coordinates, as <URI>.",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "Strong validator: send it in If-None-Match.",
        "schema": {"type": "string"},
    },
}
CRS_URIS = list(OGC_CRSS)


def document(server: str, default_limit: int, max_limit: int) -> dict:
    """The document, with ``server`` (the URL of /ogc) as its one server, and the limits of a
    page from the settings."""
    limit = {**PARAMETERS["limit"]}
    limit["schema"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": max_limit,
        "default": default_limit,
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "arealweb – OGC API – Features",
            "version": "1.0.0",
            "description": (
                "Bærum's land-use strategy (zones, boundary, stations, goals, goal links, "
                "published comments, and workshop sketches for accounts) as OGC API – "
                "Features Part 1 (core, GeoJSON, HTML), Part 2 (CRS), Part 3 (filters) and "
                "Part 4 (create, replace, update and delete zones, for planners and admins: "
                "an API token as Bearer, or as the password of Basic with any user name). "
                "A query parameter sent empty counts as not sent."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server}],
        "tags": [{"name": "Capabilities"}, {"name": "Data"}, {"name": "Transactions"}],
        "paths": {
            "/": {
                "get": {
                    "tags": ["Capabilities"],
                    "operationId": "getLandingPage",
                    "summary": "Landing page",
                    "parameters": [_ref("parameters/f")],
                    "responses": {"200": _answer("The landing page.", "landingPage"), **ERRORS},
                }
            },
            "/conformance": {
                "get": {
                    "tags": ["Capabilities"],
                    "operationId": "getConformanceDeclaration",
                    "summary": "The conformance classes the service implements",
                    "parameters": [_ref("parameters/f")],
                    "responses": {
                        "200": _answer("The conformance classes.", "confClasses"),
                        **ERRORS,
                    },
                }
            },
            "/api": {
                "get": {
                    "tags": ["Capabilities"],
                    "operationId": "getAPIDefinition",
                    "summary": "This document (f=html: as a page)",
                    "parameters": [_ref("parameters/f")],
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.0 document.",
                            "content": {
                                "application/vnd.oai.openapi+json;version=3.0": {
                                    "schema": {"type": "object"}
                                },
                                "text/html": {"schema": {"type": "string"}},
                            },
                        },
                        **ERRORS,
                    },
                }
            },
            "/collections": {
                "get": {
                    "tags": ["Capabilities"],
                    "operationId": "getCollections",
                    "summary": "The collections",
                    "parameters": [_ref("parameters/f")],
                    "responses": {"200": _answer("The collections.", "collections"), **ERRORS},
                }
            },
            "/collections/{collectionId}": {
                "get": {
                    "tags": ["Capabilities"],
                    "operationId": "describeCollection",
                    "summary": "One collection",
                    "parameters": [_ref("parameters/collectionId"), _ref("parameters/f")],
                    "responses": {"200": _answer("The collection.", "collection"), **ERRORS},
                }
            },
            "/collections/{collectionId}/items": {
                "get": {
                    "tags": ["Data"],
                    "operationId": "getFeatures",
                    "summary": "A page of the collection's features",
                    "parameters": [
                        _ref("parameters/collectionId"),
                        _ref("parameters/limit"),
                        _ref("parameters/offset"),
                        _ref("parameters/bbox"),
                        _ref("parameters/bbox-crs"),
                        _ref("parameters/datetime"),
                        _ref("parameters/crs"),
                        _ref("parameters/filter"),
                        _ref("parameters/filter-lang"),
                        _ref("parameters/filter-crs"),
                        *(_ref(f"parameters/{name}") for name in QUERYABLE_PARAMETERS),
                        _ref("parameters/f"),
                    ],
                    "responses": {
                        "200": _answer(
                            "A page of features.",
                            "featureCollectionGeoJSON",
                            "application/geo+json",
                            headers=GEOJSON_HEADERS,
                        ),
                        "304": {"description": "Unchanged since the ETag in If-None-Match."},
                        **ERRORS,
                    },
                },
                "post": CREATE,
            },
            "/collections/{collectionId}/queryables": {
                "get": {
                    "tags": ["Capabilities"],
                    "operationId": "getQueryables",
                    "summary": "The properties a filter on the collection may name",
                    "parameters": [_ref("parameters/collectionId"), _ref("parameters/f")],
                    "responses": {
                        "200": _answer(
                            "The queryables as JSON Schema (OGC API – Features Part 3).",
                            "queryables",
                            "application/schema+json",
                        ),
                        **ERRORS,
                    },
                }
            },
            "/collections/{collectionId}/items/{featureId}": {
                "get": {
                    "tags": ["Data"],
                    "operationId": "getFeature",
                    "summary": "One feature",
                    "parameters": [
                        _ref("parameters/collectionId"),
                        _ref("parameters/featureId"),
                        _ref("parameters/crs"),
                        _ref("parameters/f"),
                    ],
                    "responses": {
                        "200": _answer(
                            "The feature.",
                            "featureGeoJSON",
                            "application/geo+json",
                            headers=GEOJSON_HEADERS,
                        ),
                        "304": {"description": "Unchanged since the ETag in If-None-Match."},
                        **ERRORS,
                    },
                },
                "put": REPLACE,
                "patch": UPDATE,
                "delete": DELETE,
            },
        },
        "components": {
            "parameters": {**PARAMETERS, **QUERYABLE_PARAMETERS, "limit": limit},
            "responses": RESPONSES,
            "schemas": SCHEMAS,
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


PARAMETERS = {
    "f": {
        "name": "f",
        "in": "query",
        "description": (
            "The format: JSON (also for no f, an empty f and Accept */*) or an HTML page."
        ),
        "schema": {"type": "string", "enum": ["json", "html"]},
    },
    "collectionId": {
        "name": "collectionId",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    },
    "featureId": {
        "name": "featureId",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    },
    "limit": {
        "name": "limit",
        "in": "query",
        "description": ITEMS_MAXIMUM_NOTE,
        "schema": {"type": "integer", "minimum": 1, "default": 100},
    },
    "offset": {
        "name": "offset",
        "in": "query",
        "description": "How many features of the selection to skip (the next link carries it).",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
    "bbox": {
        "name": "bbox",
        "in": "query",
        "description": (
            "Lower and upper corner in the axis order of bbox-crs (CRS84: west,south,east,north)."
        ),
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
    },
    "bbox-crs": {
        "name": "bbox-crs",
        "in": "query",
        "schema": {"type": "string", "format": "uri", "enum": CRS_URIS, "default": CRS84_URI},
    },
    "crs": {
        "name": "crs",
        "in": "query",
        "description": "The CRS of the answer's coordinates, in that CRS's axis order.",
        "schema": {"type": "string", "format": "uri", "enum": CRS_URIS, "default": CRS84_URI},
    },
    "datetime": {
        "name": "datetime",
        "in": "query",
        "description": (
            "An instant or an interval (a/b, ../b, a/..) in RFC 3339: when a zone was last "
            "saved, or when a comment or sketch was made; other collections ignore it."
        ),
        "schema": {"type": "string"},
    },
}

FILTER_NOTE = (
    "A CQL2 filter (OGC API – Features Part 3) over the collection's queryables "
    "(/collections/{collectionId}/queryables): comparisons, LIKE (case-sensitive), IN, "
    "BETWEEN, IS NULL, AND/OR/NOT and the eight S_* spatial functions. At most 20 000 "
    "characters; CASEI, ACCENTI, arithmetic, T_* and A_* are refused (400)."
)
PARAMETERS["filter"] = {
    "name": "filter",
    "in": "query",
    "description": FILTER_NOTE,
    "schema": {"type": "string", "maxLength": 20_000},
}
PARAMETERS["filter-lang"] = {
    "name": "filter-lang",
    "in": "query",
    "schema": {"type": "string", "enum": ["cql2-text", "cql2-json"], "default": "cql2-text"},
}
PARAMETERS["filter-crs"] = {
    "name": "filter-crs",
    "in": "query",
    "description": (
        "The CRS of the filter's geometries, in its axis order (EPSG:4326 and 4258: latitude "
        "first); one of the collection's CRSs."
    ),
    "schema": {"type": "string", "format": "uri", "enum": CRS_URIS, "default": CRS84_URI},
}

_BY_COLLECTION = {
    "zones": ZONE_QUERYABLES,
    "boundary": BOUNDARY_QUERYABLES,
    "stations": STATION_QUERYABLES,
    "goals": GOAL_QUERYABLES,
    "goal-links": GOAL_LINK_QUERYABLES,
    "comments": COMMENT_QUERYABLES,
    "sketches": SKETCH_QUERYABLES,
}
_PARAMETER_TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "timestamp": {"type": "string", "format": "date-time"},
}


def _queryable_parameters() -> dict:
    """Each queryable but geometries as a query parameter (Part 3, queryables-query-
    parameters): the feature's property equals the value. One parameter per name; its
    description names the collections that have it (another collection answers 400)."""
    found: dict[str, dict] = {}
    for collection, queryables in _BY_COLLECTION.items():
        for queryable in queryables:
            if queryable.type == "geometry":
                continue
            schema = _PARAMETER_TYPES.get(queryable.type, {"type": "string"})
            entry = found.setdefault(queryable.name, {"schema": schema, "in": []})
            if entry["schema"] != schema:
                entry["schema"] = {}
            entry["in"].append(collection)
    return {
        name: {
            "name": name,
            "in": "query",
            "description": (
                f"Selects the features whose {name} equals the value; a queryable of "
                + ", ".join(entry["in"]).replace("zones", "zones (and zones-*)")
                + "."
            ),
            "schema": entry["schema"],
        }
        for name, entry in found.items()
    }


QUERYABLE_PARAMETERS = _queryable_parameters()

# The service reads an empty query parameter as one not sent (an HTML form sends its empty
# fields, `?bbox=&limit=`): the document says so of every one, or a client reading it would
# take `crs=` for a value the service must refuse.
for _parameter in [*PARAMETERS.values(), *QUERYABLE_PARAMETERS.values()]:
    if _parameter["in"] == "query":
        _parameter["allowEmptyValue"] = True

_EXCEPTION = {"application/json": {"schema": _ref("schemas/exception")}}
RESPONSES = {
    "BadRequest": {"description": "A bad parameter (named in the message).", "content": _EXCEPTION},
    "NotFound": {"description": "No such collection or feature.", "content": _EXCEPTION},
    "NotAcceptable": {"description": "An f the service does not offer.", "content": _EXCEPTION},
    "ServerError": {"description": "An error on the server.", "content": _EXCEPTION},
}

_LINK = {
    "type": "object",
    "required": ["href", "rel"],
    "properties": {
        "href": {"type": "string"},
        "rel": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
    },
}
_LINKS = {"type": "array", "items": _ref("schemas/link")}
_GEOMETRY = {"type": "object", "nullable": True, "required": ["type"]}
SCHEMAS = {
    "link": _LINK,
    "exception": {
        "type": "object",
        "required": ["code"],
        "properties": {
            "code": {"type": "string"},
            "description": {"type": "string"},
            "problems": {"type": "array", "items": {"type": "object"}},
        },
    },
    "landingPage": {
        "type": "object",
        "required": ["links"],
        "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "links": _LINKS,
        },
    },
    "confClasses": {
        "type": "object",
        "required": ["conformsTo"],
        "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}},
    },
    "collection": {
        "type": "object",
        "required": ["id", "links"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "itemType": {"type": "string"},
            "links": _LINKS,
            "extent": {"type": "object"},
            "crs": {"type": "array", "items": {"type": "string"}},
            "storageCrs": {"type": "string"},
        },
    },
    "collections": {
        "type": "object",
        "required": ["links", "collections"],
        "properties": {
            "links": _LINKS,
            "collections": {"type": "array", "items": _ref("schemas/collection")},
            "crs": {"type": "array", "items": {"type": "string"}},
        },
    },
    "queryables": {
        "type": "object",
        "required": ["type", "properties"],
        "properties": {
            "$schema": {"type": "string"},
            "$id": {"type": "string"},
            "type": {"type": "string", "enum": ["object"]},
            "title": {"type": "string"},
            "properties": {"type": "object"},
            "additionalProperties": {"type": "boolean"},
        },
    },
    "featureGeoJSON": {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": _GEOMETRY,
            "properties": {"type": "object", "nullable": True},
            "links": _LINKS,
        },
    },
    "featureCollectionGeoJSON": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": _ref("schemas/featureGeoJSON")},
            "links": _LINKS,
            "timeStamp": {"type": "string", "format": "date-time"},
            "numberMatched": {"type": "integer", "minimum": 0},
            "numberReturned": {"type": "integer", "minimum": 0},
        },
    },
}


# Part 4: writing zones.

_WRITE_ERRORS = {
    "400": _ref("responses/BadRequest"),
    "401": _ref("responses/Unauthorized"),
    "403": _ref("responses/Forbidden"),
    "404": _ref("responses/NotFound"),
    "409": _ref("responses/Conflict"),
    "415": _ref("responses/UnsupportedMediaType"),
    "422": _ref("responses/InvalidInput"),
    "500": _ref("responses/ServerError"),
}
_PRECONDITIONS = {
    "412": _ref("responses/PreconditionFailed"),
    "428": _ref("responses/PreconditionRequired"),
}
_SECURITY = [{"bearerAuth": []}, {"basicAuth": []}]
_FEATURE_BODY = {
    "required": True,
    "description": (
        "A GeoJSON Feature of a zone: properties name, kind (development, protection, "
        "corridor; a kind's collection takes only its kind and fills it in), category, "
        "description, status, arealformal, hensynssone, draft, goal_ids or goal_links "
        "([{goal_id, rationale}]); the geometry in CRS84 unless Content-Crs says otherwise. "
        "The same checks as the workbench: valid, inside Bærum, the kind's geometry type."
    ),
    "content": {
        media: {"schema": _ref("schemas/zoneFeature")}
        for media in ("application/geo+json", "application/json")
    },
}
_WRITTEN_HEADERS = {
    **GEOJSON_HEADERS,
    "ETag": {
        "description": (
            '"v<version>-<digest>": send it in If-Match to change this version of the zone.'
        ),
        "schema": {"type": "string"},
    },
}


def _written(description: str, **more) -> dict:
    return {
        "description": description,
        "headers": _WRITTEN_HEADERS,
        "content": {"application/geo+json": {"schema": _ref("schemas/featureGeoJSON")}},
        **more,
    }


def _links_from(feature_id: str) -> dict:
    """OpenAPI links from a written zone to reading, replacing, patching and deleting it."""
    same = {"collectionId": "$request.path.collectionId", "featureId": feature_id}
    guarded = {**same, "header.If-Match": "$response.header.ETag"}
    return {
        "GetFeature": {"operationId": "getFeature", "parameters": same},
        "ReplaceFeature": {"operationId": "replaceFeature", "parameters": guarded},
        "UpdateFeature": {"operationId": "updateFeature", "parameters": guarded},
        "DeleteFeature": {"operationId": "deleteFeature", "parameters": guarded},
    }


CREATE = {
    "tags": ["Transactions"],
    "operationId": "createFeature",
    "summary": "Create a zone (zone collections only)",
    "security": _SECURITY,
    "parameters": [
        _ref("parameters/collectionId"),
        _ref("parameters/crs"),
        _ref("parameters/Content-Crs"),
    ],
    "requestBody": _FEATURE_BODY,
    "responses": {
        "201": _written(
            "Created: the zone as stored, in crs (CRS84 by default).",
            links=_links_from("$response.body#/id"),
        )
        | {
            "headers": {
                **_WRITTEN_HEADERS,
                "Location": {"description": "The new zone.", "schema": {"type": "string"}},
            }
        },
        **_WRITE_ERRORS,
    },
}
_ITEM_WRITE = [
    _ref("parameters/collectionId"),
    _ref("parameters/featureId"),
    _ref("parameters/If-Match"),
]
REPLACE = {
    "tags": ["Transactions"],
    "operationId": "replaceFeature",
    "summary": "Replace a zone (properties left out are emptied)",
    "security": _SECURITY,
    "parameters": [*_ITEM_WRITE, _ref("parameters/crs"), _ref("parameters/Content-Crs")],
    "requestBody": _FEATURE_BODY,
    "responses": {
        "200": _written(
            "Replaced: the zone as stored.", links=_links_from("$request.path.featureId")
        ),
        **_WRITE_ERRORS,
        **_PRECONDITIONS,
    },
}
UPDATE = {
    "tags": ["Transactions"],
    "operationId": "updateFeature",
    "summary": "Change part of a zone by a JSON merge patch (RFC 7396)",
    "security": _SECURITY,
    "parameters": [*_ITEM_WRITE, _ref("parameters/crs"), _ref("parameters/Content-Crs")],
    "requestBody": {
        "required": True,
        "description": (
            "A merge patch of the Feature: the properties given replace theirs (null removes "
            "one), a geometry given replaces the zone's; the rest stays as it is."
        ),
        "content": {"application/merge-patch+json": {"schema": _ref("schemas/zonePatch")}},
    },
    "responses": {
        "200": _written(
            "Changed: the zone as stored.", links=_links_from("$request.path.featureId")
        ),
        **_WRITE_ERRORS,
        **_PRECONDITIONS,
    },
}
DELETE = {
    "tags": ["Transactions"],
    "operationId": "deleteFeature",
    "summary": "Delete a zone (a soft delete: the history keeps it, restorable)",
    "security": _SECURITY,
    "parameters": _ITEM_WRITE,
    "responses": {
        "204": {"description": "Deleted."},
        **{k: v for k, v in _WRITE_ERRORS.items() if k not in ("415", "422")},
        **_PRECONDITIONS,
    },
}

PARAMETERS["If-Match"] = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": (
        "The zone's ETag as read (from any crs: only its version is compared); 428 "
        "without it, 412 when the zone has changed since."
    ),
    "schema": {"type": "string"},
}
PARAMETERS["Content-Crs"] = {
    "name": "Content-Crs",
    "in": "header",
    "description": (
        "The CRS of the body's coordinates, as <URI>, in that CRS's axis order (EPSG:4326 "
        "and 4258: latitude first); CRS84 without it."
    ),
    "schema": {"type": "string", "enum": [f"<{uri}>" for uri in CRS_URIS]},
}

RESPONSES.update(
    {
        "Unauthorized": {
            "description": "No API token, or one unknown, revoked or expired.",
            "headers": {
                "WWW-Authenticate": {
                    "description": "Bearer and Basic (the token as password).",
                    "schema": {"type": "string"},
                }
            },
            "content": _EXCEPTION,
        },
        "Forbidden": {
            "description": "The account may not change the plan (only planners and admins).",
            "content": _EXCEPTION,
        },
        "Conflict": {"description": "A zone with that id exists.", "content": _EXCEPTION},
        "PreconditionFailed": {
            "description": "The zone has changed since the ETag in If-Match.",
            "content": _EXCEPTION,
        },
        "UnsupportedMediaType": {
            "description": "A body in a media type the operation does not read.",
            "content": _EXCEPTION,
        },
        "InvalidInput": {
            "description": "A zone the rules refuse (the message says why); nothing changed.",
            "content": _EXCEPTION,
        },
        "PreconditionRequired": {
            "description": "If-Match is missing.",
            "content": _EXCEPTION,
        },
    }
)

SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token (made on the account page).",
    },
    "basicAuth": {
        "type": "http",
        "scheme": "basic",
        "description": "Any user name, the API token as password (QGIS, GDAL's USERPWD).",
    },
}

_ZONE_PROPERTIES = {
    "id": {"type": "string"},
    "name": {"type": "string"},
    "kind": {"type": "string", "enum": ["development", "protection", "corridor"]},
    "category": {"type": "string"},
    "description": {"type": "string"},
    "status": {"type": "string"},
    "arealformal": {"type": "integer", "nullable": True},
    "hensynssone": {"type": "string", "nullable": True},
    "draft": {"type": "boolean"},
    "goal_ids": {"type": "array", "items": {"type": "string"}},
    "goal_links": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["goal_id"],
            "properties": {
                "goal_id": {"type": "string"},
                "rationale": {"type": "string", "nullable": True},
            },
        },
    },
}
SCHEMAS["zoneFeature"] = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "string"},
        "geometry": {"type": "object", "required": ["type", "coordinates"]},
        "properties": {"type": "object", "properties": _ZONE_PROPERTIES},
    },
}
SCHEMAS["zonePatch"] = {
    "type": "object",
    "properties": {
        "geometry": {"type": "object", "required": ["type", "coordinates"]},
        "properties": {"type": "object", "properties": _ZONE_PROPERTIES},
    },
}
