"""Answers built once per revision of their data: an ETag, 304, and the built body kept.

``GET /comments`` and ``/comments/counts`` are costly to build (seconds at 20 000 comments)
and change only when the comments do; the database keeps a revision that moves on every
change (:func:`arealweb.services.participation.comments_revision`). An answer's ETag covers
that revision, what was asked (the route, the view, the parsed filters) and the code's
version, so a client holding it gets 304 without anything being read but the revision, and
``Cache-Control: no-cache`` makes browsers ask each time. The bodies built are kept in
:class:`RevisionCache`, one per app and process, only for the newest revision seen: older ones
are dropped as soon as a newer one shows, so a body holding personal fields that
``purge-personal`` has forgotten does not stay in memory.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Response, current_app, request

from arealweb import __version__

ENTRIES = 8
"""Bodies kept per process: a few views and filters of the newest revision (a whole set of
20 000 comments is about 9 MB)."""

VARY = "Cookie, Authorization"
"""Who asks decides what ``GET /comments`` may show (the moderation view), so caches keep a
copy per visitor's credentials."""


def etag_of(*parts: Hashable) -> str:
    """A strong ETag (unquoted) for what ``parts`` name, under this version of the code."""
    digest = hashlib.blake2b(repr((__version__, *parts)).encode(), digest_size=12)
    return digest.hexdigest()


def not_modified(etag: str, vary: str | None = None) -> Response | None:
    """304 when ``If-None-Match`` holds ``etag``, else None (then build the answer)."""
    if not request.if_none_match.contains(etag):
        return None
    return revalidated(Response(status=304), etag, vary)


def revalidated(response: Response, etag: str, vary: str | None = None) -> Response:
    """``response`` with its ETag, to be asked for again each time (``no-cache``)."""
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    if vary:
        response.headers["Vary"] = vary
    return response


class RevisionCache:
    """Bodies by (revision, what was asked): only the newest revision's, at most ``size``.

    A body asked for while another request builds it is waited for, not built twice: after a
    change, every open comments map asks again at once."""

    def __init__(self, size: int = ENTRIES) -> None:
        self.size = size
        self.revision = -1
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()
        self._building: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, revision: int, key: Hashable, build: Callable[[], bytes]) -> bytes:
        """The body for ``key`` at ``revision``: kept, or built by ``build`` (read at least as
        new as ``revision``) and kept unless a newer revision has been seen meanwhile."""
        while True:
            with self._lock:
                self._move_to(revision)
                if revision < self.revision:
                    # Older than the newest seen (a request that read it just before a
                    # change): built for this request only, never kept.
                    only_here = True
                    break
                if key in self._bodies:
                    self._bodies.move_to_end(key)
                    return self._bodies[key]
                underway = self._building.get((revision, key))
                if underway is None:
                    done = self._building[(revision, key)] = threading.Event()
                    only_here = False
                    break
            underway.wait()
        if only_here:
            return build()
        try:
            body = build()
            with self._lock:
                if revision == self.revision:
                    self._bodies[key] = body
                    while len(self._bodies) > self.size:
                        self._bodies.popitem(last=False)
            return body
        finally:
            with self._lock:
                del self._building[(revision, key)]
            done.set()

    def _move_to(self, revision: int) -> None:
        if revision > self.revision:
            self.revision = revision
            self._bodies.clear()

    def __len__(self) -> int:
        return len(self._bodies)


def cache(name: str) -> RevisionCache:
    """The app's cache called ``name`` (one per app: tests run several apps in a process)."""
    key = f"arealweb.revisioned.{name}"
    return current_app.extensions.setdefault(key, RevisionCache())
