"""HTML pages: the map, the goal tree, goal and zone pages, and the thread gaps."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from werkzeug.exceptions import HTTPException

from arealweb.domain.errors import NotFound
from arealweb.i18n import translate
from arealweb.render import styles
from arealweb.web import presentation

web = Blueprint("web", __name__)


@web.app_context_processor
def _page_context() -> dict:
    locale = str(get_locale())
    other = "en" if locale == "nb" else "nb"
    from arealweb.auth import current_account

    return {
        "account": current_account(),
        "get_locale": get_locale,
        "other_locale": other,
        "other_locale_name": "English" if other == "en" else "Norsk",
        "current_path": request.full_path.rstrip("?") if request else "/",
        "style_table": presentation.style_table(),
        "style_variables": styles.css_variables(),
    }


web.add_app_template_global(presentation.area_text, "area_text")
web.add_app_template_global(presentation.length_text, "length_text")
web.add_app_template_global(translate, "translate")


def editor_page(view):
    """Pages for planners and admins: others sign in first, or are refused with 403."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        from arealweb.auth import current_account

        signed_in = current_account()
        if signed_in is None:
            return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
        if not signed_in.role.edits_plan:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def error_page(error: HTTPException):
    """An HTTP error as a page in the visitor's language."""
    titles = {
        403: gettext("Ingen tilgang"),
        404: gettext("Fant ikke siden"),
        405: gettext("Ikke tillatt"),
        413: gettext("For stor forespørsel"),
        429: gettext("For mange forsøk"),
    }
    title = titles.get(error.code, gettext("Noe gikk galt"))
    messages = {
        403: gettext("Denne siden er for planleggere og administratorer."),
        404: gettext("Adressen finnes ikke i arealweb. Sjekk lenken, eller start fra kartet."),
        429: gettext("For mange forsøk på kort tid. Vent et minutt og prøv igjen."),
    }
    message = messages.get(error.code, gettext("Forespørselen kunne ikke behandles."))
    return render_template("error.html", title=title, message=message), error.code


@web.errorhandler(NotFound)
def _not_found(error: NotFound):
    message = "; ".join(translate(p) for p in error.problems)
    return render_template("error.html", title=gettext("Fant ikke siden"), message=message), 404


from arealweb.web import (  # noqa: E402, F401  (routes register on import)
    account,
    analysis,
    assets,
    comments,
    goal_forms,
    history,
    imports,
    pages,
    participation,
    workbench,
    workshops,
)
