"""The OGC API's blueprint, its error shape and its conditional GET.

Errors answer in the OGC API's exception shape, translated like the API's messages::

    {"code": "InvalidParameterValue", "description": "…", "problems": [{"message": …}]}
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from arealweb.api.errors import HTTP_MESSAGES, JSON
from arealweb.api.inputs import BadParameter, refuse_unusable_parameters
from arealweb.domain.errors import NotFound, Problem
from arealweb.domain.text import N_
from arealweb.geo.geojson import dumps
from arealweb.http.access import SignInRequired
from arealweb.http.auth import csrf
from arealweb.http.i18n import translate

PREFIX = "/ogc"
ogc = Blueprint("ogc", __name__, url_prefix=PREFIX)
csrf.exempt(ogc)
ogc.before_request(refuse_unusable_parameters)


class NotAcceptable(Exception):
    """An ``f`` (output format) the service does not offer."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problems = [problem]


CODES: dict[int, str] = {
    400: "InvalidParameterValue",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    413: "RequestTooLarge",
    429: "TooManyRequests",
    500: "ServerError",
    503: "ServiceUnavailable",
}
"""The exception code each status answers with (the names pygeoapi and ldproxy use)."""

STATUSES: dict[type[Exception], int] = {
    BadParameter: 400,
    SignInRequired: 401,
    NotFound: 404,
    NotAcceptable: 406,
}

OGC_MESSAGES = {404: N_("det finnes ingenting på denne adressen i OGC API-et")}


def is_ogc_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def exception_response(status: int, problems: list[Problem]) -> Response:
    translated = [{"message": translate(p), "where": p.where} for p in problems]
    body = {
        "code": CODES.get(status, "Error"),
        "description": "; ".join(p["message"] for p in translated),
        "problems": translated,
    }
    return Response(dumps(body), status=status, mimetype=JSON)


def _answer(error: Exception) -> Response:
    status = next(STATUSES[k] for k in type(error).__mro__ if k in STATUSES)
    return exception_response(status, error.problems)


for _kind in STATUSES:
    ogc.register_error_handler(_kind, _answer)


def ogc_http_error(error: HTTPException) -> Response:
    """An HTTP error (unknown address, wrong method, too large) in the exception shape."""
    status = error.code or 500
    message = OGC_MESSAGES.get(status) or HTTP_MESSAGES.get(status, error.description or "")
    return exception_response(status, [Problem(message)])
