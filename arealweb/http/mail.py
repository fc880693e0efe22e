"""The mail a comment's author gets when the municipality answers, written in the language
they wrote the comment in — whatever language the planner answering uses."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale, get_locale, gettext

from arealweb.domain.mail import SUBJECT_MAX, Contact, OutgoingMail
from arealweb.domain.participation import Comment
from arealweb.http.i18n import LOCALES
from arealweb.services.mail import SmtpServer

EXCERPT = 80
"""How much of the comment the mail quotes, so its author knows which one is answered."""


def mail_configured() -> bool:
    """Whether arealweb can send mail (AREALWEB_MAIL_HOST and AREALWEB_PUBLIC_URL are set):
    only then does the comment form offer to tell the author of the answer."""
    config = current_app.config
    return SmtpServer.from_config(config).configured and bool(config["PUBLIC_URL"])


def receipt_link(receipt: str) -> str:
    """The address of a comment's receipt page as the poster reached it, its token in the
    fragment (never sent to a server, so never in an access log): the answer to their post."""
    return url_for("web.receipt_page", _external=True) + "#" + receipt


def mailed_receipt_link(receipt: str) -> str:
    """The receipt's address for a mail, built on AREALWEB_PUBLIC_URL, never on the request's
    Host header, which the sender chooses: a mail from the municipality must not link to a
    site someone named in a header."""
    return current_app.config["PUBLIC_URL"] + url_for("web.receipt_page") + "#" + receipt


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


def answer_mail(comment: Comment, contact: Contact) -> OutgoingMail:
    """The answer to ``comment`` as a mail to its author, in the author's language."""
    language = contact.language if contact.language in LOCALES else "nb"
    text = comment.text.strip()
    excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"
    with force_locale(language):
        subject = gettext("Svar på innspillet ditt til Bærum kommune")
        lines = [
            gettext("Hei!"),
            "",
            gettext("Bærum kommune har svart på innspillet ditt «%(text)s».", text=excerpt),
            "",
        ]
        if comment.response is not None:
            lines += [
                gettext("Vurdering: %(status)s", status=gettext(comment.response.status.label)),
                "",
                comment.response.text,
                "",
            ]
        lines += [
            gettext("Se innspillet og svaret, eller slett innspillet, med kvitteringen din:"),
            contact.receipt_link,
            "",
            gettext(
                "Du får denne e-posten fordi du oppga adressen da du sendte innspillet. Adressen "
                "slettes når du sletter innspillet, og ellers sammen med de andre "
                "personopplysningene."
            ),
            "",
            gettext("Hilsen Bærum kommune"),
        ]
    return OutgoingMail(contact.email, subject[:SUBJECT_MAX], "\n".join(lines), comment.id)
