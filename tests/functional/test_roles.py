"""Who may open the dashboards, the coordinator tools and the staff pages."""

from __future__ import annotations

import html
import itertools
import re
from urllib.parse import quote

import pytest

from tfz_portal.errors import MESSAGES
from tfz_portal.models import Role, User
from tfz_portal.models.sector import SECTORS
from tfz_portal.services.accounts import LOGIN_FAILED

from ..fixtures.factories import PASSWORD

FORBIDDEN = MESSAGES[403][0]
NOT_FOUND = MESSAGES[404][0]


def visible_text(markup: str) -> str:
    """What a reader sees: no tags, entities decoded, spaces collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def table_row(response, heading: str) -> list[str]:
    """The words of the table row that starts with ``heading``."""
    for row in re.findall(r"<tr\b.*?</tr>", response.text, flags=re.S):
        text = visible_text(row)
        if text.startswith(heading):
            return text[len(heading):].split()
    raise AssertionError(f"no row for {heading}")


@pytest.fixture
def polk(communities):
    return communities[0]


@pytest.fixture
def staff(make_user):
    return make_user(None, Role.PLATFORM_ADMIN, email="staff@tfz.example.org",
                     full_name="Stella Staff")


def logged_in(app, auth, user, slug="polk"):
    client = app.test_client()
    assert auth.login(client, user, slug=slug).status_code == 302
    return client


def assert_sends_to_login(response, path):
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next={quote(path, safe='')}"


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/sectors/school",
                                  "/manage/people", "/account"])
def test_anonymous_visitors_are_sent_to_log_in(client, communities, path):
    response = client.get(path, subdomain="polk")
    assert_sends_to_login(response, path)
    login = client.get(response.headers["Location"], subdomain="polk")
    assert login.status_code == 200
    assert f'value="{path}"' in login.text  # where the login form will go next


def test_anonymous_post_to_coordinator_tools_is_sent_to_log_in(client, polk, read_db):
    path = f"/manage/people/{polk.participant.id}/status"
    assert_sends_to_login(client.post(path, subdomain="polk", data={"action": "disable"}), path)
    assert read_db(lambda s: s.get(User, polk.participant.id).is_disabled) is False


def test_logging_in_returns_to_the_page_asked_for(client, polk):
    response = client.post("/login?next=%2Fdashboard%2Fsectors%2Fschool", subdomain="polk",
                           data={"email": polk.coordinator.email,
                                 "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard/sectors/school"


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/sectors/individual",
                                  "/manage/people"])
def test_participants_get_a_branded_403(app, auth, polk, path):
    client = logged_in(app, auth, polk.participant)
    response = client.get(path, subdomain="polk")
    assert response.status_code == 403
    text = visible_text(response.text)
    assert FORBIDDEN in text
    assert "Polk County" in text
    assert "Story County" not in text


def test_participant_cannot_disable_anyone(app, auth, polk, read_db):
    client = logged_in(app, auth, polk.participant)
    response = client.post(f"/manage/people/{polk.lead.id}/status", subdomain="polk",
                           data={"action": "disable"})
    assert response.status_code == 403
    assert read_db(lambda s: s.get(User, polk.lead.id).is_disabled) is False


def test_branded_404(app, auth, polk):
    client = logged_in(app, auth, polk.coordinator)
    for path in ("/dashboard/sectors/no-such-sector", "/no-such-page"):
        response = client.get(path, subdomain="polk")
        assert response.status_code == 404
        text = visible_text(response.text)
        assert NOT_FOUND in text
        assert "Polk County" in text
        assert "Log out" in text  # still logged in, in the coordinator's own community


def test_sector_lead_sees_only_their_sectors(app, auth, polk, make_user):
    lead = make_user(polk.tenant, Role.SECTOR_LEAD, full_name="Faye Faith",
                     sectors=["school", "faith"])
    make_user(polk.tenant, kind="organization", sector="school",
              organization_name="Lincoln High School")
    make_user(polk.tenant, kind="organization", sector="medical",
              organization_name="Mercy Urgent Care")
    client = logged_in(app, auth, lead)
    page = client.get("/dashboard/", subdomain="polk")
    assert page.status_code == 200
    for sector in SECTORS:
        link = f'href="/dashboard/sectors/{sector.key}"'
        assert (link in page.text) == (sector.key in ("school", "faith")), sector.key
    assert table_row(page, "Schools")[0] == "1"
    assert table_row(page, "Faith-based organizations")[0] == "0"

    for sector in SECTORS:
        response = client.get(f"/dashboard/sectors/{sector.key}", subdomain="polk")
        expected = 200 if sector.key in ("school", "faith") else 403
        assert response.status_code == expected, sector.key
    school = client.get("/dashboard/sectors/school", subdomain="polk")
    assert "Lincoln High School" in school.text
    assert "Mercy Urgent Care" not in school.text


def test_coordinator_sees_every_sector(app, auth, polk, make_user):
    make_user(polk.tenant, kind="organization", sector="medical",
              organization_name="Mercy Urgent Care")
    client = logged_in(app, auth, polk.coordinator)
    page = client.get("/dashboard/", subdomain="polk")
    assert page.status_code == 200
    assert table_row(page, "Medical facilities")[0] == "1"
    assert table_row(page, "Individual residents")[0] == "1"
    assert table_row(page, "Schools") == ["0", "0", "—", "Polk", "Lead"]  # with its lead
    for sector in SECTORS:
        assert f'href="/dashboard/sectors/{sector.key}"' in page.text
        assert client.get(f"/dashboard/sectors/{sector.key}", subdomain="polk").status_code == 200
    medical = client.get("/dashboard/sectors/medical", subdomain="polk")
    assert "Mercy Urgent Care" in medical.text


def test_manage_people_is_for_coordinators_only(app, auth, polk):
    for user, status in ((polk.participant, 403), (polk.lead, 403), (polk.coordinator, 200)):
        response = logged_in(app, auth, user).get("/manage/people", subdomain="polk")
        assert response.status_code == status, user.role
    page = logged_in(app, auth, polk.coordinator).get("/manage/people", subdomain="polk")
    for person in (polk.coordinator, polk.lead, polk.participant):
        assert person.email in page.text


def test_staff_page_is_for_platform_staff_only(app, client, auth, communities, staff):
    polk, story = communities
    assert_sends_to_login(client.get("/staff"), "/staff")

    page = logged_in(app, auth, staff, slug=None).get("/staff")
    assert page.status_code == 200
    assert "Polk County" in page.text and "Story County" in page.text

    for user in (polk.coordinator, polk.lead, polk.participant):
        # Community accounts can't log in on the national site at all...
        apex = app.test_client()
        response = apex.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 200
        assert LOGIN_FAILED in html.unescape(response.text)
        # ...nor reach the staff page with their own community's session.
        community = logged_in(app, auth, user)
        cookie = community.get_cookie("session", domain="polk.localhost")
        apex.set_cookie("session", cookie.value, domain="localhost")
        assert_sends_to_login(apex.get("/staff"), "/staff")


def test_staff_page_counts_each_communitys_accounts(app, auth, communities, staff, make_user):
    polk, story = communities
    make_user(story.tenant)
    page = logged_in(app, auth, staff, slug=None).get("/staff")
    assert "3" in table_row(page, "Polk County")
    assert "4" in table_row(page, "Story County")


SPREAD = ["school", "business", "medical", "faith", "individual"]


def add_participants(make_user, tenant, count: int, start: int) -> None:
    """``count`` participants spread over several sectors, schools first."""
    for number, sector in zip(range(start, start + count), itertools.cycle(SPREAD)):
        if sector == "individual":
            make_user(tenant, full_name=f"Resident {number}")
        else:
            make_user(tenant, kind="organization", sector=sector,
                      organization_name=f"Organization {number}", full_name=f"Member {number}")


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/sectors/school", "/manage/people"])
def test_coordinator_pages_take_the_same_number_of_queries_whatever_the_size(
        app, auth, polk, make_user, count_queries, path):
    client = logged_in(app, auth, polk.coordinator)
    add_participants(make_user, polk.tenant, 2, start=100)  # 3 with the fixture's resident
    with count_queries() as small:
        first = client.get(path, subdomain="polk")
    assert first.status_code == 200

    add_participants(make_user, polk.tenant, 27, start=200)  # 30
    with count_queries() as large:
        second = client.get(path, subdomain="polk")
    assert second.status_code == 200
    assert second.text != first.text  # the page did show the new people
    assert len(large) == len(small), "\n".join(large)


def test_manage_page_counts_what_waits_for_the_coordinator(app, auth, polk, in_app):
    from tfz_portal.extensions import db
    from tfz_portal.models import ListingStatus, Participation

    with in_app(polk.tenant):
        participation = db.session.execute(
            db.select(Participation).where(Participation.user_id == polk.participant.id)
        ).scalar_one()
        participation.listing_status = ListingStatus.PENDING
    client = logged_in(app, auth, polk.coordinator)
    page = client.get("/manage/", subdomain="polk")
    assert page.status_code == 200
    assert "Directory listings to approve" in page.text
    assert '<p class="stat mb-1">1</p>' in page.text
    lead = logged_in(app, auth, polk.lead)
    assert lead.get("/manage/", subdomain="polk").status_code == 403
