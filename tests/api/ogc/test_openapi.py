"""The OGC API's OpenAPI 3.0 document: valid, complete, and what the server really answers."""

import json

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from tests.api.ogc.conftest import link, local, read

OPENAPI = "application/vnd.oai.openapi+json;version=3.0"


@pytest.fixture
def document(client):
    response = client.get("/ogc/api")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == OPENAPI
    return json.loads(response.data)


def test_the_document_is_valid_openapi_3_0(document):
    assert document["openapi"] == "3.0.3"
    validate(document)


def test_validation_can_fail(document):
    broken = {**document, "paths": {"/x": {"get": {"responses": {"200": {}}}}}}
    with pytest.raises(Exception, match="is not valid"):
        validate(broken)


def test_the_landing_page_links_the_document_and_its_page(client):
    landing = read(client.get("/ogc/"))
    described = client.get(local(link(landing, "service-desc")["href"]))
    assert described.status_code == 200 and described.headers["Content-Type"] == OPENAPI
    page = client.get(local(link(landing, "service-doc")["href"]))
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "/ogc/collections/{collectionId}/items" in page.get_data(as_text=True)


def test_conformance_declares_oas30(client):
    declared = read(client.get("/ogc/conformance"))["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30" in declared


def test_every_route_of_the_service_is_documented(app, document):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("ogc."):
            path = rule.rule.removeprefix("/ogc") or "/"
            path = path.replace("<collection_id>", "{collectionId}")
            path = path.replace("<feature_id>", "{featureId}")
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == documented


def test_the_limit_is_documented_from_the_settings(client, app):
    app.config.update(OGC_DEFAULT_LIMIT=7, OGC_MAX_LIMIT=70)
    limit = read(client.get("/ogc/api"))["components"]["parameters"]["limit"]["schema"]
    assert (limit["default"], limit["maximum"]) == (7, 70)


def _inlined(node, document):
    """``node`` with every $ref replaced by what it points to."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return _inlined(target, document)
        return {k: _inlined(v, document) for k, v in node.items()}
    if isinstance(node, list):
        return [_inlined(v, document) for v in node]
    return node


CASES = [
    ("/ogc/", "/", "200"),
    ("/ogc/conformance", "/conformance", "200"),
    ("/ogc/collections", "/collections", "200"),
    ("/ogc/collections/zones", "/collections/{collectionId}", "200"),
    ("/ogc/collections/zones/items?limit=3", "/collections/{collectionId}/items", "200"),
    ("/ogc/collections/goals/items?limit=3", "/collections/{collectionId}/items", "200"),
    (
        "/ogc/collections/zones/items/sandvika",
        "/collections/{collectionId}/items/{featureId}",
        "200",
    ),
    ("/ogc/collections/zones/items?limit=0", "/collections/{collectionId}/items", "400"),
    ("/ogc/collections/nope", "/collections/{collectionId}", "404"),
    ("/ogc/collections?f=xml", "/collections", "406"),
]


@pytest.mark.parametrize(("url", "path", "status"), CASES)
def test_answers_conform_to_the_documented_schema(client, document, url, path, status):
    response = client.get(url)
    assert str(response.status_code) == status
    documented = _inlined(document["paths"][path]["get"]["responses"][status], document)
    content = documented["content"]
    assert response.mimetype in content
    errors = list(
        OAS30Validator(content[response.mimetype]["schema"]).iter_errors(json.loads(response.data))
    )
    assert errors == []
    for header in documented.get("headers", {}):
        assert header in response.headers


def test_the_schema_check_can_fail(document):
    schema = _inlined(document["components"]["schemas"]["featureCollectionGeoJSON"], document)
    wrong = {"type": "FeatureCollection", "features": [{"type": "Feature"}], "numberMatched": -1}
    assert len(list(OAS30Validator(schema).iter_errors(wrong))) >= 2
