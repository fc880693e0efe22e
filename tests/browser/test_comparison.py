"""The comparison of the plan and a scenario in Chromium: the maps pan together, a traffic light
reads as a word, axe finds nothing; the council presentation steps with the keyboard."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.browser.conftest import axe_violations, serve, wait_until
from tests.browser.test_workbench import PASSWORD

SCENARIO = "jorde-til-boliger"
MADE: dict[str, int] = {}
"""What the server was prepared with: the id of the indicator on Grini's farmland."""


def _prepare(app) -> None:
    """A planner, a scenario that builds on Grini's farmland, and an indicator on the
    farmland taken that the plan meets and the scenario does not."""
    from datetime import UTC, datetime

    from arealweb.domain.accounts import Role
    from arealweb.domain.indicators import Direction, Measure
    from arealweb.domain.scenarios import Change, ChangeAction, Scenario
    from arealweb.domain.zones import GoalLink, ZoneKind, ZoneStatus
    from arealweb.http.store import current_store
    from arealweb.services.accounts import create_user
    from arealweb.services.comparison import compare
    from arealweb.services.indicators import add_indicator

    with app.app_context():
        store = current_store()
        create_user(store, "planlegger", Role.PLANNER, PASSWORD)
        with store.write() as repo:
            farmland = repo.zones.get("jordvern-grini")
            goal = next(g.id for g in repo.goals.tree().walk() if g.level.value == "arealstrategi")
            housing = replace(
                farmland,
                id="boliger-grini",
                name="Boliger på Grini",
                kind=ZoneKind.DEVELOPMENT,
                category="vekstområde",
                status=ZoneStatus.FRAMTIDIG,
                arealformal=1110,
                links=[GoalLink(goal)],
                version=1,
            )
            repo.scenarios.create(
                Scenario(
                    SCENARIO,
                    "Jorde til boliger",
                    created_by="planlegger",
                    created_at=datetime.now(UTC),
                    changes=[Change("boliger-grini", ChangeAction.ADD, housing, None)],
                )
            )
        taken = compare(store, [SCENARIO]).columns[0].accounts.taken_by_category["jordvern"]
        MADE["indicator"] = add_indicator(
            store,
            goal,
            measure=Measure.PROTECTED_TAKEN,
            parameter="jordvern",
            target=round(taken / 1000, 1) + 0.1,
            direction=Direction.AT_MOST,
        ).id


@pytest.fixture(scope="module")
def comparison_server(sqlite_factory, tmp_path_factory):
    yield from serve(sqlite_factory, tmp_path_factory.mktemp("comparison"), _prepare)


def sign_in(page, base):
    page.goto(f"{base}/logg-inn?next=/scenarioer/sammenligning")
    page.get_by_label("Brukernavn").fill("planlegger")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/scenarioer/sammenligning")


def test_the_maps_pan_together_and_a_light_reads_as_a_word(page, comparison_server):
    sign_in(page, comparison_server)
    page.get_by_label("Jorde til boliger").check()
    page.get_by_role("button", name="Sammenlign").click()
    page.wait_for_selector("[data-comparison-maps][data-ready='true']", timeout=20_000)
    maps = "Array.from(document.querySelectorAll('[data-comparison-map]')).map(f => f.leaflet)"
    assert page.evaluate(f"{maps}.length") == 2
    assert page.evaluate(f"{maps}.every(m => m.getSize().x > 200 && m.getSize().y > 200)")
    assert (
        page.evaluate("Number(document.querySelectorAll('[data-comparison-map]')[1].dataset.zones)")
        == page.evaluate(
            "Number(document.querySelectorAll('[data-comparison-map]')[0].dataset.zones)"
        )
        + 1
    )
    first = page.locator("[data-comparison-map]").first
    box = first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 120, box["y"] + box["height"] / 2 - 60, steps=8)
    page.mouse.up()
    page.mouse.wheel(0, -300)
    wait_until(
        page,
        f"(() => {{ const m = {maps}; const a = m[0].getCenter(), b = m[1].getCenter();"
        " return m[0].getZoom() === m[1].getZoom() && Math.abs(a.lat - b.lat) < 1e-9"
        " && Math.abs(a.lng - b.lng) < 1e-9; })()",
    )
    row = page.locator(f"[data-indicators] [data-indicator='{MADE['indicator']}']")
    assert row.locator("[data-column='plan'] [data-light]").inner_text() == "✓ Nådd"
    assert row.locator(f"[data-column='{SCENARIO}'] [data-light]").inner_text() == "✗ Ikke nådd"
    assert page.evaluate("document.body.dataset.charts") == "3"
    assert axe_violations(page) == []


def test_the_presentation_steps_with_the_keyboard(page, comparison_server):
    sign_in(page, comparison_server)
    page.goto(f"{comparison_server}/scenarioer/sammenligning/presentasjon?s={SCENARIO}")
    slides = page.locator("[data-slides]")
    assert slides.get_attribute("data-shown") == "columns"
    assert page.locator("[data-slide]:visible").count() == 1
    page.keyboard.press("ArrowRight")
    assert slides.get_attribute("data-shown") == "accounts"
    page.keyboard.press("ArrowRight")
    assert slides.get_attribute("data-shown").startswith("goal-")
    assert "Ikke nådd" in page.locator("[data-slide]:visible").inner_text()
    page.keyboard.press("End")
    assert slides.get_attribute("data-shown") == "maps"
    page.wait_for_selector("[data-comparison-maps][data-ready='true']", timeout=20_000)
    assert (
        page.evaluate(
            "document.querySelector('[data-slide=maps] [data-comparison-map]').leaflet.getSize().x"
        )
        > 200
    )
    page.keyboard.press("Home")
    assert slides.get_attribute("data-shown") == "columns"
    page.get_by_role("button", name="Neste").click()
    assert slides.get_attribute("data-shown") == "accounts"
    assert "Lysbilde 2 av" in page.locator("[data-step-counter]").inner_text()
    assert axe_violations(page) == []
