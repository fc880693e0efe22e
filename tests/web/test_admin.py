"""Admins' pages: roles, deactivation, other accounts' tokens and sessions, the audit log.
Only admins, CSRF on every form."""

import re

import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from tests.web.conftest import PASSWORD, csrf


@pytest.fixture
def admin(app, signed_in):
    """The client signed in as the admin «ada» (with kari, a planner, and rita, council)."""
    with app.app_context():
        create_user(current_store(), "ada", Role.ADMIN, PASSWORD)
    return signed_in("ada")


def post(client, path, data=None):
    token = csrf(client.get("/admin/brukere").data.decode())
    return client.post(path, data={**(data or {}), "csrf_token": token})


def test_only_admins_reach_the_admin_pages(app, signed_in, client):
    paths = ["/admin/brukere", "/admin/brukere/kari", "/admin/logg"]
    signed_in("kari")
    for path in paths:
        refused = client.get(path)
        assert refused.status_code == 403
        assert "Denne siden er bare for administratorer." in refused.data.decode()
        assert "for planleggere" not in refused.data.decode()
    token = csrf(client.get("/konto").data.decode())
    refused = client.post("/admin/brukere/rita/deaktiver", data={"csrf_token": token})
    assert refused.status_code == 403
    client.post("/logg-ut", data={"csrf_token": token})
    for path in paths:
        assert client.get(path).headers["Location"].startswith("/logg-inn?next=/admin/")


def test_every_admin_form_needs_its_csrf_token(admin):
    for path in [
        "/admin/brukere/kari/rolle",
        "/admin/brukere/kari/deaktiver",
        "/admin/brukere/kari/aktiver",
        "/admin/brukere/kari/avslutt-okter",
        "/admin/tokener/1/trekk-tilbake",
    ]:
        assert admin.post(path, data={"role": "admin"}).status_code == 400
    page = admin.get("/admin/brukere").data.decode()
    assert 'data-user="kari"' in page and "Deaktiver" in page


def test_an_admin_changes_a_role_and_it_holds_at_once(app, admin, signed_in):
    other = app.test_client()
    form = other.get("/logg-inn").data.decode()
    other.post("/logg-inn", data={"name": "rita", "password": PASSWORD, "csrf_token": csrf(form)})
    assert other.get("/arbeidsbenk").status_code == 403
    done = post(admin, "/admin/brukere/rita/rolle", {"role": "planner"})
    assert done.headers["Location"] == "/admin/brukere"
    assert "rita har nå rollen Planlegger." in admin.get("/admin/brukere").data.decode()
    assert other.get("/arbeidsbenk").status_code == 200


def test_an_unknown_role_is_refused_and_changes_nothing(admin):
    for chosen in ["superuser", ["admin", "planner"], ""]:
        post(admin, "/admin/brukere/rita/rolle", {"role": chosen})
        page = admin.get("/admin/brukere").data.decode()
        assert "ukjent rolle; velg admin, planner eller council" in page
    assert post(admin, "/admin/brukere/rita/rolle", {"role": "admin\x00"}).status_code == 400
    assert "Kommunestyremedlem" in admin.get("/admin/brukere/rita").data.decode()
    assert "role_changed" not in admin.get("/admin/logg").data.decode()


def test_the_last_admin_keeps_the_role_and_the_account(admin):
    post(admin, "/admin/brukere/ada/rolle", {"role": "planner"})
    page = admin.get("/admin/brukere").data.decode()
    assert "det må finnes minst én aktiv administrator" in page
    post(admin, "/admin/brukere/ada/deaktiver")
    assert "det må finnes minst én aktiv administrator" in admin.get("/admin/brukere").data.decode()
    assert admin.get("/admin/logg").status_code == 200


def test_deactivation_and_activation_by_an_admin(app, admin):
    victim = app.test_client()
    form = victim.get("/logg-inn").data.decode()
    victim.post("/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)})
    assert victim.get("/arbeidsbenk").status_code == 200
    post(admin, "/admin/brukere/kari/deaktiver")
    page = admin.get("/admin/brukere").data.decode()
    assert "kari er deaktivert; alle økter og API-tokener er avsluttet." in page
    assert victim.get("/arbeidsbenk").status_code == 302
    post(admin, "/admin/brukere/kari/aktiver")
    assert "kari er aktivert igjen." in admin.get("/admin/brukere").data.decode()
    assert victim.get("/arbeidsbenk").status_code == 302  # the old session stays ended


def test_an_admin_revokes_anothers_token_and_ends_their_sessions(app, admin):
    with app.app_context():
        token = create_token(current_store(), "kari", "skript")
    victim = app.test_client()
    form = victim.get("/logg-inn").data.decode()
    victim.post("/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)})
    page = admin.get("/admin/brukere/kari").data.decode()
    assert "1 åpen økt." in page and "skript" in page
    token_id = re.search(r'data-token-id="(\d+)"', page).group(1)
    done = post(admin, f"/admin/tokener/{token_id}/trekk-tilbake")
    assert done.headers["Location"] == "/admin/brukere/kari"
    refused = app.test_client().post(
        "/api/v1/zones", json={}, headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status_code == 401
    post(admin, "/admin/brukere/kari/avslutt-okter")
    page = admin.get("/admin/brukere/kari").data.decode()
    assert "1 økt er avsluttet." in page and "0 åpne økter." in page
    assert victim.get("/arbeidsbenk").status_code == 302


def test_the_audit_log_names_who_did_what_to_whom_newest_first(app, admin):
    guesser = app.test_client()
    form = guesser.get("/logg-inn").data.decode()
    failed = guesser.post(
        "/logg-inn", data={"name": "kari", "password": "feil-passord-her", "csrf_token": csrf(form)}
    )
    assert failed.status_code == 401
    post(admin, "/admin/brukere/rita/rolle", {"role": "planner"})
    post(admin, "/admin/brukere/rita/deaktiver")
    page = admin.get("/admin/logg").data.decode()
    actions = re.findall(r'data-action="([a-z_]+)"', page)
    assert actions[:4] == ["deactivated", "role_changed", "sign_in_failed", "sign_in"]
    rows = re.findall(r"<tr data-action=.*?</tr>", page, re.S)
    assert "ada" in rows[0] and "Bruker deaktivert" in rows[0] and "rita" in rows[0]
    assert "council → planner" in rows[1]
    assert "anonym" in rows[2] and "Mislykket innlogging" in rows[2] and "kari" in rows[2]


def test_the_audit_log_is_paged(app, admin):
    for n in range(60):
        with app.app_context():
            create_token(current_store(), "kari", f"t{n}")
    first = admin.get("/admin/logg").data.decode()
    assert first.count("<tr data-action=") == 50 and "#" in first and "t59" in first
    assert "Side 1 av 2" in first and 'href="/admin/logg?side=2"' in first
    second = admin.get("/admin/logg?side=2").data.decode()
    assert "Side 2 av 2" in second and "t0" in second
    for bad in ["0", "3", "x", "-1", "9" * 40]:
        assert admin.get(f"/admin/logg?side={bad}").status_code == 404
