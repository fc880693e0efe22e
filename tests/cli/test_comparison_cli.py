"""`arealweb scenario compare` through Flask's CLI runner, on SQLite and PostGIS."""

from __future__ import annotations

import csv
import io

import pytest

from arealweb.cli.comparison import compare_command
from arealweb.http.store import current_store
from tests.comparisons import build, expected
from tests.conftest import _app


@pytest.fixture
def app(database_url, tmp_path):
    for made in _app(database_url, tmp_path):
        with made.app_context():
            build(current_store())
        yield made


def test_the_table_has_a_column_per_plan_and_scenario(app):
    result = app.test_cli_runner().invoke(compare_command, ["jordet", "sykkel"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0].split()[-6:] == ["Planen", "i", "dag", "Vekst", "på", "jordet", "Sykkelbyen"][-6:]
    )
    taken = next(line for line in lines if line.startswith("Utvikling på jordvern"))
    assert taken.split()[-3:] == ["3,5", "8,5", "1,0"]
    light = next(line for line in lines if line.startswith("Utviklingsareal på jordvern"))
    assert light.split()[-6:] == ["(Nær)", "8,5", "(Ikke", "nådd)", "1,0", "(Nådd)"]


def test_csv_parses_with_a_row_per_figure(app):
    result = app.test_cli_runner().invoke(compare_command, ["sykkel", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output), delimiter=";"))
    assert rows[0] == ["Gruppe", "Tall", "Enhet", "Planen i dag", "Sykkelbyen"]
    cycle = next(r for r in rows if r[1] == "Lengde på hovedsykkelvei")
    assert float(cycle[4].replace(",", ".")) == pytest.approx(
        expected("sykkel").main_cycle_m / 1000, rel=0.01
    )


def test_an_unknown_scenario_fails_with_its_name(app):
    result = app.test_cli_runner().invoke(compare_command, ["finnes-ikke"])
    assert result.exit_code == 1
    assert "«finnes-ikke» finnes ikke" in result.output


def test_it_is_the_scenario_groups_compare_command(demo):
    result = demo("scenario", "compare", "--help")
    assert "--format [table|csv]" in result.output
    result = demo("scenario", "compare", "finnes-ikke", ok=False)
    assert result.exit_code == 1 and "«finnes-ikke» finnes ikke" in result.output
