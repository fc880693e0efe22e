"""The editing views for QGIS (PostGIS, migration 0011): the statements QGIS sends through
``editing.development_zones``, ``editing.protection_zones`` and ``editing.corridors``, as the
role ``arealweb editor-role`` makes and as the tables' owner, reach the zones with the
database's rules, versions and history; the role cannot touch the tables themselves."""

from __future__ import annotations

import uuid

import pytest
import shapely
import shapely.geometry
import sqlalchemy as sa
from alembic import command

from arealweb.domain.errors import InvalidInput
from arealweb.domain.history import Action, Source
from arealweb.geo.crs import to_utm
from arealweb.services.database import editor_role, open_store
from arealweb.services.editing import restore_version
from arealweb.store.database import alembic_config
from tests.places import HASLUM, HASLUM_BOWTIE

pytestmark = [pytest.mark.postgis, pytest.mark.parametrize("backend", ["postgis"], indirect=True)]

QGIS = "QGIS 3.22"
PASSWORD = "et langt passord for QGIS"
COLUMNS = [
    "id",
    "name",
    "category",
    "status",
    "arealformal",
    "hensynssone",
    "description",
    "draft",
    "version",
    "updated_at",
    "geom",
]
HERE = shapely.MultiPolygon([to_utm(shapely.geometry.shape(HASLUM))])
"""About 174 daa around Haslum station, in EPSG:25832: inside Bærum, clear of the demo zones."""
TRAIL = shapely.MultiLineString([HERE.geoms[0].exterior.coords[:3]])
VIEWS = {
    "development_zones": "development",
    "protection_zones": "protection",
    "corridors": "corridor",
}
KINDS = tuple(VIEWS.values())


def wkb(geometry) -> bytes:
    return shapely.to_wkb(geometry)


def drop_role(store, name: str) -> None:
    with store.engine.begin() as connection:
        connection.exec_driver_sql(f'DROP OWNED BY "{name}"')
        connection.exec_driver_sql(f'DROP ROLE "{name}"')


@pytest.fixture
def editor(demo_store):
    """The role ``arealweb editor-role`` makes, with a password; yields its name."""
    name = f"qgis_{uuid.uuid4().hex[:10]}"
    editor_role(demo_store, name, PASSWORD)
    yield name
    drop_role(demo_store, name)


def connect_as(store, role: str | None) -> sa.Engine:
    """An engine as QGIS opens one: its own application_name, as ``role`` (None: the owner)."""
    url = store.engine.url
    if role is not None:
        url = url.set(username=role, password=PASSWORD)
    return sa.create_engine(url, connect_args={"application_name": QGIS})


@pytest.fixture(params=["editor", "owner"])
def qgis(request, demo_store):
    """QGIS connected as the editor role or as the tables' owner: (engine, expected actor)."""
    role = request.getfixturevalue("editor") if request.param == "editor" else None
    engine = connect_as(demo_store, role)
    yield engine, f"{QGIS} ({role or 'postgres'})"
    engine.dispose()


def run(engine: sa.Engine, statement: str, **params) -> sa.CursorResult:
    with engine.begin() as connection:
        return connection.execute(sa.text(statement), params)


def refused(engine: sa.Engine, statement: str, **params) -> str:
    with pytest.raises(sa.exc.DBAPIError) as error:
        run(engine, statement, **params)
    return str(error.value.orig)


def rows(engine: sa.Engine, view: str) -> dict[str, dict]:
    with engine.connect() as connection:
        result = connection.execute(sa.text(f"SELECT * FROM editing.{view}"))
        return {row.id: row._asdict() for row in result}


def insert_development(engine: sa.Engine, geometry=HERE, **columns) -> str:
    values = {"name": "Haslum stasjon", "category": "knutepunkt", "status": "framtidig"} | columns
    names = ", ".join(values)
    placeholders = ", ".join(f":{name}" for name in values)
    return run(
        engine,
        f"INSERT INTO editing.development_zones ({names}, geom) "
        f"VALUES ({placeholders}, ST_GeomFromWKB(:g, 25832)) RETURNING id",
        g=wkb(geometry),
        **values,
    ).scalar_one()


def test_each_view_shows_the_live_zones_of_its_kind_with_one_typed_geometry(demo_store):
    with demo_store.read() as repo:
        live = {kind: {z.id for z in repo.zones.all() if z.kind == kind} for kind in KINDS}
    with demo_store.write() as repo:
        repo.zones.delete("fornebu", actor="kari")
    owner = connect_as(demo_store, None)
    for view, kind in VIEWS.items():
        shown = rows(owner, view)
        assert set(shown) == live[kind] - {"fornebu"}, view
    sandvika = rows(owner, "development_zones")["sandvika"]
    assert list(sandvika) == COLUMNS
    assert sandvika["category"] == "knutepunkt" and sandvika["version"] == 1
    assert sandvika["draft"] is False and sandvika["updated_at"].tzinfo is not None
    with owner.connect() as connection:
        layers = connection.execute(
            sa.text(
                "SELECT f_table_name, f_geometry_column, srid, type FROM geometry_columns "
                "WHERE f_table_schema = 'editing' ORDER BY f_table_name"
            )
        ).all()
        types = dict(
            connection.execute(
                sa.text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = 'editing' AND table_name = 'corridors'"
                )
            ).all()
        )
    owner.dispose()
    assert [tuple(layer) for layer in layers] == [
        ("corridors", "geom", 25832, "MULTILINESTRING"),
        ("development_zones", "geom", 25832, "MULTIPOLYGON"),
        ("protection_zones", "geom", 25832, "MULTIPOLYGON"),
    ]
    assert types["id"] == "text" and types["arealformal"] == "integer"
    assert types["draft"] == "boolean" and types["updated_at"] == "timestamp with time zone"


def test_an_insert_from_qgis_is_a_zone_of_the_views_kind_with_its_first_version(qgis, demo_store):
    engine, actor = qgis
    made = insert_development(engine)
    assert len(made) == 32 and int(made, 16) >= 0, "an id as arealweb makes them"
    with demo_store.read() as repo:
        zone = repo.zones.get(made)
        (version,) = repo.zones.history(made)
    assert (zone.kind, zone.category, zone.name, zone.version) == (
        "development",
        "knutepunkt",
        "Haslum stasjon",
        1,
    )
    assert zone.geometry.equals(HERE) and zone.description == "" and not zone.draft
    assert (version.action, version.actor, version.source) == (
        Action.CREATE,
        actor,
        Source.DATABASE,
    )
    assert rows(engine, "development_zones")[made]["version"] == 1


def test_an_insert_without_status_takes_arealwebs_default_and_gives_back_the_new_row(qgis):
    """A geometry sent without an SRID is taken as EPSG:25832, the layer's."""
    engine, _ = qgis
    row = run(
        engine,
        "INSERT INTO editing.corridors (id, name, category, geom) "
        "VALUES (NULL, 'Sti til Haslum', 'turvei', ST_GeomFromWKB(:g)) RETURNING *",
        g=wkb(TRAIL),
    ).one()
    assert list(row._mapping) == COLUMNS
    assert (row.status, row.description, row.draft, row.version) == ("framtidig", "", False, 1)
    assert len(row.id) == 32 and row.updated_at is not None
    assert rows(engine, "corridors")[row.id]["name"] == "Sti til Haslum"


def test_an_update_of_the_geometry_is_a_new_version_with_history(qgis, demo_store):
    engine, actor = qgis
    with demo_store.read() as repo:
        before = repo.zones.get("sandvika")
    moved = shapely.affinity.translate(before.geometry, 40, 0)
    result = run(
        engine,
        "UPDATE editing.development_zones SET geom = ST_GeomFromWKB(:g, 25832) WHERE id = :id",
        g=wkb(moved),
        id="sandvika",
    )
    assert result.rowcount == 1
    with demo_store.read() as repo:
        after = repo.zones.get("sandvika")
        latest = repo.zones.history("sandvika")[-1]
    assert after.version == 2 and after.geometry.equals(moved)
    assert after.goal_ids == before.goal_ids and after.kind == "development"
    assert (latest.version, latest.action, latest.actor, latest.changes) == (
        2,
        Action.UPDATE,
        actor,
        ["geometry"],
    )


def test_an_update_writes_the_attributes_and_ignores_version_and_timestamps(qgis, demo_store):
    engine, actor = qgis
    run(
        engine,
        "UPDATE editing.protection_zones SET name = 'Grini gård', status = 'framtidig', "
        "arealformal = NULL, hensynssone = '', draft = true, description = NULL, version = 99, updated_at = '2000-01-01' "
        "WHERE id = 'jordvern-grini'",
    )
    with demo_store.read() as repo:
        zone = repo.zones.get("jordvern-grini")
        latest = repo.zones.history("jordvern-grini")[-1]
    assert zone.arealformal is None and zone.hensynssone is None, "an empty field is no code"
    assert (zone.name, zone.status, zone.draft, zone.description, zone.version) == (
        "Grini gård",
        "framtidig",
        True,
        "",
        2,
    )
    assert latest.actor == actor and set(latest.changes) == {
        "name",
        "status",
        "arealformal",
        "hensynssone",
        "draft",
    }
    shown = rows(engine, "protection_zones")["jordvern-grini"]
    assert shown["version"] == 2 and shown["updated_at"].year > 2000


def test_a_session_claiming_to_be_arealweb_still_gets_its_history_row(qgis, demo_store):
    """Before revision 0012 a session setting ``arealweb.actor`` wrote no history; through a
    view it never could (the view's trigger clears it): the table-level case is in
    test_database_rules."""
    engine, actor = qgis
    with engine.begin() as connection:
        connection.execute(sa.text("SET LOCAL arealweb.actor = 'kari'"))
        connection.execute(
            sa.text("UPDATE editing.development_zones SET name = 'Sandvika sentrum' "
                    "WHERE id = 'sandvika'")
        )  # fmt: skip
        connection.execute(sa.text("DELETE FROM editing.development_zones WHERE id = 'fornebu'"))
    with demo_store.read() as repo:
        renamed = repo.zones.history("sandvika")[-1]
        deleted = repo.zones.history("fornebu")[-1]
    assert (renamed.version, renamed.action, renamed.actor) == (2, Action.UPDATE, actor)
    assert (deleted.version, deleted.action, deleted.actor) == (2, Action.DELETE, actor)


def test_saving_a_row_that_did_not_change_writes_no_version(qgis, demo_store):
    engine, _ = qgis
    result = run(
        engine,
        "UPDATE editing.development_zones SET name = name, geom = geom WHERE id = 'sandvika'",
    )
    assert result.rowcount == 1
    with demo_store.read() as repo:
        assert [v.version for v in repo.zones.history("sandvika")] == [1]


def test_a_delete_reports_one_row_and_the_app_restores_the_zone_with_its_links(qgis, demo_store):
    engine, actor = qgis
    with demo_store.read() as repo:
        links = repo.zones.get("sandvika").links
    result = run(engine, "DELETE FROM editing.development_zones WHERE id = :id", id="sandvika")
    assert result.rowcount == 1, "QGIS takes 0 rows for a failed delete"
    assert "sandvika" not in rows(engine, "development_zones")
    with demo_store.read() as repo:
        assert repo.zones.find("sandvika") is None
        gone = repo.zones.get("sandvika", include_deleted=True)
        latest = repo.zones.history("sandvika")[-1]
    assert gone.deleted and gone.links == links
    assert (latest.action, latest.actor) == (Action.DELETE, actor)
    back = restore_version(
        demo_store, "sandvika", 1, expected_version=2, actor="kari", tolerance_m=25.0
    )
    assert not back.deleted and back.links == links and back.version == 3
    assert rows(engine, "development_zones")["sandvika"]["version"] == 3


def test_a_zone_of_another_kind_or_deleted_is_not_reached_through_a_view(qgis, demo_store):
    engine, _ = qgis
    with demo_store.write() as repo:
        repo.zones.delete("fornebu", actor="kari")
    for statement in (
        "UPDATE editing.development_zones SET name = 'Marka?' WHERE id = 'marka'",
        "DELETE FROM editing.development_zones WHERE id = 'marka'",
        "UPDATE editing.development_zones SET name = 'Tilbake?' WHERE id = 'fornebu'",
        "DELETE FROM editing.development_zones WHERE id = 'fornebu'",
    ):
        assert run(engine, statement).rowcount == 0, statement
    with demo_store.read() as repo:
        assert repo.zones.get("marka").version == 1
        assert [v.action for v in repo.zones.history("fornebu")] == [Action.CREATE, Action.DELETE]


def test_the_kind_cannot_be_changed_through_a_view_nor_the_id(qgis):
    engine, _ = qgis
    message = refused(engine, "UPDATE editing.corridors SET kind = 'development'")
    assert 'column "kind" of relation "corridors" does not exist' in message
    message = refused(
        engine, "UPDATE editing.development_zones SET id = 'ny' WHERE id = 'sandvika'"
    )
    assert "arealweb: id-en til en sone kan ikke endres (sandvika)" in message


BOWTIE = shapely.MultiPolygon([to_utm(shapely.geometry.shape(HASLUM_BOWTIE))])
FAR_AWAY = shapely.affinity.translate(HERE, -30_000, 0)


@pytest.mark.parametrize(
    ("statement", "geometry", "rule"),
    [
        (
            "UPDATE editing.development_zones SET geom = ST_GeomFromWKB(:g, 25832) "
            "WHERE id = 'sandvika'",
            BOWTIE,
            "arealweb: geometrien er ugyldig (Self-intersection",
        ),
        (
            "UPDATE editing.development_zones SET geom = ST_GeomFromWKB(:g, 25832) "
            "WHERE id = 'sandvika'",
            FAR_AWAY,
            "arealweb: sonen ligger utenfor Bærum (opptil 19363 m utenfor kommunegrensen",
        ),
        (
            "INSERT INTO editing.development_zones (name, category, status, geom) "
            "VALUES ('Skog', 'skog', 'framtidig', ST_GeomFromWKB(:g, 25832))",
            HERE,
            "arealweb: kategorien skog finnes ikke for sonetypen development",
        ),
        (
            "INSERT INTO editing.protection_zones (name, category, status, geom) "
            "VALUES ('Marka', 'marka', 'kanskje', ST_GeomFromWKB(:g, 25832))",
            HERE,
            "arealweb: statusen kanskje finnes ikke",
        ),
        (
            "INSERT INTO editing.development_zones (name, category, geom) "
            "VALUES ('  ', 'knutepunkt', ST_GeomFromWKB(:g, 25832))",
            HERE,
            "arealweb: sonen mangler navn",
        ),
        (
            "UPDATE editing.corridors SET geom = ST_GeomFromWKB(:g, 25832) "
            "WHERE id = 'turvei-kyststien'",
            shapely.MultiLineString([[(590_000, 6_641_000), (590_005, 6_641_000)]]),
            "arealweb: linjen er bare 5.0 m; minste lengde er 20 m",
        ),
        (
            "INSERT INTO editing.development_zones (id, name, category, geom) "
            "VALUES ('marka', 'Marka', 'knutepunkt', ST_GeomFromWKB(:g, 25832))",
            HERE,
            "arealweb: det finnes allerede en sone med id marka",
        ),
    ],
    ids=[
        "self-intersection",
        "outside",
        "category",
        "status",
        "name",
        "too-short",
        "taken-id",
    ],
)
def test_a_row_breaking_a_rule_is_refused_naming_it(qgis, demo_store, statement, geometry, rule):
    engine, _ = qgis
    assert rule in refused(engine, statement, g=wkb(geometry))
    with demo_store.read() as repo:
        assert repo.zones.get("sandvika").version == 1
        assert repo.zones.get("turvei-kyststien").version == 1
        assert len(repo.zones.all()) == 30


def test_a_geometry_not_of_the_layers_type_is_refused_by_postgis_before_any_rule(qgis):
    """The views' geometry columns are typed for QGIS, and PostGIS checks a value sent to a
    typed column before the trigger could make a Polygon multi: QGIS sends the layer's type
    itself; another client gets PostGIS's message naming both types."""
    engine, _ = qgis
    message = refused(
        engine,
        "INSERT INTO editing.corridors (name, category, geom) "
        "VALUES ('Sti', 'turvei', ST_GeomFromWKB(:g, 25832))",
        g=wkb(HERE),
    )
    assert "Geometry type (MultiPolygon) does not match column type (MultiLineString)" in message
    message = refused(
        engine,
        "UPDATE editing.development_zones SET geom = ST_GeomFromWKB(:g, 25832) "
        "WHERE id = 'sandvika'",
        g=wkb(HERE.geoms[0]),
    )
    assert "Geometry type (Polygon) does not match column type (MultiPolygon)" in message


def test_the_editor_role_is_refused_the_tables_themselves(editor, demo_store):
    engine = connect_as(demo_store, editor)
    for statement in (
        "SELECT count(*) FROM zones",
        "UPDATE zones SET name = 'x' WHERE id = 'sandvika'",
        "DELETE FROM zones WHERE id = 'sandvika'",
        "INSERT INTO zone_history (zone_id, version, action, actor, at, changes, snapshot) "
        "VALUES ('x', 1, 'create', 'x', now(), '[]', '{}')",
        "SELECT count(*) FROM zone_goals",
        "SELECT count(*) FROM users",
    ):
        assert "permission denied for table" in refused(engine, statement), statement
    assert "permission denied for function write_zone" in refused(
        engine, "SELECT editing.write_zone()"
    )
    assert run(engine, "SELECT count(*) FROM boundary").scalar() == 1
    assert run(engine, "SELECT count(*) FROM stations").scalar() > 0
    assert "permission denied for table boundary" in refused(
        engine, "UPDATE boundary SET name = 'Asker'"
    )
    assert len(rows(engine, "corridors")) == 8
    engine.dispose()
    with demo_store.read() as repo:
        assert repo.zones.get("sandvika").name == "Sandvika"


def test_the_editor_role_is_made_once_and_brought_back_to_its_rights(demo_store):
    name = f"qgis_{uuid.uuid4().hex[:10]}"
    first = editor_role(demo_store, name, PASSWORD)
    try:
        with demo_store.engine.begin() as connection:
            verifier = connection.execute(
                sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}
            ).scalar()
            connection.exec_driver_sql(f'GRANT UPDATE ON zones TO "{name}"')
        again = editor_role(demo_store, name, None)
        with demo_store.engine.connect() as connection:
            kept, login, privileges = connection.execute(
                sa.text(
                    "SELECT rolpassword, rolcanlogin, "
                    "has_table_privilege(oid, 'zones', 'UPDATE') FROM pg_authid WHERE rolname = :n"
                ),
                {"n": name},
            ).one()
    finally:
        drop_role(demo_store, name)
    assert first.created and first.password_set
    assert not again.created and not again.password_set
    assert first.grants == again.grants
    assert ("SELECT, INSERT, UPDATE, DELETE", "editing.corridors") in again.grants
    assert ("SELECT", "boundary") in again.grants and ("SELECT", "stations") in again.grants
    assert "zones" in again.revoked and "boundary" not in again.revoked
    assert verifier.startswith("SCRAM-SHA-256$") and PASSWORD not in verifier
    assert kept == verifier and login and not privileges


def test_a_superuser_or_the_tables_owner_is_not_made_an_editor(demo_store):
    with pytest.raises(InvalidInput) as error:
        editor_role(demo_store, "postgres", None)
    assert "rollen postgres har mer makt enn en redigeringsrolle skal ha" in error.value.message


def test_a_database_user_without_createrole_is_told_what_it_lacks(editor, demo_store):
    url = demo_store.engine.url.set(username=editor, password=PASSWORD)
    weak = open_store(url.render_as_string(hide_password=False))
    try:
        with pytest.raises(InvalidInput) as error:
            editor_role(weak, f"{editor}_2", PASSWORD)
    finally:
        weak.engine.dispose()
    assert (
        f"databasebrukeren {editor} har ikke lov til dette (permission denied to create role)"
        in (error.value.message)
    )


def test_the_app_lists_the_zones_after_edits_through_the_views(qgis, demo_store, client):
    engine, _ = qgis
    made = insert_development(engine, name="Haslum knutepunkt")
    run(
        engine,
        "UPDATE editing.development_zones SET geom = ST_GeomFromWKB(:g, 25832) "
        "WHERE id = 'sandvika'",
        g=wkb(shapely.affinity.translate(_geometry(demo_store, "sandvika"), 25, 0)),
    )
    run(engine, "DELETE FROM editing.corridors WHERE id = 'turvei-kyststien'")
    for path in (
        "/",
        "/oversikt",
        "/mal",
        "/tradbrudd",
        "/analyse",
        "/kart.png",
        "/rapport/gyllen-trad",
        f"/soner/{made}",
        "/soner/sandvika",
        "/api/v1/zones",
    ):
        assert client.get(path).status_code < 500, path
    listed = {f["properties"]["id"]: f for f in client.get("/api/v1/zones").get_json()["features"]}
    assert listed[made]["properties"]["name"] == "Haslum knutepunkt"
    assert listed["sandvika"]["properties"]["version"] == 2
    assert "turvei-kyststien" not in listed
    assert "Haslum knutepunkt" in client.get(f"/soner/{made}").data.decode()
    assert client.get("/soner/turvei-kyststien").status_code == 404


def _geometry(store, zone_id):
    with store.read() as repo:
        return repo.zones.get(zone_id).geometry


def test_the_migration_goes_down_and_up_again_with_an_editor_role(editor, demo_store):
    def to(revision: str, step) -> None:
        with demo_store.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            step(config, revision)

    def schema_exists() -> bool:
        with demo_store.engine.connect() as connection:
            return connection.execute(sa.text("SELECT to_regnamespace('editing')")).scalar()

    to("0010", command.downgrade)
    assert not schema_exists()
    with demo_store.read() as repo:
        assert len(repo.zones.all()) == 30
    to("head", command.upgrade)
    assert schema_exists()
    editor_role(demo_store, editor, None)
    engine = connect_as(demo_store, editor)
    assert len(rows(engine, "development_zones")) == 11
    engine.dispose()


def test_a_role_with_more_power_than_an_editor_is_not_made_one(demo_store):
    strong, member = (f"qgis_{uuid.uuid4().hex[:10]}" for _ in range(2))
    with demo_store.engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{strong}" CREATEDB')
        connection.exec_driver_sql(f'CREATE ROLE "{member}" IN ROLE "{strong}"')
    try:
        for name in (strong, member):
            with pytest.raises(InvalidInput) as error:
                editor_role(demo_store, name, None)
            assert f"rollen {name} har mer makt enn en redigeringsrolle" in error.value.message
    finally:
        drop_role(demo_store, member)
        drop_role(demo_store, strong)


@pytest.mark.parametrize(
    ("grant", "revoke", "said"),
    [
        (
            "GRANT SELECT ON zones TO PUBLIC",
            "REVOKE SELECT ON zones FROM PUBLIC",
            "ville likevel nå tabellene zones direkte",
        ),
        (
            "GRANT CREATE ON SCHEMA public TO PUBLIC",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            "kan opprette objekter i skjemaet public",
        ),
    ],
)
def test_rights_anyone_has_stop_the_command_and_make_no_role(demo_store, grant, revoke, said):
    name = f"qgis_{uuid.uuid4().hex[:10]}"
    with demo_store.engine.begin() as connection:
        connection.exec_driver_sql(grant)
    try:
        with pytest.raises(InvalidInput) as error:
            editor_role(demo_store, name, PASSWORD)
    finally:
        with demo_store.engine.begin() as connection:
            connection.exec_driver_sql(revoke)
    assert said in error.value.message
    with demo_store.engine.connect() as connection:
        made = connection.execute(
            sa.text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": name}
        ).scalar()
    assert made == 0


def test_a_function_of_the_editors_own_sees_only_the_rows_the_view_shows(editor, demo_store):
    """The views are security barriers: a cheap function in a WHERE clause is not run on the
    deleted zones or the other kinds before the view has left them out."""
    with demo_store.write() as repo:
        repo.zones.delete("fornebu", actor="kari")
    engine = connect_as(demo_store, editor)
    try:
        with engine.begin() as connection:
            # A scan of the whole table, where the planner would run the cheapest test first.
            connection.exec_driver_sql("SET LOCAL enable_indexscan = off")
            connection.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
            connection.exec_driver_sql("CREATE TEMPORARY TABLE seen (id text)")
            connection.exec_driver_sql(
                "CREATE FUNCTION pg_temp.peek(text) RETURNS boolean AS $$ "
                "BEGIN INSERT INTO pg_temp.seen VALUES ($1); RETURN true; END "
                "$$ LANGUAGE plpgsql COST 0.0000001"
            )
            shown = set(
                connection.exec_driver_sql(
                    "SELECT id FROM editing.development_zones WHERE pg_temp.peek(id)"
                ).scalars()
            )
            seen = set(connection.exec_driver_sql("SELECT id FROM pg_temp.seen").scalars())
    finally:
        engine.dispose()
    assert len(shown) == 10 and "fornebu" not in shown
    assert seen == shown


def test_an_id_arealweb_cannot_address_is_refused(qgis):
    engine, _ = qgis
    message = refused(
        engine,
        "INSERT INTO editing.development_zones (id, name, category, geom) "
        "VALUES ('a/b c', 'Haslum', 'knutepunkt', ST_GeomFromWKB(:g, 25832))",
        g=wkb(HERE),
    )
    assert "arealweb: id-en «a/b c» kan ikke brukes" in message
