"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for
from flask_babel import lazy_gettext
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from arealweb.http.auth import SessionUser
from arealweb.http.ratelimit import login_limit
from arealweb.http.store import current_store
from arealweb.services.accounts import authenticate
from arealweb.web.blueprint import web


class LoginForm(FlaskForm):
    name = StringField(lazy_gettext("Brukernavn"), validators=[DataRequired()])
    password = PasswordField(lazy_gettext("Passord"), validators=[DataRequired()])


def _safe_next(target: str | None) -> str:
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/"):
        return url_for("web.map_page")
    return target


@web.route("/logg-inn", methods=["GET", "POST"])
def login():
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        with login_limit():
            user = authenticate(current_store(), form.name.data.strip(), form.password.data)
        if user is not None:
            login_user(SessionUser(user))
            return redirect(_safe_next(request.args.get("next")))
        failed = True
    status = 401 if failed else 200
    return render_template("login.html", form=form, failed=failed), status


@web.post("/logg-ut")
def logout():
    logout_user()
    return redirect(url_for("web.map_page"))
