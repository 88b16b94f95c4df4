"""The coordinator's list of certificates, and revoking one."""

from __future__ import annotations

import pytest

from tfz_portal.models import AuditEvent, Certificate


@pytest.fixture
def issued(communities, issue):
    polk, story = communities
    return issue(polk.tenant, polk.participant), issue(story.tenant, story.participant)


def revoked_state(read_db, certificate_id):
    return read_db(lambda s: (lambda c: (c.revoked_at, c.revoke_reason))(
        s.get(Certificate, certificate_id)))


def test_coordinator_lists_this_communitys_certificates(client, issued, communities, auth):
    polk_cert, story_cert = issued
    auth.login(client, communities[0].coordinator, slug="polk")
    page = client.get("/manage/certificates", subdomain="polk")
    assert page.status_code == 200
    assert polk_cert.number in page.text and "Polk Resident" in page.text
    assert story_cert.number not in page.text and "Story Resident" not in page.text


def test_search_by_name_number_or_code(client, issued, communities, auth, make_user, issue):
    polk = communities[0]
    other = make_user(polk.tenant, full_name="Harper Lee")
    issue(polk.tenant, other)
    auth.login(client, polk.coordinator, slug="polk")
    for query in ("harper", "POLK-", issued[0].code.lower()):
        page = client.get(f"/manage/certificates?q={query}", subdomain="polk")
        assert page.status_code == 200
    assert "Polk Resident" not in client.get("/manage/certificates?q=harper", subdomain="polk").text
    by_code = client.get(f"/manage/certificates?q={issued[0].code.lower()}", subdomain="polk")
    assert "Polk Resident" in by_code.text and "Harper Lee" not in by_code.text


def test_revoking_needs_a_reason(client, issued, communities, auth, read_db):
    polk_cert, _ = issued
    auth.login(client, communities[0].coordinator, slug="polk")
    field = f"revoke-{polk_cert.id}-reason"
    response = client.post(f"/manage/certificates/{polk_cert.id}/revoke", data={field: "  "},
                           subdomain="polk")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Say why the certificate is revoked." in response.text
    assert revoked_state(read_db, polk_cert.id) == (None, None)

    short = client.post(f"/manage/certificates/{polk_cert.id}/revoke", data={field: "no"},
                        subdomain="polk")
    assert "at least a few words" in short.text
    assert "no</textarea>" in short.text
    assert revoked_state(read_db, polk_cert.id) == (None, None)


def test_revoking_shows_on_the_verification_page(client, issued, communities, auth, read_db):
    polk_cert, _ = issued
    auth.login(client, communities[0].coordinator, slug="polk")
    reason = "Issued by mistake to a duplicate account"
    response = client.post(f"/manage/certificates/{polk_cert.id}/revoke",
                           data={f"revoke-{polk_cert.id}-reason": reason}, subdomain="polk")
    assert response.status_code == 302
    revoked_at, stored_reason = revoked_state(read_db, polk_cert.id)
    assert revoked_at is not None and stored_reason == reason
    assert read_db(lambda s: s.query(AuditEvent).filter_by(action="certificate.revoked").count()) == 1
    page = client.get(f"/verify/{polk_cert.code}", subdomain="polk")
    assert "This certificate was revoked" in page.text
    again = client.post(f"/manage/certificates/{polk_cert.id}/revoke",
                        data={f"revoke-{polk_cert.id}-reason": "twice over"}, subdomain="polk")
    assert "already revoked" in again.text
    assert revoked_state(read_db, polk_cert.id) == (revoked_at, reason)


def test_another_communitys_certificate_cannot_be_revoked(client, issued, communities, auth,
                                                         read_db):
    _, story_cert = issued
    auth.login(client, communities[0].coordinator, slug="polk")
    response = client.post(f"/manage/certificates/{story_cert.id}/revoke",
                           data={f"revoke-{story_cert.id}-reason": "Not ours to revoke"},
                           subdomain="polk")
    assert response.status_code == 404
    assert revoked_state(read_db, story_cert.id) == (None, None)


@pytest.mark.parametrize("who", ["participant", "lead"])
def test_only_coordinators_see_and_revoke_certificates(client, issued, communities, auth, who,
                                                       read_db):
    polk_cert, _ = issued
    auth.login(client, getattr(communities[0], who), slug="polk")
    assert client.get("/manage/certificates", subdomain="polk").status_code == 403
    response = client.post(f"/manage/certificates/{polk_cert.id}/revoke",
                           data={f"revoke-{polk_cert.id}-reason": "Because I can"},
                           subdomain="polk")
    assert response.status_code == 403
    assert revoked_state(read_db, polk_cert.id) == (None, None)


def test_manage_pages_answer_in_a_constant_number_of_queries(client, issued, communities, auth,
                                                             make_user, issue, count_queries):
    polk = communities[0]
    auth.login(client, polk.coordinator, slug="polk")
    pages = ("/manage/certificates", "/manage/listings?show=listed", "/manage/listings")
    with count_queries() as few:
        for path in pages:
            client.get(path, subdomain="polk")
    for n in range(5):
        issue(polk.tenant, make_user(polk.tenant, full_name=f"Extra {n}"))
    with count_queries() as many:
        for path in pages:
            assert client.get(path, subdomain="polk").status_code == 200
    assert len(many) == len(few)
