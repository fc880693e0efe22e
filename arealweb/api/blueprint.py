"""The API's blueprint: every route under /api/v1, and conditional GET on every answer."""

from __future__ import annotations

from flask import Blueprint, Response, request

from arealweb.api.inputs import refuse_unusable_parameters
from arealweb.http.auth import csrf

api = Blueprint("api", __name__, url_prefix="/api/v1")

# Session requests are CSRF-checked where they change something (access.editor_required);
# token requests need no check, so Flask-WTF's blanket check of forms stays off here.
csrf.exempt(api)


api.before_request(refuse_unusable_parameters)


def is_api_request() -> bool:
    """Whether the request is for the JSON API: /api/v1, or the OGC API under /ogc."""
    return any(
        request.path == prefix or request.path.startswith(prefix + "/")
        for prefix in (api.url_prefix, "/ogc")
    )


@api.after_request
def _conditional(response: Response) -> Response:
    """Strong ETag on every successful GET; 304 when the client already has it. An event
    stream is left alone: it has no end to take a digest of."""
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.is_streamed
    ):
        response.add_etag()
        response.headers["Cache-Control"] = "no-cache"
        response.make_conditional(request)
        # make_conditional stamps a Date; the server adds its own, and two are one too many.
        response.headers.pop("Date", None)
    return response
