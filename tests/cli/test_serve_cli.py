"""`arealweb serve` refuses, before any process starts, what would only go wrong with several
processes or an old schema; the message says what to set."""

from __future__ import annotations


def test_several_processes_need_shared_counting_and_a_fixed_key(demo):
    refused = demo("serve", "--workers", "2", ok=False, extra_env={"AREALWEB_SECRET_KEY": None})
    assert refused.exit_code != 0
    assert "AREALWEB_RATE_LIMIT_STORAGE=redis://" in refused.output
    assert "AREALWEB_SECRET_KEY" in refused.output
    assert "Listening" not in refused.output


def test_a_fixed_key_alone_is_not_enough_when_limits_count_in_memory(demo):
    refused = demo("serve", "--workers", "3", ok=False)
    assert "3 prosesser teller hver sine grenser i minnet" in refused.output
    assert "AREALWEB_SECRET_KEY" not in refused.output


def test_the_workers_setting_is_checked_like_the_option(demo):
    refused = demo("serve", ok=False, extra_env={"AREALWEB_WORKERS": "2"})
    assert "AREALWEB_RATE_LIMIT_STORAGE" in refused.output


def test_an_old_schema_is_not_served(cli):
    refused = cli("serve", ok=False)
    assert "arealweb init" in refused.output


def test_bad_serve_settings_are_named(demo):
    refused = demo("serve", ok=False, extra_env={"AREALWEB_ACCESS_LOG": "xml"})
    assert "AREALWEB_ACCESS_LOG" in refused.output
    assert "off, text, json" in refused.output
