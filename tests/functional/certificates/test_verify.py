"""Public verification: by QR link or typed code, scoped to the community."""

from __future__ import annotations

import pytest

from tfz_portal.extensions import db
from tfz_portal.models import Certificate
from tfz_portal.models.base import utcnow


@pytest.fixture
def issued(communities, issue):
    polk, _ = communities
    return issue(polk.tenant, polk.participant)


def test_valid_certificate_shows_holder_community_kind_and_dates(client, issued, communities):
    page = client.get(f"/verify/{issued.code}", subdomain="polk")
    assert page.status_code == 200
    assert "This certificate is valid" in page.text
    assert "Polk Resident" in page.text
    assert "Polk County" in page.text
    assert "TraffickingFree Zone — Individual pledge" in page.text
    assert issued.number in page.text
    assert "No expiry date" in page.text
    # Nothing more personal than the name.
    assert communities[0].participant.email not in page.text
    assert 'name="robots" content="noindex"' in page.text


def test_expired_certificate_says_so(client, issued, communities, expire):
    expire(communities[0].tenant, issued.id)
    page = client.get(f"/verify/{issued.code}", subdomain="polk")
    assert page.status_code == 200
    assert "This certificate has expired" in page.text
    assert "This certificate is valid" not in page.text


def test_revoked_certificate_says_so_without_the_reason(client, issued, communities, in_app):
    with in_app(communities[0].tenant):
        cert = db.session.get(Certificate, issued.id)
        cert.revoked_at = utcnow()
        cert.revoke_reason = "Private matter between the coordinator and the holder"
    page = client.get(f"/verify/{issued.code}", subdomain="polk")
    assert "This certificate was revoked" in page.text
    assert "Private matter" not in page.text


def test_the_form_finds_a_code_typed_loosely(client, issued):
    typed = f"  {issued.code[:5].lower()} - {issued.code[5:].lower()} "
    response = client.post("/verify", data={"code": typed}, subdomain="polk")
    assert response.status_code == 302
    assert response.location.endswith(f"/verify/{issued.code}")


def test_a_loosely_written_link_redirects_to_the_canonical_one(client, issued):
    response = client.get(f"/verify/{issued.code[:5].lower()}-{issued.code[5:]}", subdomain="polk")
    assert response.status_code == 301
    assert response.location.endswith(f"/verify/{issued.code}")


def test_an_unknown_code_is_a_clear_message_with_the_code_kept(client, issued):
    response = client.post("/verify", data={"code": "ZZZZZ-ZZZZZ"}, subdomain="polk")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "We can&#39;t find a certificate with the code “ZZZZZ-ZZZZZ” in Polk County" in response.text
    assert 'value="ZZZZZ-ZZZZZ"' in response.text


def test_an_empty_code_is_a_clear_message(client, communities):
    response = client.post("/verify", data={"code": "   "}, subdomain="polk")
    assert response.status_code == 200
    assert "Enter the code printed on the certificate." in response.text


def test_an_unknown_code_link_is_not_found(client, communities):
    response = client.get("/verify/ZZZZZZZZZZ", subdomain="polk")
    assert response.status_code == 404
    assert "We can't find that certificate" in response.text
    assert "ZZZZZZZZZZ" in response.text


def test_another_communitys_code_is_not_found_here(client, issued):
    response = client.get(f"/verify/{issued.code}", subdomain="story")
    assert response.status_code == 404
    assert "Polk Resident" not in response.text
    typed = client.post("/verify", data={"code": issued.code}, subdomain="story")
    assert "We can&#39;t find a certificate" in typed.text
    assert "Polk Resident" not in typed.text


def test_a_malformed_code_is_not_found(client, communities):
    response = client.get("/verify/eyJ1IjoxfQ.aGVsbG8.c2lnbmF0dXJl", subdomain="polk",
                          follow_redirects=True)
    assert response.status_code == 404
    assert client.get("/verify/...", subdomain="polk").status_code == 404


def test_verification_needs_no_login(client, issued):
    assert client.get("/verify", subdomain="polk").status_code == 200
    assert client.get(f"/verify/{issued.code}", subdomain="polk").status_code == 200
