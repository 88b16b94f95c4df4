"""The public directory and the coordinator's moderation of listings."""

from __future__ import annotations

import pytest

from tfz_portal.extensions import db
from tfz_portal.models import ListingStatus, Participation
from tfz_portal.models.base import utcnow


@pytest.fixture
def set_listing(in_app):
    def run(tenant, participation_id: int, status: ListingStatus) -> None:
        with in_app(tenant):
            participation = db.session.get(Participation, participation_id)
            participation.listing_status = status
            participation.shared_at = participation.shared_at or utcnow()

    return run


@pytest.fixture
def people(communities, make_user, complete_steps, set_listing):
    """In Polk: a listed school, a listed resident, a pending business and an
    unlisted resident. In Story: a listed business."""
    polk, story = communities

    def org(tenant, name, sector, status):
        user = make_user(tenant, kind="organization", sector=sector, organization_name=name,
                         full_name=f"Rep of {name}")
        pid = complete_steps(tenant, user, organization=True, share=False)
        set_listing(tenant, pid, status)
        return pid

    def resident(tenant, name, status):
        user = make_user(tenant, full_name=name)
        pid = complete_steps(tenant, user, share=False)
        set_listing(tenant, pid, status)
        return pid

    return {
        "school": org(polk.tenant, "Lincoln High School", "school", ListingStatus.LISTED),
        "resident": resident(polk.tenant, "Avery Quinn", ListingStatus.LISTED),
        "pending": org(polk.tenant, "Corner Market", "business", ListingStatus.PENDING),
        "private": resident(polk.tenant, "Morgan Private", ListingStatus.NONE),
        "declined": resident(polk.tenant, "Declan Declined", ListingStatus.DECLINED),
        "story": org(story.tenant, "Ames Diner", "business", ListingStatus.LISTED),
    }


def test_directory_lists_only_listed_participants_of_this_community(client, people):
    page = client.get("/directory", subdomain="polk")
    assert page.status_code == 200
    assert "Lincoln High School" in page.text
    assert "School" in page.text
    assert "Avery Quinn" in page.text
    for hidden in ("Corner Market", "Morgan Private", "Declan Declined", "Ames Diner",
                   "Rep of Lincoln"):
        assert hidden not in page.text
    assert "2 listed" in page.text


def test_directory_shows_no_contact_details(client, people, read_db):
    page = client.get("/directory", subdomain="polk")
    assert "@example.org" not in page.text


def test_directory_filters_by_sector(client, people):
    page = client.get("/directory?sector=school", subdomain="polk")
    assert "Lincoln High School" in page.text
    assert "Avery Quinn" not in page.text
    bad = client.get("/directory?sector=nonsense", subdomain="polk")
    assert bad.status_code == 200
    assert "Lincoln High School" in bad.text


def test_directory_answers_in_a_constant_number_of_queries(client, people, communities,
                                                           make_user, complete_steps,
                                                           set_listing, count_queries):
    with count_queries() as few:
        client.get("/directory", subdomain="polk")
    polk = communities[0].tenant
    for n in range(6):
        user = make_user(polk, full_name=f"Extra Person {n}")
        set_listing(polk, complete_steps(polk, user, share=False), ListingStatus.LISTED)
    with count_queries() as many:
        page = client.get("/directory", subdomain="polk")
    assert "Extra Person 5" in page.text
    assert len(many) == len(few)


def test_directory_is_paginated(client, people, communities, make_user, complete_steps,
                                set_listing):
    polk = communities[0].tenant
    for n in range(30):
        user = make_user(polk, full_name=f"Zed Person {n:02d}")
        set_listing(polk, complete_steps(polk, user, share=False), ListingStatus.LISTED)
    first = client.get("/directory", subdomain="polk")
    assert "Page 1 of 2" in first.text
    second = client.get("/directory?page=2", subdomain="polk")
    assert "Zed Person 29" in second.text and "Lincoln High School" not in second.text


# Moderation --------------------------------------------------------------------

def test_coordinator_sees_pending_listings(client, people, communities, auth):
    auth.login(client, communities[0].coordinator, slug="polk")
    page = client.get("/manage/listings", subdomain="polk")
    assert page.status_code == 200
    assert "Corner Market" in page.text
    assert "Lincoln High School" not in page.text
    listed = client.get("/manage/listings?show=listed", subdomain="polk")
    assert "Lincoln High School" in listed.text and "Ames Diner" not in listed.text


def test_coordinator_approves_a_listing(client, people, communities, auth, read_db):
    auth.login(client, communities[0].coordinator, slug="polk")
    response = client.post(f"/manage/listings/{people['pending']}", data={"decision": "approve"},
                           subdomain="polk")
    assert response.status_code == 302
    status = read_db(lambda s: s.get(Participation, people["pending"]).listing_status)
    assert status is ListingStatus.LISTED
    assert "Corner Market" in client.get("/directory", subdomain="polk").text


def test_coordinator_declines_or_takes_down_a_listing(client, people, communities, auth, read_db):
    auth.login(client, communities[0].coordinator, slug="polk")
    client.post(f"/manage/listings/{people['pending']}", data={"decision": "decline"},
                subdomain="polk")
    taken_down = client.post(f"/manage/listings/{people['school']}", data={"decision": "decline"},
                             subdomain="polk", follow_redirects=True)
    assert "Lincoln High School is not shown in the public directory." in taken_down.text
    statuses = read_db(lambda s: [s.get(Participation, people[k]).listing_status
                                  for k in ("pending", "school")])
    assert statuses == [ListingStatus.DECLINED, ListingStatus.DECLINED]
    assert "Lincoln High School" not in client.get("/directory", subdomain="polk").text


def test_a_bad_decision_is_refused(client, people, communities, auth, read_db):
    auth.login(client, communities[0].coordinator, slug="polk")
    response = client.post(f"/manage/listings/{people['pending']}", data={"decision": "maybe"},
                           subdomain="polk")
    assert response.status_code == 400
    status = read_db(lambda s: s.get(Participation, people["pending"]).listing_status)
    assert status is ListingStatus.PENDING


def test_another_communitys_listing_cannot_be_decided(client, people, communities, auth, read_db):
    auth.login(client, communities[0].coordinator, slug="polk")
    response = client.post(f"/manage/listings/{people['story']}", data={"decision": "decline"},
                           subdomain="polk")
    assert response.status_code == 404
    status = read_db(lambda s: s.get(Participation, people["story"]).listing_status)
    assert status is ListingStatus.LISTED


@pytest.mark.parametrize("who", ["participant", "lead"])
def test_only_coordinators_moderate(client, people, communities, auth, who):
    auth.login(client, getattr(communities[0], who), slug="polk")
    assert client.get("/manage/listings", subdomain="polk").status_code == 403
    assert client.post(f"/manage/listings/{people['pending']}", data={"decision": "approve"},
                       subdomain="polk").status_code == 403


def test_moderation_needs_a_login(client, people):
    response = client.get("/manage/listings", subdomain="polk")
    assert response.status_code == 302
    assert "/login" in response.location
