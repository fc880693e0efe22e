import re

import pytest


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


def text(response):
    assert response.status_code == 200
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.data.decode()))


def test_overview_says_what_the_plan_holds_in_norwegian(client):
    response = client.get("/oversikt")
    assert '<html lang="nb">' in response.data.decode()
    page = text(response)
    assert "30 soner. Alle er knyttet til minst ett mål." in page
    assert "Prioritert vekstområde 4" in page
    assert "Jordvern 5" in page
    assert "Kommuneplanens samfunnsdel med arealstrategi 2021–2040" in page
    assert "1 visjon, 4 hovedmål" in page
    assert "21 stasjoner" in page
    assert "Bærum (3201), 193,1 km²" in page


def union_daa(app, kind: str, category: str | None = None) -> float:
    """An independent figure: the kind's (or category's) zones, as stored in EPSG:25832,
    unioned with shapely."""
    import shapely

    from arealweb.http.store import current_store

    with app.app_context(), current_store().read() as repo:
        shapes = [
            z.geometry
            for z in repo.zones.all()
            if z.kind.value == kind and category in (None, z.category)
        ]
    return shapely.union_all(shapes).area / 1000


def daa_text(daa: float) -> str:
    whole = f"{daa:,.0f}".replace(",", "\u00a0")
    return f"{whole} daa ({daa / 1000:.2f} km²)".replace(".", ",")


def test_each_category_and_each_kind_has_its_own_row_with_its_own_area(client, app):
    page = text(client.get("/oversikt"))
    marka = union_daa(app, "protection", "marka")
    protection = union_daa(app, "protection")
    assert f"Marka 1 {daa_text(marka)}" in page
    assert f"Vernet område i alt 11 {daa_text(protection)}" in page
    assert f"Utviklingsområde i alt 11 {daa_text(union_daa(app, 'development'))}" in page
    assert "Korridor i alt 8 34,0 km" in page


OVERLAPPING = {
    "type": "Polygon",
    "coordinates": [
        [[10.55, 59.905], [10.57, 59.905], [10.57, 59.915], [10.55, 59.915], [10.55, 59.905]]
    ],
}


@pytest.mark.parametrize("overlap", [False, True], ids=["demo", "overlapping zones"])
def test_the_overview_and_the_analysis_give_the_same_area_per_kind(client, app, overlap):
    if overlap:
        from arealweb.domain.accounts import Role
        from arealweb.http.store import current_store
        from arealweb.services.accounts import create_token, create_user

        with app.app_context():
            create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
            token = create_token(current_store(), "kari")
        for n, shift in enumerate((0.0, 0.01)):
            ring = [[x + shift, y] for x, y in OVERLAPPING["coordinates"][0]]
            zone = {
                "type": "Feature",
                "properties": {
                    "id": f"overlapp-{n}",
                    "name": f"Overlapp {n}",
                    "kind": "protection",
                    "category": "grønnstruktur",
                    "goal_ids": ["2020.hm3.d1.s1.a1"],
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
            sent = client.post(
                "/api/v1/zones", json=zone, headers={"Authorization": f"Bearer {token}"}
            )
            assert sent.status_code == 201, sent.data[:300]
    overview = text(client.get("/oversikt"))
    analysis = text(client.get("/analyse"))
    for kind, label in (("development", "Utviklingsområde"), ("protection", "Vernet område")):
        daa = union_daa(app, kind)
        assert f"{label} i alt" in overview and daa_text(daa) in overview
        shown = f"{label} {daa:,.1f} daa".replace(",", "\u00a0").replace(".", ",")
        assert shown in analysis
    summed = sum(
        z["properties"]["area_daa"]
        for z in client.get("/api/v1/zones?kind=protection").get_json()["features"]
    )
    if overlap:
        assert summed > union_daa(app, "protection") + 50, "the new zones overlap each other"


def test_overview_links_to_the_api(client):
    body = client.get("/oversikt").data.decode()
    for path in [
        "/api/v1/zones",
        "/api/v1/goals",
        "/api/v1/layers/boundary",
        "/api/v1/layers/stations",
    ]:
        assert f'href="{path}"' in body
