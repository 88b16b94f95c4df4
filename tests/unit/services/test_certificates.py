"""Issuing certificates: numbers, codes, expiry, races; renewal rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tfz_portal.dates import add_months, as_utc
from tfz_portal.extensions import db
from tfz_portal.models import (
    Certificate,
    ParticipantKind,
    Participation,
    Policy,
    PolicyMethod,
    PolicyStatus,
    Signature,
    TemplateKind,
    Tenant,
    User,
)
from tfz_portal.models.base import utcnow
from tfz_portal.services import certificates
from tfz_portal.services.journey import load_journey

# Pure helpers ------------------------------------------------------------------

@pytest.mark.parametrize(("start", "months", "expected"), [
    (datetime(2026, 1, 31, 12, tzinfo=UTC), 1, datetime(2026, 2, 28, 12, tzinfo=UTC)),
    (datetime(2027, 1, 31, 12, tzinfo=UTC), 13, datetime(2028, 2, 29, 12, tzinfo=UTC)),
    (datetime(2026, 12, 15, tzinfo=UTC), 1, datetime(2027, 1, 15, tzinfo=UTC)),
    (datetime(2026, 3, 31, tzinfo=UTC), 6, datetime(2026, 9, 30, tzinfo=UTC)),
    (datetime(2026, 5, 4, tzinfo=UTC), 24, datetime(2028, 5, 4, tzinfo=UTC)),
    (datetime(2026, 5, 4, tzinfo=UTC), 120, datetime(2036, 5, 4, tzinfo=UTC)),
])
def test_add_months_uses_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_codes_are_ten_unambiguous_characters_and_unique():
    codes = {certificates.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set(certificates.CODE_ALPHABET)
    assert not set("01ILO") & set(certificates.CODE_ALPHABET)


@pytest.mark.parametrize("typed", ["abcde-fghjk", " ABCDE FGHJK ", "abcde—fghjk", "ABCDEFGHJK"])
def test_typed_codes_are_normalized(typed):
    assert certificates.normalize_code(typed) == "ABCDEFGHJK"


def test_display_code_groups_in_fives():
    assert certificates.display_code("ABCDEFGHJK") == "ABCDE-FGHJK"


def test_status_of():
    now = utcnow()
    cert = Certificate(expires_at=None, revoked_at=None)
    assert certificates.status_of(cert) is certificates.CertificateStatus.VALID
    cert.expires_at = now - timedelta(seconds=1)
    assert certificates.status_of(cert) is certificates.CertificateStatus.EXPIRED
    cert.expires_at = (now + timedelta(days=1)).replace(tzinfo=None)  # as SQLite gives it back
    assert certificates.status_of(cert) is certificates.CertificateStatus.VALID
    cert.revoked_at = now
    assert certificates.status_of(cert) is certificates.CertificateStatus.REVOKED


def test_tracked_text_keeps_words_apart():
    assert certificates.tracked("ab cd", 1) == "A\u2009B\u00a0\u00a0C\u2009D"


# With the database ---------------------------------------------------------------

@pytest.fixture
def ready(in_app, make_user):
    """``ready(tenant, **user)``: a participation with every step before the
    certificate done; returns its id."""

    def make(tenant: Tenant, **user_fields) -> int:
        user = make_user(tenant, **user_fields)
        with in_app(tenant):
            participation = db.session.get(User, user.id).participations[0]
            db.session.add(Signature(
                participation_id=participation.id, cycle=0, kind=TemplateKind.PLEDGE,
                template_version=1, title="Pledge", text="I pledge.",
                signer_name=user.full_name))
            if participation.kind is ParticipantKind.ORGANIZATION:
                db.session.add(Policy(
                    participation_id=participation.id, cycle=0, method=PolicyMethod.ADOPT,
                    text="Our policy.", status=PolicyStatus.APPROVED))
            participation.shared_at = utcnow()
            return participation.id

    return make


@pytest.fixture
def issue_for(in_app):
    def issue(tenant: Tenant, participation_id: int) -> Certificate:
        with in_app(tenant):
            participation = db.session.get(Participation, participation_id)
            cert = certificates.issue_certificate(participation, load_journey(participation))
            db.session.flush()
            db.session.expunge(cert)
            return cert

    return issue


def test_numbers_run_in_sequence_per_community_and_year(communities, ready, issue_for):
    polk, story = communities
    year = datetime.now(UTC).year
    numbers = [issue_for(polk.tenant, ready(polk.tenant)).number for _ in range(3)]
    assert numbers == [f"POLK-{year}-0001", f"POLK-{year}-0002", f"POLK-{year}-0003"]
    assert issue_for(story.tenant, ready(story.tenant)).number == f"STORY-{year}-0001"


def test_the_sequence_restarts_each_year_and_grows_past_9999(communities, in_app):
    polk, _ = communities
    with in_app(polk.tenant):
        participation_id = db.session.execute(select(Participation.id)).scalars().first()
        for cycle, number in enumerate(["POLK-2025-0041", "POLK-2026-9999"]):
            db.session.add(Certificate(participation_id=participation_id, cycle=cycle,
                                       number=number, code=certificates.new_code(),
                                       holder_name="x", kind_label="y"))
        db.session.flush()
        tenant = db.session.get(Tenant, polk.tenant.id)
        assert certificates._next_number(tenant, 2025) == "POLK-2025-0042"
        assert certificates._next_number(tenant, 2026) == "POLK-2026-10000"
        assert certificates._next_number(tenant, 2027) == "POLK-2027-0001"


def test_expiry_follows_the_communitys_validity(make_tenant, ready, issue_for):
    town = make_tenant("adair", certificate_validity_months=24)
    cert = issue_for(town, ready(town))
    assert as_utc(cert.expires_at) == add_months(
        as_utc(cert.issued_at), 24)


def test_no_expiry_when_the_community_sets_none(communities, ready, issue_for):
    polk, _ = communities
    assert issue_for(polk.tenant, ready(polk.tenant)).expires_at is None


def test_holder_kind_and_coordinator(communities, ready, issue_for, make_user):
    polk, _ = communities
    cert = issue_for(polk.tenant, ready(polk.tenant, kind="organization", sector="medical",
                                        organization_name="Mercy Clinic"))
    assert cert.holder_name == "Mercy Clinic"
    assert cert.kind_label == "TraffickingFree Zone — Medical facility"
    assert cert.coordinator_name == "Polk Coordinator"  # the first coordinator by id
    make_user(polk.tenant, "coordinator", full_name="Later Coordinator")
    assert issue_for(polk.tenant, ready(polk.tenant)).coordinator_name == "Polk Coordinator"


def test_no_coordinator_no_name(make_tenant, ready, issue_for):
    town = make_tenant("boone")
    cert = issue_for(town, ready(town, full_name="Lee Park"))
    assert cert.coordinator_name is None
    assert cert.kind_label == "TraffickingFree Zone — Individual pledge"


def test_issuing_twice_returns_the_same_certificate(communities, ready, issue_for, read_db):
    polk, _ = communities
    participation_id = ready(polk.tenant)
    first = issue_for(polk.tenant, participation_id)
    second = issue_for(polk.tenant, participation_id)
    assert first.id == second.id
    assert read_db(lambda s: s.query(Certificate).count()) == 1


def test_a_lost_race_for_the_participation_returns_the_winner(communities, ready, in_app):
    """Another request issued between our journey load and our insert."""
    polk, _ = communities
    participation_id = ready(polk.tenant)
    with in_app(polk.tenant):
        participation = db.session.get(Participation, participation_id)
        stale = load_journey(participation)
        winner = certificates.issue_certificate(participation, load_journey(participation))
        again = certificates.issue_certificate(participation, stale)
        assert again.id == winner.id


def test_a_taken_number_or_code_is_retried(communities, ready, issue_for, monkeypatch):
    polk, _ = communities
    taken = issue_for(polk.tenant, ready(polk.tenant))
    numbers = iter([taken.number, taken.number.replace("0001", "0002")])
    codes = iter([taken.code, "QQQQQWWWWW"])
    monkeypatch.setattr(certificates, "_next_number", lambda tenant, year: next(numbers))
    monkeypatch.setattr(certificates, "new_code", lambda: next(codes))
    cert = issue_for(polk.tenant, ready(polk.tenant))
    assert cert.number.endswith("-0002")
    assert cert.code == "QQQQQWWWWW"


def test_not_ready_is_refused(communities, in_app):
    polk, _ = communities
    with in_app(polk.tenant):
        participation = db.session.execute(select(Participation)).scalars().first()
        with pytest.raises(certificates.CertificateNotReady):
            certificates.issue_certificate(participation, load_journey(participation))
        assert db.session.execute(select(Certificate)).first() is None


def test_find_by_code_is_scoped_to_the_community(communities, ready, issue_for, in_app):
    polk, story = communities
    cert = issue_for(polk.tenant, ready(polk.tenant))
    with in_app(polk.tenant):
        assert certificates.find_by_code(cert.code.lower()).id == cert.id
    with in_app(story.tenant):
        assert certificates.find_by_code(cert.code) is None


def test_renewal_only_after_expiry(make_tenant, ready, issue_for, in_app):
    town = make_tenant("clay", certificate_validity_months=12)
    participation_id = ready(town)
    cert = issue_for(town, participation_id)
    with in_app(town):
        participation = db.session.get(Participation, participation_id)
        with pytest.raises(certificates.RenewalNotDue, match="still valid until"):
            certificates.start_renewal(participation)
        db.session.get(Certificate, cert.id).expires_at = utcnow() - timedelta(days=1)
        certificates.start_renewal(participation)
        assert participation.cycle == 1
        certificates.start_renewal(participation)  # a second click changes nothing
        assert participation.cycle == 1
