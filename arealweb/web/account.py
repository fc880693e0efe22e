"""Signing in and out, and the account page: sessions, API tokens and a new password."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from arealweb.domain.accounts import Role
from arealweb.domain.errors import DomainError, InvalidInput
from arealweb.domain.text import N_
from arealweb.http.access import signed_in_page
from arealweb.http.auth import SessionUser, current_account, current_session
from arealweb.http.ratelimit import login_limit
from arealweb.http.redirects import safe_target
from arealweb.http.store import current_store
from arealweb.schemas.accounts import NewToken, PasswordChange, SignIn
from arealweb.services import accounts, sessions
from arealweb.services.database import UNREACHABLE
from arealweb.web.blueprint import web
from arealweb.web.forms import form_model, refusals

LABELS = {
    "name": N_("Brukernavn"),
    "password": N_("Passord"),
    "current_password": N_("Nåværende passord"),
    "new_password": N_("Nytt passord"),
    "repeat_password": N_("Gjenta det nye passordet"),
    "label": N_("Hva tokenet er til"),
}
"""The account forms' fields as the pages label them (what a refusal names)."""


class LoginForm(FlaskForm):
    name = StringField(lazy_gettext("Brukernavn"), validators=[DataRequired()])
    password = PasswordField(lazy_gettext("Passord"), validators=[DataRequired()])


@web.route("/logg-inn", methods=["GET", "POST"])
def login():
    form = LoginForm()
    failed = False
    errors: list[str] = []
    if form.validate_on_submit():
        with login_limit():
            try:
                sent = form_model(SignIn)
            except InvalidInput as error:
                errors = refusals(error, LABELS)
            else:
                signed = sessions.sign_in(current_store(), sent.name, sent.password)
                if signed is not None:
                    login_user(SessionUser(signed))
                    target = safe_target(request.args.get("next"), url_for("web.map_page"))
                    return redirect(target)
                failed = True
    status = 422 if errors else 401 if failed else 200
    return render_template("login.html", form=form, failed=failed, errors=errors), status


@web.post("/logg-ut")
def logout():
    signed = current_session()
    if signed is not None:
        sessions.sign_out(current_store(), signed)
    logout_user()
    return redirect(url_for("web.map_page"))


def _account_page(
    status: int = 200, errors: list[str] | None = None, new_token: str = "", lists: bool = True
):
    account = current_account()
    signed = current_session()
    return render_template(
        "account.html",
        sessions=sessions.open_sessions(current_store(), account) if lists else [],
        this_session=signed.session_id if signed else None,
        tokens=accounts.tokens(current_store(), account.name) if lists else [],
        token_days=current_app.config["TOKEN_DAYS"],
        new_token=new_token,
        errors=errors or [],
        is_admin=account.role == Role.ADMIN,
        now=datetime.now(UTC),
    ), status


def _refused(error: DomainError):
    return _account_page(422, refusals(error, LABELS))


@web.get("/konto")
@signed_in_page
def account_page():
    return _account_page()


@web.post("/konto/passord")
@signed_in_page
def change_password():
    """A new password: every other session and every API token of the account ends."""
    signed = current_session()
    try:
        sent = form_model(PasswordChange)
        accounts.change_password(
            current_store(),
            current_account(),
            sent.current_password,
            sent.new_password,
            keep_session=signed.session_id if signed else None,
        )
    except DomainError as error:
        return _refused(error)
    flash(gettext("Passordet er endret. Andre økter og alle API-tokener er avsluttet."), "info")
    return redirect(url_for("web.account_page"))


@web.post("/konto/tokener")
@signed_in_page
def create_token():
    """A new token, shown on this answer only (never in a cookie or an address)."""
    account = current_account()
    try:
        token = accounts.create_token(
            current_store(),
            account.name,
            form_model(NewToken).label,
            days=current_app.config["TOKEN_DAYS"],
            by=account,
        )
    except DomainError as error:
        return _refused(error)
    try:
        return _account_page(201, new_token=token)
    except UNREACHABLE:
        # The token is made, and this answer is the only place it is ever shown: shown
        # without the lists beside it rather than lost behind a 503.
        return _account_page(
            201,
            [gettext("Listene over økter og tokener kunne ikke leses nå; last siden på nytt.")],
            new_token=token,
            lists=False,
        )


@web.post("/konto/tokener/<int:token_id>/trekk-tilbake")
@signed_in_page
def revoke_token(token_id: int):
    accounts.revoke_token(current_store(), token_id, by=current_account())
    flash(gettext("API-tokenet er trukket tilbake."), "info")
    return redirect(url_for("web.account_page"))


@web.post("/konto/okter/<int:session_id>/avslutt")
@signed_in_page
def end_session(session_id: int):
    signed = current_session()
    if signed is not None and signed.session_id == session_id:
        return _refused(InvalidInput(N_("logg ut for å avslutte denne økten")))
    sessions.end_session(current_store(), current_account(), session_id)
    flash(gettext("Økten er avsluttet."), "info")
    return redirect(url_for("web.account_page"))
