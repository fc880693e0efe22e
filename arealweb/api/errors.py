"""One error shape for the whole API, and conditional GET on every answer.

{"error": {"status": 400, "code": "bad_request", "message": "…", "problems": [
    {"message": "…", "where": "…"}]}}
"""

from __future__ import annotations

from flask import Response, request
from werkzeug.exceptions import HTTPException

from arealweb.api import api
from arealweb.domain.errors import DomainError, InvalidInput, NotFound, Problem
from arealweb.domain.text import N_
from arealweb.i18n import translate

JSON = "application/json"
GEOJSON = "application/geo+json"


HTTP_MESSAGES = {
    400: N_("forespørselen kan ikke tolkes"),
    404: N_("det finnes ingenting på denne adressen i API-et"),
    405: N_("metoden er ikke tillatt på denne adressen"),
    413: N_("forespørselen er for stor"),
    429: N_("for mange innspill på kort tid; vent litt og prøv igjen"),
    500: N_("en intern feil oppstod; prøv igjen senere"),
}


class BadParameter(Exception):
    """A query parameter the API cannot use; answered with 400."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def error_response(status: int, code: str, problems: list[Problem]) -> Response:
    from arealweb.geo.geojson import dumps

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


@api.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter) -> Response:
    return error_response(400, "bad_parameter", [error.problem])


@api.errorhandler(NotFound)
def _not_found(error: NotFound) -> Response:
    return error_response(404, "not_found", error.problems)


@api.errorhandler(InvalidInput)
def _invalid(error: InvalidInput) -> Response:
    return error_response(422, "invalid_input", error.problems)


@api.errorhandler(DomainError)
def _domain(error: DomainError) -> Response:
    return error_response(400, "bad_request", error.problems)


def is_api_request() -> bool:
    return request.path == api.url_prefix or request.path.startswith(api.url_prefix + "/")


def http_error(error: HTTPException) -> Response:
    """An HTTP error (unknown address, wrong method, too large) in the API's error shape."""
    code = (error.name or "error").lower().replace(" ", "_")
    message = HTTP_MESSAGES.get(error.code or 500, error.description or error.name)
    return error_response(error.code or 500, code, [Problem(message)])


@api.after_request
def _conditional(response: Response) -> Response:
    """Strong ETag on every successful GET; 304 when the client already has it."""
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.add_etag()
        response.headers["Cache-Control"] = "no-cache"
        response.make_conditional(request)
        # make_conditional stamps a Date; the server adds its own, and two are one too many.
        response.headers.pop("Date", None)
    return response
