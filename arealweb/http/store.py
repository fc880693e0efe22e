"""The store attached to the running Flask app, for the api and web blueprints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app

from arealweb.services.database import open_store, sync_settings
from arealweb.services.live import redis_for_news

if TYPE_CHECKING:
    from arealweb.store.repository import Store

_KEY = "arealweb.store"


def init_store(app: Flask) -> Store:
    news = redis_for_news(app.config["RATE_LIMIT_STORAGE"])
    store = open_store(str(app.config["DATABASE_URL"]), news)
    sync_settings(store, float(app.config["BOUNDARY_TOLERANCE_M"]))
    app.extensions[_KEY] = store
    return store


def current_store() -> Store:
    return current_app.extensions[_KEY]
