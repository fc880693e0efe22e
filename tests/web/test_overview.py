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


def test_areas_are_shown_in_daa_and_km2_with_norwegian_number_format(client, app):
    from arealweb.http.store import current_store

    with app.app_context(), current_store().read() as repo:
        daa = sum(z.area_daa() for z in repo.zones.all() if z.kind.value == "protection")
    page = text(client.get("/oversikt"))
    whole = f"{daa:,.0f}".replace(",", "\u00a0")
    assert f"{whole} daa ({daa / 1000:.2f} km²)".replace(".", ",") in page


def test_overview_links_to_the_api(client):
    body = client.get("/oversikt").data.decode()
    for path in [
        "/api/v1/zones",
        "/api/v1/goals",
        "/api/v1/layers/boundary",
        "/api/v1/layers/stations",
    ]:
        assert f'href="{path}"' in body
