"""OGC API – Features Part 4: zones created, replaced, patched and deleted through /ogc, with
the workbench's checks, goal links and history, ETags and If-Match, and tokens by Bearer or
Basic."""

import base64
import copy
import json
import re

import numpy as np
import pytest
import shapely
import shapely.geometry
from pyproj import Transformer

from arealweb.http.store import current_store
from arealweb.services import editing
from tests.api.ogc.conftest import CRS84, epsg, every_page, local, read
from tests.conftest import snapshot
from tests.places import HASLUM, HASLUM_BOWTIE

GOAL = "2020.hm2.d2.s1.a1"
ITEMS = "/ogc/collections/zones-development/items"
OSLO = {
    "type": "Polygon",
    "coordinates": [
        [[10.75, 59.91], [10.76, 59.91], [10.76, 59.92], [10.75, 59.92], [10.75, 59.91]]
    ],
}


def new_zone(geometry=None, **props) -> dict:
    properties = {
        "name": "Haslum stasjon",
        "kind": "development",
        "category": "bymessig område",
        "description": "Tett rundt stasjonen",
        "goal_links": [{"goal_id": GOAL, "rationale": "Gangavstand til toget"}],
    }
    properties.update(props)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": copy.deepcopy(geometry or HASLUM),
    }


def post(client, headers, feature, path=ITEMS, **more):
    return client.post(
        path,
        data=json.dumps(feature),
        headers={**headers, "Content-Type": "application/geo+json", **more},
    )


def in_utm(geometry: dict) -> shapely.Geometry:
    to_utm = Transformer.from_crs("OGC:CRS84", "EPSG:25832", always_xy=True)
    return shapely.transform(
        shapely.geometry.shape(geometry), lambda xy: np.column_stack(to_utm.transform(*xy.T))
    )


def within_a_centimetre(a: shapely.Geometry, b: shapely.Geometry) -> bool:
    return shapely.hausdorff_distance(a, b) < 0.01


def stored(app, zone_id: str):
    with app.app_context():
        return editing.zone_history(current_store(), zone_id)


def tables(app):
    with app.app_context():
        return snapshot(current_store())


def test_a_planner_creates_a_zone_and_reads_it_back(app, client, planner):
    response = post(client, planner["planner"], new_zone())
    assert response.status_code == 201, response.data
    created = json.loads(response.data)
    zone_id = created["id"]
    assert response.headers["Location"].endswith(f"{ITEMS}/{zone_id}")
    assert re.fullmatch(r'"v1-[0-9a-f]{12}"', response.headers["ETag"])
    assert response.headers["Content-Crs"] == f"<{CRS84}>"
    for crs in (CRS84, epsg(25832), epsg(4326)):
        item = client.get(local(response.headers["Location"]) + f"?crs={crs}")
        feature = read(item)
        assert item.headers["ETag"].startswith('"v1-')
        properties = feature["properties"]
        assert (properties["name"], properties["kind"], properties["category"]) == (
            "Haslum stasjon",
            "development",
            "bymessig område",
        )
        assert properties["goal_ids"] == [GOAL]
        geometry = shapely.geometry.shape(feature["geometry"])
        if crs == epsg(25832):
            expected = in_utm(HASLUM)
        elif crs == epsg(4326):  # latitude first
            expected = shapely.transform(shapely.geometry.shape(HASLUM), lambda c: c[:, ::-1])
        else:
            expected = shapely.geometry.shape(HASLUM)
        tolerance = 0.01 if crs == epsg(25832) else 1e-7
        assert shapely.hausdorff_distance(geometry, expected) < tolerance
    listed, _ = every_page(client, "/ogc/collections/zones/items?limit=50")
    assert zone_id in {f["id"] for f in listed}
    [first] = stored(app, zone_id)
    assert (first.actor, first.action.value) == ("kari", "create")
    assert first.zone.description == "Tett rundt stasjonen"
    assert [(l.goal_id, l.rationale) for l in first.zone.links] == [(GOAL, "Gangavstand til toget")]


@pytest.mark.parametrize("code", [25832, 4258])
def test_a_body_in_another_crs_says_so_with_content_crs(app, client, planner, code):
    to_crs = Transformer.from_crs("OGC:CRS84", f"EPSG:{code}", always_xy=code == 25832)
    shape = shapely.geometry.shape(HASLUM)
    if code == 25832:
        sent = shapely.transform(shape, lambda xy: np.column_stack(to_crs.transform(*xy.T)))
    else:  # EPSG:4258 in its authority's order: latitude, longitude
        sent = shapely.transform(
            shape, lambda xy: np.column_stack(to_crs.transform(xy[:, 0], xy[:, 1]))
        )
        assert sent.bounds[0] > 59  # latitude first
    feature = new_zone(shapely.geometry.mapping(sent))
    response = post(client, planner["planner"], feature, **{"Content-Crs": f"<{epsg(code)}>"})
    assert response.status_code == 201, response.data
    back = read(client.get(local(response.headers["Location"]) + f"?crs={epsg(25832)}"))
    assert within_a_centimetre(shapely.geometry.shape(back["geometry"]), in_utm(HASLUM))


def test_without_content_crs_metres_are_refused_and_an_unknown_one_is_400(app, client, planner):
    before = tables(app)
    metres = new_zone(shapely.geometry.mapping(in_utm(HASLUM)))
    refused = post(client, planner["planner"], metres)
    assert refused.status_code == 422
    assert "ser ut som meter" in json.loads(refused.data)["description"]
    swapped = post(client, planner["planner"], metres, **{"Content-Crs": f"<{epsg(4326)}>"})
    assert swapped.status_code == 422
    assert "kan ikke regnes om" in json.loads(swapped.data)["description"]
    unknown = post(client, planner["planner"], metres, **{"Content-Crs": "<EPSG:2222>"})
    assert unknown.status_code == 400
    assert "Content-Crs" in json.loads(unknown.data)["description"]
    assert tables(app) == before


def _zone(client, zone_id="sandvika", crs=None):
    path = f"/ogc/collections/zones/items/{zone_id}" + (f"?crs={crs}" if crs else "")
    response = client.get(path)
    return read(response), response.headers["ETag"]


def test_replace_needs_the_current_etag_412_when_stale_428_without(app, client, planner):
    feature, etag = _zone(client)
    _, etag_in_metres = _zone(client, crs=epsg(25832))
    assert etag != etag_in_metres and etag.split("-")[0] == etag_in_metres.split("-")[0]
    version = feature["properties"]["version"]
    del feature["links"]
    feature["properties"]["name"] = "Sandvika sentrum"
    headers = {**planner["planner"], "Content-Type": "application/geo+json"}
    path = "/ogc/collections/zones/items/sandvika"
    missing = client.put(path, data=json.dumps(feature), headers=headers)
    assert missing.status_code == 428
    # An ETag of the same version in another CRS is as good as this one.
    replaced = client.put(
        path, data=json.dumps(feature), headers={**headers, "If-Match": etag_in_metres}
    )
    assert replaced.status_code == 200, replaced.data
    assert json.loads(replaced.data)["properties"]["name"] == "Sandvika sentrum"
    assert json.loads(replaced.data)["properties"]["version"] == version + 1
    assert replaced.headers["ETag"].startswith(f'"v{version + 1}-')
    before = tables(app)
    feature["properties"]["name"] = "Sandvika by"
    stale = client.put(path, data=json.dumps(feature), headers={**headers, "If-Match": etag})
    assert stale.status_code == 412
    assert json.loads(stale.data)["code"] == "PreconditionFailed"
    assert tables(app) == before
    assert _zone(client)[0]["properties"]["name"] == "Sandvika sentrum"
    assert stored(app, "sandvika")[-1].actor == "kari"


def test_patch_changes_one_property_and_keeps_the_rest(app, client, planner):
    created = post(client, planner["planner"], new_zone())
    zone_id, etag = json.loads(created.data)["id"], created.headers["ETag"]
    path = f"{ITEMS}/{zone_id}"
    patch = json.dumps({"properties": {"name": "Haslum sentrum"}})
    wrong_type = client.patch(
        path,
        data=patch,
        headers={**planner["planner"], "Content-Type": "application/json", "If-Match": etag},
    )
    assert wrong_type.status_code == 415
    headers = {**planner["planner"], "Content-Type": "application/merge-patch+json"}
    patched = client.patch(path, data=patch, headers={**headers, "If-Match": etag})
    assert patched.status_code == 200, patched.data
    assert json.loads(patched.data)["properties"]["name"] == "Haslum sentrum"
    first, second = stored(app, zone_id)
    assert second.changes == ["name"]
    assert second.zone.description == first.zone.description == "Tett rundt stasjonen"
    assert second.zone.links == first.zone.links
    assert within_a_centimetre(second.zone.geometry, first.zone.geometry)
    stale = client.patch(path, data=patch, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412


def test_delete_is_the_soft_delete_restorable_from_the_history_with_its_goal_links(
    app, client, planner
):
    created = post(client, planner["planner"], new_zone())
    zone_id, etag = json.loads(created.data)["id"], created.headers["ETag"]
    path = f"{ITEMS}/{zone_id}"
    assert client.delete(path, headers=planner["planner"]).status_code == 428
    for foreign in ('W/"g"', '"Scunthorpe"', "v1"):  # no zone ever had these: the condition fails
        refused = client.delete(path, headers={**planner["planner"], "If-Match": foreign})
        assert refused.status_code == 412, foreign
        assert "nå versjon 1" in json.loads(refused.data)["description"]
    assert client.get(path).status_code == 200
    deleted = client.delete(path, headers={**planner["planner"], "If-Match": etag})
    assert deleted.status_code == 204
    assert client.get(path).status_code == 404
    listed, _ = every_page(client, "/ogc/collections/zones/items?limit=50")
    assert zone_id not in {f["id"] for f in listed}
    history = stored(app, zone_id)
    assert [(v.action.value, v.actor) for v in history] == [("create", "kari"), ("delete", "kari")]
    with app.app_context():
        editing.restore_version(
            current_store(), zone_id, 1, expected_version=None, actor="kari", tolerance_m=1.0
        )
    back = read(client.get(path))
    assert back["properties"]["goal_ids"] == [GOAL]
    assert [(l.goal_id, l.rationale) for l in stored(app, zone_id)[-1].zone.links] == [
        (GOAL, "Gangavstand til toget")
    ]


def basic(token_header: dict, user: str = "qgis") -> dict:
    token = token_header["Authorization"].removeprefix("Bearer ")
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()}


def test_only_planners_write_by_bearer_or_basic_token(app, client, planner):
    before = tables(app)
    nobody = post(client, {}, new_zone())
    assert nobody.status_code == 401
    challenges = nobody.headers.getlist("WWW-Authenticate")
    assert [c.split()[0] for c in challenges] == ["Bearer", "Basic"]
    wrong = post(client, {"Authorization": "Bearer awt_not-a-token"}, new_zone())
    assert wrong.status_code == 401
    assert "ukjent" in json.loads(wrong.data)["description"]
    assert post(client, basic({"Authorization": "Bearer awt_wrong"}), new_zone()).status_code == 401
    assert post(client, {"Authorization": "Basic !!!"}, new_zone()).status_code == 401
    council = post(client, planner["council"], new_zone())
    assert council.status_code == 403
    assert json.loads(council.data)["code"] == "Forbidden"
    council_basic = post(client, basic(planner["council"]), new_zone())
    assert council_basic.status_code == 403
    _, etag = _zone(client)
    for method in (client.put, client.patch, client.delete):
        assert (
            method("/ogc/collections/zones/items/sandvika", headers={"If-Match": etag}).status_code
            == 401
        )
    assert tables(app) == before
    by_basic = post(client, basic(planner["planner"]), new_zone())
    assert by_basic.status_code == 201, by_basic.data
    assert stored(app, json.loads(by_basic.data)["id"])[0].actor == "kari"


def test_basic_is_not_a_token_on_api_v1(client, planner):
    """The site's own API keeps Bearer only (its writes are not all JSON bodies)."""
    response = client.post("/api/v1/zones", json=new_zone(), headers=basic(planner["planner"]))
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("path", "feature", "status", "message"),
    [
        (ITEMS, new_zone(HASLUM_BOWTIE), 422, "krysser seg selv"),
        (ITEMS, new_zone(OSLO), 422, "utenfor Bærum"),
        (
            "/ogc/collections/zones-protection/items",
            new_zone(),
            422,
            "har bare soner av typen protection",
        ),
        (ITEMS, new_zone(goal_links=[{"goal_id": "ingen.slikt.maal"}]), 422, "finnes ikke"),
        ("/ogc/collections/goals/items", new_zone(), 404, "bare sonene"),
    ],
    ids=["bowtie", "outside", "wrong-kind", "unknown-goal", "not-zones"],
)
def test_a_refused_write_says_why_and_changes_nothing(
    app, client, planner, path, feature, status, message
):
    before = tables(app)
    response = post(client, planner["planner"], feature, path=path)
    assert response.status_code == status, response.data
    assert message in json.loads(response.data)["description"]
    assert tables(app) == before


def test_a_body_that_is_not_json_is_415(app, client, planner):
    before = tables(app)
    response = client.post(
        ITEMS,
        data="type=Feature",
        headers={**planner["planner"], "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415
    assert "application/geo+json" in json.loads(response.data)["description"]
    assert tables(app) == before


def test_a_kind_collection_creates_its_kind_without_being_told(client, planner):
    feature = new_zone()
    del feature["properties"]["kind"]
    response = post(client, planner["planner"], feature)
    assert response.status_code == 201, response.data
    assert json.loads(response.data)["properties"]["kind"] == "development"
    zone_id = json.loads(response.data)["id"]
    assert client.get(f"/ogc/collections/zones-protection/items/{zone_id}").status_code == 404
    assert read(client.get(f"{ITEMS}/{zone_id}"))["properties"]["kind"] == "development"


def test_the_document_describes_the_writes_and_their_links(client):
    document = read(client.get("/ogc/api"))
    item = document["paths"]["/collections/{collectionId}/items/{featureId}"]
    assert {"get", "put", "patch", "delete"} <= set(item)
    create = document["paths"]["/collections/{collectionId}/items"]["post"]
    assert set(create["responses"]) >= {"201", "400", "401", "403", "415", "422"}
    for operation in (item["put"], item["patch"]):
        assert set(operation["responses"]) >= {"200", "401", "403", "404", "412", "415", "428"}
    assert set(item["delete"]["responses"]) >= {"204", "412", "428"}
    links = create["responses"]["201"]["links"]
    assert links["ReplaceFeature"]["parameters"]["header.If-Match"] == "$response.header.ETag"
    assert {links[n]["operationId"] for n in links} == {
        "getFeature",
        "replaceFeature",
        "updateFeature",
        "deleteFeature",
    }
    schemes = document["components"]["securitySchemes"]
    assert {(s["type"], s["scheme"]) for s in schemes.values()} == {
        ("http", "bearer"),
        ("http", "basic"),
    }
    declared = read(client.get("/ogc/conformance"))["conformsTo"]
    for part in ("create-replace-delete", "update", "optimistic-locking-etags"):
        assert f"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/{part}" in declared


def test_a_signed_in_planner_writes_with_the_csrf_token_in_the_header(app, client, planner):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/logg-inn").data.decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/logg-inn", data={"name": "kari", "password": "et-langt-passord", "csrf_token": csrf}
    )
    assert signed_in.status_code == 302
    before = tables(app)
    without = post(client, {}, new_zone())
    assert without.status_code == 403
    assert "CSRF" in json.loads(without.data)["description"]
    assert tables(app) == before
    token = re.search(
        r'<meta name="csrf-token" content="([^"]+)"', client.get("/").data.decode()
    ).group(1)
    assert post(client, {"X-CSRFToken": token}, new_zone()).status_code == 201


def test_the_api_page_shows_the_writes_with_their_bodies_and_who_may_send_them(client):
    page = client.get("/ogc/api?f=html").get_data(as_text=True)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert f"{method} /ogc/collections/{{collectionId}}/items" in page
    assert "application/merge-patch+json" in page
    assert "Bare for planleggere og administratorer" in page
