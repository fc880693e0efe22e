"""Many devices at once over real HTTP, on both databases: no input is lost, the plenary's
feed shows every accepted input once. (How fast is for benchmarks/workshop_load.py.)"""

import threading

from werkzeug.serving import make_server

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services import workshops
from arealweb.services.accounts import create_token, create_user
from benchmarks.workshop_load import simulate


def test_forty_devices_posting_at_once_lose_nothing_and_the_plenary_sees_everything(app):
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
        token = create_token(current_store(), "kari")
        found = workshops.create_workshop(
            current_store(),
            {
                "title": "Last",
                "groups": [f"Gruppe {n}" for n in range(1, 11)],
                "prompts": ["Bærum 2040"],
                "focus_goal_ids": ["2020.hm3"],
            },
            "kari",
        )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    workshop = {
        "id": found.id,
        "groups": [{"id": g.id, "code": g.code} for g in found.groups],
        "focus_goal_ids": ["2020.hm3"],
        "prompts": ["Bærum 2040"],
    }
    try:
        result = simulate(
            f"http://127.0.0.1:{server.server_port}", workshop, token, 40, 3, interval=0.2
        )
    finally:
        server.shutdown()
    assert result.failures == []
    assert len(result.sent) == 120
    assert result.lost == set() and result.never_seen == set()
    with app.app_context():
        assert len(workshops.sketches(current_store(), found.id)) == 40
        assert len(workshops.comments(current_store(), found.id)) == 40
        assert len(workshops.words(current_store(), found.id)) == 40
