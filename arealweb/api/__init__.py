"""The JSON/GeoJSON API, version 1: thin handlers that parse, call a service and serialise."""

from __future__ import annotations

from flask import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1")

from arealweb.api import (  # noqa: E402, F401  (routes register on import)
    analysis,
    editing,
    errors,
    goal_editing,
    goals,
    imports,
    layers,
    participation,
    workshops,
    zones,
)
