"""What a load balancer, systemd or an orchestrator asks: ``/healthz`` (this process answers)
and ``/readyz`` (the database answers and its schema is the newest this code knows). Plain
JSON, no session, never cached; a database that cannot be reached is a 503 here, not an error
page."""

from __future__ import annotations

import json

from flask import Response

from arealweb.http.store import current_store
from arealweb.services.database import UNREACHABLE, is_current
from arealweb.web.blueprint import web

_HEADERS = {"Cache-Control": "no-store"}


def _answer(code: int, **body: object) -> Response:
    return Response(json.dumps(body), status=code, mimetype="application/json", headers=_HEADERS)


@web.get("/healthz")
def healthz() -> Response:
    return _answer(200, status="ok")


@web.get("/readyz")
def readyz() -> Response:
    try:
        current = is_current(current_store())
    except UNREACHABLE:
        return _answer(503, status="unavailable", database="unreachable")
    if not current:
        return _answer(503, status="unavailable", database="schema is not current")
    return _answer(200, status="ok", database="ok")
