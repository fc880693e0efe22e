"""Sign-in sessions and API tokens end when they should, on SQLite and PostGIS: a copy of a
session cookie opens nothing after sign-out, a new password or deactivation; a revoked or
expired token answers 401 in the API's error shape."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user, deactivate, set_password
from arealweb.services.audit import entries
from arealweb.store.schema import api_tokens, sign_in_sessions
from tests.web.conftest import PASSWORD, csrf

NEW_PASSWORD = "et-helt-nytt-passord"


def copy_of_session(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def opens_workbench(client) -> bool:
    response = client.get("/arbeidsbenk")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def api_accepts(client, token) -> bool:
    """Whether the API knows the token: a write that gets past the sign-in check is refused for
    its empty body (422) or the account's role (403), never with 401."""
    response = client.post("/api/v1/zones", json={}, headers=bearer(token))
    assert response.status_code in (401, 403, 422), response.get_json()
    return response.status_code != 401


def post_form(client, path, data=None, page="/konto"):
    token = csrf(client.get(page).data.decode())
    return client.post(path, data={**(data or {}), "csrf_token": token})


def test_a_copied_session_cookie_is_refused_after_sign_out(app, signed_in):
    client = signed_in("kari")
    thief = copy_of_session(app, client)
    assert opens_workbench(thief)
    post_form(client, "/logg-ut", page="/")
    assert not opens_workbench(client)
    assert not opens_workbench(thief)
    assert thief.get("/arbeidsbenk").headers["Location"].startswith("/logg-inn")


def test_a_new_password_ends_other_sessions_and_every_token_but_not_this_session(app, signed_in):
    client = signed_in("kari")
    elsewhere = app.test_client()
    form = elsewhere.get("/logg-inn").data.decode()
    elsewhere.post(
        "/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)}
    )
    thief = copy_of_session(app, client)
    with app.app_context():
        token = create_token(current_store(), "kari", "QGIS")
    assert opens_workbench(elsewhere) and api_accepts(client, token)

    response = post_form(
        client,
        "/konto/passord",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    page = client.get("/konto").data.decode()
    assert "Passordet er endret. Andre økter og alle API-tokener er avsluttet." in page
    assert opens_workbench(client) and opens_workbench(thief)  # this very session stays
    assert not opens_workbench(elsewhere)
    assert not api_accepts(app.test_client(), token)
    assert "Trukket tilbake" in page


def test_a_password_set_on_the_command_line_ends_every_session(app, signed_in):
    client = signed_in("kari")
    thief = copy_of_session(app, client)
    with app.app_context():
        set_password(current_store(), "kari", NEW_PASSWORD)
    assert not opens_workbench(client) and not opens_workbench(thief)


def test_deactivation_ends_every_session_and_token_and_stops_sign_in(app, signed_in):
    client = signed_in("kari")
    thief = copy_of_session(app, client)
    with app.app_context():
        token = create_token(current_store(), "kari")
        deactivate(current_store(), "kari")
    assert not opens_workbench(client) and not opens_workbench(thief)
    assert not api_accepts(app.test_client(), token)
    form = client.get("/logg-inn").data.decode()
    again = client.post(
        "/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)}
    )
    assert again.status_code == 401


def test_a_wrong_current_password_or_a_mistyped_new_one_changes_nothing(app, signed_in):
    client = signed_in("kari")
    with app.app_context():
        token = create_token(current_store(), "kari")
    wrong = post_form(
        client,
        "/konto/passord",
        {
            "current_password": "feil-passord-her",
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 422
    assert "det nåværende passordet er feil" in wrong.data.decode()
    mistyped = post_form(
        client,
        "/konto/passord",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": "noe-annet-helt",
        },
    )
    assert mistyped.status_code == 422
    assert "de to nye passordene er ikke like" in mistyped.data.decode()
    short = post_form(
        client,
        "/konto/passord",
        {"current_password": PASSWORD, "new_password": "kort", "repeat_password": "kort"},
    )
    assert short.status_code == 422 and "passordet må ha minst 12 tegn" in short.data.decode()
    assert api_accepts(client, token)
    client.post("/logg-ut", data={"csrf_token": csrf(client.get("/").data.decode())})
    assert signed_in("kari").get("/arbeidsbenk").status_code == 200


def test_a_token_made_on_the_account_page_is_shown_once_works_and_can_be_revoked(app, signed_in):
    client = signed_in("kari")
    made = post_form(client, "/konto/tokener", {"label": "QGIS på kontoret"})
    assert made.status_code == 201
    html = made.data.decode()
    token = re.search(r"<code data-new-token>(aw_[^<]+)</code>", html).group(1)
    assert api_accepts(app.test_client(), token)
    page = client.get("/konto").data.decode()
    assert token not in page and "QGIS på kontoret" in page and "Gyldig" in page
    token_id = re.search(r'data-token-id="(\d+)"', page).group(1)

    revoked = post_form(client, f"/konto/tokener/{token_id}/trekk-tilbake")
    assert revoked.status_code == 302
    refused = app.test_client().post("/api/v1/zones", json={}, headers=bearer(token))
    assert refused.status_code == 401
    error = refused.get_json()["error"]
    assert error["status"] == 401
    assert error["message"] == "API-tokenet er ukjent, trukket tilbake eller utløpt"
    assert "Trukket tilbake" in client.get("/konto").data.decode()


def test_an_expired_token_answers_401_in_the_error_shape(app):
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
        token = create_token(current_store(), "kari", days=1)
        assert api_accepts(app.test_client(), token)
        with current_store().engine.begin() as connection:
            connection.execute(
                api_tokens.update().values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
    response = app.test_client().post(
        "/api/v1/zones", json={}, headers={**bearer(token), "Accept-Language": "en"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["problems"][0]["message"] == (
        "API-tokenet er ukjent, trukket tilbake eller utløpt"
    )
    english = app.test_client().post("/api/v1/zones?lang=en", json={}, headers=bearer(token))
    assert english.get_json()["error"]["message"] == "the API token is unknown, revoked or expired"


def test_no_one_revokes_another_accounts_token_but_an_admin(app, signed_in):
    with app.app_context():
        token = create_token(current_store(), "rita")
    client = signed_in("kari")
    page = client.get("/konto").data.decode()
    with app.app_context(), current_store().engine.connect() as connection:
        token_id = connection.execute(sa.select(api_tokens.c.id)).scalar_one()
    refused = client.post(
        f"/konto/tokener/{token_id}/trekk-tilbake", data={"csrf_token": csrf(page)}
    )
    assert refused.status_code == 404
    assert api_accepts(app.test_client(), token)


def test_the_account_page_lists_this_and_other_sessions_and_ends_another(app, signed_in):
    client = signed_in("kari")
    other = app.test_client()
    form = other.get("/logg-inn").data.decode()
    other.post("/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)})
    page = client.get("/konto").data.decode()
    assert page.count("data-session-id=") == 2 and "Denne økten" in page
    other_id = re.search(r'data-session-id="(\d+)">(?:(?!Denne økten).)*?avslutt', page, re.S)
    ended = post_form(client, f"/konto/okter/{other_id.group(1)}/avslutt")
    assert ended.status_code == 302
    assert not opens_workbench(other) and opens_workbench(client)


def test_the_account_page_asks_anyone_to_sign_in_first(client):
    assert client.get("/konto").headers["Location"] == "/logg-inn?next=/konto"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_tokens_last_the_configured_number_of_days(demo_database_url):
    from arealweb.app import create_app

    app = create_app({"DATABASE_URL": demo_database_url, "SECRET_KEY": "x", "TOKEN_DAYS": "7"})
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
    client = app.test_client()
    form = client.get("/logg-inn").data.decode()
    client.post("/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)})
    made = post_form(client, "/konto/tokener", {"label": "kort"}).data.decode()
    from zoneinfo import ZoneInfo

    from babel.dates import format_date

    later = (datetime.now(UTC) + timedelta(days=7)).astimezone(ZoneInfo("Europe/Oslo"))
    expires = format_date(later.date(), "medium", locale="nb")
    assert f">{expires}</time>" in made and "virker i 7 dager" in made


def test_a_session_left_unused_longer_than_the_idle_time_is_ended(app, signed_in):
    client = signed_in("kari")
    assert opens_workbench(client)
    minutes = app.config["SESSION_IDLE_MINUTES"]
    with app.app_context():
        engine = current_store().engine
    with engine.begin() as connection:
        connection.execute(
            sa.update(sign_in_sessions).values(
                last_seen_at=datetime.now(UTC) - timedelta(minutes=minutes + 1)
            )
        )
    assert not opens_workbench(client)
    with engine.connect() as connection:
        [ended] = connection.execute(sa.select(sign_in_sessions.c.ended_at)).scalars()
    assert ended is not None
    audit = client_of_admin_log(app)
    assert "idle>480m" in audit


def test_a_session_used_within_the_idle_time_stays_open(app, signed_in):
    client = signed_in("kari")
    with app.app_context():
        engine = current_store().engine
    with engine.begin() as connection:
        connection.execute(
            sa.update(sign_in_sessions).values(
                last_seen_at=datetime.now(UTC) - timedelta(minutes=470)
            )
        )
    assert opens_workbench(client)


def client_of_admin_log(app) -> str:
    with app.app_context():
        found, _ = entries(current_store(), 50)
    return " ".join(e.detail for e in found)
