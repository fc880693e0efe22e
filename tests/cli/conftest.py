"""The `arealweb` command through Click's runner, on a fresh SQLite file per test."""

import pytest
from click.testing import CliRunner

from arealweb.cli import main


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


@pytest.fixture
def cli(url, tmp_path):
    runner = CliRunner()
    env = {"AREALWEB_DATABASE_URL": url, "AREALWEB_SECRET_KEY": "test"}

    def run(*args, extra_env=None, ok=True, input=None):
        result = runner.invoke(
            main,
            [str(a) for a in args],
            env={**env, **(extra_env or {})},
            catch_exceptions=False,
            input=input,
        )
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture
def demo(cli):
    cli("init")
    cli("load-demo")
    return cli
