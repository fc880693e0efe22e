"""The English page paths of earlier versions lead to their bokmål pages, so shared links work."""

import pytest

from arealweb.web.moved import MOVED


@pytest.fixture
def backend():
    """Paths are the app's, not the database's: SQLite is enough."""
    return "sqlite"


OLD_TO_NEW = [
    ("/goals", "/mal"),
    ("/goals/2020.hm3", "/mal/2020.hm3"),
    ("/goals/2020.hm3/new", "/mal/2020.hm3/nytt"),
    ("/goals/2020.hm3/edit", "/mal/2020.hm3/endre"),
    ("/goals/2020.hm3/move", "/mal/2020.hm3/flytt"),
    ("/goals/2020.hm3/delete", "/mal/2020.hm3/slett"),
    ("/zones/sandvika", "/soner/sandvika"),
    ("/zones/sandvika/history", "/soner/sandvika/historikk"),
    ("/zones/sandvika/versions/2/restore", "/soner/sandvika/versjoner/2/gjenopprett"),
    ("/gaps", "/tradbrudd"),
    ("/overview", "/oversikt"),
    ("/login", "/logg-inn"),
    ("/logout", "/logg-ut"),
    ("/workbench", "/arbeidsbenk"),
    ("/workbench/import", "/arbeidsbenk/import"),
    (
        "/workbench/import/abcdefghijklmnopqrstuvwxyz",
        "/arbeidsbenk/import/abcdefghijklmnopqrstuvwxyz",
    ),
    ("/lang/en", "/sprak/en"),
]


def test_every_old_path_is_covered_here():
    assert len(OLD_TO_NEW) == len(MOVED)


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
def test_old_path_redirects_permanently_to_its_new_one(client, old, new):
    response = client.get(old)
    assert response.status_code == 308
    assert response.headers["Location"] == new


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW)
def test_redirect_keeps_the_query_string(client, old, new):
    response = client.get(old + "?lang=en&goal=2020.hm3")
    assert response.headers["Location"] == new + "?lang=en&goal=2020.hm3"


def test_a_form_posted_to_an_old_path_is_sent_on_with_its_method(client):
    response = client.post("/logout", data={"csrf_token": "x"})
    assert response.status_code == 308 and response.headers["Location"] == "/logg-ut"


def test_following_an_old_link_ends_on_the_page(client):
    response = client.get("/goals/2020.hm3?lang=en", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/mal/2020.hm3"
    assert '<html lang="en">' in response.data.decode()


def test_new_paths_are_ascii_bokmaal(app):
    rules = [r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("web.")]
    english = {"goals", "zones", "gaps", "overview", "login", "logout", "workbench", "history"}
    for rule in rules:
        if rule in MOVED:
            continue
        assert rule.isascii()
        assert not english & set(rule.strip("/").split("/")), rule
