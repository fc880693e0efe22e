"""The shape every input must have, checked by pydantic before any service reads it.

arealweb reads input from JSON bodies, forms, query parameters and the attributes of imported
files. Each has a model here; :func:`parse` checks a document against one and either returns
the model or raises :class:`~arealweb.domain.errors.InvalidInput` with one translatable
:class:`~arealweb.domain.errors.Problem` per fault, naming the field it is in.

Types are checked, not coerced: JSON is validated strictly (``"17"`` is no list of numbers, a
list is no text, ``1.0`` is no whole number); forms and query parameters, where everything
arrives as text, are read in pydantic's lax mode, which turns ``"17"`` into 17 but never a
text into a list. Texts are capped at their column's length and refused when they hold a NUL
or half a surrogate; numbers must be finite and in range.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic import Strict as _Strict
from pydantic_core import PydanticCustomError

from arealweb.domain.documents import HALF_SURROGATE, text_problem
from arealweb.domain.errors import InvalidInput, Problem
from arealweb.domain.text import N_

M = TypeVar("M", bound=BaseModel)

LAX = _Strict(False)
"""For a field whose values are named by text (an enum), which strict mode would refuse."""


class Schema(BaseModel):
    """Every input model: strict types, finite numbers, fields the model does not know are
    ignored (files and clients carry computed attributes such as ``area_daa``)."""

    model_config = ConfigDict(
        strict=True, allow_inf_nan=False, extra="ignore", frozen=True, hide_input_in_errors=True
    )


def rule(template: str, **params: object) -> PydanticCustomError:
    """A fault found by a model's own check, with a translatable message."""
    return PydanticCustomError("arealweb", template, {"template": template, **params})


def _usable_text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise rule(problem.template)
    return value


def Text(max_length: int, min_length: int = 0, strip: bool = True) -> Any:
    """Text of at most ``max_length`` characters (the column's width), whitespace stripped."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=strip, max_length=max_length, min_length=min_length or None
        ),
        AfterValidator(_usable_text),
    ]


IDENTIFIER = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER), AfterValidator(_usable_text)]
"""The id of a zone, goal, comment or workshop: letters a–z, digits and . _ : - (at most 64)."""

Count = Annotated[int, Field(ge=0, le=2**53)]
"""A revision, position or other count: a whole number JSON and both databases hold exactly."""


_MESSAGES: dict[str, str] = {
    "missing": N_("mangler"),
    "string_type": N_("må være tekst"),
    "string_unicode": HALF_SURROGATE,
    "int_type": N_("må være et heltall"),
    "int_parsing": N_("må være et heltall"),
    "int_from_float": N_("må være et heltall"),
    "float_type": N_("må være et tall"),
    "float_parsing": N_("må være et tall"),
    "finite_number": N_("tall må være endelige"),
    "bool_type": N_("må være true eller false"),
    "bool_parsing": N_("må være true eller false"),
    "list_type": N_("må være en liste"),
    "tuple_type": N_("må være en liste"),
    "dict_type": N_("må være et objekt"),
    "model_type": N_("må være et objekt"),
    "model_attributes_type": N_("må være et objekt"),
    "string_too_long": N_("kan være høyst %(max_length)d tegn"),
    "string_too_short": N_("kan ikke være tom"),
    "too_long": N_("kan ha høyst %(max_length)d elementer"),
    "too_short": N_("må ha minst %(min_length)d elementer"),
    "string_pattern_mismatch": N_("kan bare ha bokstaver a–z, tall og . _ : - (høyst 64 tegn)"),
    "enum": N_("«%(input)s» er ukjent; bruk en av: %(expected)s"),
    "literal_error": N_("«%(input)s» er ukjent; bruk en av: %(expected)s"),
    "greater_than_equal": N_("må være minst %(ge)s"),
    "less_than_equal": N_("kan være høyst %(le)s"),
    "greater_than": N_("må være større enn %(gt)s"),
    "less_than": N_("må være mindre enn %(lt)s"),
    "date_type": N_("må være en dato (ÅÅÅÅ-MM-DD)"),
    "date_parsing": N_("må være en dato (ÅÅÅÅ-MM-DD)"),
    "date_from_datetime_parsing": N_("må være en dato (ÅÅÅÅ-MM-DD)"),
    "union_tag_invalid": N_("«%(tag)s» er ukjent; bruk en av: %(expected_tags)s"),
    "union_tag_not_found": N_("mangler «%(discriminator)s»"),
}
"""What each of pydantic's error types tells the sender; any other type gets the fallback."""

_FALLBACK = N_("har en verdi som ikke kan brukes")


def _place(location: tuple[int | str, ...], where: str | None) -> str | None:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in location).lstrip(".")
    if where and path:
        return f"{where}.{path}"
    return where or path or None


def _shown(value: object) -> object:
    if isinstance(value, int | float):
        return value
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _choices(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``a, b, c``, free of English."""
    return expected.replace("' or '", "', '").replace("'", "")


def problems_of(error: ValidationError, where: str | None = None) -> list[Problem]:
    """One problem per fault pydantic found, in the sender's words: template, values, field."""
    problems = []
    for fault in error.errors(include_url=False, include_input=True):
        context = dict(fault.get("ctx") or {})
        location = tuple(p for p in fault["loc"] if not _is_union_branch(p))
        if fault["type"] == "arealweb":
            template = context.pop("template")
            problems.append(Problem(template, context, _place(location, where)))
            continue
        template = _MESSAGES.get(fault["type"], _FALLBACK)
        params = {key: _shown(value) for key, value in context.items()}
        for key in ("expected", "expected_tags"):
            if key in params:
                params[key] = _choices(str(context[key]))
        if "input" in template:
            params["input"] = _shown(fault.get("input"))
        problems.append(Problem(template, params, _place(location, where)))
    return problems


def _is_union_branch(part: int | str) -> bool:
    """pydantic names the branch of a union it tried: ``function-after[…]``, ``list[…]``, a
    type's name, or a tagged model's tag (``Polygon``); field names are lower case."""
    return isinstance(part, str) and (
        "[" in part or part in ("str", "int", "float", "bool", "none") or part[:1].isupper()
    )


def parse(
    model: type[M] | TypeAdapter,
    data: object,
    where: str | None = None,
    *,
    strict: bool = True,
    context: dict | None = None,
) -> M:
    """``data`` checked against ``model`` (a model or a TypeAdapter); InvalidInput naming every
    fault otherwise. ``strict=False`` for forms and query parameters, whose values are text."""
    validate = model.validate_python if isinstance(model, TypeAdapter) else model.model_validate
    try:
        return validate(data, strict=None if strict else False, context=context)
    except ValidationError as error:
        raise InvalidInput.of(problems_of(error, where)) from None
