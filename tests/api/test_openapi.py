"""The OpenAPI document of /api/v1: valid 3.0, complete against the app, and its page."""

from __future__ import annotations

import re
from typing import Annotated, Literal

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel, Field

from arealweb.schemas import openapi as oa
from arealweb.schemas.geometry import MultiPolygon, Polygon
from arealweb.schemas.goals import GoalInput
from arealweb.schemas.zones import ZoneProperties

OPENAPI_MEDIA = "application/vnd.oai.openapi+json;version=3.0"
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _document(client, **headers):
    response = client.get("/api/v1/openapi.json", headers=headers)
    assert response.status_code == 200
    return response


def test_the_document_is_valid_openapi_3_0(client):
    document = _document(client).get_json()
    assert document["openapi"] == "3.0.3"
    validate(document)
    assert oa.unknown_keywords(document) == []


def test_the_document_is_served_as_openapi_when_asked(client):
    assert _document(client, Accept=OPENAPI_MEDIA).mimetype == "application/vnd.oai.openapi+json"
    assert _document(client).mimetype == "application/json"
    assert _document(client, Accept="*/*").mimetype == "application/json"
    gdal = "application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json"
    assert _document(client, Accept=gdal).mimetype == "application/vnd.oai.openapi+json"


def _documented(document) -> set[tuple[str, str]]:
    base = document["servers"][0]["url"]
    return {
        (method.upper(), base + path)
        for path, operations in document["paths"].items()
        for method in operations
    }


def _routed(app) -> set[tuple[str, str]]:
    return {
        (method, re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods & METHODS
    }


def test_every_route_of_the_api_is_documented_and_nothing_else(app, client):
    documented, routed = _documented(_document(client).get_json()), _routed(app)
    assert routed - documented == set(), "routes missing from api/openapi.py"
    assert documented - routed == set(), "documented operations the app does not have"
    assert len(routed) > 50


def test_each_operation_has_an_id_a_summary_and_its_error_answers(client):
    document = _document(client).get_json()
    ids = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            ids.append(operation["operationId"])
            assert operation["summary"], (method, path)
            statuses = set(operation["responses"])
            assert {"400", "503"} <= statuses, (method, path)
            if method == "get":
                assert "304" in statuses, path
            if operation.get("security") == [{"bearer": []}, {"session": [], "csrf": []}]:
                assert {"401", "403", "422"} <= statuses, (method, path)
            if any(
                p["name"] == "If-Match" and p["required"] for p in operation.get("parameters", [])
            ):
                assert {"412", "428"} <= statuses, (method, path)
    assert len(ids) == len(set(ids))


def test_the_error_shape_is_the_one_the_api_sends(client):
    document = _document(client).get_json()
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    sent = client.get("/api/v1/zones?kind=nothing").get_json()["error"]
    assert set(error["required"]) == set(sent)


def test_the_document_follows_the_language(client):
    nb = _document(client).get_json()["paths"]["/zones"]["get"]["summary"]
    en = client.get("/api/v1/openapi.json?lang=en").get_json()["paths"]["/zones"]["get"]["summary"]
    assert nb == "Alle soner som GeoJSON FeatureCollection"
    assert en == "All zones as a GeoJSON FeatureCollection"


def test_the_page_lists_every_operation_in_the_site_layout(client):
    document = _document(client).get_json()
    page = client.get("/api/v1/openapi.html")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "<h1>API-dokumentasjon</h1>" in html
    assert 'class="site-footer"' in html
    assert "<script" not in html.split("</footer>")[0].split("<main")[1]
    for method, path in _documented(document):
        assert f"<code>{method} {path}</code>" in html, (method, path)
    assert 'href="/api/v1/openapi.json"' in html
    assert document["externalDocs"]["url"] == "/api/v1/openapi.html"


def test_the_site_links_the_page(client):
    assert 'href="/api/v1/openapi.html"' in client.get("/").get_data(as_text=True)


# --- The 2020-12 → 3.0 downgrade -------------------------------------------------------------


class Tricky(BaseModel):
    maybe_text: str | None = None
    maybe_model: Polygon | None = None
    exactly: Literal["Feature"]
    above: Annotated[float, Field(gt=0, lt=10)]
    pair: tuple[int, int]
    shown: Annotated[int, Field(examples=[3, 4])] = 3
    shape: Polygon | MultiPolygon = Field(discriminator="type")


def test_the_downgrade_rewrites_what_3_0_does_not_know():
    schemas = oa.component_schemas([Tricky, ZoneProperties, GoalInput])
    tricky = schemas["Tricky"]["properties"]
    assert tricky["maybe_text"] == {
        "type": "string",
        "default": None,
        "title": "Maybe Text",
        "nullable": True,
    }
    assert tricky["maybe_model"]["allOf"] == [{"$ref": "#/components/schemas/Polygon"}]
    assert tricky["maybe_model"]["nullable"] is True
    assert tricky["exactly"]["enum"] == ["Feature"] and "const" not in tricky["exactly"]
    assert tricky["above"]["minimum"] == 0 and tricky["above"]["exclusiveMinimum"] is True
    assert tricky["above"]["maximum"] == 10 and tricky["above"]["exclusiveMaximum"] is True
    assert tricky["pair"]["items"] == {"type": "integer"}
    assert tricky["pair"]["minItems"] == tricky["pair"]["maxItems"] == 2
    assert tricky["shown"]["example"] == 3 and "examples" not in tricky["shown"]
    assert oa.unknown_keywords({"components": {"schemas": schemas}}) == []


def test_a_ref_with_siblings_becomes_all_of():
    assert oa.downgrade({"$ref": "#/x", "description": "d"}) == {
        "allOf": [{"$ref": "#/x"}],
        "description": "d",
    }
    assert oa.downgrade({"type": ["string", "null"]}) == {"type": "string", "nullable": True}
    assert oa.downgrade({"$schema": "s", "$id": "i", "type": "object"}) == {"type": "object"}


def test_the_keyword_walk_finds_what_3_0_does_not_know():
    found = oa.unknown_keywords(
        {
            "components": {
                "schemas": {
                    "A": {
                        "type": ["string", "null"],
                        "prefixItems": [],
                        "properties": {"b": {"const": 1}},
                    }
                }
            }
        }
    )
    assert found == [
        ".components.schemas.A: type ['string', 'null']",
        ".components.schemas.A: prefixItems",
        ".components.schemas.A.properties.b: const",
    ]


@pytest.mark.parametrize("model", [ZoneProperties, GoalInput, Polygon, MultiPolygon])
def test_our_input_models_become_valid_3_0(model):
    schemas = oa.component_schemas([model])
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    validate(document)


def test_a_text_parameter_is_capped_after_its_spaces_are_dropped(client):
    """What the document says of text parameters is what the server does (schemathesis found
    that a maxLength would be wrong: spaces at either end do not count)."""
    from arealweb.api.openapi import QTEXT
    from arealweb.schemas.queries import QUERY_TEXT

    assert str(QUERY_TEXT) in QTEXT["description"]
    spaced = "x" * QUERY_TEXT + "+" * 50
    assert client.get(f"/api/v1/comments/counts?consultation={spaced}").status_code == 200
    assert (
        client.get(f"/api/v1/comments/counts?consultation={'x' * (QUERY_TEXT + 1)}").status_code
        == 400
    )


def test_the_addresses_follow_a_proxy_prefix(client):
    document = client.get("/api/v1/openapi.json", base_url="http://localhost/plan").get_json()
    assert document["servers"] == [{"url": "/plan/api/v1"}]
    assert document["externalDocs"]["url"] == "/plan/api/v1/openapi.html"
