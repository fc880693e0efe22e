"""Accounts on the command line: tokens listed and revoked, roles, (de)activation, the audit
log; each refusal names its problem, exits with 1 and changes nothing."""

import pytest

from arealweb.app import create_app
from tests.places import HASLUM

PASSWORD = "et-langt-passord"


@pytest.fixture
def users(cli):
    cli("init")
    for name, role in [("ada", "admin"), ("kari", "planner"), ("rita", "council")]:
        cli("user", "create", name, "--role", role, "--password-stdin", input=PASSWORD + "\n")
    return cli


def api_status(url, token) -> int:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x"})
    feature = {"type": "Feature", "properties": {}, "geometry": HASLUM}
    return (
        app.test_client()
        .post("/api/v1/zones", json=feature, headers={"Authorization": f"Bearer {token}"})
        .status_code
    )


def test_tokens_are_listed_and_a_revoked_one_answers_401(users, url):
    token = users("token", "create", "kari", "--label", "QGIS").output.strip()
    assert api_status(url, token) == 422  # past the sign-in check, refused for its body
    listed = users("user", "tokens", "kari").output.splitlines()
    assert len(listed) == 1
    token_id, state, _created, _expires, last_used, label = listed[0].split("\t")
    assert state == "gyldig" and label == "QGIS" and last_used != "-"
    assert token not in users("user", "tokens", "kari").output
    revoked = users("user", "revoke-token", token_id).output
    assert f"API-token {token_id} for kari er trukket tilbake." in revoked
    assert users("user", "tokens", "kari").output.split("\t")[1] == "trukket tilbake"
    assert api_status(url, token) == 401


def test_tokens_expire_after_the_configured_days(users):
    users("token", "create", "kari", extra_env={"AREALWEB_TOKEN_DAYS": "3"})
    created, expires = users("user", "tokens", "kari").output.split("\t")[2:4]
    from datetime import datetime, timedelta

    assert datetime.fromisoformat(expires) - datetime.fromisoformat(created) == timedelta(days=3)
    bad = users("user", "list", extra_env={"AREALWEB_TOKEN_DAYS": "0"}, ok=False)
    assert bad.exit_code != 0 and "AREALWEB_TOKEN_DAYS" in bad.output


def test_an_unknown_token_or_user_is_named_and_nothing_changes(users):
    assert "fant ikke API-token 99" in users("user", "revoke-token", "99", ok=False).output
    assert "fant ingen bruker ingen" in users("user", "tokens", "ingen", ok=False).output
    refused = users("user", "deactivate", "ingen", ok=False)
    assert refused.exit_code == 1 and "Ingenting ble endret." in refused.output


def test_role_deactivate_and_activate(users, url):
    assert "rita har nå rollen planner." in users("user", "role", "rita", "planner").output
    token = users("token", "create", "rita").output.strip()
    assert api_status(url, token) == 422
    done = users("user", "deactivate", "rita").output
    assert "rita er deaktivert; alle økter og API-tokener er avsluttet." in done
    assert "rita\tplanner (deaktivert)" in users("user", "list").output
    assert api_status(url, token) == 401
    assert "rita er aktivert igjen." in users("user", "activate", "rita").output
    assert api_status(url, token) == 401  # deactivation ended the token for good
    assert "rita\tplanner\n" in users("user", "list").output


def test_the_last_admin_cannot_be_demoted_or_deactivated(users):
    for args in [("role", "ada", "planner"), ("deactivate", "ada")]:
        refused = users("user", *args, ok=False)
        assert "det må finnes minst én aktiv administrator" in refused.output
    assert "ada\tadmin\n" in users("user", "list").output
    users("user", "role", "kari", "admin")
    assert "ada har nå rollen planner." in users("user", "role", "ada", "planner").output


def test_a_new_password_revokes_every_token(users, url):
    token = users("token", "create", "kari").output.strip()
    done = users("user", "password", "kari", "--password-stdin", input="et-nytt-langt-passord\n")
    assert "alle økter og API-tokener er avsluttet" in done.output
    assert api_status(url, token) == 401


def test_the_audit_command_shows_the_newest_first(users):
    users("user", "role", "rita", "planner")
    users("token", "create", "kari", "--label", "skript")
    result = users("audit", "--limit", "2")
    lines = result.output.splitlines()
    assert lines[0].split("\t")[1:] == ["(kommandolinjen)", "API-token laget", "kari", "#1 skript"]
    assert lines[1].split("\t")[1:] == [
        "(kommandolinjen)",
        "Rolle endret",
        "rita",
        "council → planner",
    ]
    assert "2 av 5 hendelser." in lines[2]
    older = users("audit", "--limit", "2", "--page", "3").output.splitlines()
    assert older[0].split("\t")[2:4] == ["Bruker opprettet", "ada"]
