"""Writing zones through the API: roles, CSRF, versions (no lost update), history, restore."""

import copy
import json
import re
import threading

import pytest
import sqlalchemy as sa

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from tests.conftest import snapshot
from tests.places import HASLUM, HASLUM_BOWTIE

PASSWORD = "langt-nok-passord"


@pytest.fixture
def tokens(app):
    """A Bearer header for one user of each role."""
    found = {}
    with app.app_context():
        store = current_store()
        for role in Role:
            create_user(store, f"{role.value}-bruker", role, PASSWORD)
            found[role] = {"Authorization": f"Bearer {create_token(store, f'{role.value}-bruker')}"}
    return found


def new_zone(**props):
    properties = {
        "name": "Haslum",
        "kind": "development",
        "category": "bymessig område",
        "goal_ids": ["2020.hm2.d2.s1.a1"],
    }
    properties.update(props)
    return {"type": "Feature", "properties": properties, "geometry": copy.deepcopy(HASLUM)}


def body(response):
    return json.loads(response.data)


def get(client, zone_id):
    response = client.get(f"/api/v1/zones/{zone_id}")
    assert response.status_code == 200
    return body(response), response.headers["ETag"]


def edited(feature, **props):
    changed = copy.deepcopy(feature)
    changed["properties"].update(props)
    return changed


def test_a_planner_creates_a_zone_and_gets_its_version_in_the_etag(client, tokens):
    response = client.post(
        "/api/v1/zones", json=new_zone(id="haslum"), headers=tokens[Role.PLANNER]
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/zones/haslum"
    assert re.fullmatch(r'"v1-[0-9a-f]{12}"', response.headers["ETag"])
    created = body(response)
    assert created["properties"]["version"] == 1
    assert created["properties"]["area_daa"] > 80
    listed = {f["id"] for f in body(client.get("/api/v1/zones"))["features"]}
    assert "haslum" in listed


def test_two_clients_edit_the_same_zone_one_wins_the_other_gets_412(client, tokens):
    feature, etag = get(client, "sandvika")
    first = client.put(
        "/api/v1/zones/sandvika",
        json=edited(feature, name="Sandvika sentrum"),
        headers={**tokens[Role.PLANNER], "If-Match": etag},
    )
    assert first.status_code == 200
    assert body(first)["properties"]["version"] == feature["properties"]["version"] + 1
    second = client.put(
        "/api/v1/zones/sandvika",
        json=edited(feature, name="Sandvika by"),
        headers={**tokens[Role.ADMIN], "If-Match": etag},
    )
    assert second.status_code == 412
    assert "endret av noen andre" in body(second)["error"]["message"]
    now, _ = get(client, "sandvika")
    assert now["properties"]["name"] == "Sandvika sentrum"


def test_simultaneous_edits_from_two_threads_never_both_win(app, tokens):
    feature, etag = get(app.test_client(), "fornebu")
    results = []

    def edit(name):
        response = app.test_client().put(
            "/api/v1/zones/fornebu",
            json=edited(feature, name=name),
            headers={**tokens[Role.PLANNER], "If-Match": etag},
        )
        results.append((response.status_code, name))

    threads = [threading.Thread(target=edit, args=(f"Fornebu {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for status, name in results if status == 200]
    assert len(winners) == 1, results
    assert sorted(status for status, _ in results) == [200, 412, 412, 412]
    final, _ = get(app.test_client(), "fornebu")
    assert final["properties"]["name"] == winners[0]
    assert final["properties"]["version"] == feature["properties"]["version"] + 1


def test_put_without_if_match_is_refused_with_428(client, tokens):
    feature, _ = get(client, "sandvika")
    response = client.put(
        "/api/v1/zones/sandvika", json=edited(feature, name="X"), headers=tokens[Role.PLANNER]
    )
    assert response.status_code == 428
    assert get(client, "sandvika")[0]["properties"]["name"] == "Sandvika"


WRITES = {
    "create": lambda c, h: c.post("/api/v1/zones", json=new_zone(), headers=h),
    "update": lambda c, h: c.put(
        "/api/v1/zones/sandvika",
        json=edited(get(c, "sandvika")[0], name="Ny"),
        headers={**h, "If-Match": get(c, "sandvika")[1]},
    ),
    "delete": lambda c, h: c.delete("/api/v1/zones/kolsas", headers=h),
    "restore": lambda c, h: c.post("/api/v1/zones/sandvika/versions/1/restore", headers=h),
}
WRITES["import"] = lambda c, h: _upload(c, h, [new_zone(id="importert")])
WRITES["check"] = lambda c, h: c.post(
    "/api/v1/zones/check", json={"geometry": HASLUM, "kind": "development"}, headers=h
)
EXPECTED = {
    "create": 201,
    "update": 200,
    "delete": 204,
    "restore": 200,
    "import": 200,
    "check": 200,
    "create goal": 201,
    "update goal": 200,
    "move goal": 200,
    "delete goal": 200,
}
WRITES["create goal"] = lambda c, h: c.post(
    "/api/v1/goals", json={"parent_id": "2020.hm4.d1", "title": "Nytt"}, headers=h
)
WRITES["update goal"] = lambda c, h: c.put(
    "/api/v1/goals/2020.hm4",
    json={"status": "vedtatt"},
    headers={**h, "If-Match": c.get("/api/v1/goals/2020.hm4").headers["ETag"]},
)
WRITES["move goal"] = lambda c, h: c.post(
    "/api/v1/goals/2020.hm4.d2/move", json={"parent_id": "2020.hm4", "position": 0}, headers=h
)
WRITES["delete goal"] = lambda c, h: c.delete(
    "/api/v1/goals/2020.hm4.d1.s1.a1?links=remove", headers=h
)


@pytest.mark.parametrize("who", ["anonymous", "council", "planner", "admin"])
@pytest.mark.parametrize("write", list(WRITES))
def test_role_matrix_for_every_write(client, tokens, app, who, write):
    headers = {} if who == "anonymous" else tokens[Role(who)]
    before = snapshot(current_store_of(app))
    response = WRITES[write](client, headers)
    if who == "anonymous":
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="arealweb"'
    elif who == "council":
        assert response.status_code == 403
        assert "rollen council kan ikke endre planen" in body(response)["error"]["message"]
    else:
        assert response.status_code == EXPECTED[write], response.data
        return
    assert snapshot(current_store_of(app)) == before


def current_store_of(app):
    with app.app_context():
        return current_store()


def test_bad_input_is_refused_with_the_reason_and_changes_nothing(client, tokens, app):
    before = snapshot(current_store_of(app))
    bowtie = new_zone()
    bowtie["geometry"] = copy.deepcopy(HASLUM_BOWTIE)
    cases = [
        (
            client.post(
                "/api/v1/zones",
                data="{not json",
                headers={**tokens[Role.PLANNER], "Content-Type": "application/json"},
            ),
            422,
            "GeoJSON Feature som JSON",
        ),
        (
            client.post("/api/v1/zones", json={"type": "Point"}, headers=tokens[Role.PLANNER]),
            422,
            "forventet en GeoJSON Feature",
        ),
        (
            client.post("/api/v1/zones", json=bowtie, headers=tokens[Role.PLANNER]),
            422,
            "krysser seg selv ved 59.91",
        ),
        (
            client.post(
                "/api/v1/zones", json=new_zone(goal_ids=["nei"]), headers=tokens[Role.PLANNER]
            ),
            422,
            "målet «nei» finnes ikke",
        ),
        (
            client.post(
                "/api/v1/zones", json=new_zone(id="sandvika"), headers=tokens[Role.PLANNER]
            ),
            409,
            "finnes allerede en sone med id sandvika",
        ),
    ]
    for response, status, words in cases:
        assert response.status_code == status, response.data
        assert words in body(response)["error"]["message"]
    assert snapshot(current_store_of(app)) == before


def test_make_valid_only_when_the_planner_asks(client, tokens):
    bowtie = new_zone(id="sløyfe")
    bowtie["properties"]["id"] = "sloyfe"
    bowtie["geometry"] = copy.deepcopy(HASLUM_BOWTIE)
    assert (
        client.post("/api/v1/zones", json=bowtie, headers=tokens[Role.PLANNER]).status_code == 422
    )
    repaired = client.post(
        "/api/v1/zones?make_valid=true", json=bowtie, headers=tokens[Role.PLANNER]
    )
    assert repaired.status_code == 201
    assert body(repaired)["geometry"]["type"] == "MultiPolygon"
    assert len(body(repaired)["geometry"]["coordinates"]) == 2


def test_history_records_who_when_and_what_changed_and_restore_makes_a_new_version(client, tokens):
    feature, etag = get(client, "jordvern-grini")
    moved = edited(feature, description="Utvidet")
    moved["geometry"]["coordinates"][0][0][0][0] -= 0.002
    moved["geometry"]["coordinates"][0][0][-1][0] -= 0.002
    assert (
        client.put(
            "/api/v1/zones/jordvern-grini",
            json=moved,
            headers={**tokens[Role.PLANNER], "If-Match": etag},
        ).status_code
        == 200
    )
    assert (
        client.delete("/api/v1/zones/jordvern-grini", headers=tokens[Role.ADMIN]).status_code == 204
    )
    assert client.get("/api/v1/zones/jordvern-grini").status_code == 404
    assert "jordvern-grini" not in {f["id"] for f in body(client.get("/api/v1/zones"))["features"]}

    history = body(
        client.get("/api/v1/zones/jordvern-grini/history", headers=tokens[Role.COUNCIL])
    )["versions"]
    assert [(v["version"], v["action"], v["actor"]) for v in history] == [
        (1, "create", "demo"),
        (2, "update", "planner-bruker"),
        (3, "delete", "admin-bruker"),
    ]
    assert set(history[1]["changes"]) == {"description", "geometry"}
    assert (
        history[1]["feature"]["properties"]["area_daa"]
        > history[0]["feature"]["properties"]["area_daa"]
    )

    restored = client.post(
        "/api/v1/zones/jordvern-grini/versions/1/restore", headers=tokens[Role.PLANNER]
    )
    assert restored.status_code == 200
    assert body(restored)["properties"]["version"] == 4
    assert (
        body(restored)["properties"]["area_daa"] == history[0]["feature"]["properties"]["area_daa"]
    )
    assert body(restored)["properties"]["description"] == ""
    history = body(
        client.get("/api/v1/zones/jordvern-grini/history", headers=tokens[Role.COUNCIL])
    )["versions"]
    assert [v["action"] for v in history] == ["create", "update", "delete", "restore"]


def test_the_history_itself_can_never_be_edited(app):
    with app.app_context():
        engine = current_store().engine
    for statement in ("UPDATE zone_history SET actor = 'x'", "DELETE FROM zone_history"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as connection:
            connection.execute(sa.text(statement))


def test_session_writes_need_the_csrf_token_but_tokens_do_not(app, tokens):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/logg-inn").data.decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/logg-inn", data={"name": "planner-bruker", "password": PASSWORD, "csrf_token": csrf}
    )
    assert signed_in.status_code == 302
    without = client.post("/api/v1/zones", json=new_zone(id="a"))
    assert without.status_code == 403
    assert "CSRF" in body(without)["error"]["message"]
    token = re.search(
        r'<meta name="csrf-token" content="([^"]+)"', client.get("/").data.decode()
    ).group(1)
    with_token = client.post("/api/v1/zones", json=new_zone(id="b"), headers={"X-CSRFToken": token})
    assert with_token.status_code == 201
    bearer = app.test_client().post(
        "/api/v1/zones", json=new_zone(id="c"), headers=tokens[Role.PLANNER]
    )
    assert bearer.status_code == 201


def test_a_wrong_or_revoked_token_is_anonymous(client):
    response = client.post(
        "/api/v1/zones", json=new_zone(), headers={"Authorization": "Bearer aw_nope"}
    )
    assert response.status_code == 401


def test_the_drawing_check_measures_area_and_overlap_in_utm32(client, tokens):
    import shapely

    from arealweb.geo.crs import to_utm, to_wgs84

    grini = shapely.from_geojson(
        json.dumps(body(client.get("/api/v1/zones/jordvern-grini"))["geometry"])
    )
    grini_utm = to_utm(grini)
    x0, y0, x1, y1 = grini_utm.bounds
    half = shapely.box(x0 - 200, y0 - 200, (x0 + x1) / 2, y1 + 200)
    drawn = json.loads(shapely.to_geojson(to_wgs84(half, decimals=None)))
    response = client.post(
        "/api/v1/zones/check",
        json={"geometry": drawn, "kind": "development"},
        headers=tokens[Role.PLANNER],
    )
    assert response.status_code == 200
    result = body(response)
    assert result["area_daa"] == pytest.approx(half.area / 1000, rel=0.001)
    [overlap] = [o for o in result["overlaps"] if o["id"] == "jordvern-grini"]
    assert overlap["overlap_daa"] == pytest.approx(
        half.intersection(grini_utm).area / 1000, rel=0.001
    )
    assert result["problems"] == [] and result["outside_m"] == 0


def test_the_drawing_check_warns_outside_the_boundary_and_needs_an_editor(client, tokens):
    oslo = {
        "type": "Polygon",
        "coordinates": [
            [[10.75, 59.91], [10.76, 59.91], [10.76, 59.92], [10.75, 59.92], [10.75, 59.91]]
        ],
    }
    result = body(
        client.post(
            "/api/v1/zones/check",
            json={"geometry": oslo, "kind": "protection"},
            headers=tokens[Role.PLANNER],
        )
    )
    assert result["outside_m"] > 5000
    assert "ligger utenfor Bærum kommune" in result["problems"][0]
    assert (
        client.post(
            "/api/v1/zones/check", json={"geometry": oslo, "kind": "protection"}
        ).status_code
        == 401
    )


def _upload(client, headers, features, name="soner.geojson", dry_run=False):
    import io

    data = json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    ).encode()
    url = "/api/v1/imports" + ("?dry_run=1" if dry_run else "")
    return client.post(
        url,
        data={"file": (io.BytesIO(data), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_an_import_preview_lists_every_feature_and_conflict_and_writes_nothing(client, tokens, app):
    sandvika, _ = get(client, "sandvika")
    grini = body(client.get("/api/v1/zones/jordvern-grini"))["geometry"]
    over_grini = new_zone(id="over-grini", name="Utbygging på Grini")
    over_grini["geometry"] = grini
    features = [
        new_zone(id="haslum"),
        {**sandvika, "properties": {**sandvika["properties"], "name": "Sandvika by"}},
        get(client, "marka")[0],
        over_grini,
        new_zone(id="feil", goal_ids=["finnes-ikke"]),
    ]
    before = snapshot(current_store_of(app))
    preview = body(_upload(client, tokens[Role.PLANNER], features, dry_run=True))
    assert preview["dry_run"] is True and preview["valid"] is False
    outcomes = [(f["id"], f["outcome"]) for f in preview["features"]]
    assert outcomes == [
        ("haslum", "created"),
        ("sandvika", "updated"),
        ("marka", "unchanged"),
        ("over-grini", "created"),
        ("feil", "error"),
    ]
    assert preview["features"][1]["changes"] == ["name"]
    assert preview["features"][3]["protected_overlaps"][0]["name"] == "Grini jordbrukslandskap"
    assert "målet «finnes-ikke» finnes ikke" in preview["features"][4]["problems"][0]
    assert snapshot(current_store_of(app)) == before

    refused = _upload(client, tokens[Role.PLANNER], features)
    assert refused.status_code == 422
    assert snapshot(current_store_of(app)) == before

    done = _upload(client, tokens[Role.PLANNER], features[:4])
    assert done.status_code == 200
    assert body(done) == {
        "created": ["Haslum", "Utbygging på Grini"],
        "updated": ["Sandvika by"],
        "unchanged": ["Bærumsmarka"],
    }
    versions = body(client.get("/api/v1/zones/haslum/history", headers=tokens[Role.PLANNER]))[
        "versions"
    ]
    assert versions[0]["actor"] == "import:planner-bruker"


def test_an_import_needs_an_editor_a_known_format_and_a_file_within_the_limit(client, tokens, app):
    assert _upload(client, {}, [new_zone()]).status_code == 401
    assert _upload(client, tokens[Role.COUNCIL], [new_zone()]).status_code == 403
    wrong = _upload(client, tokens[Role.PLANNER], [new_zone()], name="soner.xlsx")
    assert wrong.status_code == 422 and "ukjent filtype «.xlsx»" in body(wrong)["error"]["message"]
    app.config["MAX_CONTENT_LENGTH"] = 500
    big = _upload(client, tokens[Role.PLANNER], [new_zone(description="x" * 1000)])
    assert big.status_code == 413
    assert body(big)["error"]["message"] == "forespørselen er for stor"


def test_the_history_api_asks_for_sign_in_like_the_history_page_and_restoring_for_a_planner(
    client, tokens
):
    refused = client.get("/api/v1/zones/sandvika/history")
    assert refused.status_code == 401
    assert set(body(refused)) == {"error"} and body(refused)["error"]["code"] == "unauthorized"
    assert "sandvika" not in refused.data.decode() and "demo" not in refused.data.decode()
    assert client.get("/soner/sandvika/historikk").status_code == 302
    for role in Role:
        read = client.get("/api/v1/zones/sandvika/history", headers=tokens[role])
        assert read.status_code == 200
        assert body(read)["versions"][0]["actor"] == "demo"
    restore = "/api/v1/zones/sandvika/versions/1/restore"
    assert client.post(restore).status_code == 401
    assert client.post(restore, headers=tokens[Role.COUNCIL]).status_code == 403
