"""Language: Norwegian bokmål is the source language; English is the other choice.

The domain marks its messages with ``N_`` and carries their parameters apart (see
:class:`arealweb.domain.errors.Problem`); they are translated here, when shown.

Dates and times a person reads are written here too, in the visitor's language and in the
configured time zone (``TIME_ZONE``, Europe/Oslo): pages and documents use these (numbers go
through Flask-Babel's ``decimalformat``); the API and machine exports keep ISO 8601 in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_babel import (
    Babel,
    format_date,
    format_time,
    get_locale,
    gettext,
    ngettext,
    to_user_timezone,
)

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
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config.get("TIME_ZONE", "Europe/Oslo")
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))


def date_text(value: date | datetime | str | None, form: str = "medium") -> str:
    """A day as the reader writes it («3. des. 2026», «Dec 3, 2026»); a moment is first moved
    to the local time zone, so a comment sent at 23:30 UTC is dated the next day in Oslo. An ISO
    day given as text (the goal versions' adoption date) is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = _local(value)
    return format_date(value, form)


def time_text(value: datetime | None) -> str:
    """The local time of day («09:05», «9:05 AM»)."""
    return format_time(_local(value), "short") if value is not None else ""


def moment_text(value: datetime | None) -> str:
    """A moment as local date and time («3. des. 2026, 09:05», «Dec 3, 2026, 9:05 AM»)."""
    if value is None:
        return ""
    pattern = get_locale().datetime_formats["medium"]
    return pattern.format(time_text(value), date_text(value)) if pattern else ""


def local_stamp(value: datetime | None, seconds: bool = False) -> str:
    """A moment as sortable local time for the terminal's tab-separated lists
    («2026-12-03 09:05»): the configured zone, not UTC, so an admin reads the clock on the wall;
    «-» for none."""
    if value is None:
        return "-"
    return _local(value).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def new_count(count: int) -> str:
    """«1 ny» / «2 nye»: how many rows an import or load created, for its summary line."""
    return ngettext("%(num)d ny", "%(num)d nye", count)


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """A message's singular and plural in the current language, for a script to choose
    between with ``Intl.PluralRules`` (both languages have the categories one and other)."""
    return {"one": ngettext(singular, plural, 1), "other": ngettext(singular, plural, 2)}


def _local(value: datetime) -> datetime:
    """The moment in the configured time zone; a moment without a zone is taken as UTC (the
    store keeps UTC)."""
    return to_user_timezone(value)


SHOWN_MAX = 1000
"""The most characters of a value a message repeats (what was sent may be megabytes: a page's
flash message travels in the session cookie, which a browser drops past 4 KB)."""


def _param_text(value: object) -> object:
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, str) and len(value) > SHOWN_MAX:
        return value[: SHOWN_MAX - 1] + "…"
    return value


def translate(problem: Problem, labels: Mapping[str, str] | None = None) -> str:
    """The problem's message in the current language, prefixed with where it is; a day or a
    moment among its parameters is written as the reader writes it. ``labels`` (a form's field
    codes → the message ids of their labels) names a field as the page shows it, not by its
    code (``target[0]`` → «Målverdi»)."""
    params = {name: _param_text(value) for name, value in problem.params.items()}
    text = gettext(problem.template, **params) if params else gettext(problem.template)
    where = problem.where
    if where and labels:
        label = labels.get(re.split(r"[.\[]", where, maxsplit=1)[0])
        where = gettext(label) if label else where
    return f"{where}: {text}" if where else text
