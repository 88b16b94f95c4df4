"""The policy step of an organization, and the coordinator's approval."""

from __future__ import annotations

import re

import pytest

from tfz_portal.content.templates import POLICY_CLAUSE, POLICY_STATEMENTS
from tfz_portal.extensions import db
from tfz_portal.models import PolicyMethod, PolicyStatus, Tenant
from tfz_portal.services.journey import Step, load_journey
from tfz_portal.tenancy import Scope

from .conftest import form_values, visible_text

pytestmark = pytest.mark.usefixtures("texts")

BUSINESS_STATEMENT = next(s for s in POLICY_STATEMENTS if s.sector == "business")
OWN_TEXT = ("Riverside Inn will not tolerate sex trafficking or sex buying.\n"
            "No employee will buy sex while working or with the inn's rooms, cars or money.\n\n"
            "Our front desk staff are trained to spot the signs & report them: <we mean it>.")


@pytest.fixture
def signed(organization, sign_for):
    sign_for(organization)
    return organization


@pytest.fixture
def approval_required(in_app, communities):
    with in_app(Scope.ALL):
        db.session.get(Tenant, communities[0].tenant.id).policy_requires_approval = True
    communities[0].tenant.policy_requires_approval = True  # the copy tests run services with


def step_state(in_app, member, step=Step.POLICY):
    with in_app(member.tenant):
        from tfz_portal.models import Participation

        journey = load_journey(db.session.get(Participation, member.participation_id))
        return journey.state_of(step).status, journey.current


def test_the_page_offers_three_ways(client, auth, signed):
    auth.login(client, signed.user, slug="polk")
    page = client.get(signed.url("policy"), subdomain="polk")
    assert page.status_code == 200
    text = visible_text(page.text)
    for label in ("Adopt the statement we provide",
                  "Add our clause to your organization's existing statement",
                  "Write your own statement"):
        assert label in text
    assert BUSINESS_STATEMENT.title in text
    assert "No owner, manager, employee or contractor of Riverside Inn" in text
    assert "Sex trafficking and sex buying. Riverside Inn stands against" in text
    assert 'data-reveal-when="method=clause"' in page.text
    assert ">Adopt our policy</button>" in page.text


def test_adopting_the_statement_counts_at_once(client, auth, signed, stored, in_app):
    auth.login(client, signed.user, slug="polk")
    response = client.post(signed.url("policy"), data={"method": "adopt"}, subdomain="polk")
    assert response.headers["Location"].endswith(signed.url("share"))
    [policy] = stored.policies(signed)
    assert policy.method is PolicyMethod.ADOPT
    assert policy.status is PolicyStatus.APPROVED
    assert policy.template_id is not None
    assert policy.text.startswith("Riverside Inn will not allow sex trafficking")
    assert "{" not in policy.text
    assert step_state(in_app, signed) == ("done", Step.SHARE)
    page = client.get(signed.url("policy"), subdomain="polk")
    assert "Your policy is adopted" in page.text
    assert "Next: Share publicly" in page.text


def test_the_clause_is_added_to_the_existing_statement(client, auth, signed, stored):
    auth.login(client, signed.user, slug="polk")
    existing = "Our values.\r\n\r\nWe treat every guest with respect."
    client.post(signed.url("policy"), data={"method": "clause", "existing_text": existing},
                subdomain="polk")
    [policy] = stored.policies(signed)
    assert policy.method is PolicyMethod.CLAUSE
    assert policy.existing_text == "Our values.\n\nWe treat every guest with respect."
    assert policy.text.startswith("Our values.\n\nWe treat every guest with respect.\n\n"
                                  "Sex trafficking and sex buying. Riverside Inn stands against")
    assert POLICY_CLAUSE.body.split(".")[-2].strip() in policy.text


def test_an_own_statement_is_kept_as_plain_text(client, auth, signed, stored):
    auth.login(client, signed.user, slug="polk")
    client.post(signed.url("policy"), data={"method": "own", "own_text": OWN_TEXT},
                subdomain="polk")
    [policy] = stored.policies(signed)
    assert policy.method is PolicyMethod.OWN
    assert policy.text == OWN_TEXT
    page = client.get(signed.url("policy"), subdomain="polk").text
    assert "<we mean it>" not in page
    assert "spot the signs &amp; report them: &lt;we mean it&gt;." in page
    # Line breaks stay: one paragraph per blank line, single breaks kept inside.
    assert "with the inn&#39;s rooms, cars or money.</p><p>Our front desk" in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "method-0", "Choose one of the three ways."),
    ({"method": "sideways"}, "method-0", "Choose one of the three ways."),
    ({"method": "clause", "existing_text": "  \n "}, "existing_text",
     "Paste your organization's existing statement, or choose another way."),
    ({"method": "own", "own_text": "We are against it. <b>Really</b>."}, "own_text",
     "Write at least 200 characters; your statement has 33."),
    ({"method": "own", "own_text": ""}, "own_text", "Write your organization's statement."),
])
def test_bad_input_is_shown_on_the_form_and_nothing_is_stored(
        client, auth, signed, stored, data, field, message):
    auth.login(client, signed.user, slug="polk")
    page = client.post(signed.url("policy"), data=data, subdomain="polk")
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert f'href="#{field}"' in page.text
    assert message.replace("'", "&#39;") in page.text
    values = form_values(page.text)
    if data.get("method") in ("clause", "own"):
        assert values["method"] == data["method"]
    if "own_text" in data:
        assert values["own_text"].strip() == data["own_text"].strip()
        assert "<b>Really</b>" not in page.text
    assert stored.policies(signed) == []


def test_the_policy_step_waits_for_the_signature(client, auth, organization, stored):
    auth.login(client, organization.user, slug="polk")
    response = client.post(organization.url("policy"), data={"method": "adopt"}, subdomain="polk")
    assert response.headers["Location"].endswith(organization.url("sign"))
    assert "Please finish “Sign the proclamation” first." in client.get(
        organization.url("sign"), subdomain="polk").text
    assert stored.policies(organization) == []


def test_a_resident_has_no_policy_step(client, auth, resident, sign_for, stored):
    auth.login(client, resident.user, slug="polk")
    response = client.get(resident.url("policy"), subdomain="polk")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(resident.url("sign"))
    sign_for(resident, name="Polk Resident")
    response = client.post(resident.url("policy"), data={"method": "adopt"}, subdomain="polk")
    assert response.headers["Location"].endswith(resident.url("share"))
    assert stored.policies(resident) == []


def test_a_second_submission_keeps_one_policy(client, auth, signed, stored):
    auth.login(client, signed.user, slug="polk")
    client.post(signed.url("policy"), data={"method": "adopt"}, subdomain="polk")
    second = client.post(signed.url("policy"), data={"method": "own", "own_text": OWN_TEXT},
                         subdomain="polk")
    assert second.status_code == 302
    [policy] = stored.policies(signed)
    assert policy.method is PolicyMethod.ADOPT


def pending_id(stored, member) -> int:
    [policy] = stored.policies(member)
    assert policy.status is PolicyStatus.PENDING
    return policy.id


@pytest.mark.usefixtures("approval_required")
def test_approval_flow(client, auth, communities, signed, stored, in_app):
    polk, _ = communities
    auth.login(client, signed.user, slug="polk")
    form = client.get(signed.url("policy"), subdomain="polk").text
    assert ">Send our policy for approval</button>" in form
    client.post(signed.url("policy"), data={"method": "own", "own_text": OWN_TEXT},
                subdomain="polk")
    policy_id = pending_id(stored, signed)
    assert step_state(in_app, signed) == ("waiting", Step.POLICY)
    waiting = client.get(signed.url("policy"), subdomain="polk").text
    assert "Waiting for the coordinator" in waiting
    assert "&lt;we mean it&gt;" in waiting
    assert "<form method=\"post\" novalidate>" not in waiting
    assert client.get(signed.url("share"), subdomain="polk").headers["Location"].endswith(
        signed.url("policy"))

    # The coordinator sees it and returns it; a reason is required.
    auth.logout(client, slug="polk")
    auth.login(client, polk.coordinator, slug="polk")
    listing = client.get("/manage/policies", subdomain="polk")
    assert listing.status_code == 200
    text = visible_text(listing.text)
    assert "Riverside Inn" in text and "Businesses" in text and "Wrote its own statement" in text
    assert "&lt;we mean it&gt;" in listing.text
    page = client.post(f"/manage/policies/{policy_id}",
                       data={"action": "return", f"policy-{policy_id}-reason": "  "},
                       subdomain="polk")
    assert page.status_code == 200
    assert "Tell the organization why you are returning it." in page.text
    assert f'href="#policy-{policy_id}-reason"' in page.text
    assert pending_id(stored, signed) == policy_id
    reason = "Please name who on your staff\nhandles reports. <Thanks>"
    response = client.post(f"/manage/policies/{policy_id}",
                           data={"action": "return", f"policy-{policy_id}-reason": reason},
                           subdomain="polk")
    assert response.headers["Location"].endswith("/manage/policies")
    [policy] = stored.policies(signed)
    assert policy.status is PolicyStatus.RETURNED
    assert policy.return_reason == reason
    assert step_state(in_app, signed) == ("current", Step.POLICY)

    # The organization sees the reason, with what it sent, and resubmits.
    auth.logout(client, slug="polk")
    auth.login(client, signed.user, slug="polk")
    page = client.get(signed.url("policy"), subdomain="polk")
    assert "The coordinator returned your policy" in page.text
    assert "Please name who on your staff\nhandles reports. &lt;Thanks&gt;" in page.text
    values = form_values(page.text)
    assert values["method"] == "own"
    assert values["own_text"].strip() == OWN_TEXT
    client.post(signed.url("policy"), data={"method": "own",
                                            "own_text": OWN_TEXT + "\nOur manager handles reports."},
                subdomain="polk")
    assert pending_id(stored, signed) == policy_id  # the same row, waiting again

    # Approved: the step is done.
    auth.logout(client, slug="polk")
    auth.login(client, polk.coordinator, slug="polk")
    listing = client.get("/manage/policies", subdomain="polk").text
    assert "You returned an earlier version because:" in listing
    response = client.post(f"/manage/policies/{policy_id}", data={"action": "approve"},
                           subdomain="polk")
    assert response.status_code == 302
    [policy] = stored.policies(signed)
    assert policy.status is PolicyStatus.APPROVED
    assert policy.decided_by_id == polk.coordinator.id
    assert policy.text.endswith("Our manager handles reports.")
    assert step_state(in_app, signed) == ("done", Step.SHARE)
    assert "No policies are waiting for you." in client.get("/manage/policies",
                                                            subdomain="polk").text
    # Deciding again changes nothing.
    again = client.post(f"/manage/policies/{policy_id}", data={"action": "return",
                        f"policy-{policy_id}-reason": "Too late"}, subdomain="polk")
    assert again.status_code == 302
    assert stored.policies(signed)[0].status is PolicyStatus.APPROVED


@pytest.mark.usefixtures("approval_required")
def test_another_communitys_policy_is_not_found(client, auth, communities, signed, stored):
    polk, story = communities
    auth.login(client, signed.user, slug="polk")
    client.post(signed.url("policy"), data={"method": "adopt"}, subdomain="polk")
    policy_id = pending_id(stored, signed)
    auth.login(client, story.coordinator, slug="story")
    assert "Riverside Inn" not in client.get("/manage/policies", subdomain="story").text
    response = client.post(f"/manage/policies/{policy_id}", data={"action": "approve"},
                           subdomain="story")
    assert response.status_code == 404
    assert pending_id(stored, signed) == policy_id


@pytest.mark.usefixtures("approval_required")
def test_only_coordinators_review_policies(client, auth, communities, signed):
    polk, _ = communities
    auth.login(client, polk.lead, slug="polk")
    assert client.get("/manage/policies", subdomain="polk").status_code == 403
    auth.logout(client, slug="polk")
    auth.login(client, signed.user, slug="polk")
    assert client.get("/manage/policies", subdomain="polk").status_code == 403
    assert client.post("/manage/policies/1", data={"action": "approve"},
                       subdomain="polk").status_code == 403


@pytest.mark.usefixtures("approval_required")
def test_the_review_page_queries_do_not_grow(client, auth, communities, make_organization,
                                             sign_for, in_app, count_queries):
    from tfz_portal.models import Participation
    from tfz_portal.services import policy as policies

    polk, _ = communities

    def add_pending(number: int) -> None:
        member = make_organization(polk.tenant, name=f"Shop {number}",
                                   email=f"shop{number}@polk.example.org")
        sign_for(member)
        with in_app(polk.tenant):
            participation = db.session.get(Participation, member.participation_id)
            policies.submit_policy(participation, participation.user, "adopt", "", "")

    add_pending(1)
    auth.login(client, polk.coordinator, slug="polk")
    with count_queries() as one:
        assert "Shop 1" in client.get("/manage/policies", subdomain="polk").text
    for number in range(2, 6):
        add_pending(number)
    with count_queries() as five:
        page = client.get("/manage/policies", subdomain="polk").text
    assert len(re.findall(r"<h2 [^>]*>Shop \d</h2>", page)) == 5
    assert len(five) == len(one)


def test_unknown_decision_is_refused(client, auth, communities):
    polk, _ = communities
    auth.login(client, polk.coordinator, slug="polk")
    assert client.post("/manage/policies/999999", data={"action": "approve"},
                       subdomain="polk").status_code == 404
    assert client.get("/manage/policies", subdomain="polk").status_code == 200
