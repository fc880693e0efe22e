"""The OGC API's OpenAPI 3.0.3 document, written by hand as data: every route of /ogc, its
parameters and its answers. tests/api/ogc/test_openapi.py validates it and holds it to the
routes the blueprint has."""

from __future__ import annotations

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
                "Features Part 1 (core, GeoJSON, HTML) and Part 2 (CRS). Read-only."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server}],
        "tags": [{"name": "Capabilities"}, {"name": "Data"}],
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
                }
            },
        },
        "components": {
            "parameters": {**PARAMETERS, "limit": limit},
            "responses": RESPONSES,
            "schemas": SCHEMAS,
        },
    }


PARAMETERS = {
    "f": {
        "name": "f",
        "in": "query",
        "description": "The format: JSON (also for no f and Accept */*) or an HTML page.",
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
