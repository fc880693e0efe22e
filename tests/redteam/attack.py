"""Sending the corpus to one route and judging every answer.

Each answer is judged as a user would see it: never a 5xx; an API refusal (4xx) in the error
shape with a message; a refused write leaves every table as it was; and a value no field can
take (a NUL, half a surrogate, a 5 MB text, a number past a double, a list where a text goes)
is never stored. Every fault is kept with the request that caused it, so one run lists them
all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from arealweb.store.schema import metadata
from tests.redteam.conftest import World, signed_in_client
from tests.redteam.corpus import (
    FIELD_VALUES,
    FORM_BODIES,
    FORM_VALUES,
    HOSTILE_IDS,
    HOSTILE_INTS,
    JSON_BODIES,
    QUERY_VALUES,
    TYPES_OF_VALUES,
    UNUSABLE_FOR_ANY_FIELD,
    Route,
    encoded,
)

WRITES = {"POST", "PUT", "DELETE", "PATCH"}
TOKEN_PREFIXES = ("/api/", "/ogc/")
"""Where requests carry the planner's API token (Bearer) rather than a session."""


def by_token(path: str) -> bool:
    return path.startswith(TOKEN_PREFIXES)


UNUSED_METHOD = "PATCH"
ADMIN_PAGES = "/admin/"


def real_values(world: World, rule) -> dict[str, list[str]]:
    """Real ids for each path variable of ``rule``, the first one used by default."""
    goal = [world.goal, world.arealstrategi]
    token = world.receipt
    if "import" in rule.rule:
        token = "0123456789abcdef0123456789abcdef"
    code = world.code if "bli-med" in rule.rule else "en"
    values = {
        "zone_id": [world.zone],
        "goal_id": goal,
        "parent_id": goal,
        "comment_id": [world.comment],
        "token": [token],
        "workshop_id": [world.workshop],
        "sketch_id": [world.sketch],
        "code": [code],
        "name": ["rita"],
        "token_id": [str(world.token_id)],
        "session_id": ["1"],
        "version": ["1"],
        "indicator_id": ["1"],  # the demo's first indicator
        "collection_id": ["zones", "sketches", "comments", "goals", "stations"],
        "feature_id": [world.zone],
        "scenario_id": [world.scenario],
    }
    return {name: values[name] for name in rule.arguments}


def _path(rule, values: dict[str, str]) -> str:
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<{_converter(rule, name)}{name}>", value)
    return path


def _converter(rule, name: str) -> str:
    return "int:" if f"<int:{name}>" in rule.rule else ""


@dataclass
class Attack:
    """The corpus sent to one route of ``world``'s app, with the faults found."""

    world: World
    faults: list[str] = field(default_factory=list)
    _clients: dict = field(default_factory=dict)
    _current: dict | None = None
    records: tuple[str, ...] = ()
    sent: int = 0

    # who asks ---------------------------------------------------------------------------

    def _client(self, who: str, api: bool, admin: bool):
        """The test client and headers for ``who``; pages use a signed-in session (an admin
        on the admin pages) with its CSRF token, the API a Bearer token or a join code."""
        key = ("api",) if api else ("web", who, admin)
        if key not in self._clients:
            if api:
                self._clients[key] = (self.world.app.test_client(), None)
            else:
                name = None if who == "anonymous" else ("anna" if admin else "kari")
                self._clients[key] = signed_in_client(self.world.app, name)
                self._current = None  # signing in writes a session and the audit log
        client, csrf = self._clients[key]
        headers = {}
        if api and who == "planner":
            headers["Authorization"] = f"Bearer {self.world.bearer}"
        if api and who == "participant":
            headers["X-Join-Code"] = self.world.code
        return client, csrf, headers

    # judging ----------------------------------------------------------------------------

    def _snapshot(self, api: bool) -> object:
        skip = ("api_tokens",) if api else ("api_tokens", "sign_in_sessions")
        return rows(self.world.store(), skip + self.records)

    def send(
        self,
        case: str,
        who: str,
        method: str,
        path: str,
        *,
        query: str = "",
        data: bytes | dict | None = None,
        content_type: str | None = None,
        unusable: bool = False,
    ) -> None:
        """Send one request and judge its answer; ``unusable`` says no write may store it."""
        api = path.startswith("/api/")
        token = by_token(path)
        client, csrf, headers = self._client(who, token, path.startswith(ADMIN_PAGES))
        write = method in WRITES
        guarded = ("PUT",) if api else ("PUT", "PATCH", "DELETE")  # /ogc needs If-Match
        if token and who == "planner" and method in guarded:
            headers["If-Match"] = "*"
        if not token and write and csrf:
            if isinstance(data, dict):
                data = {**data, "csrf_token": csrf}
            elif content_type in ("application/x-www-form-urlencoded", None):
                data = (data or b"") + f"&csrf_token={csrf}".encode()
                content_type = "application/x-www-form-urlencoded"
        if write and self._current is None:
            self._current = self._snapshot(token)
        url = path + (f"?{query}" if query else "")
        where = f"{method} {url[:120]!r} as {who}, {case}"
        self.sent += 1
        try:
            response = client.open(
                url, method=method, data=data, content_type=content_type, headers=headers
            )
        except Exception as error:  # the app in TESTING mode lets a 500's cause through
            reason = " ".join(str(error).split())[:100]
            self.faults.append(f"500 ({type(error).__name__}: {reason}): {where}")
            response = None
        status = 500 if response is None else response.status_code
        if response is not None and status >= 500:
            self.faults.append(f"{status}: {where}")
        if response is not None and path.startswith("/ogc") and 400 <= status < 500:
            problem = _ogc_exception_problem(response)
            if problem:
                self.faults.append(f"{status} without the OGC exception shape ({problem}): {where}")
        if response is not None and api and 400 <= status < 500:
            problem = _error_shape_problem(response)
            if problem:
                self.faults.append(f"{status} without the error shape ({problem}): {where}")
        if write:
            after = self._snapshot(token)
            changed = after != self._current
            if changed and 400 <= status < 500:
                self.faults.append(f"{status} but changed {_tables(self._current, after)}: {where}")
            elif changed and unusable:
                self.faults.append(
                    f"{status}, stored what no field can take ({_tables(self._current, after)}): "
                    f"{where}"
                )
            elif unusable and token and status < 400:
                self.faults.append(f"{status}, accepted what no field can take: {where}")
            self._current = after
        if response is not None:
            # As a server does once the client has its answer: an event stream gives back its
            # slot (a stream left open would fill the cap and answer the next one 503).
            response.close()

    # the corpus -------------------------------------------------------------------------

    def route(self, rule, route: Route) -> None:
        """Every method of ``rule`` with hostile ids, malformed query values, malformed bodies
        and each known field malformed in turn, real ids last so a write that succeeds (a
        delete) spoils as little as possible.

        The cross product is sampled: whoever may write here (``route.writers``, else the
        planner) gets everything; the others, whom the route refuses before it reads much,
        get a few of each kind."""
        api = by_token(rule.rule)
        self.records, self._current = route.records, None
        reals = real_values(self.world, rule)
        default = {name: values[0] for name, values in reals.items()}
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"}, key=lambda m: m != "GET")
        whos = ["planner", "anonymous"]
        if rule.rule.startswith("/api/") and "<workshop_id>" in rule.rule:
            whos.append("participant")
        for method in methods:
            writes = method in WRITES
            base = self._base(route, api) if writes else None
            body, kind = base if base else (None, None)
            writers = [w for w in whos if w in route.writers] or ["planner"]
            others = [w for w in whos if w not in writers]
            full = SAMPLE if route.light else None
            everyone = [(w, full) for w in writers] + [(w, SAMPLE) for w in others]
            for name in reals:
                hostile = HOSTILE_INTS if _converter(rule, name) else HOSTILE_IDS
                for who, few in everyone:
                    for label, value in _sampled(hostile, few):
                        path = _path(rule, {**default, name: value})
                        self.send(
                            f"{name}={label}", who, method, path, data=body, content_type=kind
                        )
            path = _path(rule, default)
            self.send("no such method", whos[0], UNUSED_METHOD, path)
            for param in route.params:
                for who, few in everyone if writes else [(w, full) for w in whos]:
                    for label, values in _sampled(QUERY_VALUES, few):
                        query = "&".join(f"{param}={v}" for v in values)
                        self.send(
                            f"?{param}={label}",
                            who,
                            method,
                            path,
                            query=query,
                            data=body,
                            content_type=kind,
                        )
            if writes:
                self._bodies(rule, route, method, path, api, everyone)
            for name, values in reals.items():
                for value in values[1:]:
                    other = _path(rule, {**default, name: value})
                    for who in whos:
                        self.send(
                            f"{name}={value}", who, method, other, data=body, content_type=kind
                        )
            for who in whos:
                self.send("as meant", who, method, path, data=body, content_type=kind)

    def _base(self, route: Route, api: bool):
        if route.base is None:
            return None
        document = route.base(self.world)
        if api:
            return json.dumps(document), route.content_type
        return document, None

    def _bodies(self, rule, route, method, path, api, everyone) -> None:
        writers = [who for who, few in everyone if few is None] or [everyone[0][0]]
        if api:
            for who, few in everyone:
                for label, text in _sampled(JSON_BODIES, few):
                    self.send(
                        label,
                        who,
                        method,
                        path,
                        data=text.encode(),
                        content_type=route.content_type,
                    )
            if "import" in rule.rule:
                for label, (raw, kind) in FORM_BODIES.items():
                    self.send(label, writers[0], method, path, data=raw, content_type=kind)
            first_text = next((w for w, k in route.fields.items() if k == "text"), None)
            for where, kind in route.fields.items():
                for label, value in FIELD_VALUES.items():
                    if label == "5 MB string" and where != first_text:
                        continue  # see FIVE_MB_ONCE
                    if label == "100 000 characters" and kind != "text":
                        continue
                    wrong_type = TYPES_OF_VALUES.get(label, kind) != kind
                    document = _with(route.base(self.world), where, value)
                    text = encoded(document, label)
                    for who in writers:
                        self.send(
                            f"{'.'.join(where)}={label}",
                            who,
                            method,
                            path,
                            data=text.encode(),
                            content_type=route.content_type,
                            unusable=label in UNUSABLE_FOR_ANY_FIELD or wrong_type,
                        )
            return
        for who, few in everyone:
            for label, (raw, kind) in _sampled(FORM_BODIES, few):
                self.send(label, who, method, path, data=raw, content_type=kind)
        first_text = next((n for n, k in route.fields.items() if k == "text"), None)
        for name in route.fields:
            for label, values in FORM_VALUES.items():
                if label == "5 MB string" and name != first_text:
                    continue  # see FIVE_MB_ONCE
                form = {**route.base(self.world), name: values}
                for who in writers:
                    self.send(
                        f"{name}={label}",
                        who,
                        method,
                        path,
                        data=form,
                        unusable=label in ("5 MB string", "NUL"),
                    )


FIVE_MB_ONCE = """A 5 MB text goes in a route's first text field only, and 100 000 characters in
each of the others (longer than any column): the app scans each character of a text for NUL
in Python today (about a second per 5 MB), and a field read as a list would loop over 5 million
characters, one database look-up each, hanging the corpus until it is fixed."""

SAMPLE = 3
"""How many of each kind of malformed input those who may not write here are sent."""


def _sampled(cases: dict, few: int | None) -> list[tuple[str, object]]:
    """All ``cases``, or ``few`` of them spread over the list."""
    items = list(cases.items())
    if few is None or few >= len(items):
        return items
    step = len(items) / few
    return [items[int(i * step)] for i in range(few)]


def _with(document: dict, where: tuple[str, ...], value: object) -> dict:
    """``document`` with the field at ``where`` set to ``value`` (made when missing)."""
    target = document
    for key in where[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[where[-1]] = value
    return document


def _ogc_exception_problem(response) -> str | None:
    """What is wrong with an OGC API refusal: ``{"code": …, "description": …}``."""
    try:
        body = json.loads(response.data)
    except ValueError:
        return f"not JSON: {response.data[:80]!r}"
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return f"no code: {response.data[:80]!r}"
    if not isinstance(body.get("description"), str) or not body["description"].strip():
        return "an empty description"
    return None


def _error_shape_problem(response) -> str | None:
    try:
        body = json.loads(response.data)
        error = body["error"]
    except (ValueError, KeyError, TypeError):
        return f"not the error shape: {response.data[:80]!r}"
    if not isinstance(error, dict) or not {"status", "code", "message", "problems"} <= set(error):
        return f"keys {sorted(error) if isinstance(error, dict) else error!r}"
    if not isinstance(error["message"], str) or not error["message"].strip():
        return "an empty message"
    if error["status"] != response.status_code:
        return f"status {error['status']} in the body"
    return None


def rows(store, skip: tuple[str, ...]) -> dict[str, object]:
    """Every row of every table but ``skip``, as the database driver gives it: what
    :func:`tests.conftest.snapshot` compares, read in one query on PostgreSQL and without
    type conversion, since the corpus takes one after every write it sends."""
    tables = [t.name for t in metadata.sorted_tables if t.name not in skip]
    with store.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            parts = ", ".join(
                f"'{name}', (SELECT coalesce(json_agg(x::text ORDER BY x::text), '[]') "
                f'FROM "{name}" x)'
                for name in tables
            )
            return connection.exec_driver_sql(f"SELECT json_build_object({parts})").scalar()
        return {
            name: sorted(
                map(tuple, connection.exec_driver_sql(f'SELECT * FROM "{name}"')), key=repr
            )
            for name in tables
        }


def _tables(before: dict, after: dict) -> str:
    return ", ".join(t for t in after if before.get(t) != after[t]) or "?"
