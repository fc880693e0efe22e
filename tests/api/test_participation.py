"""Citizens' comments through the API: posting, moderation, answers, receipts, agreements."""

import json
import re
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from arealweb.domain.participation import Consultation, Moderation
from arealweb.http.store import current_store
from arealweb.services.participation import purge_personal
from tests.comments import feature as comment
from tests.places import HASLUM


def body(response):
    return json.loads(response.data)


def post(client, **props):
    return client.post("/api/v1/comments", json=comment(**props))


def own(posted):
    """The headers that show the receipt: in a header, never in the address."""
    return {"X-Receipt-Token": posted["receipt_token"]}


def public_ids(client, query=""):
    return {f["id"] for f in body(client.get("/api/v1/comments" + query))["features"]}


def test_the_demo_has_one_open_consultation(client):
    [consultation] = body(client.get("/api/v1/consultations"))["consultations"]
    assert consultation["open"] is True and consultation["moderation"] == "before"


def test_a_comment_waits_for_moderation_then_shows_and_gets_an_answer(client, planner):
    response = post(client, name="Ola", age_group="13–17", group="Ungdomsrådet")
    assert response.status_code == 201
    posted = body(response)
    assert posted["state"] == "pending"
    assert re.search(r"/innspill/kvittering#[A-Za-z0-9_-]{20,}$", posted["receipt"])
    assert posted["receipt"].endswith("#" + posted["receipt_token"])
    assert posted["id"] not in public_ids(client)
    everything = body(client.get("/api/v1/comments?view=moderation", headers=planner["planner"]))[
        "features"
    ]
    mine = next(f for f in everything if f["id"] == posted["id"])
    assert mine["properties"]["state"] == "pending" and mine["properties"]["name"] == "Ola"

    approved = client.post(
        f"/api/v1/comments/{posted['id']}/moderation",
        json={"action": "approve"},
        headers=planner["planner"],
    )
    assert approved.status_code == 200
    assert posted["id"] in public_ids(client)
    shown = next(
        f for f in body(client.get("/api/v1/comments"))["features"] if f["id"] == posted["id"]
    )
    assert "name" not in shown["properties"] and "age_group" not in shown["properties"]
    assert shown["properties"]["group"] == "Ungdomsrådet"

    answer = {
        "status": "delvis tatt til følge",
        "text": "Gangfeltet flyttes.",
        "zone_id": "gangvei-bekkestua-stabekk",
    }
    assert (
        client.post(
            f"/api/v1/comments/{posted['id']}/response", json=answer, headers=planner["planner"]
        ).status_code
        == 200
    )
    receipt = body(client.get(posted["receipt_api"], headers=own(posted)))
    assert receipt["properties"]["state"] == "published"
    assert receipt["properties"]["response"]["status"] == "delvis tatt til følge"
    assert receipt["properties"]["response"]["text"] == "Gangfeltet flyttes."


def test_a_hidden_comment_is_absent_from_every_public_answer(client, planner):
    kept = body(post(client, text="Bra turvei"))["id"]
    hidden = body(
        post(client, text="Noe som bryter retningslinjene", zone_id="sandvika", geometry=None)
    )["id"]
    for comment_id in (kept, hidden):
        client.post(
            f"/api/v1/comments/{comment_id}/moderation",
            json={"action": "approve"},
            headers=planner["planner"],
        )
    refused = client.post(
        f"/api/v1/comments/{hidden}/moderation", json={"action": "hide"}, headers=planner["planner"]
    )
    assert refused.status_code == 422  # a reason is needed
    client.post(
        f"/api/v1/comments/{hidden}/moderation",
        json={"action": "hide", "reason": "Personangrep"},
        headers=planner["planner"],
    )
    for query in [
        "",
        "?consultation=baerum-2040",
        "?zone=sandvika",
        "?theme=by-+og+stedsutvikling",
        "?kind=problem+her",
    ]:
        assert hidden not in public_ids(client, query)
    assert kept in public_ids(client)
    assert hidden not in client.get("/api/v1/comments").data.decode()
    assert client.post(f"/api/v1/comments/{hidden}/agree").status_code == 404
    assert hidden in {
        f["id"]
        for f in body(
            client.get("/api/v1/comments?view=moderation&status=hidden", headers=planner["planner"])
        )["features"]
    }


def test_comments_that_cannot_be_taken_in_are_refused_with_the_reason(client, app):
    with app.app_context(), current_store().write() as repo:
        repo.participation.save_consultation(
            Consultation(
                "closed", "Gammel høring", "", date(2020, 1, 1), date(2020, 2, 1), Moderation.AFTER
            )
        )
    oslo = {"type": "Point", "coordinates": [10.75, 59.91]}
    cases = [
        (post(client, consultation_id="closed"), "er ikke åpen (1. jan. 2020–1. feb. 2020)"),
        (post(client, website="http://spam.example"), "kunne ikke tas imot"),
        (post(client, text="   "), "skriv hva du mener"),
        (post(client, text="x" * 2001), "properties.text: kan være høyst 2000 tegn"),
        (post(client, kind="sur"), "properties.kind: «sur» er ukjent"),
        (post(client, geometry=oslo), "utenfor Bærum"),
        (post(client, geometry=None), "velg et sted i kartet"),
        (post(client, zone_id="finnes-ikke", geometry=None), "sonen finnes-ikke finnes ikke"),
        (post(client, geometry=HASLUM), None),
    ]
    for response, words in cases:
        if words is None:
            assert response.status_code == 201
        else:
            assert response.status_code == 422, response.data
            assert words in body(response)["error"]["message"]


def test_one_agreement_per_person_even_when_they_click_at_once(app, planner):
    client = app.test_client()
    comment_id = body(post(client))["id"]
    client.post(
        f"/api/v1/comments/{comment_id}/moderation",
        json={"action": "approve"},
        headers=planner["planner"],
    )
    first = client.post(f"/api/v1/comments/{comment_id}/agree")
    assert body(first) == {"agreed": True, "agreements": 1}
    voter = re.search(r"arealweb_voter=([^;]+)", first.headers["Set-Cookie"]).group(1)
    results = []

    def agree():
        other = app.test_client()
        other.set_cookie("arealweb_voter", voter)
        results.append(body(other.post(f"/api/v1/comments/{comment_id}/agree"))["agreed"])

    threads = [threading.Thread(target=agree) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [False] * 6
    assert body(app.test_client().post(f"/api/v1/comments/{comment_id}/agree"))["agreements"] == 2


def test_the_author_deletes_their_comment_with_the_receipt(client):
    posted = body(post(client))
    assert client.delete(posted["receipt_api"], headers=own(posted)).status_code == 204
    assert client.get(posted["receipt_api"], headers=own(posted)).status_code == 404


def test_personal_fields_are_forgotten_after_the_retention_time(client, planner, app):
    comment_id = body(post(client, name="Kari", age_group="18–29", group="Velforeningen"))["id"]
    with app.app_context():
        assert purge_personal(current_store(), 365) == 0
        assert (
            purge_personal(current_store(), 365, now=datetime.now(UTC) + timedelta(days=366)) == 1
        )
    everything = body(client.get("/api/v1/comments?view=moderation", headers=planner["planner"]))[
        "features"
    ]
    mine = next(f for f in everything if f["id"] == comment_id)["properties"]
    assert (mine["name"], mine["age_group"], mine["group"]) == (None, None, None)
    assert mine["text"] == "Trygg skolevei trengs her"


def test_only_planners_moderate_and_answer(client, planner):
    comment_id = body(post(client))["id"]
    for headers, status in [({}, 401), (planner["council"], 403)]:
        assert (
            client.post(
                f"/api/v1/comments/{comment_id}/moderation",
                json={"action": "approve"},
                headers=headers,
            ).status_code
            == status
        )
        assert (
            client.post(
                f"/api/v1/comments/{comment_id}/response",
                json={"status": "tatt til orientering", "text": "Takk"},
                headers=headers,
            ).status_code
            == status
        )


def _count_comments(app):
    with app.app_context(), current_store().read() as repo:
        return len(repo.participation.comments())


def test_with_the_rate_limit_off_200_concurrent_posts_store_exactly_200(demo_database_url):
    from concurrent.futures import ThreadPoolExecutor

    from arealweb.app import create_app

    app = create_app(
        {"DATABASE_URL": demo_database_url, "SECRET_KEY": "x", "COMMENT_RATE_LIMIT": "off"}
    )
    before = _count_comments(app)

    def send(n):
        return (
            app.test_client()
            .post("/api/v1/comments", json=comment(text=f"Innspill nummer {n}"))
            .status_code
        )

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(send, range(200)))
    assert statuses == [201] * 200
    assert _count_comments(app) == before + 200


def test_a_burst_from_one_client_is_answered_429_past_the_limit_and_nothing_else_is_lost(
    demo_database_url,
):
    from arealweb.app import create_app

    app = create_app(
        {"DATABASE_URL": demo_database_url, "SECRET_KEY": "x", "COMMENT_RATE_LIMIT": "10/minute"}
    )
    client = app.test_client()
    before = _count_comments(app)
    statuses = [post(client, text=f"Innspill {n}").status_code for n in range(15)]
    assert statuses == [201] * 10 + [429] * 5
    limited = post(client)
    assert limited.status_code == 429
    assert (
        body(limited)["error"]["message"]
        == "for mange innspill på kort tid; vent litt og prøv igjen"
    )
    assert "Retry-After" in limited.headers
    assert _count_comments(app) == before + 10
    other = app.test_client()
    other_response = other.post(
        "/api/v1/comments",
        json=comment(text="Fra en annen"),
        environ_overrides={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert other_response.status_code == 201
    assert _count_comments(app) == before + 11


def test_counts_and_exports_hold_published_comments_only(client, planner):
    import csv
    import io

    import pyogrio

    approve = {"action": "approve"}
    young = body(
        post(
            client,
            age_group="13–17",
            group="7A Bekkestua skole",
            zone_id="bekkestua",
            geometry=None,
            name="Per",
        )
    )["id"]
    formula = body(post(client, text='=HYPERLINK("http://evil")', kind="forslag"))["id"]
    hidden = body(post(client, text="Skjules"))["id"]
    pending = body(post(client, text="Venter"))["id"]
    for comment_id in (young, formula, hidden):
        client.post(
            f"/api/v1/comments/{comment_id}/moderation", json=approve, headers=planner["planner"]
        )
    client.post(
        f"/api/v1/comments/{hidden}/moderation",
        json={"action": "hide", "reason": "Spam"},
        headers=planner["planner"],
    )

    counts = body(client.get("/api/v1/comments/counts"))
    assert counts["total"] == 2
    assert counts["by_kind"] == {"forslag": 1, "problem her": 1}
    assert counts["by_zone"] == {"bekkestua": 1}
    assert counts["by_group"] == {"7A Bekkestua skole": 1}
    assert counts["young"] == 1

    text = client.get("/api/v1/comments.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {r["id"] for r in rows} == {young, formula}
    assert next(r for r in rows if r["id"] == formula)["text"] == '\'=HYPERLINK("http://evil")'
    on_zone = next(r for r in rows if r["id"] == young)
    assert (on_zone["zone_id"], on_zone["zone"], on_zone["place"]) == (
        "bekkestua",
        "Bekkestua",
        "i Bekkestua",
    )
    assert next(r for r in rows if r["id"] == formula)["place"].startswith("ved ")
    assert "Per" not in text and "13–17" not in text
    assert hidden not in text and pending not in text

    response = client.get("/api/v1/comments.gpkg")
    assert response.mimetype == "application/geopackage+sqlite3"
    path = __import__("pathlib").Path(__import__("tempfile").mkdtemp()) / "innspill.gpkg"
    path.write_bytes(response.data)
    frame = pyogrio.read_dataframe(path)
    assert frame.crs.to_epsg() == 25832
    assert set(frame["id"]) == {young, formula}


def test_a_planner_opens_a_consultation_that_then_takes_comments(client, planner):
    values = {
        "title": "Stasjonsbyen Hauger",
        "introduction": "Hva trenger Hauger?",
        "opens_on": "2026-01-01",
        "closes_on": "2030-01-01",
        "moderation": "after",
        "zone_ids": ["kolsas"],
        "goal_ids": ["2020.hm2.d2"],
    }
    assert client.post("/api/v1/consultations", json=values).status_code == 401
    assert (
        client.post("/api/v1/consultations", json=values, headers=planner["council"]).status_code
        == 403
    )
    bad = client.post(
        "/api/v1/consultations",
        json={**values, "closes_on": "2025-01-01"},
        headers=planner["planner"],
    )
    assert (
        bad.status_code == 422
        and "sluttdatoen kommer før åpningsdatoen" in body(bad)["error"]["message"]
    )
    created = client.post("/api/v1/consultations", json=values, headers=planner["planner"])
    assert created.status_code == 201 and body(created)["open"] is True
    consultation_id = body(created)["id"]
    listed = {c["id"]: c for c in body(client.get("/api/v1/consultations"))["consultations"]}
    assert listed[consultation_id]["zone_ids"] == ["kolsas"]
    posted = post(client, consultation_id=consultation_id)
    assert body(posted)["state"] == "published"  # moderated after publication
    assert body(posted)["id"] in public_ids(client, f"?consultation={consultation_id}")


def test_the_store_counts_an_agreement_only_with_a_published_comment_in_the_same_statement(
    client, planner, app
):
    """A comment hidden between the check and the write gets no agreement; a comment deleted
    twice at once answers "not found" to the second."""
    import pytest
    import sqlalchemy as sa

    from arealweb.domain.errors import NotFound
    from arealweb.store.schema import comment_agreements

    pending = body(post(client))["id"]
    with app.app_context(), current_store().write() as repo:
        with pytest.raises(NotFound):
            repo.participation.agree(pending, "a-voter")
        with pytest.raises(NotFound):
            repo.participation.delete_comment("finnes-ikke")
    with app.app_context(), current_store().read() as repo:
        assert repo.connection.execute(sa.select(comment_agreements)).all() == []
    assert client.post(f"/api/v1/comments/{pending}/agree").status_code == 404


@pytest.mark.parametrize("backend", ["sqlite"])
def test_forgotten_names_leave_no_trace_in_the_sqlite_files(client, app, backend):
    """After purge-personal, the name is neither in the database file nor in its -wal log."""
    name = "Ragnhild-Sporbar-Navnesen"
    body(post(client, name=name))
    with app.app_context():
        store = current_store()
        purge_personal(store, 365, now=datetime.now(UTC) + timedelta(days=366))
        path = Path(store.engine.url.database)
    files = [path, path.with_name(path.name + "-wal")]
    assert all(name.encode() not in f.read_bytes() for f in files if f.exists())


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_reader_keeping_the_log_is_told_of_and_the_next_flush_empties_it(
    client, app, backend, monkeypatch, caplog
):
    """Purging while a reader holds the -wal log cannot empty it: that is logged, not passed
    over, and the name is gone from both files once the next flush can empty it."""
    from arealweb.store import repository

    monkeypatch.setattr(repository, "FLUSH_WAIT_MS", 100)
    name = "Ragnhild-Lesende-Navnesen"
    body(post(client, name=name))
    with app.app_context():
        store = current_store()
        path = Path(store.engine.url.database)
        with store.engine.connect() as reader:
            reader.exec_driver_sql("BEGIN")
            reader.exec_driver_sql("SELECT count(*) FROM comments").scalar_one()
            purge_personal(store, 365, now=datetime.now(UTC) + timedelta(days=366))
            reader.exec_driver_sql("COMMIT")
        assert "the write-ahead log was not emptied (a reader held it)" in caplog.text
        assert store.flush_log() is True
    files = [path, path.with_name(path.name + "-wal")]
    assert all(name.encode() not in f.read_bytes() for f in files if f.exists())
