"""`arealweb serve` refuses, before any process starts, what would only go wrong with several
processes or an old schema; the message says what to set."""

from __future__ import annotations

import socket


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


def test_a_loaded_worker_freezes_what_it_holds_and_ends_its_streams_on_stop(app):
    """post_worker_init: the app and its imports leave the collector's rounds; SIGTERM then
    ends the worker's streams before gunicorn's own handler runs."""
    import gc
    import signal
    from types import SimpleNamespace

    from arealweb.cli.serve import _worker_ready

    before = signal.getsignal(signal.SIGTERM)
    frozen = gc.get_freeze_count()
    try:
        _worker_ready(SimpleNamespace(wsgi=app))
        assert gc.get_freeze_count() > frozen
        assert signal.getsignal(signal.SIGTERM) is not before
    finally:
        gc.unfreeze()
        signal.signal(signal.SIGTERM, before)


def test_a_port_another_server_listens_on_is_refused(demo, monkeypatch):
    """The workers listen with SO_REUSEPORT, which would let them join another server on the
    same port (one started with the same flag) and take half its connections: refused first."""
    from arealweb.cli import serve

    def started(self) -> None:
        raise AssertionError("gunicorn started on a port in use")

    monkeypatch.setattr(serve._Gunicorn, "run", started)
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        refused = demo("serve", "--port", str(port), ok=False)
    assert f"127.0.0.1:{port} er i bruk av en annen server" in refused.output
    assert "Listening" not in refused.output


def test_a_port_is_probed_as_gunicorn_binds_it():
    from arealweb.cli.serve import _bind, port_taken

    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        # «localhost» is bound as IPv4 by gunicorn (whatever /etc/hosts lists first).
        for host in ("127.0.0.1", "localhost", "0.0.0.0"):
            assert "er i bruk" in port_taken(host, port), host
    assert port_taken("127.0.0.1", port) is None  # closed again
    assert port_taken("", port) is None  # every interface, as gunicorn reads ""
    with socket.socket(socket.AF_INET6) as other:
        other.bind(("::1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert "er i bruk" in port_taken("[::1]", port)
        assert "er i bruk" in port_taken("::1", port)
        assert port_taken("127.0.0.1", port) is None
    assert (_bind("::1", 8000), _bind("[::]", 8000)) == ("[::1]:8000", "[::]:8000")
    assert (_bind("127.0.0.1", 8000), _bind("localhost", 8000)) == (
        "127.0.0.1:8000",
        "localhost:8000",
    )


def test_only_several_workers_on_linux_listen_on_sockets_of_their_own(monkeypatch):
    from arealweb.cli.serve import own_sockets

    monkeypatch.setattr("sys.platform", "linux")
    assert (own_sockets(1), own_sockets(4)) == (False, True)
    monkeypatch.setattr("sys.platform", "darwin")
    assert own_sockets(4) is False


def test_a_worker_whose_database_does_not_answer_starts_and_says_so(tmp_path, caplog):
    """post_worker_init prepares the worker's first connection; with the database down the
    worker starts anyway (its requests answer 503 until the database is back)."""
    from arealweb.app import create_app, prepare_worker
    from arealweb.http.store import current_store
    from arealweb.services.live import stop_listening

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/arealweb"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test", "UPLOAD_FOLDER": tmp_path})
    try:
        prepare_worker(app)
        assert "database not prepared at start" in caplog.text
        assert app.test_client().get("/api/v1/zones").status_code == 503
    finally:
        import gc

        gc.unfreeze()
        with app.app_context():
            stop_listening(current_store())
            current_store().engine.dispose()


def test_a_worker_whose_warm_up_fails_in_the_driver_starts_all_the_same(tmp_path, caplog):
    """The warm-up reads through the driver's own cursor; an error there (here a database file
    without arealweb's tables) is logged and the worker starts: gunicorn would otherwise stop
    every worker for one failed boot."""
    import gc

    from arealweb.app import create_app, prepare_worker
    from arealweb.http.store import current_store

    url = f"sqlite:///{tmp_path / 'tom.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test", "UPLOAD_FOLDER": tmp_path})
    try:
        prepare_worker(app)
        assert "database not prepared at start" in caplog.text
        assert "zones" in caplog.text
    finally:
        gc.unfreeze()
        with app.app_context():
            current_store().engine.dispose()
