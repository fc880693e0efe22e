"""Colours of kinds, categories and map layers are written once, in the style table.

The scripts are checked in tests/web/test_scripts.py; here the templates, the stylesheet and
the Python modules. Workshop group colours are domain data (domain/workshops.py) and the
stylesheet's own interface colours (text, accent, warnings) are not the plan's.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def test_no_template_writes_a_colour():
    written = {
        path.name: HEX.findall(path.read_text(encoding="utf-8"))
        for path in (ROOT / "templates").glob("*.html")
    }
    assert {name: found for name, found in written.items() if found} == {}


def test_no_python_module_but_the_style_table_writes_a_colour():
    allowed = {Path("render/styles.py"), Path("domain/workshops.py")}
    package = ROOT / "arealweb"
    written = {
        str(path.relative_to(package)): HEX.findall(path.read_text(encoding="utf-8"))
        for path in package.rglob("*.py")
        if path.relative_to(package) not in allowed
    }
    assert {name: found for name, found in written.items() if found} == {}


def test_the_stylesheet_draws_the_plan_with_the_style_table_variables():
    css = (ROOT / "arealweb" / "static" / "app.css").read_text(encoding="utf-8")
    for rule in re.findall(r"\.(?:swatch|comment)-[\w-]+\s*\{[^}]*\}", css):
        assert not HEX.search(rule), rule
    assert "var(--boundary-stroke)" in css and "var(--station-fill)" in css
