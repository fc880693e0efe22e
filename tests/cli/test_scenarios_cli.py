"""Scenarios on the command line: made from a file, shown with their changes, promoted into the
plan with the history naming them; a refusal names its problem, exits with 1 and changes
nothing."""

import json

from arealweb.app import create_app
from arealweb.http.store import current_store
from tests.conftest import snapshot
from tests.places import HASLUM


def plan_file(tmp_path, **props):
    properties = {"name": "Haslum stasjonsby", "kind": "development", "category": "vekstområde"}
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {**properties, **props}, "geometry": HASLUM}
        ],
    }
    path = tmp_path / "forslag.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def store_of(url):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x"})
    with app.app_context():
        return current_store()


def test_a_file_becomes_a_scenario_that_is_shown_listed_and_promoted(demo, url, tmp_path):
    made = demo("scenario", "import", plan_file(tmp_path), "--name", "Vekst på Haslum").output
    assert "Scenarioet vekst-pa-haslum er laget: 1 nye, 0 endret, 0 fjernet." in made
    listed = demo("scenario", "list").output.splitlines()
    assert listed == ["vekst-pa-haslum\tÅpent\tVekst på Haslum\t1 nye, 0 endret, 0 fjernet"]
    shown = demo("scenario", "show", "vekst-pa-haslum").output
    assert "Ny sone" in shown and "Haslum stasjonsby — Prioritert vekstområde" in shown

    promoted = demo("scenario", "promote", "vekst-pa-haslum").output
    assert "er tatt inn i planen: 1 endring." in promoted
    with store_of(url).read() as repo:
        zone = next(z for z in repo.zones.all() if z.name == "Haslum stasjonsby")
        assert repo.zones.history(zone.id)[-1].scenario == "Vekst på Haslum"
    again = demo("scenario", "promote", "vekst-pa-haslum", ok=False)
    assert again.exit_code == 1
    assert "allerede tatt inn i planen" in again.output
    assert "Ingenting ble endret." in again.output


def test_a_broken_file_makes_no_scenario(demo, url, tmp_path):
    before = snapshot(store_of(url))
    refused = demo(
        "scenario", "import", plan_file(tmp_path, category="marka"), "--name", "Feil", ok=False
    )
    assert refused.exit_code == 1
    assert "kategorien «marka» finnes ikke" in refused.output
    assert snapshot(store_of(url)) == before
    assert demo("scenario", "list").output == ""


def test_an_empty_scenario_is_made_and_discarded(demo):
    assert "Scenarioet vest er laget." in demo("scenario", "new", "Vest").output
    assert "Scenarioet vest er forkastet." in demo("scenario", "discard", "vest").output
    assert demo("scenario", "list").output.split("\t")[1] == "Forkastet"
