"""The values in a page's or API call's path, refused before any route reads them.

No zone, goal, comment or workshop can have an id with a NUL or half a surrogate in it, or
longer than its column, and no counter is past what both databases hold; such an address is
answered 404 at once, as an address with no thing behind it. Without this PostgreSQL answered
500 to a NUL (it cannot even compare such text), and to an id longer than its column.
"""

from __future__ import annotations

from flask import Flask, abort

from arealweb.domain.documents import text_problem

LONGEST = {"code": 12, "name": 80, "token": 100, "filename": 300, "package": 100}
"""The longest value each path variable can hold; ids (``*_id``) hold 64, others 200."""
LARGEST_NUMBER = 2**53


def _longest(name: str) -> int:
    if name.endswith("_id"):
        return 64
    return LONGEST.get(name, 200)


def refuse_impossible_paths(endpoint: str | None, values: dict | None) -> None:
    for name, value in (values or {}).items():
        if isinstance(value, int) and not 0 <= value <= LARGEST_NUMBER:
            abort(404)
        if isinstance(value, str) and (len(value) > _longest(name) or text_problem(value)):
            abort(404)


def init_paths(app: Flask) -> None:
    app.url_value_preprocessor(refuse_impossible_paths)
