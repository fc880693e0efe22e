"""The plenary screen (everything the groups send, as it arrives) and presentation mode (the
goals in focus, step by step, with their zones and the groups' comments)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext

from arealweb.domain.goals import GoalLevel
from arealweb.domain.workshops import Stance, presentation_steps
from arealweb.http.access import signed_in_page
from arealweb.http.i18n import plural_forms
from arealweb.http.store import current_store
from arealweb.services import plan, workshops
from arealweb.services.threads import goal_stats
from arealweb.web import presentation
from arealweb.web.blueprint import web
from arealweb.web.pages import map_config
from arealweb.web.workshops.live import POLL_INTERVAL_MS, api_urls, labels, polling_note


@web.get("/verksted/<workshop_id>/plenum")
@signed_in_page
def plenary_page(workshop_id: str):
    found = workshops.workshop(current_store(), workshop_id)
    parts, config = map_config("plenary")
    config["workshop"] = {
        "id": found.id,
        "api": api_urls(found.id),
        "groups": {g.id: {"name": g.name, "colour": g.colour} for g in found.groups},
        "prompts": list(found.prompts),
        "interval": POLL_INTERVAL_MS,
        **labels(),
        "text": {
            "updated": plural_forms(
                "Oppdatert {time}: {count} innspill i alt.",
                "Oppdatert {time}: {count} innspill i alt.",
            ),
            "closed": gettext("Verkstedet er avsluttet."),
            "offline": gettext("Mistet kontakten med serveren; prøver igjen …"),
            "polling": polling_note(),
            "noWords": gettext("Ingen ord ennå."),
        },
    }
    return render_template(
        "workshop_plenary.html",
        workshop=found,
        focus=workshops.focus_goals(current_store(), found),
        levels=presentation.level_labels(),
        stances=list(Stance),
        map=parts,
        config=config,
    )


@web.get("/verksted/<workshop_id>/presentasjon")
@signed_in_page
def presentation_page(workshop_id: str):
    found = workshops.workshop(current_store(), workshop_id)
    contents = plan.contents(current_store())
    tree = contents.tree
    stats = goal_stats(tree, contents.zones)
    comments = workshops.comments(current_store(), workshop_id)
    levels = presentation.level_labels()
    steps = []
    for goal in presentation_steps(tree, found.focus_goal_ids):
        parent = tree.get(goal.parent_id) if goal.parent_id else None
        steps.append(
            {
                "id": goal.id,
                "level": levels[goal.level.value],
                "title": goal.title,
                "strategy": parent.title if parent and parent.level is GoalLevel.STRATEGI else "",
                "main": (tree.main_goal_of(goal.id) or goal).title,
                "zones": stats[goal.id].count,
                "comments": sum(1 for c in comments if c.goal_id == goal.id),
            }
        )
    parts, config = map_config("presentation")
    config["presentation"] = {
        "steps": steps,
        "text": {
            "step": gettext("Steg {n} av {total}"),
            "zones": plural_forms(
                "{count} sone i kartet realiserer dette",
                "{count} soner i kartet realiserer dette",
            ),
            "noZones": gettext("Ingen soner realiserer dette ennå – tråden mangler."),
            "comments": plural_forms(
                "{count} kommentar fra gruppene", "{count} kommentarer fra gruppene"
            ),
            "therefore": gettext("Derfor skal vi …"),
            "polling": polling_note(),
        },
        "api": api_urls(found.id),
        "interval": POLL_INTERVAL_MS,
    }
    return render_template(
        "workshop_presentation.html", workshop=found, steps=steps, map=parts, config=config
    )
