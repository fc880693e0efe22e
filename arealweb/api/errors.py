"""One error shape for the whole API, and one table from errors to HTTP statuses.

{"error": {"status": 400, "code": "bad_request", "message": "…", "problems": [
    {"message": "…", "where": "…"}]}}
"""

from __future__ import annotations

from flask import Response
from werkzeug.exceptions import HTTPException

from arealweb.api.blueprint import api
from arealweb.api.inputs import BadParameter, PreconditionRequired
from arealweb.domain.errors import (
    AlreadyExists,
    BadFilter,
    DomainError,
    InvalidInput,
    NotFound,
    Problem,
    StaleVersion,
)
from arealweb.domain.text import N_
from arealweb.domain.workshops import WorkshopClosed
from arealweb.geo.geojson import dumps
from arealweb.http.access import CsrfFailed, Forbidden, SignInRequired
from arealweb.http.i18n import translate
from arealweb.http.ratelimit import TooManyAttempts
from arealweb.services.editing import NeedsConfirmation
from arealweb.services.goal_editing import LinksNeedDecision
from arealweb.services.scenarios import ScenarioClosed

JSON = "application/json"
GEOJSON = "application/geo+json"

STATUSES: dict[type[Exception], tuple[int, str]] = {
    BadParameter: (400, "bad_parameter"),
    BadFilter: (400, "bad_parameter"),
    SignInRequired: (401, "unauthorized"),
    CsrfFailed: (403, "csrf_failed"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    WorkshopClosed: (409, "workshop_closed"),
    LinksNeedDecision: (409, "links_need_decision"),
    NeedsConfirmation: (409, "confirmation_required"),
    ScenarioClosed: (409, "scenario_closed"),
    AlreadyExists: (409, "conflict"),
    StaleVersion: (412, "precondition_failed"),
    InvalidInput: (422, "invalid_input"),
    PreconditionRequired: (428, "precondition_required"),
    TooManyAttempts: (429, "too_many_requests"),
    DomainError: (400, "bad_request"),
}
"""Each error the API answers on purpose, with its status and code; the most specific class
of an error decides (a closed workshop is a conflict, but says which)."""

HTTP_MESSAGES = {
    400: N_("forespørselen kan ikke tolkes"),
    404: N_("det finnes ingenting på denne adressen i API-et"),
    405: N_("metoden er ikke tillatt på denne adressen"),
    413: N_("forespørselen er for stor"),
    429: N_("for mange innspill på kort tid; vent litt og prøv igjen"),
    500: N_("en intern feil oppstod; prøv igjen senere"),
    503: N_("tjenesten er midlertidig utilgjengelig; prøv igjen om litt"),
}


def error_response(status: int, code: str, problems: list[Problem]) -> Response:
    translated = [{"message": translate(p), "where": p.where} for p in problems]
    body = {
        "error": {
            "status": status,
            "code": code,
            "message": "; ".join(p["message"] for p in translated),
            "problems": translated,
        }
    }
    return Response(dumps(body), status=status, mimetype=JSON)


def _answer(error: Exception) -> Response:
    status, code = next(STATUSES[k] for k in type(error).__mro__ if k in STATUSES)
    response = error_response(status, code, error.problems)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="arealweb"'
    if isinstance(error, TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


for _kind in STATUSES:
    api.register_error_handler(_kind, _answer)


def http_error(error: HTTPException) -> Response:
    """An HTTP error (unknown address, wrong method, too large) in the API's error shape."""
    code = (error.name or "error").lower().replace(" ", "_")
    message = HTTP_MESSAGES.get(error.code or 500, error.description or error.name)
    return error_response(error.code or 500, code, [Problem(message)])


def unavailable_error(retry_after: int) -> Response:
    """503 in the API's error shape while the database cannot be reached (or the app is busy)."""
    response = error_response(503, "service_unavailable", [Problem(HTTP_MESSAGES[503])])
    response.headers["Retry-After"] = str(retry_after)
    return response
