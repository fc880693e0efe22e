"""Errors as pages in the visitor's language: HTTP errors, and what the domain could not find."""

from __future__ import annotations

from flask import Response, current_app, make_response, render_template
from flask_babel import get_locale, gettext
from werkzeug.exceptions import HTTPException

from arealweb.domain.errors import InvalidInput, NotFound
from arealweb.http.i18n import translate
from arealweb.web.blueprint import web


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
    if error.code == 403 and error.description != type(error).description:
        message = error.description  # who the page is for, as the guard said
    return render_template("error.html", title=title, message=message), error.code


def unavailable_page(retry_after: int, message: str | None = None) -> Response:
    """503 as a page that needs no database (not even for who is signed in), with when to
    try again: the database cannot be reached, or the app is too busy right now."""
    page = current_app.jinja_env.get_template("unavailable.html").render(
        locale=str(get_locale()),
        title=gettext("Midlertidig utilgjengelig"),
        message=message
        or gettext("arealweb får ikke kontakt med databasen akkurat nå. Prøv igjen om litt."),
    )
    response = make_response(page, 503)
    response.headers["Retry-After"] = str(retry_after)
    return response


@web.errorhandler(NotFound)
def _not_found(error: NotFound):
    message = "; ".join(translate(p) for p in error.problems)
    return render_template("error.html", title=gettext("Fant ikke siden"), message=message), 404


def paper_refused(error: InvalidInput):
    """A printout asked for on a sheet that does not exist (``?paper=``, ``?orientation=``):
    400, saying what is allowed, before anything is drawn."""
    message = "; ".join(translate(p) for p in error.problems)
    return render_template("error.html", title=gettext("Ugyldig papirvalg"), message=message), 400
