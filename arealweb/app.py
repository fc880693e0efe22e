"""The application factory: config, extensions, blueprints and error handlers."""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from arealweb import settings
from arealweb.http.auth import init_auth
from arealweb.http.headers import init_headers
from arealweb.http.i18n import init_babel
from arealweb.http.paths import init_paths
from arealweb.http.ratelimit import init_ratelimit
from arealweb.http.store import current_store, init_store
from arealweb.services.database import UNREACHABLE

ROOT = Path(__file__).resolve().parent.parent
RETRY_AFTER_SECONDS = 30
"""What a 503 asks the client to wait while the database cannot be reached."""


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the app; ``config`` overrides settings (tests pass ``DATABASE_URL`` and the like)."""
    app = Flask(
        "arealweb",
        root_path=str(ROOT / "arealweb"),
        template_folder=str(ROOT / "templates"),
        instance_relative_config=True,
    )
    instance = Path(app.instance_path)
    environ = {k: v for k, v in os.environ.items() if k.startswith(settings.PREFIX)}
    if config:
        environ.update({settings.PREFIX + k: str(v) for k, v in config.items()})
    app.config.update(settings.load(instance, environ))
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_IMPORT_MB"]) * 1024 * 1024
    app.config["JSON_AS_ASCII"] = False
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    init_store(app)

    init_babel(app)
    init_auth(app)
    init_ratelimit(app)
    init_headers(app)
    init_paths(app)

    from arealweb.api import api
    from arealweb.api.blueprint import is_api_request
    from arealweb.api.errors import http_error, unavailable_error
    from arealweb.api.ogc import ogc
    from arealweb.api.ogc.blueprint import is_ogc_request, ogc_http_error
    from arealweb.web import error_page, web
    from arealweb.web.errors import unavailable_page

    app.register_blueprint(api)
    app.register_blueprint(ogc)
    app.register_blueprint(web)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if is_ogc_request():
            return ogc_http_error(error)
        return http_error(error) if is_api_request() else error_page(error)

    def _database_unreachable(error: Exception):
        app.logger.error("database unreachable: %s", error)
        if is_api_request():
            return unavailable_error(RETRY_AFTER_SECONDS)
        return unavailable_page(RETRY_AFTER_SECONDS)

    for kind in UNREACHABLE:
        app.register_error_handler(kind, _database_unreachable)

    return app


def prepare_worker(app: Flask) -> None:
    """Prepare a server process before its first request, so the first visitor after a restart
    does not wait for it: the URL map built, a database connection opened and prepared for the
    whole plan's zone listing, the zones' stored Features read into the process's memory, and
    what exists so far frozen out of the garbage collector's rounds (it lives as long as the
    process; see the README's *Benchmarks*). The warm-up is a help only: whatever stops it is
    logged and the process starts (503 until the database is back)."""
    from arealweb.api.features import keep_stored_features

    app.url_map.update()
    with app.app_context():
        try:
            current_store().warm_up()
        except Exception as error:
            app.logger.warning("database not prepared at start: %s", error)
        else:
            try:
                kept = keep_stored_features()
            except Exception as error:  # the first listing reads them instead
                app.logger.warning("zone Features not kept at start: %s", error)
            else:
                app.logger.info("%d zone Features kept in memory before the first request", kept)
    gc.collect()
    gc.freeze()
