"""What a scenario takes in: its name and description, which workshop's draft zones it is
made of, and a planner's choice on a conflict. The API and the planners' web forms share these
models (the forms read them with ``strict=False``)."""

from __future__ import annotations

from arealweb.domain.scenarios import DESCRIPTION_MAX, NAME_MAX
from arealweb.schemas.base import Identifier, Schema, Text


class NewScenario(Schema):
    name: Text(NAME_MAX, min_length=1)
    description: Text(DESCRIPTION_MAX) = ""


class ScenarioFromWorkshop(Schema):
    workshop_id: Identifier
    name: Text(NAME_MAX, min_length=1)


class ConflictChoice(Schema):
    keep: bool
    """True: keep the scenario's change over the plan's zone as it is now; False: drop it."""
