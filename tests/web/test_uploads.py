"""Uploaded files: removed whatever happens, and no path on the server in any message."""

import io
import json
import os
import re
import time

import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user
from tests.places import HASLUM
from tests.web.conftest import csrf

FEATURE = {
    "type": "Feature",
    "properties": {
        "id": "haslum",
        "name": "Haslum",
        "kind": "development",
        "category": "bymessig område",
    },
    "geometry": HASLUM,
}
GEOJSON = json.dumps({"type": "FeatureCollection", "features": [FEATURE]}).encode()


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


@pytest.fixture
def token(app):
    with app.app_context():
        create_user(current_store(), "kari-api", Role.PLANNER, "et-langt-passord")
        return {"Authorization": f"Bearer {create_token(current_store(), 'kari-api')}"}


def uploads(app) -> list[str]:
    """What is left in the uploads folder."""
    folder = app.config["UPLOAD_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def api_upload(client, headers, content: bytes, name: str, dry_run: bool = False):
    return client.post(
        "/api/v1/imports" + ("?dry_run=1" if dry_run else ""),
        data={"file": (io.BytesIO(content), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def assert_no_server_path(app, text: str) -> None:
    for path in ("/tmp", str(app.config["UPLOAD_FOLDER"]), app.instance_path, "/vsizip"):
        assert path not in text, text


@pytest.mark.parametrize(
    "name, content",
    [
        ("soner.gpkg", b"not a geopackage at all"),
        ("soner.zip", b"PK\x03\x04 not a zip"),
        ("soner.kml", b"<kml><broken"),
        ("soner.geojson", b"{not json"),
    ],
)
def test_an_unreadable_file_is_refused_naming_the_file_not_the_server_path(
    app, client, token, name, content
):
    for dry_run in (True, False):
        refused = api_upload(client, token, content, name, dry_run=dry_run)
        assert refused.status_code == 422
        message = refused.get_json()["error"]["message"]
        assert_no_server_path(app, message)
        assert uploads(app) == []


def test_a_gdal_error_names_the_uploaded_file(app, client, token):
    refused = api_upload(client, token, b"not a geopackage at all", "mine soner.gpkg")
    assert "mine soner.gpkg" in refused.get_json()["error"]["message"]


def test_the_import_page_shows_no_server_path_and_keeps_nothing(app, signed_in):
    client = signed_in("kari")
    page = client.get("/arbeidsbenk/import").data.decode()
    refused = client.post(
        "/arbeidsbenk/import",
        data={"file": (io.BytesIO(b"junk"), "soner.gpkg"), "csrf_token": csrf(page)},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    html = refused.data.decode()
    assert "soner.gpkg" in html
    assert_no_server_path(app, html)
    assert uploads(app) == []


def test_a_preview_keeps_its_file_until_it_is_confirmed(app, signed_in):
    client = signed_in("kari")
    page = client.get("/arbeidsbenk/import").data.decode()
    preview = client.post(
        "/arbeidsbenk/import",
        data={"file": (io.BytesIO(GEOJSON), "haslum.geojson"), "csrf_token": csrf(page)},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    html = preview.data.decode()
    action = re.search(r'action="(/arbeidsbenk/import/[^"]+)"', html).group(1)
    assert uploads(app) == [action.rsplit("/", 1)[1]]
    done = client.post(action, data={"csrf_token": csrf(html)})
    assert done.status_code == 302 and done.headers["Location"] == "/arbeidsbenk"
    assert uploads(app) == []


def test_an_error_while_reading_removes_the_upload(app, client, token, monkeypatch):
    import arealweb.api.imports

    def broken(*args, **kwargs):
        raise RuntimeError("the reader fell over")

    monkeypatch.setattr(arealweb.api.imports, "preview_import", broken)
    with pytest.raises(RuntimeError):
        api_upload(client, token, GEOJSON, "soner.geojson", dry_run=True)
    assert uploads(app) == []


def test_a_client_that_hangs_up_mid_upload_leaves_nothing(app, client, token):
    boundary = "grense"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.geojson"\r\n'
        f"Content-Type: application/geo+json\r\n\r\n"
    ).encode() + GEOJSON
    response = client.post(
        "/api/v1/imports",
        input_stream=io.BytesIO(body),
        headers=token,
        # The client promised more than it sent, then hung up.
        environ_overrides={"CONTENT_LENGTH": str(len(body) + 10_000)},
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    assert uploads(app) == []


def test_uploads_left_by_a_killed_process_are_swept_after_an_hour(app, client, token):
    folder = app.config["UPLOAD_FOLDER"]
    for name, age in (("killed-mid-upload-aaaaaaaaaa", 2 * 3600), ("waiting-preview-aaaaaaaa", 60)):
        os.makedirs(os.path.join(folder, name))
        then = time.time() - age
        os.utime(os.path.join(folder, name), (then, then))
    assert api_upload(client, token, GEOJSON, "soner.geojson", dry_run=True).status_code == 200
    assert uploads(app) == ["waiting-preview-aaaaaaaa"]
