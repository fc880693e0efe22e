"""The page paths arealweb had before every page path spoke bokmål, kept so that links already
shared keep working: each answers with a permanent redirect to its page (308, so a form's
method and body survive it), query string and all."""

from __future__ import annotations

from flask import redirect, request, url_for

from arealweb.http.auth import csrf
from arealweb.web.blueprint import web

MOVED = {
    "/goals": "web.goal_tree_page",
    "/goals/<goal_id>": "web.goal_page",
    "/goals/<parent_id>/new": "web.new_goal",
    "/goals/<goal_id>/edit": "web.edit_goal",
    "/goals/<goal_id>/move": "web.move_goal_form",
    "/goals/<goal_id>/delete": "web.delete_goal_form",
    "/zones/<zone_id>": "web.zone_page",
    "/zones/<zone_id>/history": "web.zone_history_page",
    "/zones/<zone_id>/versions/<int:version>/restore": "web.restore_version_form",
    "/gaps": "web.gaps_page",
    "/overview": "web.overview",
    "/login": "web.login",
    "/logout": "web.logout",
    "/workbench": "web.workbench",
    "/workbench/import": "web.import_page",
    "/workbench/import/<token>": "web.confirm_import",
    "/lang/<code>": "web.choose_language",
}
"""Each old path, as a route, and the endpoint of the page now in its place."""


# The page it leads to checks the form's CSRF token; a redirect changes nothing.
@csrf.exempt
def moved(**values: object):
    target = url_for(MOVED[request.url_rule.rule], **values)
    query = request.query_string.decode()
    return redirect(f"{target}?{query}" if query else target, 308)


for _old in MOVED:
    web.add_url_rule(_old, "moved", moved, methods=["GET", "POST"])
