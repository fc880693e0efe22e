"""Who may do what: every check of account, role and CSRF token, for the API and the pages.

The API's checks raise :class:`Refused`, which the API answers in its JSON error shape: 401
(with ``WWW-Authenticate``) when nobody is signed in, 403 for a role that may not, or a session
request without its CSRF token in ``X-CSRFToken``. A request with ``Authorization: Bearer``
carries no cookie a third site could ride on, so it needs no CSRF token.

The pages' checks send a visitor who is not signed in to the sign-in page and answer a role
that may not with the 403 page; their forms are CSRF-checked by Flask-WTF.
"""

from __future__ import annotations

import functools

from flask import abort, redirect, request, url_for
from flask_babel import gettext
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from arealweb.domain.accounts import Role, User
from arealweb.domain.errors import Problem
from arealweb.domain.text import N_
from arealweb.domain.workshops import Workshop
from arealweb.http.auth import by_token, current_account


class Refused(Exception):
    """The one asking may not do this; nothing was read or changed."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problems = [problem]


class SignInRequired(Refused):
    """Nobody is signed in and no API token was sent (401)."""


class Forbidden(Refused):
    """The account's role may not do this (403)."""


class CsrfFailed(Forbidden):
    """A session request that changes something came without a valid CSRF token (403)."""


def may_edit() -> bool:
    """Whether a planner or an admin is asking: they change the plan and see everything."""
    account = current_account()
    return account is not None and account.role.edits_plan


def signed_in() -> User:
    """API: the account behind the request; without one the request is refused."""
    account = current_account()
    if account is None and by_token():
        raise SignInRequired(Problem(N_("API-tokenet er ukjent, trukket tilbake eller utløpt")))
    if account is None:
        raise SignInRequired(
            Problem(N_("logg inn eller send et API-token (Authorization: Bearer)"))
        )
    return account


def reads_workshop(workshop: Workshop, code: str | None) -> None:
    """API: a workshop is read by anyone signed in, and by its groups with their join code."""
    if code not in {g.code for g in workshop.groups}:
        signed_in()


def account_required(view):
    """API: anyone signed in, whatever the role."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        signed_in()
        return view(*args, **kwargs)

    return checked


def editor_required(view):
    """API: planners and admins only; session requests also need the CSRF token."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        account = signed_in()
        if not account.role.edits_plan:
            raise Forbidden(
                Problem(N_("rollen %(role)s kan ikke endre planen"), {"role": account.role.value})
            )
        if not by_token():
            try:
                validate_csrf(request.headers.get("X-CSRFToken"))
            except (ValidationError, CSRFError):
                raise CsrfFailed(
                    Problem(N_("CSRF-token mangler eller er ugyldig; last siden på nytt"))
                ) from None
        return view(*args, **kwargs)

    return checked


def _sign_in_first():
    return redirect(url_for("web.login", next=request.full_path.rstrip("?")))


def signed_in_page(view):
    """Pages for anyone with an account (the council included); others sign in first."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if current_account() is None:
            return _sign_in_first()
        return view(*args, **kwargs)

    return guarded


def editor_page(view):
    """Pages for planners and admins: others sign in first, or are refused with 403."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if current_account() is None:
            return _sign_in_first()
        if not may_edit():
            abort(403)
        return view(*args, **kwargs)

    return guarded


def admin_page(view):
    """Pages for admins (accounts and the audit log): others sign in first, or get 403."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        account = current_account()
        if account is None:
            return _sign_in_first()
        if account.role != Role.ADMIN:
            abort(403, description=gettext("Denne siden er bare for administratorer."))
        return view(*args, **kwargs)

    return guarded
