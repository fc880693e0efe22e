"""Front-end packages served by the app itself, and the language switch."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, current_app, redirect, request, send_from_directory

from arealweb.http.i18n import LANGUAGE_COOKIE, LOCALES
from arealweb.http.redirects import safe_target
from arealweb.web.blueprint import web

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
SERVED = {
    "leaflet": NODE_MODULES / "leaflet" / "dist",
    "geoman": NODE_MODULES / "@geoman-io" / "leaflet-geoman-free" / "dist",
    "markercluster": NODE_MODULES / "leaflet.markercluster" / "dist",
    "heat": NODE_MODULES / "leaflet.heat" / "dist",
    "chartjs": NODE_MODULES / "chart.js" / "dist",
}
"""npm packages a page may load, and the folder of each that is served (nothing else is)."""


@web.get("/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str):
    folder = SERVED.get(package)
    if folder is None:
        abort(404)
    return send_from_directory(folder, filename, max_age=86_400)


@web.get("/sprak/<code>")
def choose_language(code: str):
    """Remember the visitor's language and go back to the page they came from."""
    if code not in LOCALES:
        abort(404)
    response = redirect(safe_target(request.args.get("next")))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 86_400, samesite="Lax", httponly=True)
    return response


@web.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; give them the SVG icon."""
    static = Path(__file__).resolve().parents[1] / "static"
    return send_from_directory(static, "favicon.svg", mimetype="image/svg+xml", max_age=86_400)


@web.get("/kart/oppsett.js")
def map_script():
    """folium's script that makes the map and its background maps, as a file: the pages may
    run no inline script. Its address carries the content's digest, so it is kept for a year."""
    from arealweb.render.webmap import web_map  # folium: only when its assets are asked for

    parts = web_map(current_app.config["BASEMAPS"])
    response = Response(parts.script, mimetype="text/javascript")
    response.set_etag(parts.digest)
    if request.args.get("v") == parts.digest:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)
