"""Adopting a policy, and the coordinator's approval."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tfz_portal.extensions import db
from tfz_portal.models import Participation, Policy, PolicyMethod, PolicyStatus, Tenant
from tfz_portal.services import policy as policies
from tfz_portal.services import signing
from tfz_portal.services.errors import ServiceError
from tfz_portal.services.journey import StepLocked
from tfz_portal.tenancy import Scope

OWN = "Our organization will never tolerate sex buying. " * 5


@pytest.fixture
def inn(in_app, communities, make_user):
    """A Polk business that has signed its proclamation."""
    polk, _ = communities
    with in_app(Scope.PLATFORM):
        signing.seed_document_templates()
    user = make_user(polk.tenant, kind="organization", sector="business",
                     organization_name="Riverside Inn", email="inn@polk.example.org")
    with in_app(polk.tenant):
        participation = db.session.execute(
            select(Participation).where(Participation.user_id == user.id)).scalar_one()
        template = signing.text_to_sign(participation)
        signing.sign(participation, participation.user, "Dana", "Owner", template.id,
                     template.version)
    return user


def load(user) -> Participation:
    return db.session.execute(
        select(Participation).where(Participation.user_id == user.id)).scalar_one()


def require_approval(tenant: Tenant) -> None:
    """Stored, and on the copy that the block's scope holds."""
    db.session.get(Tenant, tenant.id).policy_requires_approval = True
    tenant.policy_requires_approval = True


def test_the_three_ways(in_app, communities, inn):
    polk, _ = communities
    with in_app(polk.tenant):
        participation = load(inn)
        provided = policies.provided_texts(participation)
        adopted = policies.submit_policy(participation, inn, "adopt", "", "")
        assert adopted.status is PolicyStatus.APPROVED and adopted.decided_at is not None
        assert adopted.template_id == provided.statement.id
        assert adopted.text.startswith("Riverside Inn will not allow")
        db.session.delete(adopted)
        db.session.flush()
        kept = policies.submit_policy(participation, inn, PolicyMethod.CLAUSE,
                                      "Be kind.\r\n", "")
        assert kept.text.startswith("Be kind.\n\nSex trafficking and sex buying. Riverside Inn")
        assert kept.existing_text == "Be kind."
        db.session.delete(kept)
        db.session.flush()
        own = policies.submit_policy(participation, inn, "own", "ignored", OWN)
        assert (own.text, own.template_id, own.existing_text) == (OWN.strip(), None, None)


@pytest.mark.parametrize(("method", "existing", "own", "field"), [
    ("", "", "", "method"),
    ("copy", "", "", "method"),
    ("clause", " \n ", "", "existing_text"),
    ("own", "", "x" * 199, "own_text"),
    ("own", "", "x" * 20_001, "own_text"),
    ("clause", "x" * 20_001, "", "existing_text"),
])
def test_bad_policies_are_refused(in_app, communities, inn, method, existing, own, field):
    polk, _ = communities
    with in_app(polk.tenant):
        with pytest.raises(ServiceError) as error:
            policies.submit_policy(load(inn), inn, method, existing, own)
        assert error.value.field == field
        assert db.session.execute(select(func.count(Policy.id))).scalar() == 0


def test_only_organizations_that_signed_adopt_a_policy(in_app, communities, make_user):
    polk, _ = communities
    with in_app(Scope.PLATFORM):
        signing.seed_document_templates()
    shop = make_user(polk.tenant, kind="organization", sector="business",
                     organization_name="Corner Market", email="shop@polk.example.org")
    with in_app(polk.tenant):
        with pytest.raises(StepLocked):
            policies.submit_policy(load(shop), shop, "adopt", "", "")
        with pytest.raises(ServiceError, match="Only organizations"):
            policies.submit_policy(load(polk.participant), polk.participant, "adopt", "", "")


def test_returned_and_resubmitted_in_the_same_row(in_app, communities, inn):
    polk, _ = communities
    with in_app(polk.tenant):
        require_approval(polk.tenant)
        participation = load(inn)
        sent = policies.submit_policy(participation, inn, "own", "", OWN)
        assert sent.status is PolicyStatus.PENDING and sent.decided_at is None
        with pytest.raises(policies.PolicyAlreadySubmitted):
            policies.submit_policy(participation, inn, "adopt", "", "")
        with pytest.raises(ServiceError) as error:
            policies.return_policy(sent, polk.coordinator, "   ")
        assert error.value.field == "reason"
        with pytest.raises(ServiceError, match="Only the community's coordinator"):
            policies.approve_policy(sent, polk.lead)
        policies.return_policy(sent, polk.coordinator, "Say who handles reports.")
        assert sent.status is PolicyStatus.RETURNED
        again = policies.submit_policy(participation, inn, "adopt", "", "")
        assert again.id == sent.id
        assert (again.status, again.method) == (PolicyStatus.PENDING, PolicyMethod.ADOPT)
        policies.approve_policy(again, polk.coordinator)
        assert again.status is PolicyStatus.APPROVED
        assert again.decided_by_id == polk.coordinator.id
        with pytest.raises(policies.PolicyAlreadyDecided):
            policies.return_policy(again, polk.coordinator, "Too late.")
        assert db.session.execute(select(func.count(Policy.id))).scalar() == 1


def test_pending_policies_are_this_communitys_only(in_app, communities, inn, make_user):
    polk, story = communities
    with in_app(polk.tenant):
        require_approval(polk.tenant)
        policies.submit_policy(load(inn), inn, "adopt", "", "")
        [item] = policies.pending_policies()
        assert item.participation.organization_name == "Riverside Inn"
        assert item.representative.id == inn.id
    with in_app(story.tenant):
        assert policies.pending_policies() == []


def test_a_race_between_two_submissions_stores_one_policy(in_app, communities, inn, monkeypatch):
    """Two requests both saw no policy; the database keeps only the first."""
    from tfz_portal.services import journey

    polk, _ = communities
    with in_app(polk.tenant):
        participation = load(inn)
        before = journey.load_journey(participation)  # what the second request saw
        first = policies.submit_policy(participation, inn, "adopt", "", "")
        monkeypatch.setattr(policies, "load_journey", lambda p: before)
        with pytest.raises(policies.PolicyAlreadySubmitted) as error:
            policies.submit_policy(participation, inn, "own", "", OWN)
        assert error.value.policy.id == first.id
        assert db.session.execute(select(func.count(Policy.id))).scalar() == 1
