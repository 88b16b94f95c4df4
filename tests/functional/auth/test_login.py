"""Logging in and out, cookies, and sessions that end when they should."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.fixtures.app import make_app
from tests.fixtures.factories import PASSWORD
from tfz_portal.extensions import db
from tfz_portal.models import Role, User
from tfz_portal.services import accounts
from tfz_portal.services.accounts import LOGIN_FAILED

LOGIN_FAILED_HTML = LOGIN_FAILED.replace("'", "&#39;")


def host_of(slug: str) -> str:
    return f"{slug}.localhost" if slug else "localhost"


def is_logged_in(client: FlaskClient, slug: str, user: User) -> bool:
    response = client.get("/account", subdomain=slug)
    if response.status_code == 302:
        assert urlsplit(response.headers["Location"]).path == "/login"
        return False
    assert response.status_code == 200
    assert user.email in response.text
    return True


def copy_of_cookies(app, client: FlaskClient, slug: str) -> FlaskClient:
    """Another browser holding a copy of this one's cookies for the host."""
    other = app.test_client()
    copied = 0
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name, domain=host_of(slug))
        if cookie is not None:
            other.set_cookie(name, cookie.value, domain=host_of(slug))
            copied += 1
    assert copied, "the client holds no cookie to copy"
    return other


def set_cookies(response) -> dict[str, dict[str, str | None]]:
    """Set-Cookie headers by cookie name: the value and lower-cased attributes."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        first, *attributes = (part.strip() for part in header.split(";"))
        name, _, value = first.partition("=")
        parsed: dict[str, str | None] = {"value": value}
        for attribute in attributes:
            key, has_value, attribute_value = attribute.partition("=")
            parsed[key.lower()] = attribute_value if has_value else None
        cookies[name] = parsed
    return cookies


def login(client, user_or_email, password=PASSWORD, *, slug="polk", **extra):
    email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    return client.post("/login", data={"email": email, "password": password, **extra},
                       subdomain=slug)


# Logging in and out

def test_a_resident_logs_in_and_out(client, communities):
    polk, _ = communities
    response = login(client, polk.participant)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).netloc in ("", "polk.localhost:5000")
    assert is_logged_in(client, "polk", polk.participant)

    response = client.post("/logout", subdomain="polk", follow_redirects=True)
    assert "You are logged out." in response.text
    assert not is_logged_in(client, "polk", polk.participant)


def test_the_email_is_not_case_sensitive(client, communities):
    polk, _ = communities
    assert login(client, polk.participant.email.upper()).status_code == 302
    assert is_logged_in(client, "polk", polk.participant)


def test_a_coordinator_lands_on_the_dashboard(client, communities):
    polk, _ = communities
    response = login(client, polk.coordinator)
    assert urlsplit(response.headers["Location"]).path == "/dashboard/"


def test_unknown_email_and_wrong_password_get_the_same_answer(client, communities):
    polk, _ = communities
    wrong_password = login(client, polk.participant, "not my password at all")
    unknown_email = login(client, "nobody@example.org", "not my password at all")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert LOGIN_FAILED_HTML in wrong_password.text
    # The typed email is shown back; everything else is the same page.
    assert (wrong_password.text.replace(polk.participant.email, "EMAIL")
            == unknown_email.text.replace("nobody@example.org", "EMAIL"))
    assert not is_logged_in(client, "polk", polk.participant)


def test_a_disabled_account_cannot_log_in(app, client, communities, in_app):
    polk, _ = communities
    with in_app(polk.tenant):
        accounts.set_disabled(db.session.get(User, polk.coordinator.id),
                              db.session.get(User, polk.participant.id), True)

    response = login(client, polk.participant)

    assert response.status_code == 200
    assert LOGIN_FAILED_HTML in response.text
    assert not is_logged_in(client, "polk", polk.participant)


def test_an_account_of_another_community_cannot_log_in_here(client, communities):
    polk, story = communities
    response = login(client, story.participant, slug="polk")
    assert response.status_code == 200
    assert LOGIN_FAILED_HTML in response.text
    assert client.get("/account", subdomain="polk").status_code == 302


# Where log-in leads

@pytest.mark.parametrize("target", [
    "//evil.example", "//evil.example/dashboard/", "https://evil.example",
    "https://evil.example/dashboard/", "/\\evil.example", "\\\\evil.example",
    "http:/evil.example", "/\t/evil.example", "javascript:alert(1)",
])
def test_next_never_leads_to_another_host(client, communities, target):
    polk, _ = communities
    for sent_as in ("query", "form"):
        client.post("/logout", subdomain="polk")
        if sent_as == "query":
            response = client.post(f"/login?next={target}", subdomain="polk", data={
                "email": polk.coordinator.email, "password": PASSWORD})
        else:
            response = login(client, polk.coordinator, next=target)

        assert response.status_code == 302
        location = response.headers["Location"]
        assert urlsplit(location).netloc in ("", "polk.localhost:5000"), location
        assert urlsplit(location).path == "/dashboard/"
        assert "evil" not in location


def test_next_leads_to_a_page_of_this_host(client, communities):
    polk, _ = communities
    response = login(client, polk.coordinator, next="/manage/people")
    assert response.headers["Location"] == "/manage/people"


def test_the_login_page_carries_a_safe_next_only(client, communities):
    good = client.get("/login?next=/dashboard/", subdomain="polk")
    assert re.search(r'name="next" type="hidden" value="/dashboard/"', good.text)

    evil = client.get("/login?next=//evil.example", subdomain="polk")
    assert evil.status_code == 200
    assert "evil.example" not in evil.text


# Cookies

def test_remember_me_sets_a_lasting_remember_cookie(client, communities):
    polk, _ = communities
    response = login(client, polk.participant, remember="y")
    cookies = set_cookies(response)
    assert "remember_token" in cookies
    assert "expires" in cookies["remember_token"]

    # With only the remember cookie, a new browser session is logged in.
    later = client.application.test_client()
    later.set_cookie("remember_token", cookies["remember_token"]["value"],
                     domain="polk.localhost")
    assert is_logged_in(later, "polk", polk.participant)


def test_without_remember_me_there_is_no_remember_cookie(client, communities):
    polk, _ = communities
    response = login(client, polk.participant)
    assert "remember_token" not in set_cookies(response)
    assert "session" in set_cookies(response)
    assert "expires" not in set_cookies(response)["session"]


def test_cookies_are_httponly_samesite_lax_and_host_only(client, communities):
    polk, _ = communities
    cookies = set_cookies(login(client, polk.participant, remember="y"))

    for name in ("session", "remember_token"):
        attributes = cookies[name]
        assert "httponly" in attributes, name
        assert attributes.get("samesite") == "Lax", name
        assert "domain" not in attributes, name
        assert attributes.get("path") == "/", name
    # Host-only: the browser keeps them for polk.localhost, not its siblings.
    assert client.get_cookie("session", domain="polk.localhost") is not None
    assert client.get_cookie("session", domain="story.localhost") is None
    assert client.get_cookie("session", domain=".localhost") is None


def test_cookies_are_secure_in_production(app, tmp_path, db_session, communities):
    production = make_app(tmp_path, CONFIG="production",
                          SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["REMEMBER_COOKIE_SECURE"] is True
    polk, _ = communities
    client = production.test_client()

    # Requests go over https (PREFERRED_URL_SCHEME), where CSRF protection
    # also wants a same-origin Referer.
    page = client.get("/login", subdomain="polk")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", subdomain="polk", headers={
        "Referer": "https://polk.localhost:5000/login"}, data={
        "csrf_token": token, "email": polk.participant.email, "password": PASSWORD,
        "remember": "y"})

    assert response.status_code == 302
    cookies = set_cookies(response)
    for name in ("session", "remember_token"):
        assert "secure" in cookies[name], name
        assert "httponly" in cookies[name], name
        assert cookies[name].get("samesite") == "Lax", name
        assert "domain" not in cookies[name], name


# Sessions that must end

def test_a_copied_session_is_anonymous_after_logout(app, client, communities):
    polk, _ = communities
    login(client, polk.participant, remember="y")
    copy = copy_of_cookies(app, client, "polk")

    client.post("/logout", subdomain="polk")

    assert not is_logged_in(copy, "polk", polk.participant)
    assert not is_logged_in(client, "polk", polk.participant)


def test_a_copied_remember_cookie_is_anonymous_after_logout(app, client, communities):
    polk, _ = communities
    login(client, polk.participant, remember="y")
    remember = client.get_cookie("remember_token", domain="polk.localhost").value

    client.post("/logout", subdomain="polk")

    later = app.test_client()
    later.set_cookie("remember_token", remember, domain="polk.localhost")
    assert not is_logged_in(later, "polk", polk.participant)


def test_logging_out_needs_a_post(client, communities):
    polk, _ = communities
    login(client, polk.participant)
    assert client.get("/logout", subdomain="polk").status_code == 405
    assert is_logged_in(client, "polk", polk.participant)


def test_a_password_change_ends_other_sessions_but_not_this_one(app, client, communities):
    polk, _ = communities
    login(client, polk.participant, remember="y")
    other_device = copy_of_cookies(app, client, "polk")

    response = client.post("/account", subdomain="polk", data={
        "current_password": PASSWORD, "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"})

    assert response.status_code == 302
    assert not is_logged_in(other_device, "polk", polk.participant)
    assert is_logged_in(client, "polk", polk.participant)
    client.post("/logout", subdomain="polk")
    assert login(client, polk.participant).status_code == 200
    assert login(client, polk.participant, "a brand new passphrase").status_code == 302


def test_a_password_change_keeps_this_device_remembered(app, client, communities):
    polk, _ = communities
    login(client, polk.participant, remember="y")
    old_remember = client.get_cookie("remember_token", domain="polk.localhost").value

    response = client.post("/account", subdomain="polk", data={
        "current_password": PASSWORD, "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"})

    new_remember = set_cookies(response)["remember_token"]["value"]
    assert new_remember != old_remember
    # The browser is closed and opened again: only the remember cookie is left.
    reopened = app.test_client()
    reopened.set_cookie("remember_token", new_remember, domain="polk.localhost")
    assert is_logged_in(reopened, "polk", polk.participant)
    stale = app.test_client()
    stale.set_cookie("remember_token", old_remember, domain="polk.localhost")
    assert not is_logged_in(stale, "polk", polk.participant)


def test_a_password_change_does_not_remember_a_device_that_was_not(client, communities):
    polk, _ = communities
    login(client, polk.participant)

    response = client.post("/account", subdomain="polk", data={
        "current_password": PASSWORD, "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"})

    assert response.status_code == 302
    assert "remember_token" not in set_cookies(response)


def test_a_password_change_needs_the_current_password(app, client, communities):
    polk, _ = communities
    login(client, polk.participant)
    other_device = copy_of_cookies(app, client, "polk")

    response = client.post("/account", subdomain="polk", data={
        "current_password": "a wrong guess", "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"})

    assert response.status_code == 200
    assert "Your current password is not right." in response.text
    assert is_logged_in(other_device, "polk", polk.participant)
    client.post("/logout", subdomain="polk")
    assert login(client, polk.participant).status_code == 302


def test_disabling_an_account_ends_its_sessions(app, client, communities, read_db):
    polk, _ = communities
    resident = app.test_client()
    login(resident, polk.participant, remember="y")
    stolen_copy = copy_of_cookies(app, resident, "polk")
    assert is_logged_in(resident, "polk", polk.participant)

    login(client, polk.coordinator)
    response = client.post(f"/manage/people/{polk.participant.id}/status",
                           data={"action": "disable"}, subdomain="polk")

    assert response.status_code == 302
    assert read_db(lambda session: session.execute(
        select(User.is_disabled).where(User.id == polk.participant.id)).scalar_one()) is True
    assert not is_logged_in(resident, "polk", polk.participant)
    assert not is_logged_in(stolen_copy, "polk", polk.participant)
    assert login(resident, polk.participant).status_code == 200


def test_a_session_of_one_community_is_anonymous_on_another(app, client, communities):
    polk, story = communities
    login(client, polk.participant)
    session = client.get_cookie("session", domain="polk.localhost").value

    elsewhere = app.test_client()
    elsewhere.set_cookie("session", session, domain="story.localhost")
    response = elsewhere.get("/account", subdomain="story")

    assert response.status_code == 302
    assert polk.participant.email not in response.text


# Platform staff and the apex site

@pytest.fixture
def staff(make_user):
    return make_user(None, Role.PLATFORM_ADMIN, email="staff@tfz.example.org",
                     full_name="Pat Staff")


def test_platform_staff_log_in_on_the_apex(client, communities, staff):
    response = login(client, staff, slug="")
    assert response.status_code == 302
    assert client.get("/staff", subdomain="").status_code == 200
    assert is_logged_in(client, "", staff)


def test_platform_staff_cannot_log_in_on_a_community(client, communities, staff):
    response = login(client, staff, slug="polk")
    assert response.status_code == 200
    assert LOGIN_FAILED_HTML in response.text
    assert client.get("/account", subdomain="polk").status_code == 302


def test_a_community_user_cannot_log_in_on_the_apex(client, communities):
    polk, _ = communities
    response = login(client, polk.coordinator, slug="")
    assert response.status_code == 200
    assert LOGIN_FAILED_HTML in response.text
    assert client.get("/account", subdomain="").status_code == 302
    assert client.get("/staff", subdomain="").status_code == 302
