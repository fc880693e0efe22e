"""The planners' scenario pages: the list with a form for a new scenario and an import, one
scenario's changes and conflicts, promotion into the plan through a confirmation, discarding.

Every write is a form with its CSRF token and the scenario's version, so a page open since
another planner changed the scenario says so instead of overwriting. The workbench edits a
scenario's zones (``/arbeidsbenk?scenario=<id>``); these pages show and decide.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext

from arealweb.domain.errors import DomainError, InvalidInput, StaleVersion
from arealweb.domain.scenarios import ChangeAction, Origin, ScenarioMoved, ScenarioState
from arealweb.domain.text import N_
from arealweb.domain.zones import category_label
from arealweb.http.access import editor_page, signed_in_page
from arealweb.http.auth import actor_name
from arealweb.http.store import current_store
from arealweb.http.uploads import received_upload
from arealweb.services import scenarios as scenario_service
from arealweb.services.scenarios import ScenarioClosed, ScenarioConflicts
from arealweb.web.blueprint import web
from arealweb.web.forms import refusals

LABELS = {
    "name": N_("Navn"),
    "description": N_("Beskrivelse"),
    "file": N_("Fil"),
    "version": N_("Versjonen du leste"),
}
"""The scenario forms' fields as the pages label them (what a refusal names)."""

KEEP = "ja"
"""The conflict form's ``keep`` value that keeps the scenario's change (anything else drops it)."""


def _labels() -> dict:
    """The labels of states, origins and actions in the reader's language, for the templates."""
    return {
        "states": {s.value: gettext(s.label) for s in ScenarioState},
        "origins": {o.value: gettext(o.label) for o in Origin},
        "actions": {a.value: gettext(a.label) for a in ChangeAction},
    }


def _version() -> int:
    """The scenario's version the form was made from."""
    sent = request.form.get("version", "")
    if not sent.isdigit():
        raise InvalidInput(N_("skjemaet mangler scenarioets versjon; last siden på nytt"))
    return int(sent)


def _messages(error: DomainError) -> list[str]:
    if isinstance(error, ScenarioMoved):
        return [
            gettext(
                "Scenarioet er endret av noen andre siden du åpnet siden. Ingenting er endret; "
                "se over scenarioet slik det er nå og prøv igjen."
            )
        ]
    if isinstance(error, StaleVersion):
        # A zone of the plan moved while the scenario was being promoted.
        return [
            *refusals(error, LABELS),
            gettext("Ingenting er endret; last siden på nytt og se over konfliktene."),
        ]
    return refusals(error, LABELS)


# The list --------------------------------------------------------------------------------------


def _list_page(errors: list[str] | None = None, status: int = 200, values: dict | None = None):
    store = current_store()
    found = scenario_service.scenarios(store)
    conflicts = {
        s.id: len(scenario_service.scenario_conflicts(store, s.id)) for s in found if s.is_open
    }
    return render_template(
        "scenarios.html",
        scenarios=found,
        conflicts=conflicts,
        errors=errors or [],
        values=values or {},
        **_labels(),
    ), status


@web.get("/scenarioer")
@signed_in_page
def scenarios_page():
    return _list_page()


@web.post("/scenarioer")
@editor_page
def new_scenario_form():
    name = request.form.get("name", "")
    description = request.form.get("description", "")
    try:
        made = scenario_service.create_scenario(
            current_store(), name, description, actor=actor_name()
        )
    except DomainError as error:
        values = {"name": name, "description": description}
        return _list_page(_messages(error), 422, values)
    flash(gettext("Scenarioet «%(name)s» er laget.", name=made.name), "info")
    return redirect(url_for("web.scenario_page", scenario_id=made.id))


@web.post("/scenarioer/import")
@editor_page
def import_scenario_form():
    name = request.form.get("name", "")
    try:
        if not name.strip():
            raise InvalidInput(N_("scenarioet mangler navn"), where=gettext("Navn"))
        with received_upload() as upload:
            made = scenario_service.import_scenario(
                current_store(),
                upload.path,
                name,
                actor=actor_name(),
                tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
                max_bytes=int(current_app.config["MAX_IMPORT_MB"]) * 1024 * 1024,
            ).scenario
    except DomainError as error:
        messages = [gettext("Filen ble ikke importert, og ingenting er lagret:")]
        return _list_page(messages + _messages(error), 422, {"import_name": name})
    flash(
        ngettext(
            "Scenarioet «%(name)s» er importert med %(num)d endring.",
            "Scenarioet «%(name)s» er importert med %(num)d endringer.",
            len(made.changes),
            name=made.name,
        ),
        "info",
    )
    return redirect(url_for("web.scenario_page", scenario_id=made.id))


@web.post("/scenarioer/fra-verksted")
@editor_page
def scenario_from_workshop_form():
    workshop_id = request.form.get("workshop_id", "")
    name = request.form.get("name", "")
    try:
        made = scenario_service.from_workshop(
            current_store(), workshop_id, name, actor=actor_name()
        )
    except DomainError as error:
        flash("; ".join(_messages(error)), "error")
        if workshop_id:
            return redirect(url_for("web.workshop_page", workshop_id=workshop_id))
        return redirect(url_for("web.scenarios_page"))
    flash(gettext("Scenarioet «%(name)s» er laget av verkstedets skisser.", name=made.name), "info")
    return redirect(url_for("web.scenario_page", scenario_id=made.id))


# One scenario ----------------------------------------------------------------------------------


def _rows(scenario, removed) -> list[dict]:
    """A line for each change: the zone (the plan's, for a zone the scenario removes), what
    happens to it, and its area in daa or length in m."""
    plan_zones = {zone.id: zone for zone in removed}
    rows = []
    for change in scenario.changes:
        zone = change.zone or plan_zones.get(change.zone_id)
        rows.append(
            {
                "change": change,
                "zone": zone,
                "kind": gettext(zone.kind.label) if zone else "",
                "category": gettext(category_label(zone.kind, zone.category)) if zone else "",
                "area_daa": zone.area_daa() if zone else None,
                "length_m": zone.length_m() if zone else None,
            }
        )
    return rows


def _detail(scenario_id: str, template: str = "scenario.html", errors=None, status: int = 200):
    store = current_store()
    found, _zones, removed = scenario_service.scenario_zones(store, scenario_id)
    conflicts = scenario_service.scenario_conflicts(store, scenario_id) if found.is_open else []
    return render_template(
        template,
        scenario=found,
        rows=_rows(found, removed),
        counts=found.counts(),
        conflicts=conflicts,
        removed={zone.id: zone for zone in removed},
        errors=errors or [],
        keep=KEEP,
        **_labels(),
    ), status


def _refused(scenario_id: str, error: DomainError, template: str = "scenario.html"):
    """The page again with why nothing was done: 409 for a stale version, conflicts or a
    scenario no longer open."""
    refused = (StaleVersion, ScenarioConflicts, ScenarioClosed)
    status = 409 if isinstance(error, refused) else 422
    return _detail(scenario_id, template, _messages(error), status)


@web.get("/scenarioer/<scenario_id>")
@signed_in_page
def scenario_page(scenario_id: str):
    return _detail(scenario_id)


@web.post("/scenarioer/<scenario_id>/konflikter/<zone_id>")
@editor_page
def resolve_conflict_form(scenario_id: str, zone_id: str):
    keep = request.form.get("keep") == KEEP
    try:
        scenario_service.resolve_conflict(
            current_store(),
            scenario_id,
            zone_id,
            keep,
            expected_version=_version(),
            actor=actor_name(),
        )
    except DomainError as error:
        return _refused(scenario_id, error)
    done = (
        gettext("Scenarioets endring er beholdt.")
        if keep
        else gettext("Endringen er droppet; planens sone gjelder.")
    )
    flash(done, "info")
    return redirect(url_for("web.scenario_page", scenario_id=scenario_id) + "#konflikter")


@web.post("/scenarioer/<scenario_id>/endringer/<zone_id>/dropp")
@editor_page
def drop_change_form(scenario_id: str, zone_id: str):
    try:
        scenario_service.drop_change(
            current_store(), scenario_id, zone_id, expected_version=_version(), actor=actor_name()
        )
    except DomainError as error:
        return _refused(scenario_id, error)
    flash(gettext("Endringen er droppet; planens sone gjelder."), "info")
    return redirect(url_for("web.scenario_page", scenario_id=scenario_id) + "#endringer")


@web.route("/scenarioer/<scenario_id>/ta-inn", methods=["GET", "POST"])
@editor_page
def promote_scenario_page(scenario_id: str):
    if request.method == "GET":
        return _detail(scenario_id, "scenario_promote.html")
    try:
        done = scenario_service.promote(
            current_store(), scenario_id, expected_version=_version(), actor=actor_name()
        )
    except DomainError as error:
        return _refused(scenario_id, error, "scenario_promote.html")
    flash(
        ngettext(
            "Scenarioet «%(name)s» er tatt inn i planen: %(num)d endring.",
            "Scenarioet «%(name)s» er tatt inn i planen: %(num)d endringer.",
            len(done.changes),
            name=done.name,
        ),
        "info",
    )
    return redirect(url_for("web.scenario_page", scenario_id=scenario_id))


@web.post("/scenarioer/<scenario_id>/forkast")
@editor_page
def discard_scenario_form(scenario_id: str):
    try:
        done = scenario_service.discard(
            current_store(), scenario_id, expected_version=_version(), actor=actor_name()
        )
    except DomainError as error:
        return _refused(scenario_id, error)
    flash(gettext("Scenarioet «%(name)s» er forkastet; planen er uendret.", name=done.name), "info")
    return redirect(url_for("web.scenarios_page"))
