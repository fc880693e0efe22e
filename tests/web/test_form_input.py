"""The goal, account and admin forms refuse fields of the wrong shape with a message on the
page (never a server error), and change nothing.

Before the schemas: a version or position that was no number answered 500 on the goal form,
``/mal/<arealstrategi>/nytt`` answered 500 (IndexError), a 5 MB sign-in name answered 500 on
PostGIS (its failed sign-in was audited into a 120-character column) and 5 MB titles, labels
and passwords reached the services.
"""

import pytest

from arealweb.http.store import current_store
from tests.conftest import snapshot
from tests.web.conftest import PASSWORD, csrf
from tests.web.test_admin import admin, post  # noqa: F401  (the admin fixture)

FIVE_MB = "x" * 5_000_000


def store_of(app):
    with app.app_context():
        return current_store()


def refused(app, send, status=422) -> str:
    """The page ``send()`` answered with ``status``; the database is as it was."""
    before = snapshot(store_of(app))
    response = send()
    assert response.status_code == status, response.data[:300]
    assert snapshot(store_of(app)) == before
    return response.data.decode()


@pytest.fixture
def planner_client(signed_in):
    return signed_in("kari")


def edit_form(client, goal_id="2020.hm3"):
    page = client.get(f"/mal/{goal_id}/endre").data.decode()
    return {"csrf_token": csrf(page)}


@pytest.mark.parametrize(("field", "label"), [("title", "Tittel"), ("description", "Beskrivelse")])
def test_a_goal_text_past_its_width_is_refused_on_the_form(app, planner_client, field, label):
    base = {
        **edit_form(planner_client),
        "title": "Klima",
        "status": "utkast",
        "dimension": "sosial",
    }
    page = refused(
        app, lambda: planner_client.post("/mal/2020.hm3/endre", data={**base, field: FIVE_MB})
    )
    assert f"{label}: kan være høyst" in page
    page = refused(
        app,
        lambda: planner_client.post("/mal/2020.hm3/endre", data={**base, field: ["a", "b"]}),
    )
    assert f"{label}: må være tekst" in page


def test_a_nul_in_a_goal_form_is_a_bad_request(app, planner_client):
    data = {**edit_form(planner_client), "title": "Kli\x00ma", "status": "utkast"}
    refused(app, lambda: planner_client.post("/mal/2020.hm3/endre", data=data), status=400)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "ukjent"),
        ("status", ["utkast", "vedtatt"]),
        ("theme", "ukjent"),
        ("dimension", "ukjent"),
        ("sdgs", "0"),
        ("sdgs", "18"),
        ("sdgs", "1e400"),
        ("sdgs", "nan"),
        ("version", "abc"),
        ("version", "1e400"),
        ("version", "-1"),
        ("version", str(10**30)),
    ],
)
def test_a_goal_form_field_of_the_wrong_shape_is_named_on_the_page(
    app, planner_client, field, value
):
    data = {
        **edit_form(planner_client),
        "title": "Klima",
        "status": "utkast",
        "dimension": "sosial",
        field: value,
    }
    page = refused(app, lambda: planner_client.post("/mal/2020.hm3/endre", data=data))
    assert "Ingenting er lagret" in page and f"{field}" in page


def test_sdg_17_from_the_form_is_goal_17_not_1_and_7(planner_client):
    data = {**edit_form(planner_client), "title": "Klima", "status": "utkast", "sdgs": "17"}
    data["dimension"] = "klima og miljø"
    assert planner_client.post("/mal/2020.hm3/endre", data=data).status_code == 302
    assert planner_client.get("/api/v1/goals/2020.hm3").json["sdgs"] == [17]


@pytest.mark.parametrize("position", ["abc", "1e400", "nan", "0", "-1", str(10**30)])
def test_a_move_to_a_place_that_is_no_count_is_refused_on_the_page(app, planner_client, position):
    data = {**edit_form(planner_client, "2020.hm3.d2"), "parent_id": "2020.hm1"}
    data["position"] = position
    page = refused(app, lambda: planner_client.post("/mal/2020.hm3.d2/flytt", data=data))
    assert "Plass blant målene der:" in page


def test_deleting_with_links_moved_to_no_goal_id_is_refused_on_the_page(app, planner_client):
    data = {**edit_form(planner_client, "2020.hm3.d2.s1.a2"), "links": "move", "target": "a b"}
    page = refused(app, lambda: planner_client.post("/mal/2020.hm3.d2.s1.a2/slett", data=data))
    assert "Lenkene: må være «remove» eller «move:&lt;mål-id&gt;»" in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_goal_can_be_added_under_a_land_use_strategy(app, planner_client, method):
    data = edit_form(planner_client) if method == "post" else None
    data = {**(data or {}), "title": "Under", "status": "utkast"}
    send = getattr(planner_client, method)
    page = refused(app, lambda: send("/mal/2020.hm3.d1.s1.a1/nytt", data=data), status=404)
    assert "en arealstrategi kan ikke ha mål under seg" in page


def sign_in(client, name, password=PASSWORD):
    token = csrf(client.get("/logg-inn").data.decode())
    return client.post("/logg-inn", data={"name": name, "password": password, "csrf_token": token})


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        (FIVE_MB, PASSWORD, "Brukernavn: kan være høyst 80 tegn"),
        ("kari", FIVE_MB, "Passord: kan være høyst 1000 tegn"),
    ],
)
def test_a_sign_in_past_the_columns_is_refused_without_a_try(
    app, client, signed_in, name, password, message
):
    page = refused(app, lambda: sign_in(client, name, password))
    assert message in page


def account_form(client):
    return {"csrf_token": csrf(client.get("/konto").data.decode())}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"new_password": FIVE_MB, "repeat_password": FIVE_MB}, "kan være høyst 1000 tegn"),
        ({"new_password": ["a" * 12, "b" * 12]}, "Nytt passord: må være tekst"),
        ({"new_password": "et-nytt-passord", "repeat_password": "noe annet"}, "ikke like"),
    ],
)
def test_a_new_password_of_the_wrong_shape_is_refused_on_the_account_page(
    app, planner_client, fields, message
):
    data = {**account_form(planner_client), "current_password": PASSWORD, **fields}
    page = refused(app, lambda: planner_client.post("/konto/passord", data=data))
    assert message in page


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("x" * 201, "Hva tokenet er til: kan være høyst 200 tegn"),
        (FIVE_MB, "Hva tokenet er til: kan være høyst 200 tegn"),
        (["QGIS", "ArcGIS"], "Hva tokenet er til: må være tekst"),
    ],
)
def test_a_token_label_past_its_column_is_refused(app, planner_client, label, message):
    data = {**account_form(planner_client), "label": label}
    page = refused(app, lambda: planner_client.post("/konto/tokener", data=data))
    assert message in page


def test_a_token_label_at_its_columns_width_is_kept(planner_client):
    data = {**account_form(planner_client), "label": "  " + "å" * 200 + " "}
    assert planner_client.post("/konto/tokener", data=data).status_code == 201
    assert "å" * 200 in planner_client.get("/konto").data.decode()


@pytest.mark.parametrize("role", [FIVE_MB, ["planner"] * 2, "Planleggar", "1"])
def test_a_role_that_is_none_of_the_roles_changes_nothing(app, admin, role):  # noqa: F811
    before = snapshot(store_of(app))
    post(admin, "/admin/brukere/rita/rolle", {"role": role})
    assert "ukjent rolle; velg admin, planner eller council" in admin.get("/admin/brukere").text
    assert snapshot(store_of(app)) == before


@pytest.mark.parametrize("role", ["Planner", "planlegger", " PLANLEGGER "])
def test_a_role_written_as_the_page_shows_it_is_taken(app, admin, role):  # noqa: F811
    post(admin, "/admin/brukere/rita/rolle", {"role": role})
    with app.app_context(), current_store().read() as repo:
        assert repo.accounts.existing_user("rita").role.value == "planner"


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e400", "nan", str(10**30), "٣"])
def test_an_audit_page_that_is_no_page_number_is_not_found(admin, page):  # noqa: F811
    assert admin.get(f"/admin/logg?side={page}").status_code == 404
