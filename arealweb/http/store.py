"""The store attached to the running Flask app, for the api and web blueprints."""

from __future__ import annotations

from flask import Flask, current_app

from arealweb.store.database import create_engine
from arealweb.store.repository import Store

_KEY = "arealweb.store"


def init_store(app: Flask) -> Store:
    store = Store(create_engine(str(app.config["DATABASE_URL"])))
    app.extensions[_KEY] = store
    return store


def current_store() -> Store:
    return current_app.extensions[_KEY]
