"""A zone's history: every version with who, when and what changed, before and after on a map,
and (for planners) restoring any version as a new one; and the bin of deleted zones."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext

from arealweb.domain.errors import DomainError, InvalidInput
from arealweb.domain.history import ACTION_LABELS
from arealweb.domain.text import N_
from arealweb.domain.zones import ZoneKind
from arealweb.http.access import editor_page, may_edit, signed_in_page
from arealweb.http.auth import current_account
from arealweb.http.store import current_store
from arealweb.schemas.zones import RestoreForm
from arealweb.services import editing
from arealweb.web.blueprint import web
from arealweb.web.forms import form_model, refusals
from arealweb.web.pages import map_config

FIELD_LABELS = {
    "name": N_("Navn"),
    "kind": N_("Type"),
    "category": N_("Kategori"),
    "status": N_("Status"),
    "description": N_("Beskrivelse"),
    "arealformal": N_("Arealformål"),
    "hensynssone": N_("Hensynssone"),
    "draft": N_("Utkast"),
    "geometry": N_("Geometri"),
    "goals": N_("Mål"),
}

LABELS = {**FIELD_LABELS, "goal_ids": N_("Mål"), "latest": N_("Versjonen du så")}
"""What a refused restore names: a zone's fields, and the newest version the planner saw."""


@web.get("/soner/<zone_id>/historikk")
@signed_in_page
def zone_history_page(zone_id: str):
    versions = editing.zone_history(current_store(), zone_id)
    parts, config = map_config("history", zone=zone_id)
    config["history"] = url_for("api.zone_history", zone_id=zone_id)
    config["text"]["before"] = gettext("Før (versjon {version})")
    config["text"]["after"] = gettext("Etter (versjon {version})")
    return render_template(
        "history.html",
        zone_id=zone_id,
        versions=list(reversed(versions)),
        latest=versions[-1],
        actions={a.value: gettext(label) for a, label in ACTION_LABELS.items()},
        fields={k: gettext(v) for k, v in FIELD_LABELS.items()},
        may_restore=may_edit(),
        map=parts,
        config=config,
    )


@web.post("/soner/<zone_id>/versjoner/<int:version>/gjenopprett")
@editor_page
def restore_version_form(zone_id: str, version: int):
    account = current_account()
    try:
        latest = form_model(RestoreForm).latest
        zone = editing.restore_version(
            current_store(),
            zone_id,
            version,
            expected_version=latest or None,
            actor=account.name,
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
        )
    except DomainError as error:
        flash("; ".join(refusals(error, LABELS)), "error")
    else:
        flash(
            gettext(
                "Versjon %(old)d er gjenopprettet som versjon %(new)d.",
                old=version,
                new=zone.version,
            ),
            "info",
        )
    return redirect(url_for("web.zone_history_page", zone_id=zone_id))


@web.get("/papirkurv")
@signed_in_page
def bin_page():
    """The bin («Papirkurv»): the deleted zones, who deleted each and when; planners restore."""
    return render_template(
        "bin.html",
        deletions=editing.deleted_zones(current_store()),
        may_restore=may_edit(),
        kinds={kind.value: gettext(kind.label) for kind in ZoneKind},
    )


@web.post("/papirkurv/<zone_id>/gjenopprett")
@editor_page
def restore_from_bin_form(zone_id: str):
    """Restore a deleted zone; ``latest`` is the deleted version the planner saw, so a second
    planner restoring it at the same time is told it is back already, and nothing is doubled."""
    try:
        seen = form_model(RestoreForm).latest
        if not seen:
            raise InvalidInput(N_("skjemaet mangler versjonen som ble vist"), "latest")
        zone = editing.restore_deleted(
            current_store(),
            zone_id,
            deleted_version=seen,
            actor=current_account().name,
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
        )
    except DomainError as error:
        flash("; ".join(refusals(error, LABELS)), "error")
        return redirect(url_for("web.bin_page"))
    flash(
        gettext(
            "«%(name)s» er gjenopprettet som versjon %(version)d.",
            name=zone.name,
            version=zone.version,
        ),
        "info",
    )
    return redirect(url_for("web.bin_page"))
