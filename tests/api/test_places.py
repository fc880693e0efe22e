"""GET /api/v1/places and /places/describe, and the optional address search against local
stand-ins for Kartverket's address API: one that answers in its documented shape, one that
answers too late."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from arealweb.app import create_app

ADDRESS_ANSWER = {
    "metadata": {
        "side": 0,
        "sokeStreng": "sok=Sandviksveien",
        "totaltAntallTreff": 1,
        "treffPerSide": 5,
        "viserFra": 0,
        "viserTil": 1,
        "asciiKompatibel": True,
    },
    "adresser": [
        {
            "adressenavn": "Sandviksveien",
            "adressetekst": "Sandviksveien 12",
            "adressekode": 12345,
            "nummer": 12,
            "bokstav": "",
            "kommunenummer": "3201",
            "kommunenavn": "BÆRUM",
            "postnummer": "1337",
            "poststed": "SANDVIKA",
            "representasjonspunkt": {"epsg": "EPSG:4258", "lat": 59.8912, "lon": 10.5236},
        }
    ],
}


class StandIn:
    """Kartverket's address API on 127.0.0.1: answers after ``delay`` seconds, records what
    it was asked."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.asked: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stand_in.asked.append(parse_qs(urlsplit(self.path).query))
                time.sleep(stand_in.delay)
                body = json.dumps(ADDRESS_ANSWER).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/adresser/v1/sok"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _client(url, tmp_path, stand_in):
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": tmp_path / "uploads",
            "ADDRESS_SEARCH": "1",
            "ADDRESS_API": stand_in.url,
            "ADDRESS_TIMEOUT_S": "0.5",
        }
    )
    return app, app.test_client()


@pytest.fixture
def addresses(demo_database_url, tmp_path):
    stand_in = StandIn()
    app, client = _client(demo_database_url, tmp_path, stand_in)
    yield stand_in, client
    stand_in.stop()
    _dispose(app)


@pytest.fixture
def slow_addresses(demo_database_url, tmp_path):
    stand_in = StandIn(delay=3.0)
    app, client = _client(demo_database_url, tmp_path, stand_in)
    yield stand_in, client
    stand_in.stop()
    _dispose(app)


def _dispose(app):
    from arealweb.http.store import current_store
    from arealweb.services.live import stop_listening

    with app.app_context():
        stop_listening(current_store())
        current_store().engine.dispose()


def test_typing_the_start_of_a_name_finds_the_place_first_with_its_kind(client):
    answer = client.get("/api/v1/places?q=Bekkes").get_json()
    first = answer["results"][0]
    assert (first["source"], first["name"], first["label"]) == ("place", "Bekkestua", "tettsted")
    assert first["center"] == [10.58762, 59.91756]
    sources = {(r["source"], r["name"]) for r in answer["results"]}
    assert {
        ("zone", "Bekkestua"),
        ("station", "Bekkestua"),
        ("place", "Bekkestua skole"),
    } <= sources
    assert answer["addresses"] == "off" and answer["message"] is None


def test_case_and_norwegian_letters_do_not_matter(client):
    for typed in ("høvik", "HOVIK", "Hovik"):
        names = [r["name"] for r in client.get(f"/api/v1/places?q={typed}").get_json()["results"]]
        assert names[:3] == ["Høvik", "Høvik", "Høvik"], typed
    names = [r["name"] for r in client.get("/api/v1/places?q=baerums verk").get_json()["results"]]
    assert "Bærums Verk" in names


def test_a_goals_title_finds_the_zones_that_realise_it(client):
    answer = client.get("/api/v1/places?q=trygge gang- og sykkelveier").get_json()
    goal = next(r for r in answer["results"] if r["source"] == "goal")
    assert goal["label"] == "mål"
    assert "Hovedsykkelvei langs Kolsåsbanen" in goal["detail"]
    west, south, east, north = goal["bounds"]
    assert west < east and south < north


def test_zones_are_labelled_with_their_category_in_the_visitors_language(client):
    answer = client.get("/api/v1/places?q=Lommedalen jordbruk&lang=en").get_json()
    zone = next(r for r in answer["results"] if r["source"] == "zone")
    assert zone["label"].startswith("zone: ")


def test_results_are_limited_and_an_unknown_name_finds_nothing(client):
    assert len(client.get("/api/v1/places?q=s&limit=3").get_json()["results"]) <= 3
    assert client.get("/api/v1/places?q=qqqqq").get_json()["results"] == []
    assert client.get("/api/v1/places").get_json()["results"] == []
    assert client.get("/api/v1/places?q=a&limit=0").status_code == 400
    assert client.get("/api/v1/places?q=a&colour=red").status_code == 400


def test_a_point_is_described_in_words_in_both_languages(client):
    answer = client.get("/api/v1/places/describe?lon=10.52556&lat=59.89278")
    assert answer.get_json() == {"text": "ved Sandvika stasjon, i Sandvika"}
    english = client.get("/api/v1/places/describe?lon=10.52556&lat=59.89278&lang=en")
    assert english.get_json() == {"text": "by Sandvika station, in Sandvika"}
    assert client.get("/api/v1/places/describe?zone=fornebu").get_json() == {"text": "i Fornebu"}


def test_describe_refuses_half_a_point_and_names_what_it_takes(client):
    assert client.get("/api/v1/places/describe?lon=10.5").status_code == 400
    answer = client.get("/api/v1/places/describe?lon=200&lat=59.9")
    assert answer.status_code == 400
    assert "lon" in answer.get_json()["error"]["message"]
    assert client.get("/api/v1/places/describe?zone=nowhere").status_code == 404


def test_addresses_come_after_the_places_when_the_setting_is_on(addresses):
    stand_in, client = addresses
    answer = client.get("/api/v1/places?q=Sandviksveien 12").get_json()
    assert answer["addresses"] == "ok"
    address = answer["results"][-1]
    assert address["source"] == "address"
    assert address["name"] == "Sandviksveien 12"
    assert address["detail"] == "1337 Sandvika"
    assert address["center"] == [10.5236, 59.8912]
    asked = stand_in.asked[0]
    assert asked["sok"] == ["Sandviksveien 12"] and asked["kommunenummer"] == ["3201"]


def test_the_same_address_search_is_asked_once_and_then_kept(addresses):
    stand_in, client = addresses
    for _ in range(3):
        assert client.get("/api/v1/places?q=Sandviksveien").get_json()["addresses"] == "ok"
    assert len(stand_in.asked) == 1


def test_a_slow_address_api_leaves_the_local_results_and_says_so(slow_addresses):
    stand_in, client = slow_addresses
    answer = client.get("/api/v1/places?q=Sandvika").get_json()
    assert len(stand_in.asked) == 1
    assert answer["addresses"] == "unreachable"
    assert answer["message"] == "Adressesøket svarte ikke; viser bare steder og soner."
    assert answer["results"][0]["name"] == "Sandvika"
    assert all(r["source"] != "address" for r in answer["results"])
