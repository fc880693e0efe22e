"""GET /api/v1/scenarios/compare on SQLite and PostGIS: the arealregnskap and the indicators of
the hand-made plan and its three scenarios agree with plain shapely within 1 %."""

from __future__ import annotations

import pytest

from arealweb.domain.indicators import Measure
from arealweb.http.store import current_store
from tests.comparisons import SCENARIOS, build, expected
from tests.conftest import _app


@pytest.fixture
def app(database_url, tmp_path):
    for made in _app(database_url, tmp_path):
        with made.app_context():
            build(current_store())
        yield made


def figure(body, key):
    return next(f for f in body["figures"] if f["key"] == key)


def test_the_comparison_matches_shapely(client, planner):
    answer = client.get(
        "/api/v1/scenarios/compare?ids=" + ",".join(SCENARIOS), headers=planner["council"]
    )
    assert answer.status_code == 200
    body = answer.get_json()
    assert [c["key"] for c in body["columns"]] == ["plan", *SCENARIOS]
    assert body["columns"][2]["changes"] == {"add": 1, "change": 1, "remove": 0}
    assert body["columns"][3]["changed_zone_ids"] == ["C4", "D2"]
    for n, scenario_id in enumerate([None, *SCENARIOS]):
        wanted = expected(scenario_id)
        development = figure(body, "kind.development")
        assert development["values"][n] == pytest.approx(wanted.development_m2, rel=0.01)
        assert development["values_daa"][n] == pytest.approx(wanted.development_m2 / 1000, rel=0.01)
        taken = figure(body, "taken.jordvern")
        assert taken["values_daa"][n] == pytest.approx(wanted.taken_jordvern_m2 / 1000, rel=0.01)
        assert figure(body, "reserve.framtidig")["values"][n] == pytest.approx(
            wanted.reserve_m2, rel=0.01
        )
        assert figure(body, "network.hovedsykkelvei")["values_km"][n] == pytest.approx(
            wanted.main_cycle_m / 1000, rel=0.01
        )
        for row in body["indicators"]:
            assert row["values"][n] == pytest.approx(
                wanted.indicator(Measure(row["measure"])), rel=0.01, abs=1e-6
            )
    taken = next(r for r in body["indicators"] if r["measure"] == "protected_taken")
    assert taken["lights"] == ["close", "close", "not_met", "met"]
    assert taken["light_labels"][2] == "Ikke nådd"
    assert body["thresholds"]["close_fraction"] == 0.1


def test_it_needs_an_account_and_known_scenarios(client, planner):
    assert client.get("/api/v1/scenarios/compare?ids=jordet").status_code == 401
    headers = planner["planner"]

    def get(query):
        return client.get("/api/v1/scenarios/compare" + query, headers=headers)

    answer = get("?ids=jordet,finnes-ikke")
    assert answer.status_code == 404 and "«finnes-ikke» finnes ikke" in answer.get_data(
        as_text=True
    )
    assert get("?ids=a,b,c,d,e").status_code == 422
    assert get("").status_code == 422
    assert get("?ids=jordet&x=1").status_code == 400
