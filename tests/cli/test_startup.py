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
    "weasyprint",
    "docx",
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


FIRST_ANSWER = """
from arealweb.app import create_app
app = create_app({{"DATABASE_URL": {url!r}, "SECRET_KEY": "test-secret"}})
client = app.test_client()
for path in {paths!r}:
    answer = client.get(path)
    print(answer.status_code, answer.get_data(as_text=True).count("Bærum"))
"""


def test_a_new_app_answers_its_goals_without_maps_frames_or_printouts(demo_database_url):
    loaded, printed = imported_by(
        FIRST_ANSWER.format(url=demo_database_url, paths=["/api/v1/goals"])
    )
    status, mentions = printed.split()
    assert status == "200" and int(mentions) > 0
    assert (
        sorted(
            set(loaded)
            & {"alembic", "folium", "geopandas", "matplotlib", "pandas", "weasyprint", "docx"}
        )
        == []
    )


def test_the_map_page_brings_folium_when_it_is_asked_for(demo_database_url):
    loaded, printed = imported_by(FIRST_ANSWER.format(url=demo_database_url, paths=["/"]))
    assert printed.split()[0] == "200"
    assert "folium" in loaded
