"""Admins' pages: accounts (roles, deactivation, tokens, sessions) and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext

from arealweb.domain.accounts import Role
from arealweb.domain.errors import DomainError, InvalidInput
from arealweb.domain.text import N_
from arealweb.http.access import admin_page
from arealweb.http.auth import current_account
from arealweb.http.store import current_store
from arealweb.schemas.accounts import RoleChange
from arealweb.schemas.base import parse
from arealweb.schemas.queries import PAGE_NUMBER
from arealweb.services import accounts, audit, sessions
from arealweb.web.blueprint import web
from arealweb.web.forms import form_model, refusals

LABELS = {"role": N_("Rolle")}
"""The admin forms' fields as the pages label them."""

AUDIT_PAGE = 50
"""Entries per page of the audit log."""


def _changed(change: Callable[[], object], done: Callable[[object], str], back_to: str = ""):
    """Carry out an admin's change and say what was done, or show why it was refused; then
    back to the list of users (or to the page of ``back_to``)."""
    try:
        flash(done(change()), "info")
    except DomainError as error:
        flash("; ".join(refusals(error, LABELS)), "error")
    if back_to:
        return redirect(url_for("web.user_page", name=back_to))
    return redirect(url_for("web.users_page"))


@web.get("/admin/brukere")
@admin_page
def users_page():
    return render_template(
        "admin_users.html", users=accounts.users(current_store()), roles=list(Role)
    )


@web.get("/admin/brukere/<name>")
@admin_page
def user_page(name: str):
    user = accounts.user_named(current_store(), name)
    return render_template(
        "admin_user.html",
        user=user,
        tokens=accounts.tokens(current_store(), user.name),
        sessions=sessions.open_sessions(current_store(), user),
        now=datetime.now(UTC),
    )


@web.post("/admin/brukere/<name>/rolle")
@admin_page
def change_role(name: str):
    return _changed(
        lambda: accounts.set_role(
            current_store(), name, form_model(RoleChange).role, current_account()
        ),
        lambda user: gettext(
            "%(name)s har nå rollen %(role)s.", name=user.name, role=gettext(user.role.label)
        ),
    )


@web.post("/admin/brukere/<name>/deaktiver")
@admin_page
def deactivate_user(name: str):
    return _changed(
        lambda: accounts.deactivate(current_store(), name, by=current_account()),
        lambda user: gettext(
            "%(name)s er deaktivert; alle økter og API-tokener er avsluttet.", name=user.name
        ),
    )


@web.post("/admin/brukere/<name>/aktiver")
@admin_page
def activate_user(name: str):
    return _changed(
        lambda: accounts.activate(current_store(), name, by=current_account()),
        lambda user: gettext("%(name)s er aktivert igjen.", name=user.name),
    )


@web.post("/admin/brukere/<name>/avslutt-okter")
@admin_page
def end_user_sessions(name: str):
    return _changed(
        lambda: sessions.end_all_sessions(current_store(), name, by=current_account()),
        lambda ended: ngettext("%(num)d økt er avsluttet.", "%(num)d økter er avsluttet.", ended),
        back_to=name,
    )


@web.post("/admin/tokener/<int:token_id>/trekk-tilbake")
@admin_page
def admin_revoke_token(token_id: int):
    token = accounts.revoke_token(current_store(), token_id, by=current_account())
    flash(gettext("API-tokenet er trukket tilbake."), "info")
    return redirect(url_for("web.user_page", name=token.user_name))


@web.get("/admin/logg")
@admin_page
def audit_page():
    try:
        number = parse(PAGE_NUMBER, request.args.get("side", "1"), "side", strict=False)
    except InvalidInput:
        abort(404)
    entries, total = audit.entries(current_store(), AUDIT_PAGE, (number - 1) * AUDIT_PAGE)
    pages = max(1, -(-total // AUDIT_PAGE))
    if number > pages:
        abort(404)
    return render_template("audit.html", entries=entries, page=number, pages=pages, total=total)
