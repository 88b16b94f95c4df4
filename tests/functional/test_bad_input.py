"""Malformed requests get an answer, never a 500: a JSON body, NUL bytes,
numbers too big for the database, out-of-range pages. Run on PostgreSQL
too (scripts/with-postgres.sh), which refuses NUL and checks INTEGER range."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.functional.certificates.conftest import complete_steps, issue  # noqa: F401
from tests.functional.signing.conftest import texts  # noqa: F401
from tfz_portal.models import Participation, User

HUGE = "9" * 30  # beyond any INTEGER or BIGINT


def count(read_db, model) -> int:
    return read_db(lambda s: s.execute(select(func.count()).select_from(model)).scalar())


# A JSON body is not form data -----------------------------------------------------------

@pytest.mark.parametrize("body", [[1, 2], "text", 5, {"email": 5, "password": 5, "full_name": 5,
                                                      "kind": 5, "code": 5}])
@pytest.mark.parametrize("path", ["/join", "/login", "/password/forgot", "/verify"])
def test_a_json_body_is_not_read_as_form_data(client, communities, read_db, path, body):
    users = count(read_db, User)
    response = client.post(path, json=body, subdomain="polk")
    assert response.status_code == 200  # the form again, with its messages
    assert count(read_db, User) == users


def test_a_json_body_on_a_logged_in_form_changes_nothing(client, communities, auth, read_db):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    participations = count(read_db, Participation)
    response = client.post("/journey/new", json=["Riverside Inn", "business"], subdomain="polk")
    assert response.status_code == 200
    assert "Enter the organization" in response.text
    assert count(read_db, Participation) == participations
    response = client.post("/journey/new", json={"organization_name": "Riverside Inn",
                                                 "sector": "business"}, subdomain="polk")
    assert response.status_code == 200
    assert count(read_db, Participation) == participations


def test_a_json_body_on_a_coordinator_button_is_a_bad_request(client, communities, auth):
    polk, _ = communities
    auth.login(client, polk.coordinator, slug="polk")
    response = client.post(f"/manage/people/{polk.participant.id}/status", json=[1],
                           subdomain="polk")
    assert response.status_code == 400


# NUL bytes ----------------------------------------------------------------------------

def test_nul_in_a_name_is_dropped_when_joining(client, communities, read_db):
    response = client.post("/join", data={
        "kind": "organization", "organization_name": "River\x00side Inn", "sector": "business",
        "full_name": "Dana\x00 Okafor", "email": "dana@example.org",
        "password": "correct horse battery"}, subdomain="polk")
    assert response.status_code == 302
    names = read_db(lambda s: s.execute(
        select(User.full_name, Participation.organization_name)
        .join(Participation, Participation.user_id == User.id)
        .where(User.email == "dana@example.org")).all())
    assert names == [("Dana Okafor", "Riverside Inn")]


def test_nul_in_a_new_organization_name_is_dropped(client, communities, auth, read_db):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    response = client.post("/journey/new", data={"organization_name": "Grace\x00 Church",
                                                 "sector": "faith"}, subdomain="polk")
    assert response.status_code == 302
    assert read_db(lambda s: s.execute(select(Participation.id).where(
        Participation.organization_name == "Grace Church")).scalar_one())


def test_nul_in_the_login_email_is_a_failed_login(client, communities):
    polk, _ = communities
    response = client.post("/login", data={"email": polk.participant.email + "\x00",
                                           "password": "wrong password"}, subdomain="polk")
    assert response.status_code == 200
    assert "match an account here" in response.text


@pytest.mark.parametrize("code", ["AB\x00CD", "ABCDE\x00", "\x00"])
def test_nul_in_a_typed_certificate_code_is_not_found(client, communities, code):
    response = client.post("/verify", data={"code": code}, subdomain="polk")
    assert response.status_code == 200
    assert "find a certificate with the code" in response.text or "Enter the code" in response.text


@pytest.mark.parametrize("code", ["AB%00CD", "ABCDE%00", "ABC%00DEFGH"])
def test_nul_in_a_verification_link_is_not_found(client, communities, code):
    response = client.get(f"/verify/{code}", subdomain="polk", follow_redirects=True)
    assert response.status_code == 404


def test_nul_in_the_certificate_search_finds_nothing(client, communities, auth, issue):  # noqa: F811
    polk, _ = communities
    issue(polk.tenant, polk.participant)
    auth.login(client, polk.coordinator, slug="polk")
    response = client.get("/manage/certificates?q=Polk%00", subdomain="polk")
    assert response.status_code == 200


def test_nul_in_a_revoke_reason_is_dropped(client, communities, auth, issue,  # noqa: F811
                                           read_db):
    from tfz_portal.models import Certificate

    polk, _ = communities
    cert = issue(polk.tenant, polk.participant)
    auth.login(client, polk.coordinator, slug="polk")
    response = client.post(f"/manage/certificates/{cert.id}/revoke",
                           data={f"revoke-{cert.id}-reason": "Issued\x00 by mistake"},
                           subdomain="polk")
    assert response.status_code == 302
    reason = read_db(lambda s: s.get(Certificate, cert.id).revoke_reason)
    assert reason == "Issued by mistake"


# Numbers too big, pages out of range ----------------------------------------------------

@pytest.mark.parametrize("page", ["-1", "0", "abc", HUGE, "1e9"])
def test_any_page_number_shows_a_page(client, communities, auth, page):
    polk, _ = communities
    assert client.get(f"/directory?page={page}", subdomain="polk").status_code == 200
    auth.login(client, polk.coordinator, slug="polk")
    for path in ("/manage/people", "/manage/listings", "/manage/certificates",
                 "/dashboard/sectors/school"):
        assert client.get(f"{path}?page={page}", subdomain="polk").status_code == 200, path


@pytest.mark.parametrize("path", [f"/journey/{HUGE}/sign", f"/journey/{HUGE}/training/",
                                  f"/journey/{HUGE}/certificate.pdf", "/journey/2147483648/signed"])
def test_an_id_too_big_for_the_database_is_not_found(client, communities, auth, path):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    assert client.get(path, subdomain="polk").status_code == 404


def test_a_module_id_too_big_is_not_found(client, communities, auth, read_db):
    polk, _ = communities
    participation_id = read_db(lambda s: s.execute(select(Participation.id).where(
        Participation.user_id == polk.participant.id)).scalar_one())
    auth.login(client, polk.participant, slug="polk")
    response = client.post(f"/journey/{participation_id}/training/{HUGE}", data={"q0": "0"},
                           subdomain="polk")
    assert response.status_code == 404


@pytest.mark.parametrize("path", [f"/manage/people/{HUGE}/status",
                                  f"/manage/certificates/{HUGE}/revoke",
                                  f"/manage/listings/{HUGE}", f"/manage/policies/{HUGE}"])
def test_a_coordinator_posting_to_an_id_too_big_gets_not_found(client, communities, auth, path):
    polk, _ = communities
    auth.login(client, polk.coordinator, slug="polk")
    response = client.post(path, data={"action": "disable", "decision": "approve"},
                           subdomain="polk")
    assert response.status_code == 404


def test_largest_integer_id_is_still_routed(client, communities, auth):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    assert client.get("/journey/2147483647/sign", subdomain="polk").status_code == 404


# Long values are refused with a message, nothing stored --------------------------------

def test_a_long_organization_name_is_refused_with_a_message(client, communities, auth, read_db):
    polk, _ = communities
    participations = count(read_db, Participation)
    response = client.post("/join", data={
        "kind": "organization", "organization_name": "A" * 161, "sector": "business",
        "full_name": "Dana Okafor", "email": "dana@example.org",
        "password": "correct horse battery"}, subdomain="polk")
    assert response.status_code == 200
    assert "160 characters" in response.text
    auth.login(client, polk.participant, slug="polk")
    response = client.post("/journey/new", data={"organization_name": "B" * 161,
                                                 "sector": "business"}, subdomain="polk")
    assert response.status_code == 200
    assert "160 characters" in response.text
    assert count(read_db, Participation) == participations


def test_a_long_signer_name_or_title_is_refused(client, communities, auth, make_user, read_db,
                                                in_app, texts):  # noqa: F811
    from tfz_portal.extensions import db
    from tfz_portal.models import Signature
    from tfz_portal.services import signing, training

    polk, _ = communities
    user = make_user(polk.tenant, kind="organization", sector="business",
                     organization_name="Riverside Inn", full_name="Dana Okafor")
    participation_id = read_db(lambda s: s.execute(select(Participation.id).where(
        Participation.user_id == user.id)).scalar_one())
    with in_app(polk.tenant):
        participation = db.session.get(Participation, participation_id)
        training.complete_all_required(participation)
        template = signing.text_to_sign(participation)
        shown = {"template_id": str(template.id), "template_version": str(template.version),
                 "agree": "y"}
    auth.login(client, user, slug="polk")
    url = f"/journey/{participation_id}/sign"
    for name, title in (("N" * 121, "Owner"), ("Dana Okafor", "T" * 121)):
        response = client.post(url, data={**shown, "signer_name": name, "signer_title": title},
                               subdomain="polk")
        assert response.status_code == 200
        assert "120 characters" in response.text
    assert count(read_db, Signature) == 0
    response = client.post(url, data={**shown, "signer_name": "Dana\x00 Okafor",
                                      "signer_title": "Own\x00er"}, subdomain="polk")
    assert response.status_code == 302
    signed = read_db(lambda s: s.execute(select(Signature.signer_name, Signature.signer_title)).all())
    assert signed == [("Dana Okafor", "Owner")]
