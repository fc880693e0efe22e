"""Helpers for the OGC API tests: the Flask client reads JSON, and follows ``next`` links."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import sqlalchemy as sa

from arealweb.http.store import current_store

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def epsg(code: int) -> str:
    return f"http://www.opengis.net/def/crs/EPSG/0/{code}"


def read(response) -> dict:
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)


def local(href: str) -> str:
    """A link's path and query, for the test client."""
    parts = urlsplit(href)
    return parts.path + ("?" + parts.query if parts.query else "")


def link(document: dict, rel: str, type: str | None = None) -> dict | None:
    found = [l for l in document["links"] if l["rel"] == rel and type in (None, l["type"])]
    assert len(found) <= 1, found
    return found[0] if found else None


def every_page(client, path: str, headers: dict | None = None) -> tuple[list[dict], list[dict]]:
    """Every feature, following ``next``; and every page as it came."""
    pages, features = [], []
    while path:
        page = read(client.get(path, headers=headers))
        pages.append(page)
        features += page["features"]
        following = link(page, "next")
        path = local(following["href"]) if following else None
        assert len(pages) < 1000
    return features, pages


def count(app, table, *where) -> int:
    """Rows of ``table`` in the app's database, counted in SQL (not through the OGC API)."""
    with app.app_context(), current_store().engine.connect() as connection:
        query = sa.select(sa.func.count()).select_from(table)
        for condition in where:
            query = query.where(condition)
        return connection.execute(query).scalar()
