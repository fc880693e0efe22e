"""The dashboard, the map exports and the golden-thread report through the test client."""

import html
import io
import json
import re

import pypdf
import pytest
from PIL import Image

from tests.documents import waited_pdf


@pytest.fixture(params=["sqlite"])
def backend(request):
    return request.param


def test_the_dashboard_shows_each_chart_with_its_table(client):
    page = client.get("/analyse").data.decode()
    charts = re.findall(r"data-chart='([^']+)'", page)
    assert len(charts) == 6
    data = [json.loads(html.unescape(c)) for c in charts]
    kinds = data[0]
    assert kinds["labels"] == ["Utviklingsområde", "Vernet område"] and kinds["unit"] == "daa"
    # the table beside the chart holds the same numbers
    assert f"{kinds['series'][0][1][0]:,.1f}".replace(",", "\xa0").replace(".", ",") in page
    assert "Gamle Fornebu lufthavn – terminal og tårn" in page
    assert "Korridorer gjennom vernet areal (ofte akseptabelt)" in page
    assert "Rykkinn" in page  # unreached by the main cycle network


def test_the_dashboard_names_zones_where_it_used_to_show_their_ids(client, app):
    import dataclasses

    from arealweb.http.store import current_store

    with app.app_context(), current_store().write() as repo:
        fornebu = repo.zones.get("fornebu")
        unlinked = dataclasses.replace(fornebu, id="b4a7c29c-fornebu", links=[], version=1)
        repo.zones.save(unlinked, None, actor="test")
    page = client.get("/analyse").data.decode()
    section = page[page.index("Soner uten mål") : page.index("Mål som motarbeider andre mål")]
    assert ">Fornebu</a>" in section and "b4a7c29c-fornebu</a>" not in section
    contradictions = page[page.index("Mål som motarbeider andre mål") :]
    contradictions = contradictions[: contradictions.index("</table>")]
    assert ">Fornebu</a>" in contradictions
    assert ">Gamle Fornebu lufthavn – terminal og tårn</a>" in contradictions
    assert not re.search(r"<td>(fornebu|kulturmiljo-fornebu-lufthavn)</td>", contradictions)


def test_map_exports_are_png_and_pdf_and_an_unknown_goal_is_404(client):
    png = client.get("/kart.png?goal=2020.hm3")
    assert png.mimetype == "image/png"
    image = Image.open(io.BytesIO(png.data))
    assert image.size[0] >= 1200
    pdf = client.get("/kart.pdf")
    assert (
        pdf.mimetype == "application/pdf" and len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages) == 1
    )
    assert client.get("/kart.png?goal=nope").status_code == 404


def test_the_golden_thread_report_runs_from_vision_to_zones(client):
    page = client.get("/rapport/gyllen-trad").data.decode()
    order = [
        page.index(t)
        for t in (
            "Sammen skaper vi fremtiden",
            "Bærum er ledende i arbeidet",
            "I Bærum er det lett å leve klima- og miljøvennlig",
            "Prioritere, sikre og tilrettelegge",
        )
    ]
    assert order == sorted(order)
    # One map per main goal that has zones (both plan versions); words for the others.
    assert page.count('class="report-map"') == 4
    assert page.count('class="doc-no-map"') == 4
    assert "Ingen soner realiserer dette målet ennå." in page
    pdf = pypdf.PdfReader(io.BytesIO(waited_pdf(client)[1].data))
    assert len(pdf.pages) >= 8
    assert "Hovedmål: Bærum er ledende" in "".join(p.extract_text() for p in pdf.pages)


def test_a_drawn_map_is_reused_until_the_plan_changes(app, client):
    from dataclasses import replace

    from arealweb.http.store import current_store

    first = client.get("/kart.png?goal=2020.hm3")
    again = client.get("/kart.png?goal=2020.hm3", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/kart.png?goal=2020.hm3").data == first.data
    with app.app_context(), current_store().write() as repo:
        zone = repo.zones.get("rykkinn")
        repo.zones.save(
            replace(zone, links=[*zone.links, type(zone.links[0])("2020.hm3")]), zone, actor="t"
        )
    changed = client.get(
        "/kart.png?goal=2020.hm3", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200 and changed.data != first.data


def test_a_map_drawn_while_the_plan_changed_is_served_but_not_kept(app, client, monkeypatch):
    """A zone is added while the map is drawn and deleted again after: the plan is back in the
    state the map was asked for, so the map drawn with the zone must not be served for it."""
    import copy

    import arealweb.web.analysis
    from arealweb.http.store import current_store
    from arealweb.services import editing
    from tests.places import HASLUM

    feature = {
        "type": "Feature",
        "properties": {"id": "midlertidig", "name": "Midlertidig", "kind": "development",
                       "category": "vekstområde", "goal_ids": ["2020.hm3"]},
        "geometry": copy.deepcopy(HASLUM),
    }  # fmt: skip
    real, calls = arealweb.web.analysis.export_map, []

    def zone_added_meanwhile(store, *args, **kwargs):
        if not calls:
            editing.create_zone(store, feature, actor="other", tolerance_m=50)
        calls.append(args)
        return real(store, *args, **kwargs)

    monkeypatch.setattr(arealweb.web.analysis, "export_map", zone_added_meanwhile)
    moved = client.get("/kart.png?goal=2020.hm3")
    assert moved.status_code == 200 and moved.mimetype == "image/png"
    assert "ETag" not in moved.headers and moved.headers["Cache-Control"] == "no-store"
    with app.app_context():
        editing.delete_zone(current_store(), "midlertidig", expected_version=None, actor="other")
    drawn = client.get("/kart.png?goal=2020.hm3")
    assert len(calls) == 2 and drawn.data != moved.data  # drawn again, without the zone
    assert "ETag" in drawn.headers
    assert client.get("/kart.png?goal=2020.hm3").data == drawn.data and len(calls) == 2
