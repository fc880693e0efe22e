"""A zone's attributes as the API, the workbench and imported files send them.

The API and the workbench send JSON, checked strictly: ``goal_ids`` is a list of goal ids,
``draft`` true or false, ``arealformal`` a whole number. Files hold the same attributes in
their formats' own ways, so a feature read from a file (``context={"file": True}``) may also
give lists as JSON text or comma-separated text (GeoPackage, Shapefile), flags as 0/1 or
«ja»/«nei», and numbers as text (KML) — each turned into its value before the same check.
A missing or empty attribute is the same as one not given.
"""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import ValidationInfo, model_validator

from arealweb.domain.text import N_
from arealweb.domain.zones import (
    DESCRIPTION_MAX,
    NAME_MAX,
    RATIONALE_MAX,
    ZoneKind,
    ZoneStatus,
)
from arealweb.schemas.base import Count, Identifier, Schema, Text, rule
from arealweb.schemas.choices import Category, Choice

CATEGORY_MAX = 40
HENSYNSSONE_MAX = 8
MAX_LINKS = 100


class GoalLinkInput(Schema):
    goal_id: Identifier
    rationale: Text(RATIONALE_MAX) | None = None


class ZoneProperties(Schema):
    """The attributes of a zone; its geometry is checked on its own."""

    id: Identifier | None = None
    kind: Choice(ZoneKind)
    category: Annotated[Text(CATEGORY_MAX), Category] = ""
    name: Text(NAME_MAX) = ""
    description: Text(DESCRIPTION_MAX, strip=False) = ""
    status: Choice(ZoneStatus) = ZoneStatus.FRAMTIDIG
    arealformal: int | None = None
    hensynssone: Text(HENSYNSSONE_MAX) | None = None
    goal_ids: list[Identifier] | None = None
    goal_links: list[GoalLinkInput] | None = None
    draft: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _given(cls, data: object, info: ValidationInfo) -> object:
        """Leave out what is missing or empty; from a file, read its formats' ways."""
        if not isinstance(data, dict):
            return data
        given = {k: v for k, v in data.items() if v is not None and v != ""}
        if (info.context or {}).get("file"):
            given = {name: _from_file(name, value) for name, value in given.items()}
        return given


def _from_file(name: str, value: object) -> object:
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if name in ("goal_ids", "goal_links") and isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                raise rule(N_("%(name)s er ikke en gyldig JSON-liste"), name=name) from None
        if name == "goal_ids":
            return [part.strip() for part in text.split(",") if part.strip()]
    if name == "draft":
        if isinstance(value, str) and value.strip().lower() in _WORDS:
            return _WORDS[value.strip().lower()]
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
    return value


_WORDS = {"ja": True, "nei": False, "yes": True, "no": False, "true": True, "false": False}
_WORDS |= {"1": True, "0": False}


class GeometryCheck(Schema):
    """A geometry being drawn in the workbench, measured against the plan before it is saved."""

    geometry: dict
    kind: Choice(ZoneKind)
    exclude: Identifier | None = None


class RestoreForm(Schema):
    """The history page's restore button: the newest version the planner saw (none: any)."""

    latest: Count | None = None
