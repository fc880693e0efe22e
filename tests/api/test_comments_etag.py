"""Comments and counts answered with ETags: 304 while nothing changed, a new ETag after any
change, one per view and filter, and an unchanged set served without being read again."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from arealweb.api.revisioned import RevisionCache
from arealweb.http.store import current_store
from arealweb.services.participation import purge_personal
from tests.api.test_participation import body, own, post

LIST = "/api/v1/comments"
COUNTS = "/api/v1/comments/counts"
MODERATION = "/api/v1/comments?view=moderation"


def _published(client, planner, **props):
    posted = body(post(client, **props))
    approved = client.post(
        f"/api/v1/comments/{posted['id']}/moderation",
        json={"action": "approve"},
        headers=planner["planner"],
    )
    assert approved.status_code == 200
    return posted


def _etags(client, planner) -> dict[str, str]:
    got = {}
    for path, headers in [(LIST, {}), (COUNTS, {}), (MODERATION, planner["planner"])]:
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        got[path] = response.headers["ETag"]
    return got


def _sql(app, statement, **values):
    with app.app_context(), current_store().engine.begin() as connection:
        connection.execute(sa.text(statement), values)


def test_an_unchanged_set_answers_304_with_the_same_etag_and_no_body(client, planner):
    _published(client, planner)
    for path, headers in [(LIST, {}), (COUNTS, {}), (MODERATION, planner["planner"])]:
        first = client.get(path, headers=headers)
        assert first.headers["Cache-Control"] == "no-cache"
        etag = first.headers["ETag"]
        again = client.get(path, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "no-cache"
        repeated = client.get(path, headers=headers)
        assert repeated.status_code == 200 and repeated.data == first.data
        assert repeated.headers["ETag"] == etag
        other = client.get(path, headers={**headers, "If-None-Match": '"noe-annet"'})
        assert other.status_code == 200 and other.data == first.data
    assert client.get(LIST).headers["Vary"] == "Cookie, Authorization"
    assert client.get(LIST, headers={"If-None-Match": etag}).headers["Vary"] == (
        "Cookie, Authorization"
    )


CHANGES = {
    "post": lambda client, planner, app, posted: post(client),
    "moderate": lambda client, planner, app, posted: client.post(
        f"/api/v1/comments/{posted['id']}/moderation",
        json={"action": "hide", "reason": "Personopplysninger"},
        headers=planner["planner"],
    ),
    "respond": lambda client, planner, app, posted: client.post(
        f"/api/v1/comments/{posted['id']}/response",
        json={"status": "tatt til følge", "text": "Takk, vi ser på det"},
        headers=planner["planner"],
    ),
    "agree": lambda client, planner, app, posted: client.post(
        f"/api/v1/comments/{posted['id']}/agree"
    ),
    "purge-personal": lambda client, planner, app, posted: _purge(app),
    "delete by the author": lambda client, planner, app, posted: client.delete(
        "/api/v1/receipt", headers=own(posted)
    ),
    "delete of the consultation": lambda client, planner, app, posted: _sql(
        app, "DELETE FROM consultations"
    ),
    "UPDATE outside the app": lambda client, planner, app, posted: _sql(
        app, "UPDATE comments SET text = 'Rettet i psql' WHERE id = :id", id=posted["id"]
    ),
}


def _purge(app):
    with app.app_context():
        later = datetime.now(UTC) + timedelta(days=400)
        assert purge_personal(current_store(), 365, now=later) == 1


@pytest.mark.parametrize("change", CHANGES)
def test_each_kind_of_change_gives_a_new_etag_and_the_new_answer(client, planner, app, change):
    posted = _published(client, planner, name="Kari")
    before = _etags(client, planner)
    seen = {path: client.get(path, headers=planner["planner"]).data for path in before}
    done = CHANGES[change](client, planner, app, posted)
    assert done is None or done.status_code < 300
    for path, etag in before.items():
        answer = client.get(path, headers={**planner["planner"], "If-None-Match": etag})
        assert answer.status_code == 200 and answer.headers["ETag"] != etag
    # The moderation view shows every change: a new ETag with the new answer, not a kept one.
    assert client.get(MODERATION, headers=planner["planner"]).data != seen[MODERATION]
    moderated = body(client.get(MODERATION, headers=planner["planner"]))["features"]
    if change == "purge-personal":
        assert [f["properties"]["name"] for f in moderated] == [None]
    elif change in ("delete by the author", "delete of the consultation"):
        assert posted["id"] not in {f["id"] for f in moderated}


def test_views_and_filters_have_etags_of_their_own(client, planner):
    _published(client, planner)
    asked = [
        (LIST, {}),
        (LIST + "?kind=problem+her", {}),
        (LIST + "?consultation=baerum-2040", {}),
        (LIST + "?zone=finnes-ikke", {}),
        (MODERATION, planner["planner"]),
        (MODERATION + "&status=pending", planner["planner"]),
        (COUNTS, {}),
        (COUNTS + "?consultation=baerum-2040", {}),
    ]
    etags = [client.get(path, headers=headers).headers["ETag"] for path, headers in asked]
    assert len(set(etags)) == len(asked)
    # The public view is the same for a signed-in planner as for anyone.
    assert client.get(LIST, headers=planner["planner"]).headers["ETag"] == etags[0]


def test_a_planners_moderation_etag_gets_a_citizen_nothing(client, planner):
    _published(client, planner, name="Kari")
    moderation = client.get(MODERATION, headers=planner["planner"])
    etag = moderation.headers["ETag"]
    citizen = client.get(MODERATION, headers={"If-None-Match": etag})
    assert citizen.status_code == 401 and b"Kari" not in citizen.data
    council = client.get(MODERATION, headers={**planner["council"], "If-None-Match": etag})
    assert council.status_code == 403
    public = client.get(LIST, headers={"If-None-Match": etag})
    assert public.status_code == 200 and b"Kari" not in public.data
    assert public.headers["ETag"] != etag


def test_an_unchanged_set_is_not_read_again_and_a_304_reads_only_the_revision(app, planner):
    client = app.test_client()
    _published(client, planner)
    statements = []
    with app.app_context():
        engine = current_store().engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        first = client.get(LIST)
        built = len(statements)
        statements.clear()
        again = client.get(LIST)
        cached = list(statements)
        statements.clear()
        unchanged = client.get(LIST, headers={"If-None-Match": first.headers["ETag"]})
        conditional = list(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert again.data == first.data and unchanged.status_code == 304
    assert built > len(cached)
    assert [s for s in cached if "revisions" not in s and "PRAGMA" not in s.upper()] == []
    assert [s for s in conditional if "revisions" not in s and "PRAGMA" not in s.upper()] == []


def test_the_openapi_document_names_the_etag_the_304_and_if_none_match(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/comments", "/comments/counts"):
        operation = paths[path]["get"]
        assert "ETag" in operation["responses"]["200"]["headers"]
        assert "304" in operation["responses"]
        named = {(p["name"], p["in"]) for p in operation["parameters"]}
        assert ("If-None-Match", "header") in named


def test_the_ogc_comments_answer_304_until_a_comment_changes(client, planner):
    items = "/ogc/collections/comments/items?f=json"
    first = client.get(items)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    assert client.get(items, headers={"If-None-Match": etag}).status_code == 304
    posted = _published(client, planner)
    changed = client.get(items, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert posted["id"] in {f["id"] for f in changed.json["features"]}
    assert client.get(items + "&limit=1", headers={"If-None-Match": etag}).status_code == 200


def test_kept_bodies_are_the_newest_revisions_only_and_few():
    kept = RevisionCache(size=2)
    built = []

    def build(text):
        def make():
            built.append(text)
            return text.encode()

        return make

    assert kept.get(5, "a", build("a5")) == b"a5"
    assert kept.get(5, "a", build("again")) == b"a5"  # kept: not built again
    kept.get(5, "b", build("b5"))
    kept.get(5, "c", build("c5"))
    assert len(kept) == 2 and kept.get(5, "a", build("a5 again")) == b"a5 again"  # a fell out
    assert kept.get(6, "a", build("a6")) == b"a6" and len(kept) == 1  # revision 5's dropped
    # A request that read revision 5 just before the change gets its own body, never kept.
    assert kept.get(5, "a", build("late a5")) == b"late a5"
    assert kept.get(6, "a", build("not built")) == b"a6"
    assert built == ["a5", "b5", "c5", "a5 again", "a6", "late a5"]


def test_a_body_asked_for_while_it_is_built_is_built_once():
    kept = RevisionCache()
    building, release = threading.Event(), threading.Event()
    calls = []

    def slow():
        calls.append("built")
        building.set()
        release.wait(10)
        return b"body"

    got = []
    first = threading.Thread(target=lambda: got.append(kept.get(1, "a", slow)))
    first.start()
    building.wait(10)
    second = threading.Thread(target=lambda: got.append(kept.get(1, "a", slow)))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert got == [b"body", b"body"] and calls == ["built"]
