"""Forgot password: the email, the link on the community's host, and a link
that works once, for 30 minutes, on its own community only."""

from __future__ import annotations

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from tests.fixtures.factories import PASSWORD
from tests.fixtures.mail import html_of, link_in
from tfz_portal.extensions import db
from tfz_portal.models import Role, User
from tfz_portal.services import accounts

NEW_PASSWORD = "walnut trees by the river"


@pytest.fixture
def clock(monkeypatch):
    """Move the clock of signed tokens (itsdangerous) forward."""

    class Clock:
        offset = 0

        def advance(self, *, minutes: int) -> None:
            self.offset += minutes * 60

    clock = Clock()
    real_timestamp = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp",
                        lambda signer: real_timestamp(signer) + clock.offset)
    return clock


def ask_for_reset(client, email: str, slug: str = "polk"):
    return client.post("/password/forgot", data={"email": email}, subdomain=slug)


def reset_path(outbox, host: str = "polk.localhost:5000") -> str:
    link = link_in(outbox.last())
    assert link.startswith(f"http://{host}/password/reset/")
    return link.removeprefix(f"http://{host}")


def choose(client, path: str, password: str = NEW_PASSWORD, *, confirm: str | None = None,
           slug: str = "polk"):
    return client.post(path, data={"password": password, "confirm": confirm or password},
                       subdomain=slug)


def can_log_in(app, email: str, password: str, slug: str = "polk") -> bool:
    response = app.test_client().post("/login", data={"email": email, "password": password},
                                      subdomain=slug)
    return response.status_code == 302


def password_hash_of(read_db, user: User) -> str:
    return read_db(lambda session: session.execute(
        select(User.password_hash).where(User.id == user.id)).scalar_one())


def test_known_and_unknown_emails_get_the_same_page(client, communities, outbox):
    polk, story = communities
    known = ask_for_reset(client, polk.participant.email)
    unknown = ask_for_reset(client, "nobody@example.org")
    # An account of another community is unknown here.
    elsewhere = ask_for_reset(client, story.participant.email)

    assert known.status_code == unknown.status_code == elsewhere.status_code == 200
    assert "Check your email" in known.text
    assert (known.text.replace(polk.participant.email, "EMAIL")
            == unknown.text.replace("nobody@example.org", "EMAIL")
            == elsewhere.text.replace(story.participant.email, "EMAIL"))


def test_an_email_is_sent_only_to_a_known_account(client, communities, outbox):
    polk, story = communities
    ask_for_reset(client, "nobody@example.org")
    ask_for_reset(client, story.participant.email)
    assert outbox.messages == []

    ask_for_reset(client, polk.participant.email.upper())

    [message] = outbox.messages
    assert message["To"] == polk.participant.email
    assert message["Subject"] == "Reset your password"
    assert message["From"].addresses[0].display_name == "Polk County"


def test_a_disabled_account_gets_no_email(client, communities, outbox, in_app):
    polk, _ = communities
    with in_app(polk.tenant):
        accounts.set_disabled(db.session.get(User, polk.coordinator.id),
                              db.session.get(User, polk.participant.id), True)

    response = ask_for_reset(client, polk.participant.email)

    assert response.status_code == 200
    assert outbox.messages == []


def test_a_bad_email_is_explained(client, communities, outbox):
    response = ask_for_reset(client, "not-an-email")
    assert response.status_code == 200
    assert "Enter an email address like name@example.com." in response.text
    assert 'value="not-an-email"' in response.text
    assert outbox.messages == []


def test_the_link_is_on_the_community_host(client, communities, outbox):
    polk, _ = communities
    ask_for_reset(client, polk.participant.email)

    link = link_in(outbox.last())

    assert link.startswith("http://polk.localhost:5000/password/reset/")
    assert f'href="{link}"' in html_of(outbox.last())


def test_the_link_sets_a_new_password(app, client, communities, outbox, read_db):
    polk, _ = communities
    ask_for_reset(client, polk.participant.email)
    path = reset_path(outbox)

    form = client.get(path, subdomain="polk")
    assert form.status_code == 200
    assert 'name="password"' in form.text and 'name="confirm"' in form.text

    response = choose(client, path)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert can_log_in(app, polk.participant.email, NEW_PASSWORD)
    assert not can_log_in(app, polk.participant.email, PASSWORD)


def test_the_link_works_once(app, client, communities, outbox):
    polk, _ = communities
    ask_for_reset(client, polk.participant.email)
    path = reset_path(outbox)
    choose(client, path)

    again = client.get(path, subdomain="polk")
    assert again.status_code == 400
    assert "already been used" in again.text

    reused = choose(client, path, "someone else's password")
    assert reused.status_code == 400
    assert can_log_in(app, polk.participant.email, NEW_PASSWORD)
    assert not can_log_in(app, polk.participant.email, "someone else's password")


def test_the_link_works_for_30_minutes(app, client, communities, outbox, clock):
    polk, _ = communities
    ask_for_reset(client, polk.participant.email)
    path = reset_path(outbox)

    clock.advance(minutes=29)
    assert client.get(path, subdomain="polk").status_code == 200

    clock.advance(minutes=2)
    expired = client.get(path, subdomain="polk")
    assert expired.status_code == 400
    assert "expired" in expired.text

    assert choose(client, path).status_code == 400
    assert can_log_in(app, polk.participant.email, PASSWORD)


def test_a_link_of_one_community_is_refused_on_another(app, client, communities, outbox,
                                                       read_db):
    polk, story = communities
    ask_for_reset(client, polk.participant.email)
    path = reset_path(outbox)
    before = password_hash_of(read_db, polk.participant)

    assert client.get(path, subdomain="story").status_code == 400
    assert choose(client, path, slug="story").status_code == 400
    assert client.get(path, subdomain="").status_code == 400
    assert choose(client, path, slug="").status_code == 400

    assert password_hash_of(read_db, polk.participant) == before
    assert can_log_in(app, polk.participant.email, PASSWORD)
    # The link still works where it belongs.
    assert client.get(path, subdomain="polk").status_code == 200


def test_a_tampered_link_is_refused(client, communities, outbox):
    polk, _ = communities
    ask_for_reset(client, polk.participant.email)
    path = reset_path(outbox)

    tampered = path[:-3] + ("abc" if not path.endswith("abc") else "xyz")
    response = client.get(tampered, subdomain="polk")

    assert response.status_code == 400
    assert "not valid" in response.text


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("password123", None, "one of the most common"),
    ("short", None, "Use 8 to 128 characters."),
    (NEW_PASSWORD, "walnut trees by the rivet", "The two passwords don&#39;t match."),
])
def test_a_refused_new_password_shows_the_form_again(app, client, communities, outbox, read_db,
                                                     password, confirm, message):
    polk, _ = communities
    ask_for_reset(client, polk.participant.email)
    path = reset_path(outbox)
    before = password_hash_of(read_db, polk.participant)

    response = choose(client, path, password, confirm=confirm)

    assert response.status_code == 200
    assert "Choose a new password" in response.text
    assert message in response.text
    assert 'name="password"' in response.text
    assert password not in response.text
    assert password_hash_of(read_db, polk.participant) == before
    # Nothing was used up: the link still works.
    assert choose(client, path).status_code == 302
    assert can_log_in(app, polk.participant.email, NEW_PASSWORD)


def test_a_reset_ends_every_existing_session(app, client, communities, outbox, auth):
    polk, _ = communities
    laptop = app.test_client()
    auth.login(laptop, polk.participant, slug="polk", remember=True)
    assert laptop.get("/account", subdomain="polk").status_code == 200

    ask_for_reset(client, polk.participant.email)
    choose(client, reset_path(outbox))

    response = laptop.get("/account", subdomain="polk")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_platform_staff_reset_on_the_apex(app, client, communities, make_user, outbox):
    staff = make_user(None, Role.PLATFORM_ADMIN, email="staff@tfz.example.org")

    ask_for_reset(client, staff.email, slug="")
    path = reset_path(outbox, host="localhost:5000")

    assert client.get(path, subdomain="polk").status_code == 400
    assert choose(client, path, slug="").status_code == 302
    assert can_log_in(app, staff.email, NEW_PASSWORD, slug="")
