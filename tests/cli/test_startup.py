"""`arealweb --help` starts without the heavy libraries; every command is still there."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from arealweb.cli import COMMANDS, main

HEAVY = (
    "alembic",
    "gunicorn",
    "folium",
    "geopandas",
    "matplotlib",
    "numpy",
    "pandas",
    "pyogrio",
    "pyproj",
    "reportlab",
    "shapely",
    "sqlalchemy",
)
"""What `python -X importtime -m arealweb.cli --help` showed costing most (#15): each is
imported by the commands and pages that use it, never to print the list of commands."""


def imported_by(code: str) -> tuple[list[str], str]:
    """The heavy modules a new interpreter has loaded after ``code``, and what it printed."""
    probe = (
        f"import sys, json\n{code}\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    *printed, last = done.stdout.rstrip("\n").split("\n")
    return json.loads(last), "\n".join(printed)


def test_importing_the_command_imports_no_heavy_library():
    loaded, _ = imported_by("import arealweb.cli")
    assert loaded == []


def test_the_help_lists_every_command_without_a_heavy_library():
    loaded, printed = imported_by(
        "from arealweb.cli import main\n"
        "try:\n    main(['--help'], prog_name='arealweb')\nexcept SystemExit:\n    pass"
    )
    assert loaded == []
    for name in (*COMMANDS, "run", "shell", "routes"):
        assert f"  {name} " in printed
    assert "Create the database, or migrate it to the newest schema." in printed


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_is_found_with_its_own_help(name):
    command = main.get_command(None, name)
    assert command is not None and command.name == name
    assert command.get_short_help_str(limit=1000) == COMMANDS[name][2]
    shown = CliRunner().invoke(main, [name, "--help"])
    assert shown.exit_code == 0, shown.output
    assert f"Usage: main {name}" in shown.output or f"Usage: arealweb {name}" in shown.output


def test_an_unknown_command_is_refused(cli):
    shown = cli("no-such-command", ok=False)
    assert shown.exit_code == 2
    assert "No such command" in shown.output


def test_a_command_runs_through_the_app(demo):
    shown = demo("settings")
    assert "AREALWEB_COMMENT_RATE_LIMIT = 10/minute" in shown.output
