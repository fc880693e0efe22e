"""Extract every translatable string and merge it into the catalogues (maintainers run this).

    python scripts/update_translations.py        # extract, update arealweb/translations/*.po
    python scripts/update_translations.py --check  # fail when a string lacks an English text

Norwegian bokmål is the source language; English lives in arealweb/translations/en/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "arealweb" / "translations"
POT = TRANSLATIONS / "messages.pot"


def extract() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "-k",
            "gettext",
            "-k",
            "lazy_gettext",
            "-k",
            "ngettext:1,2",
            "-k",
            "plural_forms:1,2",
            "--no-location",
            "--omit-header",
            "-o",
            str(POT),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "update",
            "-i",
            str(POT),
            "-d",
            str(TRANSLATIONS),
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def missing(locale: str = "en") -> list[str]:
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    return [
        str(m.id)
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]


if __name__ == "__main__":
    if "--check" not in sys.argv:
        extract()
    gaps = missing()
    for message in gaps:
        print(f"untranslated: {message}")
    sys.exit(1 if gaps and "--check" in sys.argv else 0)
