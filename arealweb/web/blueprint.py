"""The pages' blueprint, with what every page's template may use."""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import get_locale

from arealweb.http.access import may_edit
from arealweb.http.auth import current_account
from arealweb.http.i18n import translate
from arealweb.render import styles
from arealweb.web import presentation

web = Blueprint("web", __name__)


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
