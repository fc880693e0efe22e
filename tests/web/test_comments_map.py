"""The public comments map and its API show the public's view to everyone, signed-in planners
included; planners see moderation states in the moderation queue."""

import html
import json
import re

from arealweb.http.store import current_store
from arealweb.services.accounts import create_token
from tests.api.test_participation import comment


def _comments(client, app):
    """A published, a pending and a hidden comment; their ids."""
    from arealweb.services.participation import moderate

    ids = {}
    for text in ("Publisert innspill", "Venter på moderering", "Skjult innspill"):
        ids[text] = json.loads(client.post("/api/v1/comments", json=comment(text=text)).data)["id"]
    with app.app_context():
        moderate(current_store(), ids["Publisert innspill"], {"action": "approve"}, "kari")
        moderate(
            current_store(),
            ids["Skjult innspill"],
            {"action": "hide", "reason": "Personangrep"},
            "kari",
        )
    return ids


def test_a_signed_in_planner_sees_the_public_view_on_the_map_and_agrees_like_anyone(
    client, app, signed_in
):
    ids = _comments(client, app)
    planner = signed_in("kari")
    page = planner.get("/innspill/kart")
    assert page.status_code == 200
    config = json.loads(
        html.unescape(re.search(r"data-arealweb-map='([^']+)'", page.data.decode()).group(1))
    )
    listed = json.loads(planner.get(config["comments"]["list"]).data)["features"]
    shown = {f["id"]: f["properties"] for f in listed}
    assert ids["Publisert innspill"] in shown
    assert ids["Venter på moderering"] not in shown and ids["Skjult innspill"] not in shown
    assert "state" not in shown[ids["Publisert innspill"]]
    assert "name" not in shown[ids["Publisert innspill"]]

    agreed = planner.post(f"/api/v1/comments/{ids['Publisert innspill']}/agree")
    assert agreed.status_code == 200
    assert json.loads(agreed.data) == {"agreed": True, "agreements": 1}

    queue = planner.get("/innspill/moderering").data.decode()
    assert "Venter på moderering" in queue and "Skjult innspill" in queue


def test_only_planners_ask_for_the_moderation_view_of_the_comments_api(client, app, signed_in):
    ids = _comments(client, app)
    assert client.get("/api/v1/comments?view=moderation").status_code == 401
    assert client.get("/api/v1/comments?view=alt").status_code == 400
    planner = signed_in("kari")
    with app.app_context():
        council = {"Authorization": f"Bearer {create_token(current_store(), 'rita')}"}
    refused = app.test_client().get("/api/v1/comments?view=moderation", headers=council)
    assert refused.status_code == 403
    assert "moderasjonskøen" in json.loads(refused.data)["error"]["message"]
    everything = json.loads(planner.get("/api/v1/comments?view=moderation").data)["features"]
    states = {f["id"]: f["properties"]["state"] for f in everything}
    assert states[ids["Venter på moderering"]] == "pending"
    assert states[ids["Skjult innspill"]] == "hidden"
    public = json.loads(planner.get("/api/v1/comments?view=public").data)["features"]
    assert [f["id"] for f in public if f["id"] in ids.values()] == [ids["Publisert innspill"]]
