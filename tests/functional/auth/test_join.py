"""Joining a community: as a resident or for an organization, on the
community's own host."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from tests.fixtures.mail import html_of, link_in
from tfz_portal.models import ParticipantKind, Participation, User

JOIN_PAGE = "Join Polk County's TraffickingFree Zone"
EMAIL_TAKEN = "An account with this email already exists here."


class _FormValues(HTMLParser):
    """What the browser would show in each input: value="...", the checked
    radio button and the selected option."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str | None] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and attributes.get("type") == "radio":
            if "checked" in attributes:
                self.values[name] = attributes.get("value")
        elif tag == "input":
            self.values[name] = attributes.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes.get("value")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_values(html: str) -> dict[str, str | None]:
    parser = _FormValues()
    parser.feed(html)
    return parser.values


def resident(**changes) -> dict[str, str]:
    data = {"kind": "individual", "full_name": "Jordan Miller",
            "email": "jordan@example.org", "password": "maple syrup on pancakes"}
    data.update(changes)
    return data


def organization(**changes) -> dict[str, str]:
    data = {"kind": "organization", "organization_name": "Polk Hardware & Feed",
            "sector": "business", "full_name": "Dana Okafor",
            "email": "dana@polkhardware.example", "password": "nails screws and bolts"}
    data.update(changes)
    return data


def stored(read_db, statement) -> list:
    """The rows as stored, detached from the session that read them."""

    def read(session):
        rows = list(session.execute(statement).scalars())
        session.expunge_all()
        return rows

    return read_db(read)


def users_with_email(read_db, email: str) -> list[User]:
    return stored(read_db, select(User).where(User.email == email.lower()))


def participations_of(read_db, user_id: int) -> list[Participation]:
    return stored(read_db, select(Participation).where(Participation.user_id == user_id))


def test_resident_joins_and_is_logged_in(client, communities, read_db):
    polk, _ = communities
    response = client.post("/join", data=resident(), subdomain="polk")

    assert response.status_code == 302
    [user] = users_with_email(read_db, "jordan@example.org")
    assert user.tenant_id == polk.tenant.id
    assert user.full_name == "Jordan Miller"
    assert user.email_verified_at is None
    assert user.password_hash.startswith("$argon2id$")
    assert "maple syrup" not in user.password_hash
    [participation] = participations_of(read_db, user.id)
    assert participation.kind is ParticipantKind.INDIVIDUAL
    assert participation.sector == "individual"
    assert participation.organization_name is None

    account = client.get("/account", subdomain="polk")
    assert account.status_code == 200
    assert "jordan@example.org" in account.text
    assert "Not confirmed yet" in account.text


def test_organization_joins_with_its_name_and_sector(client, communities, read_db):
    polk, _ = communities
    response = client.post("/join", data=organization(), subdomain="polk")

    assert response.status_code == 302
    [user] = users_with_email(read_db, "dana@polkhardware.example")
    assert user.tenant_id == polk.tenant.id
    [participation] = participations_of(read_db, user.id)
    assert participation.kind is ParticipantKind.ORGANIZATION
    assert participation.sector == "business"
    assert participation.organization_name == "Polk Hardware & Feed"
    assert participation.tenant_id == polk.tenant.id

    account = client.get("/account", subdomain="polk")
    assert "Polk Hardware &amp; Feed" in account.text


def test_a_resident_joining_ignores_organization_fields(client, communities, read_db):
    client.post("/join", data=resident(organization_name="Ghost LLC", sector="business"),
                subdomain="polk")

    [user] = users_with_email(read_db, "jordan@example.org")
    [participation] = participations_of(read_db, user.id)
    assert participation.kind is ParticipantKind.INDIVIDUAL
    assert participation.sector == "individual"
    assert participation.organization_name is None


@pytest.mark.parametrize(("data", "message"), [
    pytest.param(resident(full_name=""), "Enter your full name.", id="missing-name"),
    pytest.param(resident(full_name="   "), "Enter your full name.", id="blank-name"),
    pytest.param(resident(email="jordan@"), "Enter an email address like name@example.com.",
                 id="bad-email"),
    pytest.param(resident(email=""), "Enter your email address.", id="missing-email"),
    pytest.param(resident(password="short12"), "Use 8 to 128 characters.", id="short-password"),
    pytest.param(resident(password="x" * 60 + "yz" * 35), "Use 8 to 128 characters.",
                 id="long-password"),
    pytest.param(resident(password="password123"), "one of the most common",
                 id="common-password"),
    pytest.param(resident(password="Sunshine1"), "one of the most common",
                 id="common-password-capitalised"),
    pytest.param(resident(password="jordan@example.org"), "must not be your email address",
                 id="password-is-email"),
    pytest.param(resident(kind=""), "Choose how you are joining.", id="missing-kind"),
    pytest.param(organization(organization_name=""), "Enter your organization&#39;s name.",
                 id="organization-without-name"),
    pytest.param(organization(sector=""), "Choose your organization&#39;s sector.",
                 id="organization-without-sector"),
])
def test_bad_input_is_explained_on_the_same_page_and_nothing_is_stored(
        client, communities, read_db, data, message):
    response = client.post("/join", data=data, subdomain="polk")

    assert response.status_code == 200
    assert JOIN_PAGE in response.text
    assert "There is a problem" in response.text
    assert message in response.text
    values = form_values(response.text)
    assert values["full_name"] == data["full_name"].strip()
    assert values["email"] == data["email"]
    assert values.get("kind") == (data["kind"] or None)
    if data["kind"] == "organization":
        assert values["organization_name"] == data["organization_name"]
        assert values["sector"] == data["sector"]
    # A password is never sent back to the browser.
    assert values["password"] == ""
    if data["password"] and data["password"] != data["email"]:
        assert data["password"] not in response.text
    assert users_with_email(read_db, data["email"] or "jordan@example.org") == []
    assert read_db(lambda session: session.execute(
        select(User).where(User.full_name == data["full_name"].strip())).first()) is None


@pytest.mark.parametrize("email", ["resident@polk.example.org", "Resident@Polk.Example.ORG"])
def test_an_email_already_in_the_community_is_refused(client, communities, read_db, email):
    polk, _ = communities
    response = client.post("/join", data=resident(email=email, full_name="Second Person"),
                           subdomain="polk")

    assert response.status_code == 200
    assert EMAIL_TAKEN in response.text
    assert form_values(response.text)["email"] == email
    assert form_values(response.text)["full_name"] == "Second Person"
    [existing] = users_with_email(read_db, "resident@polk.example.org")
    assert existing.id == polk.participant.id
    assert existing.full_name == "Polk Resident"
    # The existing account is untouched: its owner still logs in as before.
    assert client.post("/login", data={"email": email, "password": "correct horse battery"},
                       subdomain="polk").status_code == 302


def test_the_email_is_kept_in_lower_case(app, client, communities, read_db):
    client.post("/join", data=resident(email="Jordan.Miller@Example.ORG"), subdomain="polk")

    [user] = users_with_email(read_db, "jordan.miller@example.org")
    assert user.email == "jordan.miller@example.org"
    again = app.test_client().post("/join", data=resident(email="jordan.miller@example.org"),
                                   subdomain="polk")
    assert EMAIL_TAKEN in again.text
    assert app.test_client().post("/login", data={
        "email": "JORDAN.MILLER@example.org", "password": "maple syrup on pancakes"},
        subdomain="polk").status_code == 302


def test_the_same_email_may_join_another_community(client, communities, read_db):
    polk, story = communities
    response = client.post("/join", data=resident(email=polk.participant.email),
                           subdomain="story")

    assert response.status_code == 302
    accounts = users_with_email(read_db, polk.participant.email)
    assert sorted(user.tenant_id for user in accounts) == sorted([polk.tenant.id, story.tenant.id])


def test_a_posted_tenant_id_changes_nothing(client, communities, read_db):
    polk, story = communities
    response = client.post("/join", data=resident(tenant_id=str(story.tenant.id)),
                           subdomain="polk")

    assert response.status_code == 302
    [user] = users_with_email(read_db, "jordan@example.org")
    assert user.tenant_id == polk.tenant.id
    [participation] = participations_of(read_db, user.id)
    assert participation.tenant_id == polk.tenant.id
    # Story doesn't know this person.
    assert client.post("/login", data={"email": "jordan@example.org",
                                       "password": "maple syrup on pancakes"},
                       subdomain="story").status_code == 200


def test_joining_sends_a_verification_link_on_the_community_host(
        client, communities, read_db, outbox):
    client.post("/join", data=resident(), subdomain="polk")

    [message] = outbox.messages
    assert message["To"] == "jordan@example.org"
    assert "Polk County" in message["Subject"]
    assert message["From"].addresses[0].display_name == "Polk County"
    link = link_in(message)
    assert link.startswith("http://polk.localhost:5000/account/confirm/")
    assert f'href="{link}"' in html_of(message)


def test_following_the_verification_link_confirms_the_email(client, communities, read_db, outbox):
    client.post("/join", data=resident(), subdomain="polk")
    link = link_in(outbox.last())
    path = link.removeprefix("http://polk.localhost:5000")

    response = client.get(path, subdomain="polk", follow_redirects=True)

    assert response.status_code == 200
    assert "your email address is confirmed" in response.text
    [user] = users_with_email(read_db, "jordan@example.org")
    assert user.email_verified_at is not None
    assert "Not confirmed yet" not in client.get("/account", subdomain="polk").text


def test_a_verification_link_does_not_work_on_another_community(
        client, communities, read_db, outbox):
    client.post("/join", data=resident(), subdomain="polk")
    path = link_in(outbox.last()).removeprefix("http://polk.localhost:5000")

    response = client.get(path, subdomain="story")

    assert response.status_code == 400
    [user] = users_with_email(read_db, "jordan@example.org")
    assert user.email_verified_at is None


def test_a_tampered_verification_link_is_refused(client, communities, read_db, outbox):
    client.post("/join", data=resident(), subdomain="polk")
    path = link_in(outbox.last()).removeprefix("http://polk.localhost:5000")

    response = client.get(path[:-2] + ("AA" if not path.endswith("AA") else "BB"),
                          subdomain="polk")

    assert response.status_code == 400
    assert "not valid" in response.text
    [user] = users_with_email(read_db, "jordan@example.org")
    assert user.email_verified_at is None
