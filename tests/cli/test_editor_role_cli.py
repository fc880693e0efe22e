"""`arealweb editor-role NAME`: a PostGIS login that edits zones in QGIS only through the views
of the schema editing; it says what it granted, can be run again, never takes a password on
the command line, and refuses on SQLite."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

PASSWORD = "et langt passord for QGIS"
postgis_only = pytest.mark.parametrize("backend", ["postgis"], indirect=True)


@pytest.fixture
def url(database_url):
    """The command runs against the test's migrated database."""
    return database_url


@pytest.fixture
def role(database_url):
    """A fresh role name; the role is dropped again afterwards."""
    name = f"qgis_{uuid.uuid4().hex[:10]}"
    yield name
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        exists = sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n")
        if connection.execute(exists, {"n": name}).scalar():
            connection.exec_driver_sql(f'DROP OWNED BY "{name}"')
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
    engine.dispose()


def password_of(url: str, name: str) -> str | None:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}
        ).scalar()
    engine.dispose()
    return stored


GRANTED = [
    "Rettigheter:",
    "  – USAGE på editing",
    "  – SELECT, INSERT, UPDATE, DELETE på editing.development_zones",
    "  – SELECT, INSERT, UPDATE, DELETE på editing.protection_zones",
    "  – SELECT, INSERT, UPDATE, DELETE på editing.corridors",
    "  – SELECT på boundary",
    "  – SELECT på stations",
]


@postgis_only
def test_the_role_is_made_with_its_password_from_the_environment_and_says_what_it_got(
    cli, url, role
):
    made = cli("editor-role", role, "--password-env", "QGIS_PASSWORD",
               extra_env={"QGIS_PASSWORD": PASSWORD})  # fmt: skip
    lines = made.output.splitlines()
    assert lines[0] == f"Rollen {role} er opprettet (LOGIN)."
    assert lines[1] == "Passordet er satt."
    assert lines[2:9] == GRANTED
    assert lines[9].startswith("Ingen rettigheter på tabellene selv (zones og ")
    assert PASSWORD not in made.output
    stored = password_of(url, role)
    assert stored.startswith("SCRAM-SHA-256$") and PASSWORD not in stored

    again = cli("editor-role", role)
    assert again.output.splitlines()[:2] == [
        f"Rollen {role} fantes og er oppdatert (LOGIN).",
        "Passordet er uendret.",
    ]
    assert again.output.splitlines()[2:9] == GRANTED
    assert password_of(url, role) == stored


@postgis_only
def test_the_password_is_read_from_a_file_or_standard_input(cli, url, role, tmp_path):
    cli("editor-role", role, "--password-file", "-", input=PASSWORD + "\n")
    from_stdin = password_of(url, role)
    secret = tmp_path / "passord"
    secret.write_text("et annet passord\n", encoding="utf-8")
    cli("editor-role", role, "--password-file", secret)
    from_file = password_of(url, role)
    asked = cli("editor-role", role, "--ask-password", input="tredje passord\ntredje passord\n")
    assert "tredje passord" not in asked.output
    from_prompt = password_of(url, role)
    assert all(p.startswith("SCRAM-SHA-256$") for p in (from_stdin, from_file, from_prompt))
    assert len({from_stdin, from_file, from_prompt}) == 3


@postgis_only
def test_a_new_role_without_a_password_is_told_how_to_set_one(cli, role):
    output = cli("editor-role", role).output
    assert "Rollen har ikke noe passord" in output and "--password-file" in output


@postgis_only
def test_two_ways_of_giving_the_password_or_a_missing_variable_are_refused(cli, url, role):
    both = cli("editor-role", role, "--password-env", "X", "--ask-password", ok=False)
    assert both.exit_code == 2 and "gi passordet på én måte" in both.output
    missing = cli("editor-role", role, "--password-env", "FINNES_IKKE_1234", ok=False)
    assert (
        missing.exit_code == 2 and "miljøvariabelen FINNES_IKKE_1234 finnes ikke" in missing.output
    )
    assert password_of(url, role) is None


@postgis_only
def test_a_name_that_cannot_be_a_role_or_a_superuser_is_refused(cli):
    bad = cli("editor-role", "qgis; DROP TABLE zones", ok=False)
    assert bad.exit_code == 1 and "kan ikke være navnet på en rolle" in bad.output
    assert "Ingenting ble endret." in bad.output
    superuser = cli("editor-role", "postgres", ok=False)
    assert superuser.exit_code == 1
    assert "rollen postgres har mer makt enn en redigeringsrolle" in superuser.output


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_on_sqlite_the_command_says_it_needs_postgis(cli):
    refused = cli("editor-role", "qgis", ok=False)
    assert refused.exit_code == 1
    assert "finnes bare på PostgreSQL med PostGIS; denne databasen er SQLite" in refused.output
    assert "Ingenting ble endret." in refused.output
