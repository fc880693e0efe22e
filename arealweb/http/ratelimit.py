"""Limits on how fast one client may post comments, sign in and try workshop join codes
(Flask-Limiter).

Clients are told apart by a keyed digest of their address, held only in the limiter's
counters (in memory by default): no IP address is written anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from flask import Flask, Response, current_app, request, session
from flask_limiter import Limiter
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter

from arealweb.domain.errors import NotFound, Problem
from arealweb.domain.text import N_

_KEY = "arealweb.limiter"


def _client() -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:24]


def init_ratelimit(app: Flask) -> None:
    limiter = app.extensions[_KEY] = Limiter(
        _client,
        app=app,
        storage_uri=app.config["RATE_LIMIT_STORAGE"],
        headers_enabled=True,
        # Redis down: count in this process's memory until it is back (logged), rather than
        # refuse citizens' comments with a 500.
        in_memory_fallback_enabled=True,
        # A comment is counted once it is stored (comment_limit): if Redis goes away between
        # the check and the count, the count is lost (logged), never the citizen's answer —
        # a 500 for a stored comment would have them send it again.
        swallow_errors=True,
    )
    # Every limit is asked for where it applies (comment_limit, login_limit, the join codes'
    # counters); there are no default or application-wide limits. Flask-Limiter's own check
    # before every request would only find none, at a fifth of what /healthz costs.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    app.extensions[_JOIN_COUNTERS] = _JoinCounters(limiter.storage)


def comment_limit() -> AbstractContextManager:
    """A context manager: the body counts as one comment post for this client once it is
    accepted. A refused post (any 4xx or 5xx answer) uses up none of the citizen's quota, so
    fixing a mistake and sending again is never held up by the mistake. With the limit off
    nothing is counted (no round trip to the shared counters)."""
    rate = current_app.config["COMMENT_RATE_LIMIT"]
    if not rate:
        return nullcontext()
    limiter: Limiter = current_app.extensions[_KEY]
    return limiter.limit(rate, scope="comments", deduct_when=_accepted)


def _accepted(response: Response) -> bool:
    return response.status_code < 400


def login_limit() -> AbstractContextManager:
    """A context manager: the body counts as one sign-in attempt for this client, so that
    passwords cannot be guessed at speed (nothing is counted with the limit off)."""
    rate = current_app.config["LOGIN_RATE_LIMIT"]
    if not rate:
        return nullcontext()
    limiter: Limiter = current_app.extensions[_KEY]
    return limiter.limit(rate, scope="login")


JOINED_CODE = "workshop_code"
"""The session key of the join code this browser has joined with (the group screen)."""


class TooManyAttempts(Exception):
    """Too many wrong join codes lately from this client or for this workshop (429); the code
    was not looked at."""

    def __init__(self, problem: Problem, retry_after: int) -> None:
        super().__init__(problem.message)
        self.problems = [problem]
        self.retry_after = retry_after
        """Seconds until the counter that refused has room again (the Retry-After header)."""


@contextmanager
def join_attempt(code: str | None, workshop_id: str | None = None) -> Iterator[None]:
    """The body tries the join ``code`` (for ``workshop_id`` when the request names one).

    Only failures count: a :class:`NotFound` from the body (a wrong code or workshop) counts
    against this client's address and against the workshop. While either has failed too often
    every attempt is refused with :class:`TooManyAttempts` before the code is looked at, so a
    guesser learns nothing more. A room of groups sharing one address joins freely, since
    right codes count for nothing, and a browser that has joined with this code already (the
    group screen) is never held up by someone else's wrong guesses."""
    if code and session.get(JOINED_CODE) == code:
        yield
        return
    counters = [(current_app.config["JOIN_RATE_LIMIT"], ("join", _client()))]
    if workshop_id is not None:
        per_workshop = current_app.config["JOIN_WORKSHOP_RATE_LIMIT"]
        counters.append((per_workshop, ("join-workshop", workshop_id)))
    limits = [(parse(rate), keys) for rate, keys in counters if rate]
    for limit, keys in limits:
        if not _counted("test", limit, *keys):
            seconds = _counted("seconds_left", limit, *keys)
            raise TooManyAttempts(
                Problem(
                    N_(
                        "for mange feil gruppekoder på kort tid; vent %(minutes)d minutter "
                        "og prøv igjen, eller spør verkstedlederen om koden"
                    ),
                    {"minutes": max(1, math.ceil(seconds / 60))},
                ),
                retry_after=seconds,
            )
    try:
        yield
    except NotFound:
        for limit, keys in limits:
            _counted("hit", limit, *keys)
        raise


_JOIN_COUNTERS = "arealweb.limiter.joins"

PAUSE_SECONDS = 5.0
"""How long the join attempts count in this process's memory after the shared counters did
not answer, before they are asked again."""


class _JoinCounters:
    """The counters of wrong join codes: the shared ones (Redis, the same storage the other
    limits use) while they answer; after they did not, this process's own for PAUSE_SECONDS,
    then the shared ones again — so a Redis outage never turns a join into a 500, nor makes
    every join wait for it, and counting goes back to Redis by itself when it is back."""

    def __init__(self, storage) -> None:
        self.shared = FixedWindowRateLimiter(storage)
        self.own = FixedWindowRateLimiter(MemoryStorage())
        self.quiet_until = 0.0

    def act(self, action: str, limit: RateLimitItem, keys: tuple[str, ...]):
        if time.monotonic() >= self.quiet_until:
            try:
                return _act(self.shared, action, limit, keys)
            except self.shared.storage.base_exceptions as error:
                self.quiet_until = time.monotonic() + PAUSE_SECONDS
                current_app.logger.warning(
                    "rate-limit storage unreachable, counting in memory: %s", error
                )
        return _act(self.own, action, limit, keys)


def _counted(action: str, limit: RateLimitItem, *keys: str):
    """``test``, ``hit`` or ``seconds_left`` of ``limit`` for ``keys`` (:class:`_JoinCounters`).

    Not Flask-Limiter's own strategy, which counts in memory from an outage until one of the
    limits it applies itself (a comment, a sign-in) finds the storage back: a workshop evening
    of joins alone would never go back to counting across processes."""
    return current_app.extensions[_JOIN_COUNTERS].act(action, limit, keys)


def _act(counter: RateLimiter, action: str, limit: RateLimitItem, keys: tuple[str, ...]):
    if action == "seconds_left":
        reset = counter.get_window_stats(limit, *keys).reset_time
        return max(1, math.ceil(reset - time.time()))
    return getattr(counter, action)(limit, *keys)
