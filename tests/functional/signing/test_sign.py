"""Signing the pledge (a resident) or the proclamation (an organization),
and the printable signed copy."""

from __future__ import annotations

import pytest

from tfz_portal.content.templates import PLEDGE, PROCLAMATION
from tfz_portal.models import Signature, TemplateKind
from tfz_portal.services import signing
from tfz_portal.tenancy import Scope

from .conftest import form_values, visible_text

pytestmark = pytest.mark.usefixtures("texts")


def agreed(**changes) -> dict:
    data = {"signer_name": "Jordan Q. Public", "agree": "y", "template_id": "",
            "template_version": ""}
    data.update(changes)
    return data


def shown_version(client, member) -> dict:
    """The hidden fields of the form: the text the page shows."""
    values = form_values(client.get(member.url("sign"), subdomain=member.slug).text)
    return {"template_id": values["template_id"], "template_version": values["template_version"]}


def test_resident_reads_the_filled_in_pledge(client, auth, resident):
    auth.login(client, resident.user, slug="polk")
    page = client.get(resident.url("sign"), subdomain="polk")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert PLEDGE.title in text
    assert "I, Polk Resident, of Polk County, make this pledge on" in text
    assert "{" not in text
    values = form_values(page.text)
    assert values["signer_name"] == "Polk Resident"  # the account's name
    assert "signer_title" not in values  # residents sign without a title
    assert values["agree"] is False
    assert ">Sign the pledge</button>" in page.text


def test_resident_signs_and_moves_on(client, auth, resident, stored):
    auth.login(client, resident.user, slug="polk")
    form = agreed(**shown_version(client, resident))
    response = client.post(resident.url("sign"), data=form, subdomain="polk")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(resident.url("share"))
    [signature] = stored.signatures(resident)
    assert signature.kind is TemplateKind.PLEDGE
    assert signature.signer_name == "Jordan Q. Public"
    assert signature.signer_title is None
    assert signature.signed_by_id == resident.user.id
    assert signature.template_version == 1
    assert str(signature.template_id) == form["template_id"]
    assert signature.title == PLEDGE.title
    assert signature.text.startswith("I, Jordan Q. Public, of Polk County, make this pledge on ")
    # Afterwards the step shows the signed copy, with the text exactly as kept.
    again = client.get(resident.url("sign"), subdomain="polk")
    assert again.headers["Location"].endswith(resident.url("signed"))
    copy = client.get(resident.url("signed"), subdomain="polk")
    assert copy.status_code == 200
    assert visible_text(signature.text.replace("\n", " ")) in visible_text(copy.text)
    assert "version 1" in copy.text
    # Printing keeps only the document: the stylesheet hides the rest.
    assert 'class="no-print"' in copy.text
    response = client.get("/static/css/portal.css", subdomain="polk")
    stylesheet = response.text
    response.close()
    assert "@media print" in stylesheet and ".no-print" in stylesheet


def test_organization_signs_the_proclamation_with_a_title(client, auth, organization, stored):
    auth.login(client, organization.user, slug="polk")
    page = client.get(organization.url("sign"), subdomain="polk")
    assert PROCLAMATION.title in page.text
    assert ">Sign the proclamation</button>" in page.text
    assert "Riverside Inn declares itself a TraffickingFree Zone" in visible_text(page.text)
    form = agreed(signer_name="Dana Okafor", signer_title="General Manager",
                  **shown_version(client, organization))
    response = client.post(organization.url("sign"), data=form, subdomain="polk")
    assert response.headers["Location"].endswith(organization.url("policy"))
    [signature] = stored.signatures(organization)
    assert signature.kind is TemplateKind.PROCLAMATION
    assert signature.signer_title == "General Manager"
    assert "Proclaimed for Riverside Inn by Dana Okafor, General Manager." in signature.text
    copy = visible_text(client.get(organization.url("signed"), subdomain="polk").text)
    assert "Title General Manager" in copy
    assert "For Riverside Inn" in copy


@pytest.mark.parametrize(("who", "changes", "field", "message"), [
    ("resident", {"signer_name": "   "}, "signer_name", "Enter your full name."),
    ("resident", {"agree": ""}, "agree", "Tick the box to confirm that you agree."),
    ("organization", {"signer_title": ""}, "signer_title", "Enter your title at the organization."),
    ("organization", {"agree": "", "signer_title": "Owner"}, "agree",
     "Tick the box to confirm that you agree."),
])
def test_bad_input_is_shown_on_the_form_and_nothing_is_signed(
        client, auth, request, stored, who, changes, field, message):
    member = request.getfixturevalue(who)
    auth.login(client, member.user, slug="polk")
    form = agreed(**shown_version(client, member))
    if who == "organization":
        form["signer_title"] = "Owner"
    form.update(changes)
    page = client.post(member.url("sign"), data=form, subdomain="polk")
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert f'href="#{field}"' in page.text
    assert message in page.text
    assert page.text.count(message) == 2  # in the summary and beside the field
    assert "<title>Error: " in page.text
    values = form_values(page.text)
    for name, value in form.items():
        if name in ("agree", "template_id", "template_version"):
            continue
        assert values[name] == value.strip()
    assert values["agree"] is (form["agree"] == "y")
    assert stored.signatures(member) == []


def test_signing_before_the_training_is_done_goes_back_to_it(
        client, auth, resident, catalog, stored, finish_training):
    auth.login(client, resident.user, slug="polk")
    response = client.post(resident.url("sign"), data=agreed(), subdomain="polk")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(resident.url("training/"))
    assert stored.signatures(resident) == []
    assert "Please finish “Training” first." in client.get(
        response.headers["Location"], subdomain="polk").text
    assert client.get(resident.url("signed"), subdomain="polk").status_code == 302
    # Once the training is done, the step opens.
    finish_training(resident)
    assert client.get(resident.url("sign"), subdomain="polk").status_code == 200


def test_a_second_submission_never_signs_twice(client, auth, resident, stored):
    auth.login(client, resident.user, slug="polk")
    form = agreed(**shown_version(client, resident))
    first = client.post(resident.url("sign"), data=form, subdomain="polk")
    second = client.post(resident.url("sign"), data=form, subdomain="polk")
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith(resident.url("signed"))
    assert len(stored.signatures(resident)) == 1


def test_a_text_changed_while_reading_is_shown_again_and_not_signed(
        client, auth, resident, stored, in_app):
    auth.login(client, resident.user, slug="polk")
    form = agreed(**shown_version(client, resident))
    with in_app(Scope.PLATFORM):
        signing.publish_template_version(
            TemplateKind.PLEDGE, "", "Stomp Out the Demand pledge",
            PLEDGE.body + "\n\nI will also tell my friends about this pledge.", None)
    page = client.post(resident.url("sign"), data=form, subdomain="polk")
    assert page.status_code == 200
    assert "The text was updated while you were reading it." in page.text
    assert "I will also tell my friends about this pledge." in page.text
    values = form_values(page.text)
    assert values["template_version"] == "2"
    assert values["signer_name"] == "Jordan Q. Public"
    assert stored.signatures(resident) == []
    # Signing the text now shown works.
    form.update(template_id=values["template_id"], template_version="2")
    client.post(resident.url("sign"), data=form, subdomain="polk")
    [signature] = stored.signatures(resident)
    assert signature.template_version == 2
    assert signature.text.endswith("I will also tell my friends about this pledge.")


def test_a_new_template_version_never_changes_what_was_signed(
        client, auth, resident, stored, in_app, make_user, read_db):
    auth.login(client, resident.user, slug="polk")
    client.post(resident.url("sign"), data=agreed(**shown_version(client, resident)),
                subdomain="polk")
    [before] = stored.signatures(resident)
    with in_app(Scope.PLATFORM):
        signing.publish_template_version(TemplateKind.PLEDGE, "", "A new pledge",
                                         "I, {signer}, promise something new.", None)
    [after] = stored.signatures(resident)
    assert (after.text, after.title, after.template_version) == (
        before.text, before.title, before.template_version)
    copy = client.get(resident.url("signed"), subdomain="polk").text
    assert "promise something new" not in copy
    assert "make this pledge on" in copy
    # A newcomer reads the new version.
    newcomer = make_user(resident.tenant, email="newcomer@polk.example.org", full_name="Ada New")
    auth.logout(client, slug="polk")
    auth.login(client, newcomer, slug="polk")
    from .conftest import participation_id_of

    page = client.get(f"/journey/{participation_id_of(read_db, newcomer)}/sign", subdomain="polk")
    assert "I, Ada New, promise something new." in page.text


def test_a_community_text_overrides_the_national_one(client, auth, communities, in_app,
                                                     read_db):
    polk, story = communities
    with in_app(polk.tenant):
        signing.publish_template_version(
            TemplateKind.PLEDGE, "", "Polk County pledge",
            "I, {signer}, pledge for {community} in our own words.", polk.coordinator)
    from .conftest import participation_id_of

    auth.login(client, polk.participant, slug="polk")
    page = client.get(f"/journey/{participation_id_of(read_db, polk.participant)}/sign",
                      subdomain="polk")
    assert "Polk County pledge" in page.text
    assert "I, Polk Resident, pledge for Polk County in our own words." in page.text
    auth.login(client, story.participant, slug="story")
    other = client.get(f"/journey/{participation_id_of(read_db, story.participant)}/sign",
                       subdomain="story")
    assert "Polk County pledge" not in other.text
    assert PLEDGE.title in other.text


@pytest.mark.parametrize("name", ["<b>x</b> Zoë Ðặng 山田", "{community} <script>alert(1)</script>"])
def test_names_are_shown_as_text(client, auth, resident, stored, name):
    auth.login(client, resident.user, slug="polk")
    form = agreed(signer_name=name, **shown_version(client, resident))
    # The preview after a mistake, then the signed copy.
    preview = client.post(resident.url("sign"), data={**form, "agree": ""}, subdomain="polk")
    client.post(resident.url("sign"), data=form, subdomain="polk")
    copy = client.get(resident.url("signed"), subdomain="polk")
    escaped = name.replace("<", "&lt;").replace(">", "&gt;")
    for page in (preview, copy):
        assert "<b>x</b>" not in page.text and "<script>alert" not in page.text
        assert f"I, {escaped}, of Polk County" in page.text
    [signature] = stored.signatures(resident)
    assert signature.signer_name == name
    assert f"I, {name}, of Polk County" in signature.text  # a name is never filled in again


def test_the_signed_copy_waits_for_a_signature(client, auth, resident):
    auth.login(client, resident.user, slug="polk")
    response = client.get(resident.url("signed"), subdomain="polk")
    assert response.headers["Location"].endswith(resident.url("sign"))
    assert "There is no signed copy yet" in client.get(resident.url("sign"), subdomain="polk").text


def test_someone_elses_signed_copy_is_not_found(client, auth, communities, resident, sign_for,
                                                make_organization, read_db):
    polk, story = communities
    sign_for(resident, name="Polk Resident")
    neighbour = make_organization(polk.tenant, name="Main Street Diner", email="diner@polk.example.org")
    auth.login(client, neighbour.user, slug="polk")
    assert client.get(resident.url("signed"), subdomain="polk").status_code == 404
    assert client.get(resident.url("sign"), subdomain="polk").status_code == 404
    auth.login(client, story.participant, slug="story")
    assert client.get(resident.url("signed"), subdomain="story").status_code == 404


def test_the_signed_copy_needs_a_login(client, resident):
    response = client.get(resident.url("signed"), subdomain="polk")
    assert "/login" in response.headers["Location"]


def test_without_a_published_text_the_page_says_so(client, auth, resident, in_app, stored):
    with in_app(Scope.PLATFORM):
        from sqlalchemy import delete

        from tfz_portal.extensions import db
        from tfz_portal.models import DocumentTemplate

        db.session.execute(delete(DocumentTemplate).where(
            DocumentTemplate.kind == TemplateKind.PLEDGE))
    auth.login(client, resident.user, slug="polk")
    page = client.get(resident.url("sign"), subdomain="polk")
    assert page.status_code == 200
    assert "The text to sign is not ready yet." in page.text
    response = client.post(resident.url("sign"), data=agreed(template_id="1", template_version="1"),
                           subdomain="polk")
    assert response.status_code == 200
    assert stored.count(Signature) == 0
