"""Who is asking: a session (browser, with CSRF protection) or a personal API token (Bearer,
or — on the blueprints that accept it, the OGC API — the password of HTTP Basic, any user name).

Flask-Login keeps the session, whose cookie carries only the random secret of a sign-in
session in the store (:mod:`arealweb.services.sessions`): a session ended there — by signing
out, a new password or deactivation — opens nothing, whoever holds a copy of the cookie.
Flask-WTF checks CSRF tokens on forms. What each of them may
do, and the CSRF check of API requests made with the session cookie, is decided in
:mod:`arealweb.http.access`.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, g, request
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFProtect

from arealweb.domain.accounts import User
from arealweb.http.store import current_store
from arealweb.services.accounts import user_for_token
from arealweb.services.sessions import Signed, signed_in

csrf = CSRFProtect()
login_manager = LoginManager()


@dataclass(frozen=True)
class SessionUser(UserMixin):
    """A signed-in user as Flask-Login wants them: the id is the sign-in session's secret."""

    signed: Signed

    @property
    def user(self) -> User:
        return self.signed.user

    def get_id(self) -> str:
        return self.signed.secret

    @property
    def is_active(self) -> bool:
        return self.user.active


def init_auth(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["SECURE_COOKIES"],
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=app.config["SECURE_COOKIES"],
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=app.config["SECURE_COOKIES"],
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "web.login"
    login_manager.anonymous_user = AnonymousUserMixin


@login_manager.user_loader
def _load_user(secret: str) -> SessionUser | None:
    minutes = int(current_app.config["SESSION_IDLE_MINUTES"])
    signed = signed_in(current_store(), secret, timedelta(minutes=minutes) if minutes else None)
    return SessionUser(signed) if signed else None


def current_session() -> Signed | None:
    """The sign-in session of this request (None for API tokens and visitors)."""
    return current_user.signed if current_user.is_authenticated else None


_BASIC_BLUEPRINTS: set[str] = set()


def accept_basic_tokens(blueprint: str) -> None:
    """Let ``blueprint``'s routes read an API token as the password of HTTP Basic too (QGIS's
    authentication settings and GDAL's USERPWD send Basic). The user name is not read: the
    token alone names the account.

    Browsers resend Basic credentials on their own, so a blueprint accepting them must not
    change anything on a request a third site can make without a CORS preflight: its writes
    take JSON bodies (415 for a form's media types) or need ``If-Match``."""
    _BASIC_BLUEPRINTS.add(blueprint)


def bearer_token() -> str | None:
    """The API token sent: ``Authorization: Bearer <token>``, or where accepted, Basic with
    the token as password (a Basic header that cannot be read counts as a wrong token)."""
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    scheme, credentials = scheme.lower(), credentials.strip()
    if scheme == "bearer" and credentials:
        return credentials
    if scheme == "basic" and request.blueprint in _BASIC_BLUEPRINTS:
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return ""
        _, colon, password = decoded.partition(":")
        return password if colon else ""
    return None


def current_account() -> User | None:
    """The user behind this request: by API token if one is sent, else by session."""
    if "account" not in g:
        token = bearer_token()
        if token is not None:
            g.account = user_for_token(current_store(), token)
            g.by_token = True
        else:
            g.account = current_user.user if current_user.is_authenticated else None
            g.by_token = False
    return g.account


def by_token() -> bool:
    current_account()
    return g.by_token


def actor_name() -> str:
    account = current_account()
    return account.name if account else "anonym"
