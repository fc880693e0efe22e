"""The HTML pages through the test client (the browser tests drive the same pages in Chromium)."""

import json
import re

import pytest


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


def text(response):
    assert response.status_code == 200, response.data[:500]
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.data.decode(), flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", body))


def map_config(response):
    raw = re.search(r"data-arealweb-map='([^']*)'", response.data.decode()).group(1)
    return json.loads(raw.replace("&#39;", "'").replace("&amp;", "&"))


def with_map_script(client, path="/"):
    """The page and the map script it loads (folium's script is a file, not inline)."""
    body = client.get(path).data.decode()
    script = re.search(r'<script src="(/kart/oppsett\.js[^"]*)"', body).group(1)
    return body + client.get(script.replace("&amp;", "&")).data.decode()


def add_zone(app, **changes):
    import shapely

    from arealweb.domain.zones import GoalLink, Zone, ZoneKind
    from arealweb.geo.crs import to_utm
    from arealweb.http.store import current_store

    values = dict(
        id="ny",
        kind=ZoneKind.DEVELOPMENT,
        category="vekstområde",
        name="Ny sone",
        geometry=shapely.MultiPolygon([to_utm(shapely.Point(10.5635, 59.915)).buffer(120)]),
        links=[GoalLink("2020.hm1.d1.s1.a1", "fordi")],
    )
    values.update(changes)
    with app.app_context(), current_store().write() as repo:
        repo.zones.save(Zone(**values), actor="test")


def test_map_page_is_a_shell_that_loads_its_data_from_the_api(client):
    response = client.get("/")
    page = text(response)
    assert '<html lang="nb">' in response.data.decode()
    assert "Målfilter" in page and "Tegnforklaring" in page and "Kartlag" in page
    assert "Sandvika" not in page  # zones arrive by fetch, not in the HTML
    config = map_config(response)
    assert config["api"]["zones"] == "/api/v1/zones"
    assert config["mode"] == "plan"
    assert [g["kind"] for g in config["legend"]] == ["development", "protection", "corridor"]


def test_map_page_stays_the_same_size_whatever_the_data(client, app):
    def size():
        body = client.get("/").data.decode()
        return len(re.sub(r"(map|tile_layer)_[0-9a-f]{32}", "", body))

    before = size()
    for n in range(25):
        add_zone(app, id=f"ekstra-{n}", name=f"Ekstra sone {n}")
    assert size() == before


def test_map_page_serves_leaflet_itself_and_names_no_outside_host_but_the_tiles(client):
    body = client.get("/").data.decode()
    assert "/vendor/leaflet/leaflet.js" in body and "/vendor/leaflet/leaflet.css" in body
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    assert all(s.startswith("/") for s in scripts), scripts
    hosts = set(re.findall(r"https?://([^/\"'{]+)", body))
    assert hosts <= {"cache.kartverket.no", "tile.openstreetmap.org", "www.openstreetmap.org"}
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/vendor/leaflet/images/marker-icon.png").status_code == 200
    assert client.get("/vendor/axe-core/axe.min.js").status_code == 404
    assert client.get("/vendor/leaflet/../../package.json").status_code == 404


def test_kartverket_tiles_put_y_before_x_and_carry_the_attribution(client):
    body = with_map_script(client)
    assert (
        "https://cache.kartverket.no/v1/wmts/1.0.0/topograatone/default/webmercator/{z}/{y}/{x}.png"
        in body
    )
    assert "\\u00a9 Kartverket" in body
    assert [b["id"] for b in map_config(client.get("/"))["basemaps"]] == [
        "topograatone",
        "topo",
        "osm",
    ]


def test_without_basemaps_the_map_has_no_tile_layer(demo_database_url):
    from arealweb.app import create_app

    app = create_app({"DATABASE_URL": demo_database_url, "SECRET_KEY": "x", "BASEMAPS": "none"})
    body = with_map_script(app.test_client())
    assert "L.tileLayer" not in body
    assert "Ingen bakgrunnskart" in body


def test_goal_tree_groups_main_goals_by_dimension_with_counts_and_areas(client):
    page = text(client.get("/mal"))
    for dimension in [
        "Sosial bærekraft",
        "Økonomisk bærekraft",
        "Klima- og miljømessig bærekraft",
        "Bærum kommune som organisasjon",
    ]:
        assert dimension in page
    corridors = json.loads(client.get("/api/v1/zones?goal=2020.hm3.d1.s1.a1").data)
    km = sum(f["properties"]["length_m"] for f in corridors["features"]) / 1000
    expected = f"(8 soner, {km:.1f} km korridor)".replace(".", ",")
    assert (
        f"Arealstrategi Prioritere, sikre og tilrettelegge for sammenhengende og trygge gang- og sykkelveier {expected}"
        in page
    )
    assert (
        "Arealstrategi Utvikle steder sammen med dem som bor og arbeider der (ingen soner)" in page
    )
    assert "Bærumsamfunnet er miljø- og klimaklokt" in page


def test_goal_page_shows_chain_sdgs_and_zones(client):
    response = client.get("/mal/2020.hm3.d1.s1.a1")
    page = text(response)
    assert "Måltre Visjon: Sammen skaper vi fremtiden Hovedmål: Bærum er ledende" in page
    assert "Mål 11: Bærekraftige byer og lokalsamfunn" not in page  # sdgs belong to the main goal
    assert "Hovedsykkelvei langs E18 Lysaker–Sandvika" in page
    assert map_config(response)["goal"] == "2020.hm3.d1.s1.a1"
    assert "Mål 13: Stoppe klimaendringene" in text(client.get("/mal/2020.hm3"))


def test_zone_page_shows_facts_in_daa_and_km2_and_every_chain(client):
    page = text(client.get("/soner/jordvern-grini"))
    assert "Grini jordbrukslandskap" in page
    assert re.search(r"Areal \d+ daa \(0,\d{3} km²\)", page)
    assert "Arealformål 5100 Landbruks-, natur- og friluftsformål (LNFR)" in page
    assert "Hensynssone H510 Hensyn landbruk" in page
    assert "Visjon: Sammen skaper vi fremtiden Hovedmål: Bærum er ledende" in page
    corridor = text(client.get("/soner/hovedsykkelvei-e18"))
    assert re.search(r"Lengde \d+,\d km", corridor)


def test_thread_gaps_list_goals_without_zones_and_zones_without_goals(client, app):
    page = text(client.get("/tradbrudd"))
    assert "Utvikle steder sammen med dem som bor og arbeider der" in page
    assert "Bærumsamfunnet er miljø- og klimaklokt" in page  # the 2021 goals have no zones yet
    assert "Alle soner er knyttet til minst ett mål." in page
    add_zone(app, id="løs", name="Løs sone", links=[])
    assert "Løs sone" in text(client.get("/tradbrudd"))


def test_unknown_pages_answer_404_in_the_visitors_language(client):
    response = client.get("/soner/finnes-ikke")
    assert response.status_code == 404
    assert "fant ingen sone med id finnes-ikke" in response.data.decode()
    response = client.get("/ingenting")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.data.decode()
    assert "Page not found" in client.get("/ingenting?lang=en").data.decode()


def test_language_switch_remembers_english_and_back(client):
    response = client.get("/sprak/en?next=/mal")
    assert response.status_code == 302 and response.headers["Location"] == "/mal"
    page = client.get("/mal").data.decode()
    assert '<html lang="en">' in page
    assert "Goal tree" in page and "Social sustainability" in page
    assert 'hreflang="nb">Norsk</a>' in page
    client.get("/sprak/nb?next=/mal")
    assert '<html lang="nb">' in client.get("/mal").data.decode()


def test_language_switch_never_redirects_to_another_site(client):
    for target in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        assert client.get("/sprak/en", query_string={"next": target}).headers["Location"] == "/"


def test_user_text_is_escaped_on_every_page(client, app):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    add_zone(app, id="evil", name=evil, description=evil)
    for url in ["/soner/evil", "/mal/2020.hm1.d1.s1.a1", "/oversikt", "/"]:
        body = client.get(url).data.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert" in client.get("/soner/evil").data.decode()
    api = client.get("/api/v1/zones/evil").data.decode()
    assert json.loads(api)["properties"]["name"] == evil


@pytest.mark.parametrize(
    "path", ["/", "/mal", "/mal/2020.hm3", "/soner/marka", "/tradbrudd", "/oversikt"]
)
def test_every_page_has_its_language_landmarks_and_a_zoomable_viewport(client, path):
    body = client.get(path).data.decode()
    assert '<html lang="nb">' in body
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    assert "user-scalable" not in body and "maximum-scale" not in body
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in body
    assert body.count("<h1") == 1
