"""The citizen's receipt: follow one's own comment, read the answer, delete it.

The receipt is a secret, so it never travels in an address the server sees: the link a
citizen gets is ``/innspill/kvittering#<receipt>``, and a browser sends no fragment to the
server. The page's script reads it there and asks the API with it in a header.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import redirect, render_template, url_for
from flask_babel import gettext

from arealweb.domain.goals import Theme
from arealweb.domain.participation import CommentKind, CommentState, ResponseStatus
from arealweb.web.blueprint import web


@web.get("/innspill/kvittering")
def receipt_page():
    config = {
        "api": url_for("api.receipt"),
        "describe": url_for("api.describe_place"),
        "zone": url_for("web.zone_page", zone_id="__id__"),
        "goal": url_for("web.goal_page", goal_id="__id__"),
        "kinds": {k.value: gettext(k.label) for k in CommentKind},
        "themes": {t.value: gettext(t.label) for t in Theme},
        "responses": {r.value: gettext(r.label) for r in ResponseStatus},
        "states": {
            CommentState.PENDING.value: gettext("Venter på kontroll før det vises for andre."),
            CommentState.PUBLISHED.value: gettext("Publisert: andre kan se innspillet."),
            CommentState.HIDDEN.value: gettext("Skjult av kommunen."),
        },
        "text": {
            "missing": gettext(
                "Lenken mangler kvitteringen. Bruk hele lenken du fikk da du sendte innspillet."
            ),
            "failed": gettext("Innspillet kunne ikke hentes:"),
            "deleteFailed": gettext("Innspillet ble ikke slettet:"),
            "deleted": gettext("Innspillet ditt er slettet."),
            "somewhere": gettext("et sted i kartet"),
        },
    }
    return render_template("receipt.html", config=config)


@web.get("/innspill/kvittering/<token>")
def old_receipt_link(token: str):
    """A receipt link as first handed out, with the receipt in the path: sent on to the page
    with the receipt in the fragment. This one request still lands in the access log."""
    response = redirect(url_for("web.receipt_page") + "#" + quote(token, safe=""), 308)
    response.headers["Cache-Control"] = "no-store"
    return response
