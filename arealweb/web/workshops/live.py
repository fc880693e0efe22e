"""What the live screens' scripts are told: the group screen, the plenary and the presentation
all follow the workshop's feed (as pushed events, polling when they cannot) and name kinds of
sketch and stances alike."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext

from arealweb.domain.workshops import SketchKind, Stance


def api_urls(workshop_id: str) -> dict:
    return {
        "feed": url_for("api.workshop_feed", workshop_id=workshop_id),
        "events": url_for("api.workshop_events", workshop_id=workshop_id),
        "sketches": url_for("api.post_sketch", workshop_id=workshop_id),
        "comments": url_for("api.post_workshop_comment", workshop_id=workshop_id),
        "words": url_for("api.post_word", workshop_id=workshop_id),
    }


POLL_INTERVAL_MS = 2000
"""How often a live screen asks for news when the server cannot push them."""


def polling_note() -> str:
    """What a live screen says when it polls instead of being pushed to."""
    return gettext(
        "Direkte oppdatering er ikke tilgjengelig; skjermen henter nytt hvert 2. sekund."
    )


def labels() -> dict:
    return {
        "kinds": {k.value: gettext(k.label) for k in SketchKind},
        "stances": {s.value: gettext(s.label) for s in Stance},
    }
