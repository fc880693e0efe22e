import json

import pytest


def test_goal_tree_is_nested_with_zone_counts(client):
    body = client.get("/api/v1/goals").get_json()
    assert [v["id"] for v in body["plan_versions"]] == ["ksd-2020", "ksd-2021"]
    vision = next(g for g in body["goals"] if g["id"] == "2020.visjon")
    assert [g["level"] for g in vision["children"]] == ["hovedmål"] * 4
    main3 = next(g for g in vision["children"] if g["id"] == "2020.hm3")
    assert main3["dimension"] == "klima og miljø"
    assert main3["zone_count"] == 0
    assert main3["zone_count_total"] > 0
    leaf = main3["children"][0]["children"][0]["children"][0]
    assert leaf["title"].startswith("Prioritere, sikre og tilrettelegge")
    assert leaf["zone_count"] == leaf["zone_count_total"] == 8
    assert vision["zone_count_total"] == len(client.get("/api/v1/zones").get_json()["features"])


def test_goal_tree_for_one_plan_version(client):
    body = client.get("/api/v1/goals?plan_version=ksd-2021").get_json()
    [vision] = body["goals"]
    assert [g["title"] for g in vision["children"]][2] == "Bærumsamfunnet er miljø- og klimaklokt"
    assert all(g["status"] == "vedtatt" for g in vision["children"])


def test_goal_detail_has_ancestors_children_and_zones(client):
    body = client.get("/api/v1/goals/2020.hm3.d1").get_json()
    assert [a["id"] for a in body["ancestors"]] == ["2020.visjon", "2020.hm3"]
    assert [c["id"] for c in body["children"]] == ["2020.hm3.d1.s1"]
    assert body["zone_ids"] == []
    assert "hovedsykkelvei-e18" in body["zone_ids_total"]
    assert "fornebu" in body["zone_ids_total"]


def test_boundary_layer_is_one_multipolygon_of_baerum(client):
    body = json.loads(client.get("/api/v1/layers/boundary").data)
    [feature] = body["features"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert len(feature["geometry"]["coordinates"]) > 1
    assert feature["properties"]["kommunenummer"] == "3201"
    assert feature["properties"]["area_km2"] == pytest.approx(192.3, rel=0.02)


def test_stations_layer_has_every_station_from_the_domain_notes(client):
    features = json.loads(client.get("/api/v1/layers/stations").data)["features"]
    names = {f["properties"]["name"] for f in features}
    assert len(features) == 21
    assert {"Lysaker", "Sandvika", "Kolsås", "Østerås", "Fornebu senter"} <= names
    planned = {f["properties"]["name"] for f in features if f["properties"]["planned"]}
    assert planned == {"Fornebuporten", "Flytårnet", "Fornebu senter"}
    lysaker = next(f for f in features if f["properties"]["name"] == "Lysaker")
    assert lysaker["geometry"]["coordinates"] == pytest.approx([10.63583, 59.91361], abs=1e-6)


def test_goal_tree_as_csv_opens_in_norwegian_excel_and_counts_zones(client):
    import csv
    import io

    response = client.get("/api/v1/goals.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="maltre.csv"'
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffid;plan_version;level")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    tree = client.get("/api/v1/goals").get_json()
    assert len(rows) == sum(1 for _ in _walk(tree["goals"]))
    leaf = next(r for r in rows if r["id"] == "2020.hm3.d1.s1.a1")
    assert (
        leaf["level"] == "arealstrategi"
        and leaf["zone_count"] == "8"
        and leaf["zone_count_total"] == "8"
    )
    assert leaf["parent_id"] and leaf["parent"] == next(
        r["title"] for r in rows if r["id"] == leaf["parent_id"]
    )
    assert (
        leaf["title"]
        == "Prioritere, sikre og tilrettelegge for sammenhengende og trygge gang- og sykkelveier"
    )
    comma = client.get("/api/v1/goals.csv?delimiter=comma").data.decode()
    assert comma.startswith("\ufeffid,plan_version,level")


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def test_csv_cells_that_look_like_formulas_are_defused():
    from arealweb.services.spreadsheets import safe_cell

    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Bærum 2040") == "Bærum 2040"
    assert safe_cell(12) == 12
