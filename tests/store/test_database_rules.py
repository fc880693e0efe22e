"""On PostGIS the database keeps the zone rules whoever writes: the statements QGIS sends."""

from __future__ import annotations

import pytest
import shapely
import sqlalchemy as sa

from arealweb.domain.history import Action
from arealweb.services.editing import restore_version
from tests.store.test_repository import AREA, LINE, seed_goals, zone

pytestmark = [pytest.mark.postgis, pytest.mark.parametrize("backend", ["postgis"], indirect=True)]

QGIS = "QGIS 3.22"


def qgis(store):
    """A connection as QGIS opens one: its own application_name, no arealweb.actor."""
    connection = store.engine.connect()
    connection.execute(sa.text(f"SET application_name = '{QGIS}'"))
    connection.commit()
    return connection


def wkb(geometry) -> bytes:
    return shapely.to_wkb(geometry)


def saved(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), actor="ola")


def refused(store, statement: str, **params) -> str:
    with qgis(store) as connection, pytest.raises(sa.exc.DBAPIError) as error:
        connection.execute(sa.text(statement), params)
    return str(error.value.orig)


def test_an_invalid_geometry_is_refused_naming_the_rule(store):
    saved(store)
    bowtie = shapely.MultiPolygon(
        [shapely.Polygon([(590_000, 6_640_000), (590_400, 6_640_400), (590_400, 6_640_000),
                          (590_000, 6_640_400)])]
    )  # fmt: skip
    message = refused(
        store,
        "UPDATE zones SET area = ST_SetSRID(ST_GeomFromWKB(:g), 25832) WHERE id = 'z'",
        g=wkb(bowtie),
    )
    assert "arealweb: geometrien er ugyldig (Self-intersection" in message


@pytest.mark.parametrize(
    ("statement", "geometry", "rule"),
    [
        (
            "UPDATE zones SET area = ST_SetSRID(ST_GeomFromWKB(:g), 25832) WHERE id = 'z'",
            shapely.MultiPolygon([shapely.box(590_000, 6_640_000, 590_005, 6_640_005)]),
            "arealweb: området er bare 25 m²; minste areal er 100 m²",
        ),
        (
            "UPDATE zones SET area = NULL, line = ST_SetSRID(ST_GeomFromWKB(:g), 25832) "
            "WHERE id = 'z'",
            LINE,
            "arealweb: en sone av typen protection må ha et område",
        ),
        (
            "INSERT INTO zones (id, kind, category, name, status, line) VALUES "
            "('k', 'corridor', 'turvei', 'Kort', 'framtidig', "
            "ST_SetSRID(ST_GeomFromWKB(:g), 25832))",
            shapely.MultiLineString([[(590_000, 6_641_000), (590_005, 6_641_000)]]),
            "arealweb: linjen er bare 5.0 m; minste lengde er 20 m",
        ),
        (
            "INSERT INTO zones (id, kind, category, name, status, area) VALUES "
            "('k', 'protection', 'skog', 'Skog', 'framtidig', "
            "ST_SetSRID(ST_GeomFromWKB(:g), 25832))",
            AREA,
            "arealweb: kategorien skog finnes ikke for sonetypen protection",
        ),
        (
            "INSERT INTO zones (id, kind, category, name, status, arealformal, area) VALUES "
            "('k', 'protection', 'marka', 'Marka', 'framtidig', 9999, "
            "ST_SetSRID(ST_GeomFromWKB(:g), 25832))",
            AREA,
            "arealweb: arealformålet 9999 finnes ikke i KpArealformål",
        ),
    ],
)
def test_a_row_breaking_a_rule_is_refused_naming_it(store, statement, geometry, rule):
    saved(store)
    assert rule in refused(store, statement, g=wkb(geometry))
    with store.read() as repo:
        assert [v.version for v in repo.zones.history("z")] == [1]


def test_a_zone_outside_the_boundary_by_more_than_the_tolerance_is_refused(store):
    saved(store)
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO boundary (kommunenummer, name, source, geom, updated_at) VALUES "
                "('3201', 'Bærum kommune', '', ST_SetSRID(ST_GeomFromWKB(:g), 25832), now())"
            ),
            {"g": wkb(shapely.MultiPolygon([shapely.box(589_000, 6_639_000, 592_000, 6_642_000)]))},
        )
    within_tolerance = shapely.MultiPolygon([shapely.box(588_990, 6_639_500, 589_500, 6_640_000)])
    with qgis(store) as connection:
        connection.execute(
            sa.text("UPDATE zones SET area = ST_SetSRID(ST_GeomFromWKB(:g), 25832) WHERE id = 'z'"),
            {"g": wkb(within_tolerance)},
        )
        connection.commit()
    far_out = shapely.MultiPolygon([shapely.box(588_900, 6_639_500, 589_500, 6_640_000)])
    message = refused(
        store,
        "UPDATE zones SET area = ST_SetSRID(ST_GeomFromWKB(:g), 25832) WHERE id = 'z'",
        g=wkb(far_out),
    )
    assert "arealweb: sonen ligger utenfor Bærum kommune (opptil 100 m" in message
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE arealweb_settings SET value = '150' WHERE name = 'boundary_tolerance_m'"
            )
        )
    with qgis(store) as connection:
        connection.execute(
            sa.text("UPDATE zones SET area = ST_SetSRID(ST_GeomFromWKB(:g), 25832) WHERE id = 'z'"),
            {"g": wkb(far_out)},
        )
        connection.commit()


def test_an_update_from_qgis_is_a_version_with_its_actor_and_snapshot(store):
    saved(store)
    moved = shapely.MultiPolygon([shapely.box(590_000, 6_640_000, 590_500, 6_640_300)])
    with qgis(store) as connection:
        connection.execute(
            sa.text(
                "UPDATE zones SET area = ST_SetSRID(ST_GeomFromWKB(:g), 25832), name = 'Ny' "
                "WHERE id = 'z'"
            ),
            {"g": wkb(moved)},
        )
        connection.commit()
    with store.read() as repo:
        versions = repo.zones.history("z")
        assert repo.zones.get("z").version == 2
    assert [(v.version, v.action, v.actor) for v in versions] == [
        (1, Action.CREATE, "ola"),
        (2, Action.UPDATE, f"{QGIS} (postgres)"),
    ]
    assert versions[1].changes == ["name", "geometry"]
    assert versions[1].zone.name == "Ny"
    assert versions[1].zone.geometry.equals(moved)
    assert versions[1].zone.goal_ids == ["h"]


def test_an_insert_without_version_or_timestamps_works_and_is_recorded(store):
    saved(store)
    with qgis(store) as connection:
        connection.execute(
            sa.text(
                "INSERT INTO zones (id, kind, category, name, status, line) VALUES "
                "('sti', 'corridor', 'turvei', 'Sti', 'framtidig', "
                "ST_SetSRID(ST_GeomFromWKB(:g), 25832))"
            ),
            {"g": wkb(LINE)},
        )
        connection.commit()
    with store.read() as repo:
        made = repo.zones.get("sti")
        (version,) = repo.zones.history("sti")
    assert made.version == 1 and made.description == ""
    assert (version.action, version.actor) == (Action.CREATE, f"{QGIS} (postgres)")
    assert version.zone.geometry.equals(LINE)


def test_a_delete_is_a_soft_delete_that_the_app_restores_with_its_links(store):
    saved(store)
    with qgis(store) as connection:
        connection.execute(sa.text("DELETE FROM zones WHERE id = 'z'"))
        connection.commit()
    with store.read() as repo:
        assert repo.zones.find("z") is None
        gone = repo.zones.get("z", include_deleted=True)
        versions = repo.zones.history("z")
    assert gone.deleted and gone.goal_ids == ["h"]
    assert [(v.action, v.actor) for v in versions] == [
        (Action.CREATE, "ola"),
        (Action.DELETE, f"{QGIS} (postgres)"),
    ]
    back = restore_version(store, "z", 1, expected_version=2, actor="kari", tolerance_m=25.0)
    assert not back.deleted and back.goal_ids == ["h"] and back.version == 3
    with store.read() as repo:
        assert [(v.action, v.actor) for v in repo.zones.history("z")][-1] == (
            Action.RESTORE,
            "kari",
        )


def test_the_apps_own_saves_write_exactly_one_history_row_each(store):
    saved(store)
    with store.write() as repo:
        repo.zones.save(zone(name="Endret"), actor="ola")
        repo.zones.delete("z", actor="kari")
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT version, action, actor FROM zone_history ORDER BY version")
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "create", "ola"),
        (2, "update", "ola"),
        (3, "delete", "kari"),
    ]


def test_no_session_setting_skips_the_history_of_a_write_on_the_table(store):
    """Any session may claim to be arealweb; the version it writes is still recorded, with the
    client and role it really is."""
    saved(store)
    with qgis(store) as connection:
        connection.execute(sa.text("SET arealweb.actor = 'kari'"))
        connection.execute(sa.text("UPDATE zones SET name = 'Skjult' WHERE id = 'z'"))
        connection.commit()
    with store.read() as repo:
        latest = repo.zones.history("z")[-1]
    assert (latest.version, latest.action, latest.zone.name) == (2, Action.UPDATE, "Skjult")
    assert latest.actor == f"{QGIS} (postgres)" and latest.outside


def test_a_version_set_back_still_gets_the_next_one_and_its_history(store):
    """A writer setting an old version number would hide its change behind a version already
    recorded (and jam arealweb's next save): the version only goes up."""
    saved(store)
    with qgis(store) as connection:
        connection.execute(sa.text("UPDATE zones SET name = 'To' WHERE id = 'z'"))
        connection.execute(sa.text("UPDATE zones SET version = 1, name = 'Tre' WHERE id = 'z'"))
        connection.commit()
    with store.write() as repo:
        current = repo.zones.get("z")
        repo.zones.save(zone(name="Fire"), current, actor="ola")
    with store.read() as repo:
        history = [(v.version, v.zone.name, v.actor) for v in repo.zones.history("z")]
    assert history == [
        (1, "Grini – jordbruk", "ola"),
        (2, "To", f"{QGIS} (postgres)"),
        (3, "Tre", f"{QGIS} (postgres)"),
        (4, "Fire", "ola"),
    ]


def test_the_migration_reports_and_keeps_rows_that_break_a_rule(store, caplog):
    from alembic import command

    from arealweb.store.database import alembic_config

    saved(store)
    with store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0008_sessions_audit")
        connection.execute(sa.text("UPDATE zones SET category = 'skog', version = 2"))
    with caplog.at_level("WARNING"), store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert "sonen z bryter en regel og er beholdt: kategorien skog finnes ikke" in caplog.text
    with store.engine.connect() as connection:
        kept = connection.execute(sa.text("SELECT category FROM zones WHERE id = 'z'")).scalar()
    assert kept == "skog"
    with store.read() as repo:
        assert repo.zones.all() == []
        assert [odd.id for odd in repo.zones.odd()] == ["z"]
