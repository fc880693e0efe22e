"""The moderation queue and the answer by e-mail in Chromium: a citizen writing in English
gives an address, a planner finds the comment through the queue's filters (without script)
and answers in Norwegian, and `arealweb send-mail` delivers the answer in English, with the
receipt link, to a real SMTP server the test starts; while that server refuses, the mail stays
queued and is tried again later."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_violations, serve, wait_for_map
from tests.mailserver import MailServer

PASSWORD = "et-langt-passord"


@pytest.fixture(scope="module")
def smtp():
    with MailServer() as server:
        yield server


@pytest.fixture(scope="module")
def mail_server(sqlite_factory, tmp_path_factory, smtp):
    made = {}

    def prepare(app):
        from arealweb.domain.accounts import Role
        from arealweb.http.store import current_store
        from arealweb.services.accounts import create_user

        with app.app_context():
            create_user(current_store(), "kari", Role.PLANNER, PASSWORD)
        made["app"] = app

    for url in serve(
        sqlite_factory,
        tmp_path_factory.mktemp("mail"),
        prepare,
        MAIL_HOST="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_SECURITY="none",
        MAIL_SENDER="planlegging@baerum.kommune.no",
        PUBLIC_URL="http://127.0.0.1",
    ):
        # The mail's links lead to where citizens reach arealweb: here, this test's server.
        made["app"].config["PUBLIC_URL"] = url
        yield url, made["app"]


def _signed_in(browser, url, **options):
    """A planner's page, signed in, at the moderation queue."""
    planner = browser.new_context(**options).new_page()
    planner.goto(url + "/logg-inn?next=/innspill/moderering")
    planner.get_by_label("Brukernavn").fill("kari")
    planner.get_by_label("Passord").fill(PASSWORD)
    planner.get_by_role("button", name="Logg inn").click()
    planner.locator("[data-queue-filters]").wait_for()
    return planner


def _send_mail(app) -> str:
    """Run `arealweb send-mail` once against the app's database: what it says."""
    from arealweb.cli.participation import send_mail_command

    return app.test_cli_runner().invoke(send_mail_command).output


def _outbox(app):
    from arealweb.http.store import current_store
    from arealweb.services.mail import outbox

    with app.app_context():
        return outbox(current_store())


def test_an_answer_reaches_the_author_by_mail_in_their_language(page, browser, mail_server, smtp):
    url, app = mail_server
    page.goto(url + "/innspill?lang=en")
    wait_for_map(page)
    page.get_by_label("Place", exact=True).select_option(label="Bekkestua")
    page.get_by_label("Suggestion").check()
    page.get_by_label("What do you think?").fill("A bench by the station, please.")
    page.get_by_label("E-mail address").fill("ola.nordmann@example.no")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send comment").click()
    receipt = page.locator("[data-receipt]")
    receipt.wait_for()
    receipt_url = receipt.get_attribute("href")

    planner = _signed_in(browser, url, java_script_enabled=False)
    # The filters are a plain form: they work, and keep their values, without JavaScript.
    planner.get_by_label("Type", exact=True).select_option("forslag")
    planner.get_by_label("Status", exact=True).select_option("pending")
    planner.get_by_role("button", name="Vis", exact=True).click()
    assert "kind=forslag" in planner.url and "status=pending" in planner.url
    assert planner.get_by_label("Type", exact=True).input_value() == "forslag"
    cards = planner.locator("article.moderation")
    assert cards.count() == 1
    card = cards.first
    assert "Vil ha svaret på e-post" in card.inner_text()
    assert "ola.nordmann" not in planner.content()
    spot = card.locator("svg[data-spot-map]")
    size = spot.bounding_box()
    assert size["width"] > 100 and size["height"] > 60
    assert spot.get_attribute("aria-label").startswith("Kart: ")
    assert "Bekkestua" in card.locator("[data-where]").inner_text()
    counts = planner.locator("[data-queue-counts]").inner_text()
    assert "Venter: 1" in counts
    card.get_by_role("button", name="Godkjenn").click()
    # Back at the same filters: the approved comment is no longer pending.
    assert "status=pending" in planner.url
    assert planner.locator("article.moderation").count() == 0
    planner.context.close()

    planner = _signed_in(browser, url)
    planner.goto(url + "/innspill/moderering?kind=forslag&status=published")
    assert axe_violations(planner) == []
    card = planner.locator("article.moderation", has_text="A bench by the station")
    card.get_by_label("Behandling").select_option("tatt til følge")
    card.get_by_label("Svar til innsenderen").fill("Vi setter opp en benk i 2027.")
    card.get_by_role("button", name="Lagre svaret").click()
    planner.get_by_text("Innsenderen får svaret på e-post.").wait_for()
    planner.context.close()

    # The server is busy: the mail stays in the outbox, counted and waiting longer.
    smtp.mailbox.refusing = True
    said = _send_mail(app)
    assert "0 sendt, 1 feilet" in said and "451" in said
    [waiting] = _outbox(app)
    assert waiting.attempts == 1 and smtp.mailbox.messages == []
    assert "1 feilet" not in _send_mail(app)  # not due yet: it waits before trying again

    smtp.mailbox.refusing = False
    from arealweb.http.store import current_store
    from arealweb.services.mail import SmtpServer, send_due

    with app.app_context():
        done = send_due(
            current_store(), SmtpServer.from_config(app.config), now=waiting.next_attempt_at
        )
    assert done.sent == 1 and _outbox(app) == []
    [message] = smtp.mailbox.messages
    assert message["To"] == "ola.nordmann@example.no"
    assert message["From"] == "planlegging@baerum.kommune.no"
    assert message["Subject"] == "Answer to your comment to Bærum kommune"
    body = message.get_content()
    assert "Assessment: Taken into account" in body
    assert "Vi setter opp en benk i 2027." in body
    assert receipt_url in body

    # The link in the mail opens the receipt with the answer.
    link = next(line for line in body.splitlines() if "/innspill/kvittering" in line)
    assert urlsplit(link).fragment == urlsplit(receipt_url).fragment
    page.goto(link)
    page.locator('[data-receipt-page][data-loaded="yes"]').wait_for()
    assert "Vi setter opp en benk i 2027." in page.content()
