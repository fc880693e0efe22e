"""Enumerated values read the way people write them: by code or by the label a page shows.

A page shows a theme as «Møteplasser og nærmiljøer» (or, in English, its English label); the
API stores ``møteplasser og nærmiljøer``. A client that sends back what it read must not be
refused for its capitals or for sending the label: :func:`Choice` accepts an enum's value or its
label in any interface language, whatever the case and surrounding spaces, and turns it into the
value before pydantic checks it. Anything else is refused as before, with the accepted values
listed. Zone categories are free text checked against the kind's catalogue, so
:data:`Category` does the same for them: a category's label becomes its code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from babel.support import NullTranslations, Translations
from pydantic import BeforeValidator

from arealweb.domain.zones import CATEGORY_LABELS
from arealweb.schemas.base import LAX

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
INTERFACE_LOCALES = ("en",)
"""The interface languages besides bokmål, whose labels are accepted too."""


@cache
def _catalogues() -> tuple[Translations | NullTranslations, ...]:
    return tuple(Translations.load(str(TRANSLATIONS), [locale]) for locale in INTERFACE_LOCALES)


def _spellings(label: str) -> Iterable[str]:
    """``label`` in bokmål and in each other interface language."""
    yield label
    for catalogue in _catalogues():
        yield catalogue.gettext(label)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def lookup(values: Mapping[str, str]) -> dict[str, str]:
    """From each value and each spelling of its label (folded) to the value; a value's own
    spelling wins over another value's label."""
    table: dict[str, str] = {}
    for value, label in values.items():
        for spelling in _spellings(label):
            table.setdefault(_key(spelling), value)
    table.update({_key(value): value for value in values})
    return table


def _normaliser(table: Callable[[], Mapping[str, str]]) -> Callable[[object], object]:
    """A before-validator: text found in ``table()`` becomes its value, anything else passes
    unchanged to the field's own check (which refuses it, listing the values)."""

    def normalise(given: object) -> object:
        if isinstance(given, str):
            return table().get(_key(given), given)
        return given

    return normalise


def Choice(enum: type[Enum]) -> Any:
    """A field holding one of ``enum``'s members, given by value or label, in any case."""
    table = cache(lambda: lookup({m.value: getattr(m, "label", m.value) for m in enum}))
    return Annotated[enum, LAX, BeforeValidator(_normaliser(table))]


category_code = _normaliser(cache(lambda: lookup(CATEGORY_LABELS)))
"""A category's code for its code or label in any case; other text unchanged (and refused by
the kind's catalogue later, with the codes listed)."""

Category = BeforeValidator(category_code)
