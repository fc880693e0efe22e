"""A limit on how fast one client may post comments (Flask-Limiter).

Clients are told apart by a keyed digest of their address, held only in the limiter's
counters (in memory by default): no IP address is written anywhere.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, request
from flask_limiter import Limiter

_KEY = "arealweb.limiter"
UNLIMITED = "1000000/second"


def _client() -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:24]


def init_ratelimit(app: Flask) -> None:
    app.extensions[_KEY] = Limiter(
        _client,
        app=app,
        storage_uri=app.config["RATE_LIMIT_STORAGE"],
        headers_enabled=True,
    )


def comment_limit():
    """A context manager: the body counts as one comment post for this client."""
    limiter: Limiter = current_app.extensions[_KEY]
    return limiter.limit(current_app.config["COMMENT_RATE_LIMIT"] or UNLIMITED, scope="comments")


def login_limit():
    """A context manager: the body counts as one sign-in attempt for this client, so that
    passwords cannot be guessed at speed."""
    limiter: Limiter = current_app.extensions[_KEY]
    return limiter.limit(current_app.config["LOGIN_RATE_LIMIT"] or UNLIMITED, scope="login")
