"""A page's form read into its schema model, as form text is read (``strict=False``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from flask import request
from pydantic import BaseModel

from arealweb.domain.errors import DomainError
from arealweb.http.i18n import translate
from arealweb.schemas.base import parse

M = TypeVar("M", bound=BaseModel)


def form_model(model: type[M], *lists: str, context: dict | None = None) -> M:
    """The form's fields ``model`` names, checked by it; InvalidInput naming each field at
    fault. ``lists`` are the fields sent as several values (checkboxes); any other field sent
    more than once is refused, not read as its first value. ``context`` goes to the model's
    validators (the reader's ``locale``, for numbers)."""
    sent: dict[str, object] = {}
    for name in model.model_fields:
        values = request.form.getlist(name)
        if name in lists:
            sent[name] = values
        elif values:
            sent[name] = values[0] if len(values) == 1 else values
    return parse(model, sent, strict=False, context=context)


def refusals(error: DomainError, labels: Mapping[str, str]) -> list[str]:
    """Why ``error`` refused a form, a line per problem in the reader's language, each field
    named as the page labels it (``labels``: field code → the label's message id), not by the
    code the form sends it under."""
    return [translate(problem, labels) for problem in error.problems]
