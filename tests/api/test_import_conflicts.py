"""The import endpoint honours versions: a stale file answers 412 with both sides, and imports
only with a choice per conflicting feature. Against both databases."""

import io
import json

import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from arealweb.services.export import export_zones
from tests.conftest import snapshot


@pytest.fixture
def headers(app):
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
        create_user(current_store(), "ola", Role.PLANNER, "et-langt-passord")
        return {
            name: {"Authorization": f"Bearer {create_token(current_store(), name)}"}
            for name in ("kari", "ola")
        }


def body(response):
    return json.loads(response.data)


@pytest.fixture
def old_export(app, client, headers, tmp_path):
    """Kari's export; then Ola renames Sandvika and deletes Fornebu through the API."""
    path = tmp_path / "soner.geojson"
    with app.app_context():
        export_zones(current_store(), path)
    zone = client.get("/api/v1/zones/sandvika")
    feature = body(zone)
    feature["properties"]["name"] = "Sandvika sentrum"
    renamed = client.put(
        "/api/v1/zones/sandvika",
        json=feature,
        headers={**headers["ola"], "If-Match": zone.headers["ETag"]},
    )
    assert renamed.status_code == 200
    fornebu = client.get("/api/v1/zones/fornebu")
    deleted = client.delete(
        "/api/v1/zones/fornebu", headers={**headers["ola"], "If-Match": fornebu.headers["ETag"]}
    )
    assert deleted.status_code == 204
    return path.read_bytes()


def upload(client, headers, data, dry_run=False, resolutions=None):
    form = {"file": (io.BytesIO(data), "soner.geojson")}
    if resolutions is not None:
        form["resolutions"] = (
            resolutions if isinstance(resolutions, str) else json.dumps(resolutions)
        )
    return client.post(
        "/api/v1/imports" + ("?dry_run=1" if dry_run else ""),
        data=form,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_a_stale_import_answers_412_with_both_sides_and_changes_nothing(
    app, client, headers, old_export
):
    before = snapshot(current_store_of(app))
    refused = upload(client, headers["kari"], old_export)
    assert refused.status_code == 412
    error = body(refused)["error"]
    assert error["code"] == "precondition_failed"
    messages = [p["message"] for p in error["problems"]]
    assert any("endret av ola" in m and "«Sandvika»" in m for m in messages)
    assert any("i arealweb: name «Sandvika» → «Sandvika sentrum»" in m for m in messages)
    assert any("slettet av ola" in m and "«Fornebu»" in m for m in messages)
    assert snapshot(current_store_of(app)) == before
    assert body(client.get("/api/v1/zones/sandvika"))["properties"]["name"] == "Sandvika sentrum"
    assert client.get("/api/v1/zones/fornebu").status_code == 404


def test_the_dry_run_lists_each_conflict_with_what_changed(app, client, headers, old_export):
    preview = body(upload(client, headers["kari"], old_export, dry_run=True))
    assert sorted(preview["conflicts"]) == ["fornebu", "sandvika"]
    features = {f["id"]: f for f in preview["features"]}
    sandvika = features["sandvika"]
    assert (sandvika["outcome"], sandvika["version"]) == ("conflict", 1)
    conflict = sandvika["conflict"]
    assert (conflict["file_version"], conflict["current_version"], conflict["by"]) == (1, 2, "ola")
    assert conflict["current"]["fields"] == [
        {"field": "name", "before": "Sandvika", "after": "Sandvika sentrum"}
    ]
    assert conflict["file"] == {
        "fields": [],
        "geometry_changed": False,
        "area_change_daa": None,
        "length_change_m": None,
    }
    assert features["fornebu"]["conflict"]["deleted"] is True
    assert features["lysaker"]["outcome"] == "unchanged"


def test_an_import_with_a_choice_per_conflict_does_what_each_says(app, client, headers, old_export):
    done = upload(
        client, headers["kari"], old_export, resolutions={"sandvika": "file", "fornebu": "restore"}
    )
    assert done.status_code == 200, done.data
    assert "Sandvika" in body(done)["updated"] and "Fornebu" in body(done)["updated"]
    assert body(client.get("/api/v1/zones/sandvika"))["properties"]["name"] == "Sandvika"
    assert client.get("/api/v1/zones/fornebu").status_code == 200


def test_keeping_the_current_versions_leaves_both_as_they_are(app, client, headers, old_export):
    before = snapshot(current_store_of(app))
    kept = upload(
        client, headers["kari"], old_export, resolutions={"sandvika": "current", "fornebu": "skip"}
    )
    assert kept.status_code == 200
    assert snapshot(current_store_of(app)) == before


@pytest.mark.parametrize(
    ("resolutions", "status", "words"),
    [
        ("[1, 2]", 422, "resolutions må være et JSON-objekt"),
        ("{", 422, "resolutions må være et JSON-objekt"),
        ({"sandvika": ["file"], "fornebu": "skip"}, 422, "valget for sandvika må være file"),
        ({"sandvika": "file\u0000", "fornebu": "skip"}, 422, "NUL-tegn"),
        ('{"sandvika": ' * 2000 + '"file"' + "}" * 2000, 422, "resolutions må være"),
        ({"sandvika": "file"}, 412, "slettet av ola"),
        ({"sandvika": "file@1", "fornebu": "skip"}, 412, "du så versjon 1, nå versjon 2"),
        ({"sandvika": "file", "fornebu": "skip", "lysaker": "file"}, 422, "ikke i konflikt"),
    ],
)
def test_bad_or_missing_choices_are_refused_and_change_nothing(
    app, client, headers, old_export, resolutions, status, words
):
    before = snapshot(current_store_of(app))
    refused = upload(client, headers["kari"], old_export, resolutions=resolutions)
    assert refused.status_code == status
    assert words in body(refused)["error"]["message"]
    assert snapshot(current_store_of(app)) == before


def current_store_of(app):
    with app.app_context():
        return current_store()


def test_the_conflict_is_explained_in_the_visitors_language(app, client, headers, old_export):
    refused = client.post(
        "/api/v1/imports?lang=en",
        data={"file": (io.BytesIO(old_export), "soner.geojson")},
        headers=headers["kari"],
        content_type="multipart/form-data",
    )
    assert refused.status_code == 412
    message = body(refused)["error"]["message"]
    assert "changed by ola" in message and "deleted by ola" in message
    assert "in arealweb: name “Sandvika” → “Sandvika sentrum”" in message
