"""The pages: map, overview, goal tree, goal, zone and thread gaps."""

from __future__ import annotations

from collections import Counter

from flask import current_app, render_template, url_for
from flask_babel import get_locale, gettext

from arealweb.domain.codes import AREALFORMAL, HENSYNSSONER
from arealweb.domain.goals import SDG_NAMES, Dimension, GoalLevel
from arealweb.domain.zones import CATEGORIES, ZoneKind, category_label
from arealweb.http.auth import current_account
from arealweb.http.i18n import plural_forms
from arealweb.http.store import current_store
from arealweb.render import styles
from arealweb.render.basemaps import BASEMAPS
from arealweb.services import analysis, editing, plan, workshops
from arealweb.services.threads import goal_stats, thread_gaps
from arealweb.web import indicators, presentation
from arealweb.web.blueprint import web

PLACEHOLDER = "__id__"


def map_config(mode: str, **extra: object) -> tuple[object, dict]:
    """The folium map parts and the settings ``static/map.js`` reads from the page."""
    from arealweb.render.webmap import web_map  # folium: only for a map page

    parts = web_map(current_app.config["BASEMAPS"])
    config = {
        "map": parts.name,
        "mode": mode,
        "locale": "nb-NO" if str(get_locale()) == "nb" else "en-GB",
        "basemaps": [{**b, "label": gettext(BASEMAPS[b["id"]].label)} for b in parts.basemaps],
        "api": {
            "zones": url_for("api.list_zones"),
            "zone": url_for("api.get_zone", zone_id=PLACEHOLDER),
            "goals": url_for("api.goal_tree"),
            "boundary": url_for("api.boundary_layer"),
            "stations": url_for("api.stations_layer"),
        },
        "pages": {
            "zone": url_for("web.zone_page", zone_id=PLACEHOLDER),
            "goal": url_for("web.goal_page", goal_id=PLACEHOLDER),
        },
        "placeholder": PLACEHOLDER,
        "legend": presentation.legend(),
        "levels": presentation.level_labels(),
        "text": {
            "allGoals": gettext("Alle soner (ingen målfilter)"),
            "lensStatus": plural_forms(
                "{count} av {total} sone realiserer «{goal}» eller et mål under det.",
                "{count} av {total} soner realiserer «{goal}» eller et mål under det.",
            ),
            "lensNone": gettext("Ingen soner realiserer «{goal}» ennå – tråden mangler."),
            "allShown": plural_forms("{count} sone vises.", "Alle {count} soner vises."),
            "realises": gettext("Realiserer"),
            "noGoals": gettext("Sonen er ikke knyttet til noe mål."),
            "moreAboutZone": gettext("Mer om sonen"),
            "area": gettext("Areal"),
            "length": gettext("Lengde"),
            "station": gettext("Stasjon"),
            "planned": gettext("planlagt"),
            "loadError": gettext("Kartdataene kunne ikke lastes. Prøv å laste siden på nytt."),
            "showOnMap": gettext("Vis {name} i kartet"),
            "draft": gettext("Utkast: foreslått, ikke en del av arealstrategien ennå."),
            "draftShort": gettext("utkast"),
            "downloadAll": plural_forms(
                "Filen får den ene sonen.", "Filen får alle {count} sonene."
            ),
            "downloadSome": plural_forms(
                "Filen får {count} av {total} sone.", "Filen får {count} av {total} soner."
            ),
            "downloadGoal": gettext("Målfilter: «{goal}»."),
            "downloadNone": gettext(
                "Ingen soner passer til utvalget. Velg et annet mål eller en annen type."
            ),
        },
        **extra,
    }
    return parts, config


@web.get("/")
def map_page() -> str:
    """The map of the land-use strategy with the goal lens and the zone list beside it."""
    parts, config = map_config("plan")
    return render_template(
        "map.html", map=parts, config=config, legend=config["legend"], kinds=list(ZoneKind)
    )


@web.get("/mal")
def goal_tree_page() -> str:
    """Vision → main goals by dimension → sub-goals → strategies → land-use strategies."""
    found = plan.contents(current_store())
    tree, versions, zones = found.tree, found.versions, found.zones
    stats = goal_stats(tree, zones)
    plans = []
    for version in versions:
        roots = [r for r in tree.roots() if r.plan_version_id == version.id]
        dimensions = []
        for dimension in Dimension:
            mains = [
                g
                for r in roots
                for g in tree.children_of(r.id)
                if g.level is GoalLevel.HOVEDMAL and g.dimension is dimension
            ]
            if mains:
                dimensions.append((dimension, mains))
        plans.append({"version": version, "roots": roots, "dimensions": dimensions})
    return render_template(
        "goals.html",
        plans=plans,
        tree=tree,
        stats=stats,
        colours=styles.DIMENSION_COLOURS,
        levels=presentation.level_labels(),
        dimensions=presentation.dimension_labels(),
    )


@web.get("/mal/<goal_id>")
def goal_page(goal_id: str) -> str:
    """A goal: its chain, description, SDGs and the zones that realise it, on a small map."""
    found = plan.contents(current_store())
    tree, zones = found.tree, found.zones
    goal = tree.get(goal_id)
    versions = {v.id: v for v in found.versions}
    stats = goal_stats(tree, zones)[goal_id]
    realising = [z for z in zones if z.id in stats.zone_ids]
    direct = {z.id for z in zones if goal_id in z.goal_ids}
    parts, config = map_config("goal", goal=goal_id)
    return render_template(
        "goal.html",
        goal=goal,
        chain=tree.chain(goal_id)[:-1],
        children=tree.children_of(goal_id),
        version=versions[goal.plan_version_id],
        stats=stats,
        zones=realising,
        direct=direct,
        sdg_names=SDG_NAMES,
        levels=presentation.level_labels(),
        dimensions=presentation.dimension_labels(),
        colours=styles.DIMENSION_COLOURS,
        main=tree.main_goal_of(goal_id),
        category_label=category_label,
        map=parts,
        config=config,
        **indicators.section(goal_id),
    )


@web.get("/soner/<zone_id>")
def zone_page(zone_id: str) -> str:
    """A zone: its map, its facts and every goal chain up to the vision."""
    thread = plan.zone_thread(current_store(), zone_id)
    zone = thread.zone
    parts, config = map_config("zone", zone=zone_id)
    origin = workshops.origin_of(current_store(), zone_id)
    # Who changed it outside arealweb names accounts: shown, like the history, to those signed in.
    outside = editing.changed_outside(current_store(), zone_id) if current_account() else None
    return render_template(
        "zone.html",
        zone=zone,
        origin=origin,
        outside=outside,
        chains=thread.chains,
        category=category_label(zone.kind, zone.category),
        arealformal=AREALFORMAL.get(zone.arealformal) if zone.arealformal else None,
        hensynssone=HENSYNSSONER.get(zone.hensynssone) if zone.hensynssone else None,
        levels=presentation.level_labels(),
        map=parts,
        config=config,
    )


@web.get("/tradbrudd")
def gaps_page() -> str:
    """Where the golden thread is missing: goals with no zone, zones with no goal."""
    found = plan.contents(current_store())
    tree, versions, zones = found.tree, found.versions, found.zones
    stats = goal_stats(tree, zones)
    gaps = thread_gaps(tree, zones, stats)
    by_version = [
        (v, [g for g in gaps.goals_without_zones if g.plan_version_id == v.id]) for v in versions
    ]
    return render_template(
        "gaps.html",
        by_version=by_version,
        gaps=gaps,
        tree=tree,
        levels=presentation.level_labels(),
        category_label=category_label,
    )


@web.get("/oversikt")
def overview() -> str:
    """What the plan holds: zones per kind and category, goals per plan version, layers.

    Areas are the analysis' own (overlapping zones of a group counted once), so the overview
    and the analysis page give the same figure for the same zones."""
    found = plan.contents(current_store())
    tree, versions, zones = found.tree, found.versions, found.zones
    layers = plan.reference_layers(current_store())
    summary = analysis.areas_of(tree, zones)
    by_kind = {row.key: row for row in summary.by_kind}
    by_category = {row.key: row for row in summary.by_category}
    kinds = [
        {
            "kind": kind,
            "total": by_kind[kind.value],
            "categories": [
                (label, by_category[code])
                for code, label in CATEGORIES[kind].items()
                if code in by_category
            ],
        }
        for kind in ZoneKind
        if kind.value in by_kind
    ]
    plans = [
        {
            "version": version,
            "levels": Counter(g.level for g in tree.walk() if g.plan_version_id == version.id),
        }
        for version in versions
    ]
    return render_template(
        "overview.html",
        kinds=kinds,
        plans=plans,
        levels=list(GoalLevel),
        zone_total=len(zones),
        unlinked=sum(1 for z in zones if not z.links),
        boundary=layers.boundary,
        station_count=len(layers.stations),
    )
