"""The import contracts hold, and they fail when a module breaks the architecture.

Each breach is written into a copy of the package, so the contracts are shown to catch it
(a contract that cannot fail would prove nothing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("architecture")
    shutil.copytree(
        ROOT / "arealweb",
        tree / "arealweb",
        ignore=shutil.ignore_patterns("static", "translations", "__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def breached(copy: Path, module: str, line: str):
    """Add ``line`` to ``module`` in the copy, run the contracts, and put the module back."""
    path = copy / (module.replace(".", "/") + ".py")
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n" + line + "\n", encoding="utf-8")
    try:
        return lint_imports(copy)
    finally:
        path.write_text(original, encoding="utf-8")


def test_the_package_as_it_is_keeps_every_contract(copy):
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        (
            "arealweb.cli.users",
            "from arealweb.web import blueprint  # noqa",
            "The command line goes through services, never through the web pages or the API",
        ),
        (
            "arealweb.cli.analysis",
            "import arealweb.api.analysis  # noqa",
            "The command line goes through services, never through the web pages or the API",
        ),
        (
            "arealweb.web.pages",
            "from arealweb.store.repository import Store  # noqa",
            "Services are the only door to the store: no adapter imports it",
        ),
        (
            "arealweb.services.plan",
            "from arealweb.web import blueprint  # noqa",
            "Every module sits in one layer, and layers import one way (ARCHITECTURE.md)",
        ),
        (
            "arealweb.domain.zones",
            "import sqlalchemy  # noqa",
            "The domain knows nothing of web, SQL or maps",
        ),
        (
            "arealweb.render.styles",
            "from flask_babel import gettext  # noqa",
            "Render draws what it is given: no web, no database",
        ),
    ],
)
def test_a_breach_fails_the_contract_that_forbids_it(copy, module, line, contract):
    result = breached(copy, module, line)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout


def test_a_module_outside_every_layer_fails(copy):
    stray = copy / "arealweb" / "helpers.py"
    stray.write_text('"""A module in no layer."""\n', encoding="utf-8")
    try:
        result = lint_imports(copy)
    finally:
        stray.unlink()
    assert result.returncode != 0
    assert "arealweb.helpers" in result.stdout
