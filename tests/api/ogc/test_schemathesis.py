"""schemathesis holds /ogc to its OpenAPI document (/ogc/api), in-process, on both databases,
as tests/api/test_schemathesis.py does for /api/v1: reads anonymously, writes (Part 4) with a
planner's token, and the document's links create → read → replace → delete a zone."""

from __future__ import annotations

import copy

import schemathesis
from schemathesis.generation import GenerationMode

from arealweb.http.store import current_store
from tests.api.test_schemathesis import (
    _app,
    _config,
    _fuzz,
    _planner_token,
    _with_token,
    follow_links,
)
from tests.places import HASLUM


def _schema(url, folder, token: bool):
    app = _app(url, folder)
    planner = _planner_token(app) if token else None
    schema = schemathesis.openapi.from_wsgi("/ogc/api", app, config=_config())
    return app, (_with_token(schema, planner) if planner else schema)


def test_every_ogc_read_keeps_to_the_document(demo_database_url, tmp_path):
    app, schema = _schema(demo_database_url, tmp_path, token=False)
    faults = _fuzz(schema, lambda operation: operation.method.upper() == "GET")
    with app.app_context():
        current_store().engine.dispose()
    assert not faults, f"{len(faults)} failures:\n\n" + "\n\n".join(faults)


def test_every_ogc_write_by_a_planner_keeps_to_the_document(demo_database_url, tmp_path):
    app, schema = _schema(demo_database_url, tmp_path, token=True)

    @schema.hook("map_path_parameters")
    def a_zone_collection_and_a_zone(context, path_parameters):
        """Generated ids find nothing (404): the writes go to the zones, a real one first."""
        return {**path_parameters, "collectionId": "zones", "featureId": "sandvika"}

    answers: list = []
    faults = _fuzz(schema, lambda operation: operation.method.upper() != "GET", answers)
    with app.app_context():
        current_store().engine.dispose()
    assert not faults, f"{len(faults)} failures:\n\n" + "\n\n".join(faults)
    # The token was sent: the writes got past the sign-in to the checks behind it.
    statuses = {(method, status) for method, _, status in answers}
    assert {("POST", 422), ("PUT", 422), ("PATCH", 422)} <= statuses, repr(sorted(statuses))
    assert any(status < 300 for _, status in statuses), repr(sorted(statuses))


def _zone(body: object) -> dict:
    """A zone at Haslum, named as generated when the name can be used."""
    name = body.get("properties", {}).get("name") if isinstance(body, dict) else None
    usable = isinstance(name, str) and name.strip() and "\x00" not in name
    properties = {
        "name": name[:100] if usable else "Haslum",
        "kind": "development",
        "category": "bymessig område",
        "goal_ids": ["2020.hm2.d2.s1.a1"],
    }
    return {"type": "Feature", "properties": properties, "geometry": copy.deepcopy(HASLUM)}


def test_a_zone_follows_the_links_create_read_replace_delete(demo_database_url, tmp_path):
    app, schema = _schema(demo_database_url, tmp_path, token=True)
    flow_schema = schema.include(path_regex=r"^/collections/\{collectionId\}/items")
    flow_schema.config.generation.update(modes=[GenerationMode.POSITIVE])
    calls: list[tuple[str, str, int]] = []

    @flow_schema.hook("map_headers")
    def the_body_in_crs84(context, headers):
        """The body is at Haslum in CRS84: a generated Content-Crs (25832, say) would read its
        degrees as metres and make it 0 m² — refused, rightly, so the replace never happened."""
        operation = context.operation
        if operation is None or operation.method.upper() not in ("POST", "PUT") or not headers:
            return headers
        return {name: value for name, value in headers.items() if name.lower() != "content-crs"}

    @flow_schema.hook("map_path_parameters")
    def the_zones(context, path_parameters):
        return {**path_parameters, "collectionId": "zones"}

    class Flow(flow_schema.as_state_machine()):
        def before_call(self, case):
            """The real body just before the call (a step following a link merges an earlier
            answer into the generated body after the body hooks have run)."""
            if case.method.upper() in ("POST", "PUT"):
                case.body = _zone(case.body)

        def after_call(self, response, case):
            calls.append((case.method, case.operation.path, response.status_code))

    item = "/collections/{collectionId}/items/{featureId}"
    wanted = {
        ("POST", "/collections/{collectionId}/items"),
        ("GET", item),
        ("PUT", item),
        ("DELETE", item),
    }
    done = follow_links(Flow, calls, wanted)
    with app.app_context():
        current_store().engine.dispose()
    assert wanted <= done, sorted(set(calls))
