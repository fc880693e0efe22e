"""The OGC API's blueprint, its error shape and its conditional GET.

Errors answer in the OGC API's exception shape, translated like the API's messages::

    {"code": "InvalidParameterValue", "description": "…", "problems": [{"message": …}]}
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from arealweb.api.errors import HTTP_MESSAGES, JSON
from arealweb.api.inputs import BadParameter, PreconditionRequired, refuse_unusable_parameters
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
from arealweb.geo.geojson import dumps
from arealweb.http.access import Forbidden, SignInRequired
from arealweb.http.auth import accept_basic_tokens, csrf
from arealweb.http.i18n import translate

PREFIX = "/ogc"
ogc = Blueprint("ogc", __name__, url_prefix=PREFIX)
csrf.exempt(ogc)
accept_basic_tokens(ogc.name)
ogc.before_request(refuse_unusable_parameters)


class NotAcceptable(Exception):
    """An ``f`` (output format) the service does not offer."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problems = [problem]


class UnsupportedMediaType(Exception):
    """A write whose body is not in a media type the route reads (415)."""

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
    409: "Conflict",
    412: "PreconditionFailed",
    413: "RequestTooLarge",
    415: "UnsupportedMediaType",
    422: "InvalidInput",
    428: "PreconditionRequired",
    429: "TooManyRequests",
    500: "ServerError",
    503: "ServiceUnavailable",
}
"""The exception code each status answers with (the names pygeoapi and ldproxy use)."""

STATUSES: dict[type[Exception], int] = {
    BadParameter: 400,
    BadFilter: 400,
    SignInRequired: 401,
    Forbidden: 403,
    NotFound: 404,
    NotAcceptable: 406,
    AlreadyExists: 409,
    StaleVersion: 412,
    UnsupportedMediaType: 415,
    InvalidInput: 422,
    PreconditionRequired: 428,
    DomainError: 400,
}

CHALLENGES = ('Bearer realm="arealweb"', 'Basic realm="arealweb", charset="UTF-8"')
"""What a write without credentials is told to send: an API token as Bearer, or as the
password of Basic (any user name)."""

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
    response = exception_response(status, error.problems)
    if status == 401:
        for challenge in CHALLENGES:
            response.headers.add("WWW-Authenticate", challenge)
    return response


for _kind in STATUSES:
    ogc.register_error_handler(_kind, _answer)


def ogc_http_error(error: HTTPException) -> Response:
    """An HTTP error (unknown address, wrong method, too large) in the exception shape."""
    status = error.code or 500
    message = OGC_MESSAGES.get(status) or HTTP_MESSAGES.get(status, error.description or "")
    return exception_response(status, [Problem(message)])
