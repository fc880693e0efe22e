"""No value of a page's query parameter answers a server error, signed in or not."""

import pytest

PAGES = {
    "/innspill": ["consultation"],
    "/innspill/kart": ["consultation"],
    "/innspill/rapport": ["consultation"],
    "/innspill/moderering": ["consultation"],
    "/kart.png": ["goal", "paper", "orientation"],
    "/kart.pdf": ["paper", "orientation"],
    "/rapport/gyllen-trad.pdf": ["igjen"],
    "/logg-inn": ["next"],
    "/sprak/en": ["next"],
    "/kart/oppsett.js": ["v"],
    "/admin/logg": ["side"],
}
"""Every page that reads a query parameter (grep request.args in arealweb/web)."""

ANY_VALUE = [
    "1e400",
    "nan",
    "-1",
    str(10**30),
    "abc",
    "",
    " ",
    "x" * 2000,
    "æøå",
    "////evil.example/x",
    "/\\evil.example",
    "%0d%0aSet-Cookie:x=1",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_value_of_a_page_parameter_answers_a_server_error(app, client, signed_in, path):
    for who in (None, "kari"):
        if who:
            signed_in(who)
        for name in PAGES[path]:
            for value in ANY_VALUE:
                response = client.get(path, query_string={name: value})
                assert response.status_code < 500, (who, name, value, response.status_code)
            repeated = client.get(path, query_string=[(name, "1"), (name, "2")])
            assert repeated.status_code < 500, (who, name)
