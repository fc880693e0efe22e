"""The planners' workbench in Chromium: draw, fill the form, save, edit, restore, history."""

import json
import urllib.error
import urllib.request

import pytest
import shapely

from arealweb.geo.crs import to_utm
from tests.browser.conftest import axe_violations, serve, wait_for_map

PASSWORD = "et-langt-passord"


def _accounts(app):
    from arealweb.domain.accounts import Role
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_user

    with app.app_context():
        for name, role in [("kari", Role.PLANNER), ("ola", Role.PLANNER), ("rita", Role.COUNCIL)]:
            create_user(current_store(), name, role, PASSWORD)


@pytest.fixture(scope="module")
def bench_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("bench"), _accounts)


def api(base, path):
    with urllib.request.urlopen(base + path) as response:
        return json.loads(response.read())


def history(page, base, zone_id):
    """A zone's versions, read with the signed-in page's session (the history API needs one)."""
    answer = page.request.get(f"{base}/api/v1/zones/{zone_id}/history")
    assert answer.ok
    return answer.json()["versions"]


def sign_in(page, base, name, target="/arbeidsbenk"):
    page.goto(f"{base}/logg-inn?next={target}")
    page.get_by_label("Brukernavn").fill(name)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    if target in ("/arbeidsbenk", "/"):
        wait_for_map(page)


def view(page, lat, lon, zoom=15):
    page.evaluate(
        "([lat, lon, zoom]) => document.querySelector('[data-arealweb-map]').arealweb.map.setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )


def draw_polygon(page, points):
    """Click the points on the map (container pixels), close the ring; return them as lon/lat."""
    page.get_by_role("button", name="Nytt område").click()
    box = page.locator(".folium-map").bounding_box()
    lonlat = page.evaluate(
        """(pts) => { const m = document.querySelector('[data-arealweb-map]').arealweb.map;
                      return pts.map(([x, y]) => { const p = m.containerPointToLatLng([x, y]); return [p.lng, p.lat]; }); }""",
        points,
    )
    for x, y in [*points, points[0]]:
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(60)
    page.locator("[data-feedback] [data-area-daa]").wait_for()
    return lonlat


def add_goal(page, goal="2020.hm2.d2.s1.a1"):
    """Link the zone in the form to a goal: a zone with none is asked about before saving."""
    page.locator("#goal-pick").select_option(goal)
    page.get_by_role("button", name="Legg til målet").click()


def test_a_planner_draws_a_polygon_fills_the_form_saves_and_the_api_has_the_area_drawn(
    page, bench_server
):
    sign_in(page, bench_server, "kari")
    view(page, 59.9215, 10.553)
    lonlat = draw_polygon(page, [(250, 250), (480, 260), (470, 450), (260, 430)])
    expected_daa = to_utm(shapely.Polygon(lonlat)).area / 1000
    live = float(page.locator("[data-feedback] [data-area-daa]").get_attribute("data-area-daa"))
    assert live == pytest.approx(expected_daa, rel=0.001)
    assert "Ingen overlapp med vernede områder." in page.locator("[data-feedback]").inner_text()

    page.get_by_label("Navn").fill("Avløs sentrum")
    page.get_by_label("Kategori").select_option("bymessig område")
    page.locator("#goal-pick").select_option("2020.hm2.d2.s1.a1")
    page.get_by_label("Begrunnelse").fill("Lokalsenter ved Avløs stasjon")
    page.get_by_role("button", name="Legg til målet").click()
    page.get_by_role("button", name="Lagre").click()
    saved = page.locator("[data-saved][data-zone-id]")
    saved.wait_for()
    assert "Opprettet: Avløs sentrum." in saved.inner_text()

    zone = api(bench_server, f"/api/v1/zones/{saved.get_attribute('data-zone-id')}")
    assert zone["properties"]["name"] == "Avløs sentrum"
    assert zone["properties"]["category"] == "bymessig område"
    assert zone["properties"]["area_daa"] == pytest.approx(expected_daa, rel=0.001)
    assert [(g["id"], g["rationale"]) for g in zone["properties"]["goals"]] == [
        ("2020.hm2.d2.s1.a1", "Lokalsenter ved Avløs stasjon")
    ]
    versions = history(page, bench_server, zone["id"])
    assert [(v["action"], v["actor"]) for v in versions] == [("create", "kari")]


def test_drawing_over_protected_land_shows_the_overlap_while_drawing(page, bench_server):
    sign_in(page, bench_server, "kari")
    grini = shapely.from_geojson(
        json.dumps(api(bench_server, "/api/v1/zones/jordvern-grini")["geometry"])
    )
    center = grini.centroid
    view(page, center.y, center.x, 16)
    box = page.locator(".folium-map").bounding_box()
    cx, cy = box["width"] / 2, box["height"] / 2
    draw_polygon(
        page, [(cx - 60, cy - 60), (cx + 60, cy - 60), (cx + 60, cy + 60), (cx - 60, cy + 60)]
    )
    overlap = page.locator('[data-feedback] [data-overlap="jordvern-grini"]')
    assert overlap.is_visible()
    assert "Overlapper Grini jordbrukslandskap (jordvern)" in overlap.inner_text()


def test_another_planner_edits_restores_a_version_and_sees_the_history(page, bench_server):
    sign_in(page, bench_server, "ola")
    before = api(bench_server, "/api/v1/zones/kolsas")
    page.locator('[data-zone-list] button[data-zone-id="kolsas"]').click()
    page.get_by_text("Du endrer «Kolsås» (versjon 1).").wait_for()
    page.get_by_label("Navn").fill("Kolsås knutepunkt")
    page.get_by_label("Beskrivelse").fill("Endestasjon med nytt torg")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret: Kolsås knutepunkt, versjon 2.").wait_for()
    assert api(bench_server, "/api/v1/zones/kolsas")["properties"]["name"] == "Kolsås knutepunkt"

    page.goto(bench_server + "/soner/kolsas/historikk")
    wait_for_map(page)
    assert page.locator("tbody tr").count() == 2
    assert "ola" in page.locator('tr[data-version="2"]').inner_text()
    assert "Navn, Beskrivelse" in page.locator('tr[data-version="2"]').inner_text()
    page.locator('tr[data-version="2"] [data-show-version]').click()
    assert (
        "Før (versjon 1) – Etter (versjon 2)" in page.locator("[data-version-legend]").inner_text()
    )
    assert axe_violations(page) == []

    page.get_by_role("button", name="Gjenopprett versjon 1").click()
    page.get_by_text("Versjon 1 er gjenopprettet som versjon 3.").wait_for()
    assert page.locator("tbody tr").count() == 3
    assert "Gjenopprettet" in page.locator('tr[data-version="3"]').inner_text()
    after = api(bench_server, "/api/v1/zones/kolsas")
    assert after["properties"]["name"] == before["properties"]["name"]
    assert after["properties"]["version"] == 3


def test_the_workbench_passes_axe_and_is_for_planners_only(page, watch, bench_server):
    sign_in(page, bench_server, "kari")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Logg ut").click()
    page.goto(bench_server + "/arbeidsbenk")
    assert "/logg-inn" in page.url
    sign_in(page, bench_server, "rita", target="/mal")
    response = page.goto(bench_server + "/arbeidsbenk")
    assert response.status == 403
    assert "Denne siden er for planleggere og administratorer." in page.content()
    forbidden = "console error: Failed to load resource: the server responded with a status of 403 (FORBIDDEN)"
    assert watch.errors == [forbidden]
    watch.errors.clear()


def test_a_planner_imports_a_file_after_seeing_the_preview(page, bench_server, tmp_path):
    feature = {
        "type": "Feature",
        "properties": {
            "id": "importert",
            "name": "Importert fra QGIS",
            "kind": "protection",
            "category": "grønnstruktur",
        },
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [
                    [10.540, 59.930],
                    [10.546, 59.930],
                    [10.546, 59.933],
                    [10.540, 59.933],
                    [10.540, 59.930],
                ]
            ],
        },
    }
    path = tmp_path / "fra-qgis.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8"
    )
    sign_in(page, bench_server, "kari")
    page.get_by_role("link", name="Importer soner fra fil").click()
    assert axe_violations(page) == []
    page.get_by_label("Fil").set_input_files(str(path))
    page.get_by_role("button", name="Vis hva som vil skje").click()
    page.get_by_text("Alle objektene kan importeres. Ingenting er lagret ennå.").wait_for()
    assert page.locator('tr[data-outcome="created"]').count() == 1
    assert axe_violations(page) == []
    page.get_by_role("button", name="Importer 1 objekt").click()
    wait_for_map(page)
    assert "Importert: 1 ny, 0 endret, 0 uendret." in page.locator(".flash").inner_text()
    assert (
        api(bench_server, "/api/v1/zones/importert")["properties"]["name"] == "Importert fra QGIS"
    )


def test_the_goal_pages_for_planners_pass_axe(page, bench_server):
    sign_in(page, bench_server, "kari", target="/mal/2020.hm2.d2.s1.a1/endre")
    page.get_by_role("heading", name="Endre mål").wait_for()
    assert axe_violations(page) == []
    page.goto(bench_server + "/mal/2020.hm3.d1/nytt")
    assert axe_violations(page) == []


def _to_lonlat(page, points):
    return page.evaluate(
        """(pts) => { const m = document.querySelector('[data-arealweb-map]').arealweb.map;
                      return pts.map(([x, y]) => { const p = m.containerPointToLatLng([x, y]); return [p.lng, p.lat]; }); }""",
        points,
    )


def _click(page, points):
    box = page.locator(".folium-map").bounding_box()
    for x, y in points:
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(60)


def test_a_corridor_a_hole_cut_in_an_area_and_a_soft_delete(page, bench_server):
    sign_in(page, bench_server, "kari")
    view(page, 59.9505, 10.555, 16)  # open ground: nothing to snap to

    page.get_by_role("button", name="Ny korridor").click()
    line = [(150, 150), (300, 200), (450, 180)]
    lonlat = _to_lonlat(page, line)
    _click(page, [*line, line[-1]])
    page.get_by_label("Navn").fill("Sykkelvei over jordet")
    page.get_by_label("Kategori").select_option("sykkelvei")
    add_goal(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Opprettet: Sykkelvei over jordet.").wait_for()
    corridor = api(
        bench_server, f"/api/v1/zones/{page.locator('[data-saved]').get_attribute('data-zone-id')}"
    )
    assert corridor["geometry"]["type"] == "MultiLineString"
    assert corridor["properties"]["length_m"] == pytest.approx(
        to_utm(shapely.LineString(lonlat)).length, rel=0.001
    )

    outer = [(150, 300), (450, 300), (450, 550), (150, 550)]
    outer_lonlat = draw_polygon(page, outer)
    page.get_by_label("Navn").fill("Område med hull")
    add_goal(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Opprettet: Område med hull.").wait_for()
    zone_id = page.locator("[data-saved]").get_attribute("data-zone-id")

    page.get_by_role("button", name="Klipp hull").click()
    hole = [(250, 380), (350, 380), (350, 470), (250, 470)]
    hole_lonlat = _to_lonlat(page, hole)
    _click(page, [*hole, hole[0]])
    page.wait_for_timeout(400)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Lagret: Område med hull, versjon 2.").wait_for()
    zone = api(bench_server, f"/api/v1/zones/{zone_id}")
    expected = to_utm(shapely.Polygon(outer_lonlat, [hole_lonlat])).area / 1000
    assert zone["properties"]["area_daa"] == pytest.approx(expected, rel=0.001)
    assert len(zone["geometry"]["coordinates"][0]) == 2  # an outer ring and a hole

    page.get_by_role("button", name="Slett sonen").click()
    page.get_by_role("button", name="Bekreft sletting").click()
    page.get_by_text("Område med hull er slettet.").wait_for()
    with pytest.raises(urllib.error.HTTPError):
        api(bench_server, f"/api/v1/zones/{zone_id}")
    actions = [v["action"] for v in history(page, bench_server, zone_id)]
    assert actions == ["create", "update", "delete"]


def test_a_vertex_drawn_near_another_zone_snaps_onto_it(page, bench_server):
    sign_in(page, bench_server, "kari")
    grini = api(bench_server, "/api/v1/zones/jordvern-grini")["geometry"]["coordinates"][0][0]
    corner = grini[1]
    view(page, corner[1], corner[0], 17)
    x, y = page.evaluate(
        """([lon, lat]) => { const p = document.querySelector('[data-arealweb-map]').arealweb.map.latLngToContainerPoint([lat, lon]);
                            return [p.x, p.y]; }""",
        corner,
    )
    points = [(x + 6, y + 5), (x + 6, y + 200), (x - 200, y + 200)]
    page.get_by_role("button", name="Nytt område").click()
    _click(page, [*points, (x, y)])  # the first vertex now sits on the corner: close there
    page.locator("[data-feedback] [data-area-daa]").wait_for()
    page.get_by_label("Navn").fill("Inntil Grini")
    add_goal(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Opprettet: Inntil Grini.").wait_for()
    drawn = api(
        bench_server, f"/api/v1/zones/{page.locator('[data-saved]').get_attribute('data-zone-id')}"
    )
    first = drawn["geometry"]["coordinates"][0][0]
    assert any(vertex == pytest.approx(corner, abs=2e-6) for vertex in first)


def test_a_save_after_someone_else_changed_the_zone_is_refused_with_412_and_says_so(
    page, watch, bench_server
):
    sign_in(page, bench_server, "kari")
    page.locator('[data-zone-list] button[data-zone-id="sandvika"]').click()
    page.get_by_text("Du endrer «Sandvika» (versjon 1).").wait_for()

    # Meanwhile the zone changes elsewhere (the same account, outside this page).
    zone = page.request.get(bench_server + "/api/v1/zones/sandvika")
    feature = zone.json()
    feature["properties"]["description"] = "Endret et annet sted"
    changed = page.request.put(
        bench_server + "/api/v1/zones/sandvika",
        data=feature,
        headers={
            "If-Match": zone.headers["etag"],
            "X-CSRFToken": page.locator('meta[name="csrf-token"]').get_attribute("content"),
        },
    )
    assert changed.status == 200, changed.text()

    page.get_by_label("Beskrivelse").fill("Endret i arbeidsbenken")
    page.get_by_role("button", name="Lagre").click()
    page.locator("[data-form-errors]").filter(has_text="endret av noen andre").wait_for()
    assert "Ingenting er lagret" in page.locator("[data-form-errors]").inner_text()
    saved = api(bench_server, "/api/v1/zones/sandvika")["properties"]["description"]
    assert saved == "Endret et annet sted"
    refused = "console error: Failed to load resource: the server responded with a status of 412 (PRECONDITION FAILED)"
    assert watch.errors == [refused]
    watch.errors.clear()


@pytest.fixture(scope="module")
def download_server(sqlite_factory, tmp_path_factory):
    """A server of its own: the others' sign-ins have used up the bench server's login limit."""
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("download"), _accounts)


def test_a_planner_downloads_the_filtered_zones_as_a_geopackage(page, download_server, tmp_path):
    bench_server = download_server
    from tests.api.test_zone_downloads import read_back, today_in_baerum

    goal = "2020.hm1"
    expected = sorted(
        f["id"] for f in api(bench_server, f"/api/v1/zones?goal={goal}&kind=protection")["features"]
    )
    total = len(api(bench_server, "/api/v1/zones")["features"])
    assert 0 < len(expected) < total
    sign_in(page, bench_server, "kari")
    summary = page.locator("[data-download-summary]")
    assert summary.inner_text() == f"Filen får alle {total} sonene."

    page.select_option("#goal-lens", goal)
    page.wait_for_selector(f"[data-arealweb-map][data-lens='{goal}']")
    page.get_by_label("Sonetype").select_option("protection")
    page.get_by_label("Filformat").select_option("geojson")
    crs = page.get_by_label("Koordinatsystem")
    assert crs.is_disabled() and crs.input_value() == "4326"  # GeoJSON: always WGS84
    page.get_by_label("Filformat").select_option("gpkg")
    assert crs.is_enabled() and crs.input_value() == "25832"
    crs.select_option("25833")
    assert summary.inner_text() == (
        f"Filen får {len(expected)} av {total} soner. "
        "Målfilter: «I Bærum er det godt å bo og leve for alle»."
    )
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned").click()
    download = info.value
    assert download.suggested_filename == f"arealweb-soner-{today_in_baerum()}.gpkg"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert read_back(path) == (expected, {"EPSG:25833"})
    assert page.url.endswith(f"/arbeidsbenk?goal={goal}")  # the page stays as it was


def test_a_selection_of_no_zones_cannot_be_downloaded_and_says_why(page, download_server):
    sign_in(page, download_server, "kari")
    page.select_option("#goal-lens", "2020.hm1.d1")  # development zones only
    page.wait_for_selector("[data-arealweb-map][data-lens='2020.hm1.d1']")
    page.get_by_label("Sonetype").select_option("corridor")
    assert page.get_by_role("button", name="Last ned").is_disabled()
    assert "Ingen soner passer til utvalget" in page.locator("[data-download-summary]").inner_text()
