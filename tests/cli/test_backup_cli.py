"""`arealweb backup PATH` and `arealweb restore PATH` on SQLite and PostGIS: a backup restored
into an empty database answers the API exactly as the original did, its accounts sign in and
their tokens work; a wrong file, a database that holds a plan, a backup newer than the code and
a broken backup are refused in bokmål and leave the database as it was."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from arealweb.app import create_app
from arealweb.http.store import current_store
from arealweb.services import workshops
from tests.api.test_error_shape import comment
from tests.conftest import HEAD, snapshot
from tests.web.conftest import csrf

PASSWORD = "et-langt-passord"
SECRET = "backup-test-secret"


@pytest.fixture
def url(demo_database_url):
    """The commands run against the test's demo database unless told otherwise."""
    return demo_database_url


def app_on(url, tmp_path):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "UPLOAD_FOLDER": tmp_path / "up"})
    app.config["TESTING"] = True
    return app


def dispose(app) -> None:
    with app.app_context():
        current_store().engine.dispose()


def store_of(url):
    from arealweb.services.database import open_store

    return open_store(url)


def tables(url, skip=()) -> dict:
    """Every row of every table but the comments' revision, which a restore moves on purpose
    (so no ETag of the replaced comments matches): :func:`comments_revision`."""
    store = store_of(url)
    try:
        return snapshot(store, skip=(*skip, "revisions"))
    finally:
        store.engine.dispose()


def comments_revision(url) -> int:
    from arealweb.services.participation import comments_revision as revision

    store = store_of(url)
    try:
        return revision(store)
    finally:
        store.engine.dispose()


@pytest.fixture
def plan(cli, url, tmp_path):
    """The demo with an account and its token, a signed-in session, an edited zone, a
    moderated comment with its receipt and a workshop with a word: what a backup must keep."""
    cli("user", "create", "kari", "--role", "planner", "--password-stdin", input=PASSWORD + "\n")
    token = cli("token", "create", "kari", "--label", "QGIS").output.strip()
    bearer = {"Authorization": f"Bearer {token}"}
    app = app_on(url, tmp_path)
    client = app.test_client()
    zone = client.get("/api/v1/zones").json["features"][0]
    zone["properties"]["name"] = "Sandvika sentrum, utvidet"
    edited = client.put(
        f"/api/v1/zones/{zone['id']}",
        json=zone,
        headers={**bearer, "If-Match": client.get(f"/api/v1/zones/{zone['id']}").headers["ETag"]},
    )
    assert edited.status_code == 200, edited.json
    posted = client.post(
        "/api/v1/comments",
        json={**comment(), "properties": {**comment()["properties"], "name": "Ola"}},
    )
    assert posted.status_code == 201
    moderated = client.post(
        f"/api/v1/comments/{posted.json['id']}/moderation",
        json={"action": "approve"},
        headers=bearer,
    )
    assert moderated.status_code == 200
    with app.app_context():
        found = workshops.create_workshop(
            current_store(),
            {
                "title": "Målverksted",
                "held_on": "2026-11-20",
                "groups": ["Gruppe 1"],
                "prompts": ["Bærum 2040"],
                "focus_goal_ids": ["2020.hm3"],
            },
            "kari",
        )
        workshops.add_word(
            current_store(), found.id, found.groups[0].code, {"prompt": "Bærum 2040", "word": "sol"}
        )
    browser = app.test_client()
    form = browser.get("/logg-inn").data.decode()
    signed_in = browser.post(
        "/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)}
    )
    assert signed_in.status_code == 302
    assert browser.get("/konto").status_code == 200
    dispose(app)
    return {
        "bearer": bearer,
        "zone": zone["id"],
        "receipt": {"X-Receipt-Token": posted.json["receipt_token"]},
        "workshop": found.id,
        "session": browser.get_cookie("session").value,
    }


def answers(url, plan, tmp_path) -> dict:
    """What the API answers about everything the plan holds (status and JSON)."""
    app = app_on(url, tmp_path)
    client = app.test_client()
    got = {}
    for path, headers in [
        ("/api/v1/zones", {}),
        ("/api/v1/goals", {}),
        (f"/api/v1/zones/{plan['zone']}", {}),
        (f"/api/v1/zones/{plan['zone']}/history", plan["bearer"]),
        ("/api/v1/comments", {}),
        ("/api/v1/comments?view=moderation", plan["bearer"]),
        ("/api/v1/comments/counts", {}),
        ("/api/v1/receipt", plan["receipt"]),
        (f"/api/v1/workshops/{plan['workshop']}/words", plan["bearer"]),
    ]:
        response = client.get(path, headers=headers)
        got[path] = (response.status_code, response.json)
    dispose(app)
    return got


def backed_up(cli, url, path) -> str:
    return cli("backup", path, extra_env={"AREALWEB_DATABASE_URL": url}).output


def test_a_restored_backup_answers_as_the_original_and_its_account_signs_in(
    cli, url, database_url, plan, tmp_path
):
    before = answers(url, plan, tmp_path)
    assert {p: s for p, (s, _) in before.items() if s != 200} == {}
    assert before["/api/v1/comments"][1]["features"]  # the approved comment is public
    rows = tables(url, skip=())
    made = backed_up(cli, url, tmp_path / "plan.backup")
    assert (tmp_path / "plan.backup").stat().st_mode & 0o777 == 0o600  # it holds password hashes
    assert re.search(r"Sikkerhetskopi \((SQLite|PostGIS), skjemaversjon \w+, [\d.]+ MB\)", made)
    assert "30 soner, 36 mål, 1 kontoer, 1 innspill, 1 verksteder." in made

    restored = cli(
        "restore", tmp_path / "plan.backup", extra_env={"AREALWEB_DATABASE_URL": database_url}
    )
    assert f"(skjemaversjon {HEAD}, nå {HEAD})" in restored.output
    assert "30 soner, 36 mål, 1 kontoer, 1 innspill, 1 verksteder." in restored.output
    assert tables(database_url, skip=()) == rows  # every row of every table, tokens' too
    assert comments_revision(database_url) > comments_revision(url)
    assert answers(database_url, plan, tmp_path) == before

    app = app_on(database_url, tmp_path)
    browser = app.test_client()
    browser.set_cookie("session", plan["session"])
    assert browser.get("/konto").status_code == 200  # the session goes on
    fresh = app.test_client()
    form = fresh.get("/logg-inn").data.decode()
    signed_in = fresh.post(
        "/logg-inn", data={"name": "kari", "password": PASSWORD, "csrf_token": csrf(form)}
    )
    assert signed_in.status_code == 302 and fresh.get("/konto").status_code == 200
    zone = fresh.get(f"/api/v1/zones/{plan['zone']}")
    feature = zone.json
    feature["properties"]["name"] = "Sandvika etter gjenoppretting"
    saved = app.test_client().put(
        f"/api/v1/zones/{plan['zone']}",
        json=feature,
        headers={**plan["bearer"], "If-Match": zone.headers["ETag"]},
    )
    assert saved.status_code == 200  # the token works, and the zone's version goes on
    dispose(app)
    audit = cli("audit", extra_env={"AREALWEB_DATABASE_URL": database_url}).output
    assert "kari" in audit


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_sqlite_backup_is_restored_where_no_database_was_yet(cli, url, plan, tmp_path):
    rows = tables(url, skip=())
    backed_up(cli, url, tmp_path / "plan.backup")
    target = tmp_path / "new" / "arealweb.sqlite3"
    new = f"sqlite:///{target}"
    cli("restore", tmp_path / "plan.backup", extra_env={"AREALWEB_DATABASE_URL": new})
    assert tables(new, skip=()) == rows
    itself = cli("backup", target, extra_env={"AREALWEB_DATABASE_URL": new}, ok=False)
    assert "sikkerhetskopien kan ikke skrives over selve databasen" in itself.output
    assert tables(new, skip=()) == rows
    assert (tmp_path / "plan.backup").read_bytes()[:16] == b"SQLite format 3\x00"


def refused(cli, target, *args) -> str:
    result = cli("restore", *args, extra_env={"AREALWEB_DATABASE_URL": target}, ok=False)
    assert result.exit_code == 1
    assert "Ingenting ble endret." in result.output
    return result.output


def test_a_file_that_is_no_backup_is_refused(cli, database_url, tmp_path):
    before = tables(database_url)
    text = tmp_path / "notes.txt"
    text.write_text("Dette er ingen sikkerhetskopi\n")
    output = refused(cli, database_url, text)
    assert "er ikke en sikkerhetskopi fra «arealweb backup»" in output
    assert "fant ikke filen" in refused(cli, database_url, tmp_path / "missing.backup")
    assert tables(database_url) == before


def test_a_backup_of_the_other_kind_of_database_is_refused(cli, database_url, tmp_path, backend):
    before = tables(database_url)
    other = tmp_path / "other.backup"
    if backend == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(64))
        expected = "er en sikkerhetskopi av en PostGIS-database, men denne databasen er SQLite"
    else:
        other.write_bytes(b"SQLite format 3\x00" + bytes(84))
        expected = "er en sikkerhetskopi av en SQLite-database, men denne databasen er PostGIS"
    assert expected in refused(cli, database_url, other)
    assert tables(database_url) == before


def test_a_database_that_holds_a_plan_is_only_replaced_with_force(cli, url, database_url, tmp_path):
    backed_up(cli, database_url, tmp_path / "empty.backup")
    before = tables(url)
    output = refused(cli, url, tmp_path / "empty.backup")
    assert (
        "databasen har allerede innhold: 30 soner, 36 mål, 0 kontoer, 0 innspill og "
        "0 verksteder; bruk --force" in output
    )
    assert tables(url) == before
    forced = cli(
        "restore", tmp_path / "empty.backup", "--force", extra_env={"AREALWEB_DATABASE_URL": url}
    )
    assert "0 soner, 0 mål, 0 kontoer, 0 innspill, 0 verksteder." in forced.output
    assert tables(url) == tables(database_url)


def test_a_backup_newer_than_the_code_is_refused(cli, url, database_url, tmp_path):
    store = store_of(url)
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.engine.dispose()
    backed_up(cli, url, tmp_path / "future.backup")
    before = tables(database_url)
    output = refused(cli, database_url, tmp_path / "future.backup")
    assert (
        "har skjemaversjon 9999_future, som er nyere enn denne versjonen av arealweb kjenner "
        f"({HEAD}); oppdater arealweb først" in output
    )
    assert tables(database_url) == before


def test_a_broken_backup_leaves_the_database_as_it_was_even_with_force(cli, url, tmp_path, backend):
    backed_up(cli, url, tmp_path / "whole.backup")
    whole = (tmp_path / "whole.backup").read_bytes()
    broken = tmp_path / "broken.backup"
    if backend == "sqlite":  # its second half overwritten
        broken.write_bytes(whole[: len(whole) // 2] + bytes(len(whole) - len(whole) // 2))
    else:  # cut short; its header and schema revision are still there
        broken.write_bytes(whole[:-100])
    store = store_of(url)
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE zones SET name = 'Endret etter kopien' WHERE id = ("
                "SELECT min(id) FROM zones)"
            )
        )
    store.engine.dispose()
    before = tables(url)
    output = refused(cli, url, broken, "--force")
    if backend == "sqlite":
        assert (
            "broken.backup er ikke en sikkerhetskopi fra «arealweb backup»: filen er skadet"
            in output
        )
    else:  # it fails in the middle of the restore's own transaction, which rolls back
        assert re.search(r"(psql|pg_restore) mislyktes: .*(ERROR|error):", output)
    assert tables(url) == before


@pytest.fixture
def old_url(request, backend, tmp_path):
    """A database created at schema revision 0010, before the editing views and the history's
    later columns."""
    from arealweb.store.database import create_engine, migrate

    if backend == "sqlite":
        old = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    else:
        factory = request.getfixturevalue("postgis_factory")
        old = factory._create(f"arealweb_old_{factory.run}_{len(factory.created)}")
    engine = create_engine(old)
    migrate(engine, "0010")
    engine.dispose()
    return old


def test_a_backup_of_an_older_schema_is_restored_and_migrated_to_the_newest(
    cli, old_url, database_url, tmp_path
):
    from datetime import UTC, datetime

    from werkzeug.security import generate_password_hash

    from arealweb.store.schema import users

    store = store_of(old_url)
    with store.engine.begin() as connection:
        connection.execute(
            sa.insert(users).values(
                name="ada",
                password_hash=generate_password_hash(PASSWORD),
                role="admin",
                active=True,
                created_at=datetime.now(UTC),
            )
        )
    store.engine.dispose()
    assert "skjemaversjon 0010" in backed_up(cli, old_url, tmp_path / "old.backup")
    restored = cli(
        "restore", tmp_path / "old.backup", extra_env={"AREALWEB_DATABASE_URL": database_url}
    )
    assert f"(skjemaversjon 0010, nå {HEAD}): 0 soner, 0 mål, 1 kontoer" in restored.output
    listed = cli("user", "list", extra_env={"AREALWEB_DATABASE_URL": database_url}).output
    assert "ada\tadmin" in listed
    again = cli("init", extra_env={"AREALWEB_DATABASE_URL": database_url}).output
    assert f"Databasen er allerede oppdatert (versjon {HEAD})" in again
    app = app_on(database_url, tmp_path)
    browser = app.test_client()
    form = browser.get("/logg-inn").data.decode()
    browser.post("/logg-inn", data={"name": "ada", "password": PASSWORD, "csrf_token": csrf(form)})
    assert browser.get("/konto").status_code == 200
    dispose(app)


def test_a_backup_whose_migration_fails_leaves_the_database_as_it_was(cli, url, old_url, tmp_path):
    """The backup is at schema 0010 and holds a table of its own named as one a later
    migration creates (made in QGIS, say): its migration fails after the data is loaded. On
    PostGIS the load, the migration and the comments' revision are one transaction, so the
    database holding the demo is left exactly as it was, at the newest schema."""
    store = store_of(old_url)
    with store.engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE goal_indicators (note VARCHAR(40))"))
        connection.execute(sa.text("INSERT INTO goal_indicators VALUES ('laget i QGIS')"))
    store.engine.dispose()
    backed_up(cli, old_url, tmp_path / "old.backup")
    before, revision = tables(url), comments_revision(url)
    output = refused(cli, url, tmp_path / "old.backup", "--force")
    assert (
        f"sikkerhetskopien kunne ikke oppgraderes til skjemaversjonen denne versjonen av "
        f"arealweb bruker ({HEAD}): " in output
    )
    assert "goal_indicators" in output
    assert tables(url) == before
    assert comments_revision(url) == revision
    again = cli("init", extra_env={"AREALWEB_DATABASE_URL": url}).output
    assert f"Databasen er allerede oppdatert (versjon {HEAD})" in again


FOREIGN = {
    "function": "CREATE FUNCTION planners_note() RETURNS text LANGUAGE sql AS $body$\n"
    "SELECT 'første linje\n\\restrict abc\nCOPY public.zones (id) FROM stdin;\n\\.\n"
    "\\unrestrict abc\nsiste linje'\n$body$",
    "types": "CREATE TYPE planners_mood AS ENUM ('glad', 'sur'); "
    "CREATE DOMAIN planners_short AS varchar(40)",
    "table": "CREATE TABLE planners_notes (note text, mood planners_mood, tag planners_short)",
    "comment": "COMMENT ON TABLE planners_notes IS E'Notater:\\n--\\n"
    "-- Data for Name: planners_notes; Type: TABLE DATA; Schema: public; Owner: -\\n--\\n\\n"
    "COPY public.planners_notes (note) FROM stdin;\\nslutt'",
    "schema": "CREATE SCHEMA planners_work; CREATE TABLE planners_work.sketches (id int); "
    "INSERT INTO planners_work.sketches VALUES (7)",
    "broken name": 'CREATE TABLE "planners\nlist" ("num\nber" int); '
    'INSERT INTO "planners\nlist" VALUES (1), (2)',
    "rows": "INSERT INTO planners_notes VALUES (E'\\\\.'), (E'a\\tb\\nc\\\\d'), "
    "(E'COPY x FROM stdin;'), (NULL), ('100 %% sikkert')",
}
"""Objects someone made in the database beside arealweb's (a planner in psql, say) whose text
looks like the lines of pg_restore's script: a function whose body holds psql's guard lines,
a comment that holds a table's data heading and a COPY, rows that hold COPY's end marker, a
table and a column whose names hold a line break (pg_restore's COPY then spans lines), and a
schema of the planners' own."""


def foreign_objects(url) -> tuple:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        found = (
            connection.execute(sa.text("SELECT planners_note()")).scalar(),
            connection.execute(
                sa.text("SELECT obj_description('planners_notes'::regclass)")
            ).scalar(),
            connection.execute(sa.text("SELECT note FROM planners_notes ORDER BY note")).all(),
            connection.exec_driver_sql('SELECT "num\nber" FROM "planners\nlist"').all(),
            connection.exec_driver_sql("SELECT id FROM planners_work.sketches").all(),
        )
    engine.dispose()
    return found


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_objects_whose_text_looks_like_the_restore_script_come_back_unchanged(
    cli, url, database_url, tmp_path
):
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for statement in FOREIGN.values():
            connection.exec_driver_sql(statement)
    engine.dispose()
    made = foreign_objects(url)
    assert "\\restrict abc" in made[0] and "-- Data for Name:" in made[1] and len(made[2]) == 5
    assert made[3] == [(1,), (2,)] and made[4] == [(7,)]
    backed_up(cli, url, tmp_path / "notes.backup")
    cli("restore", tmp_path / "notes.backup", extra_env={"AREALWEB_DATABASE_URL": database_url})
    assert foreign_objects(database_url) == made
    assert tables(database_url) == tables(url)
    # Onto the database it came from: what was there, its own types too, is replaced.
    rows = tables(url)
    cli("restore", tmp_path / "notes.backup", "--force", extra_env={"AREALWEB_DATABASE_URL": url})
    assert foreign_objects(url) == made
    assert tables(url) == rows


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_a_backup_with_large_objects_is_refused_and_changes_nothing(cli, url, tmp_path):
    """A large object's part of pg_restore's script commits by itself, which would end the
    restore's one transaction half way: such a backup (never one of arealweb's) is refused."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT lo_from_bytea(0, 'et stort objekt')")
    engine.dispose()
    backed_up(cli, url, tmp_path / "lo.backup")
    with sa.create_engine(url).begin() as connection:
        connection.exec_driver_sql("SELECT lo_unlink(oid) FROM pg_largeobject_metadata")
    before, revision = tables(url), comments_revision(url)
    output = refused(cli, url, tmp_path / "lo.backup", "--force")
    assert (
        "lo.backup inneholder store objekter (large objects), som arealweb aldri lager; den kan "
        "ikke gjenopprettes i én transaksjon, så gjenopprett den med pg_restore" in output
    )
    assert tables(url) == before
    assert comments_revision(url) == revision


@pytest.fixture
def roles(url, database_url):
    """Two fresh role names; they are dropped again from both databases afterwards."""
    import uuid

    names = [f"qgis_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    yield names
    for each in (url, database_url):
        engine = sa.create_engine(each)
        with engine.begin() as connection:
            for name in names:
                exists = sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n")
                if connection.execute(exists, {"n": name}).scalar():
                    connection.exec_driver_sql(f'DROP OWNED BY "{name}"')
        engine.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for name in names:
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
    engine.dispose()


def may_edit(url, role) -> bool:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        allowed = connection.execute(
            sa.text("SELECT has_table_privilege(:r, 'editing.development_zones', 'UPDATE')"),
            {"r": role},
        ).scalar()
    engine.dispose()
    return allowed


@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_grants_to_the_editing_roles_are_restored_and_a_missing_role_is_named(
    cli, url, database_url, roles, tmp_path
):
    kept, gone = roles
    for role in roles:
        cli("editor-role", role)
    backed_up(cli, url, tmp_path / "roles.backup")
    target = {"AREALWEB_DATABASE_URL": database_url}
    restored = cli("restore", tmp_path / "roles.backup", extra_env=target)
    assert "Rollen" not in restored.output
    assert may_edit(database_url, kept) and may_edit(database_url, gone)
    for each in (url, database_url):
        engine = sa.create_engine(each)
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP OWNED BY "{gone}"')
        engine.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP ROLE "{gone}"')
    engine.dispose()
    restored = cli("restore", tmp_path / "roles.backup", "--force", extra_env=target)
    assert (
        f"Rollen {gone} finnes ikke på denne serveren; rettighetene den hadde er utelatt. "
        f"Lag den med «arealweb editor-role {gone}»." in restored.output
    )
    assert f"Rollen {kept} " not in restored.output
    assert may_edit(database_url, kept)  # its grants were left out with the rest: given again
