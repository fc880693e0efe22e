"""Real databases for every test: a fresh SQLite file, and a fresh PostGIS database.

PostGIS tests need ``AREALWEB_TEST_POSTGIS_URL`` (``make test`` starts a throwaway cluster and
sets it). Without it they fail, never skip: deselect them with ``-m "not postgis"`` when you
mean to. Each test gets its own database, cloned from a migrated template (and, for the demo
fixtures, from a template with the demo loaded), so tests never see each other's rows.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from arealweb.app import create_app
from arealweb.services.demo import load_demo
from arealweb.store.database import alembic_config, create_engine, migrate
from arealweb.store.repository import Store
from arealweb.store.schema import metadata


def _share_slow_pure_work() -> None:
    """Work that is the same in every test and costs a large part of each test's set-up, done
    once per test process with the real functions:

    - scrypt: each account a test makes hashes its password (about 0.1 s), and each sign-in
      checks one; the same password gives the same real hash (one salt) in every test, and a
      check's answer is the real function's for that hash and password.
    - URL rules: ``create_app`` (one app per test, each on its own database) spends most of its
      0.2 s in werkzeug compiling a Python builder for each of its ~200 rules; the builder's
      code depends only on the rule, so the apps share it (each rule still binds its own).
    """
    from werkzeug.routing import Rule

    from arealweb.services import accounts

    accounts.generate_password_hash = functools.lru_cache(maxsize=None)(
        accounts.generate_password_hash
    )
    accounts.check_password_hash = functools.lru_cache(maxsize=4096)(accounts.check_password_hash)
    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def shared_builder(rule: Rule, append_unknown: bool = True):
        defaults = tuple(sorted((k, repr(v)) for k, v in (rule.defaults or {}).items()))
        converters = tuple((name, type(c).__name__) for name, c in sorted(rule._converters.items()))
        key = (rule.rule, tuple(rule._trace), defaults, converters, append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = shared_builder


_share_slow_pure_work()

POSTGIS_URL = os.environ.get("AREALWEB_TEST_POSTGIS_URL")
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
"""The newest schema revision."""
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgis", id="postgis", marks=pytest.mark.postgis),
]
_counter = itertools.count()


class SQLiteFactory:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.templates: dict[str, Path] = {}

    def template(self, name: str, prepare) -> Path:
        if name not in self.templates:
            path = self.root / f"template-{name}.sqlite3"
            engine = create_engine(f"sqlite:///{path}")
            migrate(engine)
            prepare(Store(engine))
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            self.templates[name] = path
        return self.templates[name]

    def new(self, name: str, prepare) -> str:
        path = self.root / f"test-{next(_counter)}.sqlite3"
        shutil.copyfile(self.template(name, prepare), path)
        return f"sqlite:///{path}"


class PostGISFactory:
    def __init__(self, url: str) -> None:
        self.url = sa.make_url(url)
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.run = uuid.uuid4().hex[:8]
        self.templates: dict[str, str] = {}
        self.created: list[str] = []

    def _create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as connection:
            clause = f' TEMPLATE "{template}"' if template else ""
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def template(self, name: str, prepare) -> str:
        if name not in self.templates:
            db = f"arealweb_tpl_{self.run}_{name}"
            url = self._create(db)
            engine = create_engine(url)
            migrate(engine)
            prepare(Store(engine))
            engine.dispose()
            self.templates[name] = db
        return self.templates[name]

    def new(self, name: str, prepare) -> str:
        return self._create(f"arealweb_t_{self.run}_{next(_counter)}", self.template(name, prepare))

    def close(self) -> None:
        if os.environ.get("AREALWEB_TEST_POSTGIS_THROWAWAY") != "1":
            with self.admin.connect() as connection:
                for name in reversed(self.created):
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def sqlite_factory(tmp_path_factory) -> SQLiteFactory:
    return SQLiteFactory(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def postgis_factory():
    if not POSTGIS_URL:
        pytest.fail(
            "AREALWEB_TEST_POSTGIS_URL is not set: run `make test` (it starts PostGIS), or "
            "deselect these tests with -m 'not postgis'",
            pytrace=False,
        )
    factory = PostGISFactory(POSTGIS_URL)
    yield factory
    factory.close()


def _empty(store: Store) -> None:
    pass


def _demo(store: Store) -> None:
    load_demo(store)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


def _database(request, backend: str, name: str, prepare) -> str:
    factory = request.getfixturevalue(
        "postgis_factory" if backend == "postgis" else "sqlite_factory"
    )
    return factory.new(name, prepare)


@pytest.fixture
def database_url(request, backend) -> str:
    """A migrated, empty database."""
    return _database(request, backend, "empty", _empty)


@pytest.fixture
def demo_database_url(request, backend) -> str:
    """A migrated database with the demo loaded."""
    return _database(request, backend, "demo", _demo)


def _store(url: str):
    store = Store(create_engine(url))
    yield store
    store.signals.stop()
    store.engine.dispose()


@pytest.fixture
def store(database_url):
    yield from _store(database_url)


@pytest.fixture
def demo_store(demo_database_url):
    yield from _store(demo_database_url)


def _app(url: str, tmp_path: Path):
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret",
            "UPLOAD_FOLDER": tmp_path / "uploads",
            "DRAWINGS_FOLDER": tmp_path / "drawings",
        }
    )
    app.config["TESTING"] = True
    yield app
    from arealweb.http.store import current_store
    from arealweb.services.live import stop_listening
    from arealweb.web.drawn_pdf import wait_for_drawings

    wait_for_drawings()  # a PDF the test asked for is drawn before its database goes

    with app.app_context():
        stop_listening(current_store())
        current_store().engine.dispose()


@pytest.fixture
def app(demo_database_url, tmp_path):
    yield from _app(demo_database_url, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


def snapshot(store: Store, skip: tuple[str, ...] = ("api_tokens",)) -> dict[str, list[tuple]]:
    """Every row of every table, geometries as WKB hex: to prove that nothing changed.

    API tokens are left out by default: using one notes when it was last used."""
    import shapely

    tables = {}
    with store.engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name in skip:
                continue
            rows = connection.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            tables[table.name] = [
                tuple(shapely.to_wkb(v, hex=True) if hasattr(v, "geom_type") else v for v in row)
                for row in rows
            ]
    return tables


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the English catalogue when it is missing or older than its source."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    folder = (
        Path(__file__).resolve().parent.parent / "arealweb" / "translations" / "en" / "LC_MESSAGES"
    )
    po, mo = folder / "messages.po", folder / "messages.mo"
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        with po.open("rb") as source, mo.open("wb") as target:
            write_mo(target, read_po(source))
