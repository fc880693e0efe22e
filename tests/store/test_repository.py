from datetime import timedelta

import pytest
import shapely
import sqlalchemy as sa

from arealweb.domain.errors import NotFound
from arealweb.domain.goals import Dimension, Goal, GoalLevel, GoalStatus, PlanVersion
from arealweb.domain.zones import GoalLink, Zone, ZoneKind
from arealweb.store.database import migrate, schema_is_current
from arealweb.store.schema import zones
from tests.conftest import HEAD

AREA = shapely.MultiPolygon(
    [
        shapely.Polygon(
            [
                (590_000, 6_640_000),
                (590_400, 6_640_000),
                (590_400, 6_640_300),
                (590_000, 6_640_300),
            ],
            holes=[
                [
                    (590_100, 6_640_100),
                    (590_200, 6_640_100),
                    (590_200, 6_640_200),
                    (590_100, 6_640_200),
                ]
            ],
        )
    ]
)
LINE = shapely.MultiLineString([[(590_000, 6_641_000), (591_000, 6_641_500)]])


def seed_goals(repo):
    repo.goals.save_plan_version(PlanVersion("p", "Plan", GoalStatus.UTKAST))
    repo.goals.save(Goal("v", "p", GoalLevel.VISJON, "Visjon"))
    repo.goals.save(Goal("h", "p", GoalLevel.HOVEDMAL, "Hovedmål", "v", dimension=Dimension.SOSIAL))


def zone(id="z", **kw):
    values = dict(
        id=id,
        kind=ZoneKind.PROTECTION,
        category="jordvern",
        name="Grini – jordbruk",
        geometry=AREA,
        links=[GoalLink("h", "fordi")],
    )
    values.update(kw)
    return Zone(**values)


def test_migration_is_current_and_idempotent(store):
    assert schema_is_current(store.engine)
    assert migrate(store.engine) == (HEAD, HEAD)


def test_any_update_bumps_the_version_even_from_another_client(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), actor="test")
        repo.zones.save(zone(name="Grini"), actor="test")
    with store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE zones SET description = 'endret i QGIS' WHERE id = 'z'"))
    with store.read() as repo:
        assert repo.zones.get("z").version == 3
        assert repo.zones.get("z").description == "endret i QGIS"


def test_zone_round_trip_keeps_geometry_with_holes_links_and_letters(store):
    with store.write() as repo:
        seed_goals(repo)
        assert repo.zones.save(zone(), actor="test") == "created"
    with store.read() as repo:
        saved = repo.zones.get("z")
    assert saved.geometry.equals_exact(AREA, tolerance=0)
    assert len(saved.geometry.geoms[0].interiors) == 1
    assert saved.name == "Grini – jordbruk"
    assert saved.links == [GoalLink("h", "fordi")]
    assert saved.area_daa() == pytest.approx(110.0)


def test_saving_the_same_zone_changes_nothing_and_an_edit_bumps_the_version(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), actor="test")
        assert repo.zones.save(zone(), actor="test") == "unchanged"
        assert repo.zones.save(zone(name="Grini"), actor="test") == "updated"
    with store.read() as repo:
        assert repo.zones.get("z").version == 2


def test_filters_by_kind_goal_and_bbox(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone("a"), actor="test")
        repo.zones.save(
            zone("l", kind=ZoneKind.CORRIDOR, category="sykkelvei", geometry=LINE, links=[]),
            actor="test",
        )
    with store.read() as repo:
        assert [z.id for z in repo.zones.all(kind=ZoneKind.CORRIDOR)] == ["l"]
        assert [z.id for z in repo.zones.all(goal_ids={"h"})] == ["a"]
        assert [
            z.id for z in repo.zones.all(bbox=shapely.box(590_900, 6_641_400, 591_100, 6_641_600))
        ] == ["l"]
        assert repo.zones.all(bbox=shapely.box(0, 0, 10, 10)) == []


def test_unknown_zone_is_not_found(store):
    with store.read() as repo, pytest.raises(NotFound):
        repo.zones.get("nope")


def test_the_database_refuses_a_corridor_stored_as_an_area_by_another_client(store):
    """QGIS and other clients write the tables directly; the CHECK constraint holds for them."""
    from datetime import UTC, datetime

    from arealweb.store.schema import zones

    now = datetime.now(UTC)
    row = dict(
        id="x",
        kind="corridor",
        category="sykkelvei",
        name="x",
        description="",
        status="framtidig",
        area=AREA,
        line=None,
        version=1,
        created_at=now,
        updated_at=now,
    )
    with pytest.raises(sa.exc.IntegrityError), store.write() as repo:
        repo.connection.execute(zones.insert().values(row))


def test_a_link_to_a_missing_goal_is_refused_by_the_database(store):
    with pytest.raises(sa.exc.IntegrityError), store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(links=[GoalLink("no-such-goal")]), actor="test")


def test_a_failed_transaction_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), actor="test")
        raise RuntimeError("abort")
    with store.read() as repo:
        assert repo.zones.all() == []
        assert repo.goals.plan_versions() == []


@pytest.mark.postgis
@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_postgis_has_typed_geometry_columns_and_spatial_indexes_for_qgis(store):
    with store.engine.connect() as connection:
        columns = connection.execute(
            sa.text(
                "SELECT f_table_schema || '.' || f_table_name, f_geometry_column, type, srid "
                "FROM geometry_columns ORDER BY 1, 2"
            )
        ).all()
        indexes = connection.execute(
            sa.text("SELECT tablename, indexdef FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")
        ).all()
    assert set(columns) == {
        ("public.boundary", "geom", "MULTIPOLYGON", 25832),
        ("public.comments", "geom", "GEOMETRY", 25832),
        ("public.workshop_sketches", "geom", "GEOMETRY", 25832),
        ("public.stations", "geom", "POINT", 25832),
        ("public.places", "geom", "POINT", 25832),
        ("public.zones", "area", "MULTIPOLYGON", 25832),
        ("public.zones", "line", "MULTILINESTRING", 25832),
        # The editing layers (migration 0011): one typed geometry per kind of zone.
        ("editing.development_zones", "geom", "MULTIPOLYGON", 25832),
        ("editing.protection_zones", "geom", "MULTIPOLYGON", 25832),
        ("editing.corridors", "geom", "MULTILINESTRING", 25832),
    }
    assert {(t, d.split("(")[-1].rstrip(")")) for t, d in indexes} == {
        ("boundary", "geom"),
        ("comments", "geom"),
        ("stations", "geom"),
        ("places", "geom"),
        ("zones", "area"),
        ("zones", "line"),
    }


@pytest.mark.postgis
@pytest.mark.parametrize("backend", ["postgis"], indirect=True)
def test_postgis_computes_the_same_area_as_shapely(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), actor="test")
    with store.engine.connect() as connection:
        area, srid = connection.execute(
            sa.text("SELECT ST_Area(area), ST_SRID(area) FROM zones")
        ).one()
    assert (area, srid) == (pytest.approx(110_000.0), 25832)


def test_a_zone_removed_outside_arealweb_and_made_again_continues_its_history(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), actor="test")
    with store.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # On PostGIS a DELETE is a soft delete (migration 0009) unless asked for for good.
            connection.execute(sa.text("SET LOCAL arealweb.hard_delete = 'on'"))
        connection.execute(sa.text("DELETE FROM zone_goals"))
        connection.execute(sa.text("DELETE FROM zones"))
    with store.write() as repo:
        assert repo.zones.save(zone(name="Igjen"), actor="test") == "created"
        assert [v.version for v in repo.zones.history("z")] == [1, 2]
        assert repo.zones.get("z").version == 2


def test_every_timestamp_reads_back_in_utc_on_both_databases(store):
    with store.write() as repo:
        seed_goals(repo)
        repo.zones.save(zone(), actor="test")
    with store.read() as repo:
        assert repo.zones.history("z")[0].at.utcoffset() == timedelta(0)
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(zones.c.created_at, zones.c.deleted_at)).one()
    assert row.created_at.utcoffset() == timedelta(0)
    assert row.deleted_at is None
