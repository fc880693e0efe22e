"""The citizen's receipt: follow one's own comment, read the answer, delete it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from arealweb.domain.participation import CommentState
from arealweb.http.store import current_store
from arealweb.services import participation
from arealweb.web.blueprint import web


@web.get("/innspill/kvittering/<token>")
def receipt_page(token: str):
    comment = participation.by_receipt(current_store(), token)
    states = {
        CommentState.PENDING: gettext("Venter på kontroll før det vises for andre."),
        CommentState.PUBLISHED: gettext("Publisert: andre kan se innspillet."),
        CommentState.HIDDEN: gettext("Skjult av kommunen."),
    }
    return render_template(
        "receipt.html", comment=comment, state=states[comment.state], token=token
    )


@web.post("/innspill/kvittering/<token>/slett")
def delete_comment_page(token: str):
    participation.delete_by_receipt(current_store(), token)
    flash(gettext("Innspillet ditt er slettet."), "info")
    return redirect(url_for("web.map_page"))
