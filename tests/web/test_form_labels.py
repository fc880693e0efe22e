"""A refused form names each field as the page labels it, never by the code it is sent under."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from arealweb.domain.errors import InvalidInput, Problem
from arealweb.schemas.accounts import NewToken, PasswordChange, RoleChange, SignIn
from arealweb.schemas.goals import GoalDeletion, GoalForm, GoalMoveForm
from arealweb.schemas.indicators import IndicatorForm
from arealweb.schemas.participation import ConsultationInput, ModerationInput, ResponseInput
from arealweb.schemas.workshops import DraftZone, NewWorkshop
from arealweb.schemas.zones import RestoreForm
from arealweb.web import account, admin, comments, goal_forms, history, indicators
from arealweb.web.forms import refusals
from arealweb.web.workshops import facilitator

FORMS = [
    (account.LABELS, SignIn),
    (account.LABELS, PasswordChange),
    (account.LABELS, NewToken),
    (admin.LABELS, RoleChange),
    (goal_forms.LABELS, GoalForm),
    (goal_forms.LABELS, GoalMoveForm),
    (goal_forms.LABELS, GoalDeletion),
    (history.LABELS, RestoreForm),
    (indicators.LABELS, IndicatorForm),
    (comments.CONSULTATION_LABELS, ConsultationInput),
    (comments.MODERATION_LABELS, ModerationInput),
    (comments.MODERATION_LABELS, ResponseInput),
    (facilitator.FORM_FIELDS, NewWorkshop),
    (facilitator.DRAFT_FIELDS, DraftZone),
]


@pytest.mark.parametrize(("labels", "model"), FORMS, ids=[m.__name__ for _, m in FORMS])
def test_every_field_a_page_form_sends_has_a_label_to_be_named_by(labels, model):
    assert set(model.model_fields) - set(labels) == set()


def test_a_field_is_named_by_its_label_in_the_readers_language_and_an_index_is_dropped(app):
    error = InvalidInput.of(
        [
            Problem("må være et tall", where="target"),
            Problem(
                "kan bare ha bokstaver, sifre, punktum, bindestrek og understrek",
                where="zone_ids[2]",
            ),
            Problem("mangler", where="unknown_field"),
            Problem("sluttdatoen kommer før åpningsdatoen"),
        ]
    )
    labels = {**indicators.LABELS, **comments.CONSULTATION_LABELS}
    with app.test_request_context(), force_locale("nb"):
        assert refusals(error, labels) == [
            "Målverdi: må være et tall",
            "Soner runden gjelder: kan bare ha bokstaver, sifre, punktum, bindestrek og understrek",
            "unknown_field: mangler",
            "sluttdatoen kommer før åpningsdatoen",
        ]
    with app.test_request_context(), force_locale("en"):
        said = refusals(error, labels)
        assert said[0] == "Target: must be a number"
        assert said[1].startswith("Zones the round is about: ")
