"""A version made by promoting a scenario names the scenario on the zone's history page, its
name escaped like every text a planner typed."""

from dataclasses import replace

from arealweb.domain.scenarios import change_to
from arealweb.http.store import current_store
from arealweb.services import scenarios

NAME = "Vekst <b>på</b> Haslum"


def test_the_history_names_the_scenario_a_version_came_from(app, signed_in):
    with app.app_context():
        store = current_store()
        made = scenarios.create_scenario(store, NAME, actor="kari")
        with store.write() as repo:
            sandvika = repo.zones.get("sandvika")
            repo.scenarios.put_change(
                made.id,
                change_to(sandvika, replace(sandvika, name="Sandvika by"), "sandvika"),
                actor="kari",
                at=made.created_at,
            )
        scenarios.promote(store, made.id, expected_version=None, actor="kari")
    page = signed_in("kari").get("/soner/sandvika/historikk").data.decode()
    assert "fra scenarioet «Vekst &lt;b&gt;på&lt;/b&gt; Haslum»" in page
    assert "<b>på</b>" not in page
    assert page.count("data-scenario") == 1
