"""Finding PostgreSQL's client programs for a backup: Debian's of the server's major version,
else the one on PATH if its version agrees; otherwise a refusal that says what to install."""

from __future__ import annotations

import stat

import pytest

from arealweb.domain.errors import InvalidInput
from arealweb.store import pgdump


def program(folder, name, version):
    """A program that answers --version as PostgreSQL's client ``version`` does."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\necho '{name} (PostgreSQL) {version}'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """No Debian client folder and an empty PATH."""
    monkeypatch.setattr(pgdump, "DEBIAN_CLIENTS", str(tmp_path / "debian/{major}/bin"))
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    return tmp_path


def test_a_missing_client_says_which_package_to_install(nowhere):
    with pytest.raises(InvalidInput) as refused:
        pgdump.client_program("pg_dump", 15)
    assert refused.value.message == (
        "fant ikke pg_dump: installer PostgreSQL-klienten av samme hovedversjon som serveren "
        "(Debian: apt-get install postgresql-client-15)"
    )


def test_a_client_of_another_major_version_is_refused(nowhere):
    other = program(nowhere / "path", "pg_dump", "14.11 (Debian 14.11-1)")
    with pytest.raises(InvalidInput) as refused:
        pgdump.client_program("pg_dump", 15)
    assert refused.value.message == (
        f"pg_dump ({other}) er fra PostgreSQL 14, men serveren er PostgreSQL 15: "
        "installer postgresql-client-15"
    )


def test_debians_client_of_the_servers_version_comes_before_the_one_on_path(nowhere):
    program(nowhere / "path", "pg_restore", "16.2")
    debian = program(nowhere / "debian/15/bin", "pg_restore", "15.18 (Debian 15.18-0+deb12u1)")
    assert pgdump.client_program("pg_restore", 15) == str(debian)
    assert pgdump.client_program("pg_restore", 16) == str(nowhere / "path" / "pg_restore")
