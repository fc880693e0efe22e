"""The planners' workbench: draw and edit zones on the map, with their attributes and goals."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from arealweb.domain.codes import AREALFORMAL, HENSYNSSONER
from arealweb.domain.scenarios import ChangeAction
from arealweb.domain.zones import CATEGORIES, ZoneKind, ZoneStatus
from arealweb.http.access import editor_page
from arealweb.http.store import current_store
from arealweb.services import goals, plan
from arealweb.services import scenarios as scenario_service
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.pages import PLACEHOLDER, map_config

VERSION_PLACEHOLDER = 987654321
"""Stands for a version number in the restore address the page fills in."""


@web.get("/arbeidsbenk")
@editor_page
def workbench():
    store = current_store()
    open_scenarios = [s for s in scenario_service.scenarios(store) if s.is_open]
    wanted = request.args.get("scenario", "")
    scenario = next((s for s in open_scenarios if s.id == wanted), None)
    if wanted and scenario is None:
        found = scenario_service.scenario(store, wanted)  # NotFound: the 404 page
        flash(
            gettext("Scenarioet «%(name)s» er ikke åpent og kan ikke endres.", name=found.name),
            "error",
        )
        return redirect(url_for("web.scenario_page", scenario_id=found.id))
    tree = goals.goal_tree(store)
    parts, config = map_config("workbench")
    config["workbench"] = {
        "check": url_for("api.check_zone_geometry"),
        "create": url_for("api.create_zone"),
        "zone": url_for("api.update_zone", zone_id=PLACEHOLDER),
        "zonePage": url_for("web.zone_page", zone_id=PLACEHOLDER),
        "binPage": url_for("web.bin_page"),
        "restore": url_for("api.restore_version", zone_id=PLACEHOLDER, version=VERSION_PLACEHOLDER),
        "version": str(VERSION_PLACEHOLDER),
        "categories": {
            kind.value: [
                {"code": code, "label": gettext(label)} for code, label in CATEGORIES[kind].items()
            ]
            for kind in ZoneKind
        },
        "text": {
            "area": gettext("Areal: {area}"),
            "length": gettext("Lengde: {length}"),
            "overlap": gettext("Overlapper {name} ({category}): {amount}"),
            "noOverlap": gettext("Ingen overlapp med vernede områder."),
            "outside": gettext("Advarsel: {metres} m utenfor kommunegrensen."),
            "drawFirst": gettext("Tegn et område eller en korridor i kartet, eller velg en sone."),
            "saved": gettext("Lagret: {name}, versjon {version}."),
            "created": gettext("Opprettet: {name}."),
            "deleted": gettext("{name} er slettet. Den kan gjenopprettes fra papirkurven."),
            "bin": gettext("Åpne papirkurven"),
            "stale": gettext(
                "Sonen er endret av noen andre siden du åpnet den. Ingenting er lagret; "
                "velg sonen på nytt for å se den nyeste versjonen."
            ),
            "failed": gettext("Kunne ikke lagre:"),
            "confirmDelete": gettext("Bekreft sletting"),
            "remove": gettext("Fjern"),
            "editing": gettext("Du endrer «{name}» (versjon {version})."),
            "creating": gettext("Ny sone."),
            "openZone": gettext("Se sonen og historikken"),
            "notSaved": gettext("Ikke lagret. Endre sonen, eller lagre likevel."),
            "undone": gettext("Angret et tegnesteg."),
            "redone": gettext("Gjorde om et tegnesteg."),
            "undoneVertex": gettext("Angret siste hjørne."),
            "redoneVertex": gettext("Satte hjørnet tilbake."),
            "undoneSave": gettext("Angret lagringen: «{name}» er tilbake som versjon {version}."),
            "redoneSave": gettext("Gjorde om lagringen: «{name}» er lagret som versjon {version}."),
            "undoneCreate": gettext("Angret: «{name}» er slettet igjen og ligger i papirkurven."),
        },
    }
    if scenario is not None:
        _scenario_mode(config, scenario)
    goal_options = [(goal, len(tree.ancestors(goal.id))) for goal in tree.walk()]
    return render_template(
        "workbench.html",
        map=parts,
        config=config,
        legend=config["legend"],
        kinds=list(ZoneKind),
        statuses=list(ZoneStatus),
        arealformal=AREALFORMAL,
        hensynssoner=HENSYNSSONER,
        goal_options=goal_options,
        levels=presentation.level_labels(),
        left_out=len(plan.odd_zones(store)),
        scenario=scenario,
        open_scenarios=open_scenarios,
    )


def _scenario_mode(config: dict, scenario) -> None:
    """The workbench's settings for editing ``scenario``: the map shows its zones, saves go to
    it with its version, and the texts say that the plan does not change."""
    config["api"]["zones"] = url_for("api.scenario_zones", scenario_id=scenario.id)
    config["text"]["scenarioChange"] = {
        action.value: gettext(action.label) for action in ChangeAction
    }
    config["workbench"]["scenario"] = {
        "id": scenario.id,
        "version": f'"v{scenario.version}"',
        "scenario": url_for("api.get_scenario", scenario_id=scenario.id),
        "zone": url_for("api.put_scenario_zone", scenario_id=scenario.id, zone_id=PLACEHOLDER),
        "change": url_for("api.drop_scenario_change", scenario_id=scenario.id, zone_id=PLACEHOLDER),
        "page": url_for("web.scenario_page", scenario_id=scenario.id),
    }
    config["workbench"]["text"].update(
        {
            "saved": gettext("Lagret i scenarioet: {name}."),
            "created": gettext("Lagt til i scenarioet: {name}."),
            "deleted": gettext("«{name}» er fjernet i scenarioet. Planen har den fortsatt."),
            "openZone": gettext("Se scenarioets endringer"),
            "editing": gettext("Du endrer «{name}» i scenarioet."),
            "stale": gettext(
                "Scenarioet er endret av noen andre siden du åpnet det. Ingenting er lagret; "
                "last siden på nytt for å se scenarioet slik det er nå."
            ),
            "removedZone": gettext(
                "«{name}» er fjernet i scenarioet. Ta den tilbake for å la planens sone gjelde."
            ),
            "broughtBack": gettext("«{name}» er tatt tilbake; planens sone gjelder."),
        }
    )
