"""Scenarios from the terminal: list, show, make (empty, from a file, from a workshop), settle
conflicts, promote into the plan, discard.

What is written here names the terminal's user as the actor, as imports do.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from arealweb.cli.comparison import compare_command
from arealweb.cli.terminal import BarProgress, fail, migrated_store
from arealweb.domain.errors import DomainError
from arealweb.domain.scenarios import ChangeAction, Scenario
from arealweb.domain.zones import category_label
from arealweb.http.i18n import local_stamp
from arealweb.services import scenarios
from arealweb.services.scenarios import ScenarioConflicts


def _actor() -> str:
    return f"terminal:{getpass.getuser()}"


@click.group("scenario")
def scenario_group() -> None:
    """Scenarios: drafts of the plan, compared with it and promoted into it all at once."""


scenario_group.add_command(compare_command)  # `scenario compare`, in cli/comparison.py


def _carried_out(action, *args, **kwargs):
    try:
        return action(migrated_store(), *args, **kwargs)
    except ScenarioConflicts as error:
        for conflict in error.conflicts:
            click.echo(
                f"  {conflict.change.zone_id}: {_(conflict.reason.label)}",
                err=True,
            )
        click.echo(
            _("Avgjør hver konflikt med «arealweb scenario resolve ID SONE --keep/--drop»."),
            err=True,
        )
        fail(error)
    except DomainError as error:
        fail(error)


def _counts(found: Scenario) -> str:
    counts = found.counts()
    return _(
        "%(added)d nye, %(changed)d endret, %(removed)d fjernet",
        added=counts[ChangeAction.ADD],
        changed=counts[ChangeAction.CHANGE],
        removed=counts[ChangeAction.REMOVE],
    )


@scenario_group.command("list")
@with_appcontext
def scenario_list() -> None:
    """List the scenarios: id, state, name and what each changes (tab-separated)."""
    for found in scenarios.scenarios(migrated_store()):
        click.echo(f"{found.id}\t{_(found.state.label)}\t{found.name}\t{_counts(found)}")


@scenario_group.command("show")
@click.argument("scenario_id")
@with_appcontext
def scenario_show(scenario_id: str) -> None:
    """Show a scenario: who made it and when, each change, and any conflict with the plan."""
    found = _carried_out(scenarios.scenario, scenario_id)
    click.echo(f"{found.name} ({found.id}) — {_(found.state.label)}")
    click.echo(
        _(
            "Laget av %(who)s %(when)s, fra %(origin)s; versjon %(version)d",
            who=found.created_by,
            when=local_stamp(found.created_at),
            origin=_(found.origin.label).lower(),
            version=found.version,
        )
    )
    if found.description:
        click.echo(found.description)
    click.echo(_counts(found))
    for change in found.changes:
        zone = change.zone
        what = (
            f"{zone.name} — {_(category_label(zone.kind, zone.category))}"
            if zone is not None
            else ""
        )
        click.echo(f"  {_(change.action.label)}\t{change.zone_id}\t{what}")
    for conflict in _carried_out(scenarios.scenario_conflicts, scenario_id):
        click.echo(
            _(
                "  Konflikt: %(zone)s: %(reason)s",
                zone=conflict.change.zone_id,
                reason=_(conflict.reason.label),
            ),
        )


@scenario_group.command("new")
@click.argument("name")
@click.option("--description", default="", help="What the scenario is about.")
@with_appcontext
def scenario_new(name: str, description: str) -> None:
    """Make a new, empty scenario NAME (open it in the workbench to draw its changes)."""
    found = _carried_out(scenarios.create_scenario, name, description, actor=_actor())
    click.echo(_("Scenarioet %(id)s er laget.", id=found.id))


@scenario_group.command("import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--name", required=True, help="The scenario's name.")
@click.option("--description", default="", help="What the scenario is about.")
@with_appcontext
def scenario_import(path: Path, name: str, description: str) -> None:
    """Make a scenario NAME of the zones in a GIS file: all of them, or none."""
    config = current_app.config
    imported = _carried_out(
        scenarios.import_scenario,
        path,
        name,
        description=description,
        actor=_actor(),
        tolerance_m=config["BOUNDARY_TOLERANCE_M"],
        max_bytes=int(config["MAX_IMPORT_MB"]) * 1024 * 1024,
        progress=BarProgress(),
    )
    found = imported.scenario
    click.echo(_("Scenarioet %(id)s er laget: %(counts)s.", id=found.id, counts=_counts(found)))


@scenario_group.command("from-workshop")
@click.argument("workshop_id")
@click.option("--name", required=True, help="The scenario's name.")
@with_appcontext
def scenario_from_workshop(workshop_id: str, name: str) -> None:
    """Make a scenario NAME of the draft zones planners made of a workshop's sketches."""
    found = _carried_out(scenarios.from_workshop, workshop_id, name, actor=_actor())
    click.echo(_("Scenarioet %(id)s er laget: %(counts)s.", id=found.id, counts=_counts(found)))


@scenario_group.command("resolve")
@click.argument("scenario_id")
@click.argument("zone_id")
@click.option("--keep/--drop", required=True, help="Keep the scenario's change, or drop it.")
@with_appcontext
def scenario_resolve(scenario_id: str, zone_id: str, keep: bool) -> None:
    """Settle the conflict on ZONE_ID: keep the scenario's change over the plan, or drop it."""
    found = _carried_out(
        scenarios.resolve_conflict,
        scenario_id,
        zone_id,
        keep,
        expected_version=None,
        actor=_actor(),
    )
    left = len(_carried_out(scenarios.scenario_conflicts, found.id))
    click.echo(
        ngettext(
            "Avgjort. %(num)d konflikt gjenstår.", "Avgjort. %(num)d konflikter gjenstår.", left
        )
    )


@scenario_group.command("promote")
@click.argument("scenario_id")
@with_appcontext
def scenario_promote(scenario_id: str) -> None:
    """Take every change of the scenario into the plan in one transaction, or none."""
    found = _carried_out(scenarios.promote, scenario_id, expected_version=None, actor=_actor())
    click.echo(
        ngettext(
            "Scenarioet %(id)s er tatt inn i planen: %(num)d endring.",
            "Scenarioet %(id)s er tatt inn i planen: %(num)d endringer.",
            len(found.changes),
            id=found.id,
        )
    )


@scenario_group.command("discard")
@click.argument("scenario_id")
@with_appcontext
def scenario_discard(scenario_id: str) -> None:
    """Set the scenario aside: kept as it was, never promoted, no longer changed."""
    found = _carried_out(scenarios.discard, scenario_id, expected_version=None, actor=_actor())
    click.echo(_("Scenarioet %(id)s er forkastet.", id=found.id))
