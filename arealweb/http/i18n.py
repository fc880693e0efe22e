"""Language: Norwegian bokmål is the source language; English is the other choice.

The domain marks its messages with ``N_`` and carries their parameters apart (see
:class:`arealweb.domain.errors.Problem`); they are translated here, when shown.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel, gettext

from arealweb.domain.errors import Problem

LOCALES = ("nb", "en")
LANGUAGE_COOKIE = "arealweb_lang"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    """``?lang=``, else the language the visitor chose with the switch (a cookie), else the
    configured default. Bokmål comes first: the browser's language list is not consulted."""
    default = current_app.config["DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    for chosen in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if chosen in LOCALES:
            return chosen
    return default


def init_babel(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))


def translate(problem: Problem) -> str:
    """The problem's message in the current language, prefixed with where it is."""
    text = (
        gettext(problem.template, **problem.params) if problem.params else gettext(problem.template)
    )
    return f"{problem.where}: {text}" if problem.where else text
