"""The pages' blueprint, with what every page's template may use."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_babel import get_locale

from arealweb.domain.documents import text_problem
from arealweb.http.access import may_edit
from arealweb.http.auth import current_account
from arealweb.http.i18n import (
    date_text,
    moment_text,
    plural_forms,
    time_text,
    translate,
)
from arealweb.render import styles
from arealweb.web import presentation

web = Blueprint("web", __name__)


@web.before_request
def _usable_input() -> None:
    """A form field or query parameter holding a NUL or half a surrogate is answered 400
    before any page reads it (PostgreSQL cannot store or even compare such text)."""
    fields = [*request.args.items(multi=True)]
    if request.method == "POST" and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        fields += request.form.items(multi=True)
    if any(text_problem(name + value) for name, value in fields):
        abort(400)


@web.app_context_processor
def _page_context() -> dict:
    locale = str(get_locale())
    other = "en" if locale == "nb" else "nb"
    return {
        "account": current_account(),
        "may_edit": may_edit(),
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
web.add_app_template_global(plural_forms, "plural_forms")
web.add_app_template_filter(date_text, "date_text")
web.add_app_template_filter(moment_text, "moment_text")
web.add_app_template_filter(time_text, "time_text")
