"""Security headers on every answer: pages, API, static files and errors alike.

The Content-Security-Policy lets a page run only the scripts the app serves itself (no inline
script, no ``eval``), load images from the app and the configured background-map tile hosts,
talk only to the app, and be framed by no one.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from flask import Flask, Response
from markupsafe import escape

from arealweb.render import styles
from arealweb.render.basemaps import BASEMAPS


def tile_sources(basemap_ids: tuple[str, ...]) -> list[str]:
    """The origins the chosen background maps load their tiles from, e.g. https://host."""
    origins = []
    for basemap_id in basemap_ids:
        parts = urlsplit(BASEMAPS[basemap_id].url)
        # Leaflet's {s} subdomain placeholder: a.host, b.host … are all the map's.
        origin = f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
        if origin not in origins:
            origins.append(origin)
    return origins


def _style_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def content_security_policy(basemap_ids: tuple[str, ...]) -> str:
    """The policy for the app with these background maps."""
    # base.html's one <style> element holds the style table's colours as CSS custom
    # properties (the same text on every page), allowed by its hash, not by 'unsafe-inline'.
    variables = _style_hash(str(escape(styles.css_variables())))
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", variables],
        # Style attributes stay: templates set a colour from the style table or an indent per
        # row as a CSS custom property (style="--group: …"), and Leaflet writes positions into
        # the style attributes of its panes and markers. An attribute cannot load or run
        # anything, and every value in them is the app's own or escaped by Jinja.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *tile_sources(basemap_ids)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def init_headers(app: Flask) -> None:
    """Add the security headers to every response ``app`` sends."""
    policy = content_security_policy(tuple(app.config["BASEMAPS"]))

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        return response
