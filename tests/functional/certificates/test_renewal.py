"""Renewal: an expired certificate's holder retakes the renewal modules and
gets a new certificate; the old one verifies as expired."""

from __future__ import annotations

import pytest

from tfz_portal.extensions import db
from tfz_portal.models import Certificate, Participation, TrainingModule
from tfz_portal.models.base import utcnow
from tfz_portal.tenancy import Scope


@pytest.fixture
def town(make_tenant, make_user):
    tenant = make_tenant("dallas", name="Dallas County", certificate_validity_months=12)
    coordinator = make_user(tenant, "coordinator", full_name="Casey Coordinator")
    person = make_user(tenant, full_name="Jamie Renew")
    return tenant, coordinator, person


@pytest.fixture
def expired(town, issue, expire, client, auth):
    tenant, _, person = town
    issued = issue(tenant, person)
    expire(tenant, issued.id)
    auth.login(client, person, slug="dallas")
    return issued


def cycle_of(read_db, participation_id):
    return read_db(lambda s: s.get(Participation, participation_id).cycle)


def certificates_of(read_db, participation_id):
    return read_db(lambda s: [(c.cycle, c.number, c.code) for c in s.query(Certificate)
                              .filter_by(participation_id=participation_id)
                              .order_by(Certificate.cycle)])


def test_renewal_flow_issues_a_new_certificate(client, expired, read_db):
    pid = expired.participation_id
    page = client.get(f"/journey/{pid}/renew", subdomain="dallas")
    assert page.status_code == 200
    assert "Renew your certificate" in page.text and expired.number in page.text

    started = client.post(f"/journey/{pid}/renew", subdomain="dallas")
    assert started.status_code == 302
    assert cycle_of(read_db, pid) == 1
    # No module is marked for renewal here: straight to the new certificate.
    assert started.location.endswith(f"/journey/{pid}/certificate")
    client.post(f"/journey/{pid}/certificate", subdomain="dallas")

    [(_, old_number, old_code), (cycle, new_number, new_code)] = certificates_of(read_db, pid)
    assert cycle == 1
    assert new_number != old_number and new_number.endswith("-0002")
    assert new_code != old_code
    assert "This certificate has expired" in client.get(f"/verify/{old_code}", subdomain="dallas").text
    assert "This certificate is valid" in client.get(f"/verify/{new_code}", subdomain="dallas").text
    pdf_page = client.get(f"/journey/{pid}/certificate.pdf", subdomain="dallas")
    assert pdf_page.status_code == 200 and pdf_page.mimetype == "application/pdf"


def test_renewal_asks_for_the_modules_marked_for_renewal(client, expired, read_db, in_app,
                                                          complete_steps, town):
    tenant, _, person = town
    with in_app(Scope.PLATFORM):
        db.session.add(TrainingModule(slug="refresher", title="Refresher", summary="Again.",
                                      for_renewal=True, required=True, position=1))
    pid = expired.participation_id
    client.post(f"/journey/{pid}/renew", subdomain="dallas")
    locked = client.get(f"/journey/{pid}/certificate", subdomain="dallas")
    assert locked.status_code == 302
    assert "/training" in locked.location
    assert len(certificates_of(read_db, pid)) == 1

    complete_steps(tenant, person)  # the refresher module of cycle 1
    client.post(f"/journey/{pid}/certificate", subdomain="dallas")
    assert [c[0] for c in certificates_of(read_db, pid)] == [0, 1]


def test_renewing_twice_starts_one_renewal(client, expired, read_db):
    pid = expired.participation_id
    client.post(f"/journey/{pid}/renew", subdomain="dallas")
    client.post(f"/journey/{pid}/renew", subdomain="dallas")
    assert cycle_of(read_db, pid) == 1


def test_a_valid_certificate_is_not_renewed_yet(client, town, issue, auth, read_db):
    tenant, _, person = town
    issued = issue(tenant, person)
    auth.login(client, person, slug="dallas")
    response = client.post(f"/journey/{issued.participation_id}/renew", subdomain="dallas",
                           follow_redirects=True)
    assert "Your certificate is still valid until" in response.text
    assert cycle_of(read_db, issued.participation_id) == 0
    page = client.get(f"/journey/{issued.participation_id}/renew", subdomain="dallas",
                      follow_redirects=True)
    assert "You can renew it once it has expired." in page.text


def test_a_revoked_certificate_is_not_renewed(client, expired, in_app, town, read_db):
    with in_app(town[0]):
        db.session.get(Certificate, expired.id).revoked_at = utcnow()
    response = client.post(f"/journey/{expired.participation_id}/renew", subdomain="dallas",
                           follow_redirects=True)
    assert "was revoked" in response.text
    assert cycle_of(read_db, expired.participation_id) == 0


def test_someone_else_cannot_renew(client, expired, town, make_user, auth, read_db):
    stranger = make_user(town[0], full_name="Not The Holder")
    auth.logout(client, slug="dallas")
    auth.login(client, stranger, slug="dallas")
    assert client.post(f"/journey/{expired.participation_id}/renew",
                       subdomain="dallas").status_code == 404
    assert cycle_of(read_db, expired.participation_id) == 0


def test_my_journey_links_to_renewal(client, expired):
    page = client.get("/journey/", subdomain="dallas")
    assert page.status_code == 200
    assert f"/journey/{expired.participation_id}/renew" in page.text
