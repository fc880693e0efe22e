"""What the live screens' scripts are told: the group screen and the plenary both read the
workshop's feed (the plenary as pushed events, polling when it cannot) and name kinds of
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


def labels() -> dict:
    return {
        "kinds": {k.value: gettext(k.label) for k in SketchKind},
        "stances": {s.value: gettext(s.label) for s in Stance},
    }
