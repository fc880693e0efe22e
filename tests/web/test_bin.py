"""The bin («Papirkurv»): deleted zones with who deleted them and when, linked from the
workbench and the history page; planners restore from it, once."""

import re
import threading

import pytest

from arealweb.http.store import current_store
from arealweb.services import editing
from tests.conftest import snapshot
from tests.web.conftest import csrf

ZONE_TABLES = ("zones", "zone_history", "zone_goals")


@pytest.fixture
def deleted(app):
    """Sandvika, deleted by Kari."""
    with app.app_context():
        zone = editing.delete_zone(current_store(), "sandvika", expected_version=None, actor="kari")
    return zone


def restore(client, zone_id, latest, token=None):
    token = token or csrf(client.get("/papirkurv").data.decode())
    return client.post(
        f"/papirkurv/{zone_id}/gjenopprett",
        data={"csrf_token": token, "latest": latest},
        follow_redirects=True,
    )


def row(html, zone_id):
    found = re.search(rf'<tr data-deleted-zone="{zone_id}">(.*?)</tr>', html, re.S)
    return found.group(1) if found else None


def test_the_bin_lists_a_deleted_zone_with_who_and_when_and_links_both_ways(
    app, signed_in, deleted
):
    client = signed_in("kari")
    html = client.get("/papirkurv").data.decode()
    sandvika = row(html, "sandvika")
    assert "Sandvika" in sandvika and "kari" in sandvika
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\dT[^\"]+\">[^<]*\d\d:\d\d</time>", sandvika)
    assert "1 slettet sone, sist slettet først" in html
    assert 'href="/soner/sandvika/historikk"' in sandvika
    assert 'href="/papirkurv"' in client.get("/arbeidsbenk").data.decode()
    assert 'href="/papirkurv"' in client.get("/soner/sandvika/historikk").data.decode()
    english = client.get("/papirkurv?lang=en").data.decode()
    assert "<h1>Bin</h1>" in english
    assert "1 deleted zone, most recently deleted first" in english


def test_an_empty_bin_says_so(signed_in):
    assert "Papirkurven er tom." in signed_in("kari").get("/papirkurv").data.decode()


def test_a_planner_restores_from_the_bin_and_a_second_restore_is_refused(app, signed_in, deleted):
    client = signed_in("kari")
    token = csrf(client.get("/papirkurv").data.decode())
    page = restore(client, "sandvika", deleted.version, token)
    html = page.data.decode()
    assert f"«Sandvika» er gjenopprettet som versjon {deleted.version + 1}." in html
    assert row(html, "sandvika") is None
    with app.app_context(), current_store().read() as repo:
        zone = repo.zones.get("sandvika")
        assert not zone.deleted and zone.version == deleted.version + 1
    with app.app_context():
        before = snapshot(current_store())

    # A second planner's form, shown before the first restore, is sent after it.
    again = restore(client, "sandvika", deleted.version, token)
    assert again.status_code == 200
    assert f"«Sandvika» er allerede gjenopprettet (nå versjon {deleted.version + 1})" in (
        again.data.decode()
    )
    with app.app_context():
        assert snapshot(current_store()) == before


def test_only_planners_restore_and_only_with_the_csrf_token(app, signed_in, deleted):
    council = signed_in("rita")
    html = council.get("/papirkurv").data.decode()
    assert "Sandvika" in row(html, "sandvika")
    assert "Gjenopprett" not in html
    with app.app_context():
        before = snapshot(current_store())
    refused = council.post(
        "/papirkurv/sandvika/gjenopprett",
        data={"csrf_token": csrf(html), "latest": deleted.version},
    )
    assert refused.status_code == 403
    planner = signed_in("kari")
    no_token = planner.post("/papirkurv/sandvika/gjenopprett", data={"latest": deleted.version})
    assert no_token.status_code in (400, 403)
    with app.app_context():
        after = snapshot(current_store())
    assert [after[t] for t in ZONE_TABLES] == [before[t] for t in ZONE_TABLES]


def test_the_bin_is_for_signed_in_accounts(client, deleted):
    response = client.get("/papirkurv")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def test_planners_restoring_one_zone_at_once_restore_it_once(app, deleted):
    from arealweb.domain.errors import StaleVersion

    outcomes = []

    def restore_now(name):
        with app.app_context():
            try:
                editing.restore_deleted(
                    current_store(),
                    "sandvika",
                    deleted_version=deleted.version,
                    actor=name,
                    tolerance_m=app.config["BOUNDARY_TOLERANCE_M"],
                )
            except StaleVersion:
                outcomes.append("refused")
            else:
                outcomes.append("restored")

    threads = [threading.Thread(target=restore_now, args=(f"planlegger-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "restored"]
    with app.app_context():
        actions = [v.action.value for v in editing.zone_history(current_store(), "sandvika")]
    assert actions.count("restore") == 1 and actions[-1] == "restore"
