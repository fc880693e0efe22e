"""Every user-facing string can be found by Babel's extractor (bokmål is the source language)."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def extracted() -> set[str]:
    method_map = [("arealweb/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "N_": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_domain_messages_cli_output_and_page_texts_are_extractable():
    messages = extracted()
    assert "geometrien er tom" in messages
    assert "målet «%(goal)s» finnes ikke" in messages
    assert "Ingenting ble endret." in messages
    assert (
        "Importert %(num)d sone: %(created)s, %(updated)d endret, %(unchanged)d uendret."
        in messages
    )
    assert "Soner i arealstrategien" in messages
    assert "%(num)d sone" in messages
    assert "Hovedsykkelvei" in messages


def test_every_string_has_an_english_text():
    with open(ROOT / "arealweb/translations/en/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    english = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}
    untranslated = sorted(m for m in extracted() if not english.get(m))
    assert untranslated == [], "run `make messages` and translate these"
