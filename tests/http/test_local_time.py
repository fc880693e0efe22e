"""Dates and times as the reader writes them, in the configured time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from arealweb.app import create_app
from arealweb.domain.errors import Problem
from arealweb.http.i18n import (
    date_text,
    local_stamp,
    moment_text,
    plural_forms,
    time_text,
    translate,
)
from arealweb.settings import SettingsError

LATE = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
"""22:30 UTC on 30 June: 00:30 on 1 July in Oslo (summer time)."""


def _app(tmp_path, **settings):
    return create_app(
        {"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "UPLOAD_FOLDER": tmp_path, **settings}
    )


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("nb", "1. juli 2026", "1. juli 2026, 00:30"),
        ("en", "Jul 1, 2026", "Jul 1, 2026, 12:30\u202fAM"),
    ],
)
def test_a_late_utc_moment_is_the_next_day_in_oslo_in_each_language(
    tmp_path, language, day, moment
):
    with _app(tmp_path).test_request_context(f"/?lang={language}"):
        assert date_text(LATE) == day
        assert moment_text(LATE) == moment
        assert time_text(LATE) == moment.split(", ")[-1]
        assert "2026-06-30" not in moment_text(LATE) and "UTC" not in moment_text(LATE)


def test_a_moment_stored_without_a_zone_is_read_as_utc(tmp_path):
    with _app(tmp_path).test_request_context("/?lang=nb"):
        assert moment_text(LATE.replace(tzinfo=None)) == "1. juli 2026, 00:30"
        assert local_stamp(LATE.replace(tzinfo=None)) == "2026-07-01 00:30"


def test_the_time_zone_is_a_setting(tmp_path):
    with _app(tmp_path, TIME_ZONE="America/New_York").test_request_context("/?lang=en"):
        assert moment_text(LATE) == "Jun 30, 2026, 6:30\u202fPM"
    with pytest.raises(SettingsError, match="TIME_ZONE"):
        _app(tmp_path, TIME_ZONE="Mars/Olympus_Mons")


def test_a_day_given_as_iso_text_and_a_day_in_a_problem_are_written_for_people(tmp_path):
    with _app(tmp_path).test_request_context("/?lang=nb"):
        assert date_text("2021-06-23", "long") == "23. juni 2021"
        problem = Problem(
            "innspillsrunden «%(title)s» er ikke åpen (%(opens)s–%(closes)s)",
            {"title": "Runde", "opens": date(2020, 1, 1), "closes": date(2020, 2, 1)},
        )
        assert translate(problem).endswith("(1. jan. 2020–1. feb. 2020)")


def test_a_script_gets_both_forms_of_a_counted_message(tmp_path):
    with _app(tmp_path).test_request_context("/?lang=en"):
        assert plural_forms("{count} enig", "{count} enige") == {
            "one": "{count} agrees",
            "other": "{count} agree",
        }
