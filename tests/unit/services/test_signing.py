"""Versioned templates, filling them in, seeding the defaults, and signing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tfz_portal.content.templates import DEFAULT_TEXTS, PLEDGE, POLICY_STATEMENTS
from tfz_portal.extensions import db
from tfz_portal.models import DocumentTemplate, Participation, Signature, TemplateKind
from tfz_portal.models.sector import ORGANIZATION_SECTORS
from tfz_portal.services import signing
from tfz_portal.services.errors import ServiceError
from tfz_portal.services.journey import load_journey
from tfz_portal.tenancy import Scope

TODAY = date(2026, 3, 9)


def participation_of(user) -> Participation:
    return db.session.execute(
        select(Participation).where(Participation.user_id == user.id)).scalar_one()


@pytest.fixture
def seeded(in_app):
    with in_app(Scope.PLATFORM):
        return signing.seed_document_templates()


def test_seeding_is_idempotent_and_covers_every_sector(in_app, seeded):
    assert seeded == len(DEFAULT_TEXTS)
    with in_app(Scope.PLATFORM):
        assert signing.seed_document_templates() == 0
        assert db.session.execute(select(func.count(DocumentTemplate.id))).scalar() == len(
            DEFAULT_TEXTS)
        for sector in ORGANIZATION_SECTORS:
            statement = signing.current_template(TemplateKind.POLICY_STATEMENT, sector.key)
            assert statement.sector == sector.key
        assert signing.current_template(TemplateKind.PLEDGE, "individual").title == PLEDGE.title
    assert {s.sector for s in POLICY_STATEMENTS} == {s.key for s in ORGANIZATION_SECTORS}


def test_default_texts_use_only_known_placeholders():
    for text in DEFAULT_TEXTS:
        signing.check_template_fields(text.kind, text.sector, text.title, text.body)


def test_the_most_specific_text_wins(in_app, communities):
    polk, story = communities
    with in_app(Scope.PLATFORM):
        publish = signing.publish_template_version
        publish(TemplateKind.POLICY_STATEMENT, "", "national, all", "a", None)
        assert signing.current_template("policy_statement", "school").title == "national, all"
        publish(TemplateKind.POLICY_STATEMENT, "school", "national, schools", "b", None)
        publish(TemplateKind.POLICY_STATEMENT, "", "national, all v2", "c", None)
    with in_app(polk.tenant):
        current = signing.current_template(TemplateKind.POLICY_STATEMENT, "school")
        assert (current.title, current.tenant_id) == ("national, schools", None)
        assert signing.current_template("policy_statement", "media").title == "national, all v2"
        own = publish(TemplateKind.POLICY_STATEMENT, "", "polk, all", "d", polk.coordinator)
        assert own.tenant_id == polk.tenant.id and own.version == 1
        assert signing.current_template("policy_statement", "school").title == "polk, all"
        publish(TemplateKind.POLICY_STATEMENT, "school", "polk, schools", "e", polk.coordinator)
        publish(TemplateKind.POLICY_STATEMENT, "school", "polk, schools v2", "f", polk.coordinator)
        current = signing.current_template("policy_statement", "school")
        assert (current.title, current.version) == ("polk, schools v2", 2)
        assert signing.current_template("policy_statement", "media").title == "polk, all"
    with in_app(story.tenant):
        assert signing.current_template("policy_statement", "school").title == "national, schools"
    with in_app(Scope.PLATFORM):
        assert signing.current_template("policy_statement", "school").title == "national, schools"


def test_publishing_never_edits_a_version(in_app):
    with in_app(Scope.PLATFORM):
        first = signing.publish_template_version("pledge", "", "Pledge", "One", None)
        second = signing.publish_template_version("pledge", "", "Pledge", "Two", None)
        assert (first.version, second.version) == (1, 2)
        assert first.id != second.id
        assert db.session.get(DocumentTemplate, first.id).body == "One"


@pytest.mark.parametrize(("args", "field", "message"), [
    (("pledge", "", "", "Body"), "title", "Enter a title."),
    (("pledge", "", "Title", "  "), "body", "Enter the text."),
    (("letter", "", "Title", "Body"), "kind", "Choose what kind of text this is."),
    (("pledge", "pirates", "Title", "Body"), "sector", "Choose a sector, or every sector."),
    (("pledge", "", "Title", "Dear {name}, on {date}"), "body", "The text uses {name}"),
])
def test_publishing_checks_the_text(in_app, args, field, message):
    with in_app(Scope.PLATFORM), pytest.raises(ServiceError) as error:
        signing.publish_template_version(*args, None)
    assert error.value.field == field
    assert error.value.message.startswith(message)


def test_fill_puts_in_the_names(in_app, communities, make_user):
    polk, _ = communities
    owner = make_user(polk.tenant, kind="organization", sector="business",
                      organization_name="Riverside Inn", email="inn@polk.example.org")
    template = DocumentTemplate(body="{organization} of {community} on {date}: {signer}, {title}.")
    with in_app(polk.tenant):
        participation = participation_of(owner)
        assert signing.fill(template, participation, "Dana", "Owner", TODAY) == (
            "Riverside Inn of Polk County on March 9, 2026: Dana, Owner.")
        assert signing.fill(template, participation, "  ", None, TODAY) == (
            "Riverside Inn of Polk County on March 9, 2026: the undersigned, "
            "authorized representative.")


@pytest.mark.parametrize(("body", "name", "expected"), [
    ("Hello {nobody}, {signer}", "Ann", "Hello {nobody}, Ann"),
    ("{ stray { brace } {signer", "Ann", "{ stray { brace } {signer"),
    ("{0} {signer.__class__} {signer}", "Ann", "{0} {signer.__class__} Ann"),
    ("I, {signer}", "{community} {date}", "I, {community} {date}"),
    ("I, {signer}", "<b>x</b> Zoë Ðặng 山田", "I, <b>x</b> Zoë Ðặng 山田"),
])
def test_fill_is_safe(in_app, communities, body, name, expected):
    polk, _ = communities
    with in_app(polk.tenant):
        participation = participation_of(polk.participant)
        assert signing.fill(DocumentTemplate(body=body), participation, name, None, TODAY) == expected


def test_clean_text_keeps_line_breaks_and_drops_control_characters():
    assert signing.clean_text("  One\r\nTwo\x00\r\n\r\n\r\n\r\nThree  \n") == "One\nTwo\n\nThree"
    assert signing.clean_line(" Zoë\tÐặng\n山田\x00 ") == "Zoë Ðặng 山田"


def test_sign_keeps_the_text_and_refuses_a_second_signature(in_app, communities, seeded):
    polk, _ = communities
    with in_app(polk.tenant):
        participation = participation_of(polk.participant)
        template = signing.text_to_sign(participation)
        signature = signing.sign(participation, polk.participant, "Polk Resident", None,
                                 template.id, template.version, today=TODAY)
        assert signature.text == signing.fill(template, participation, "Polk Resident", None,
                                              TODAY)
        with pytest.raises(signing.AlreadySigned) as error:
            signing.sign(participation, polk.participant, "Someone Else", None, template.id,
                         template.version)
        assert error.value.signature.id == signature.id


def test_a_race_between_two_submissions_stores_one_signature(in_app, communities, seeded,
                                                            monkeypatch):
    """Two requests both saw no signature; the database keeps only the first."""
    polk, _ = communities
    with in_app(polk.tenant):
        participation = participation_of(polk.participant)
        before = load_journey(participation)  # what the second request saw
        template = signing.text_to_sign(participation)
        first = signing.sign(participation, polk.participant, "Polk Resident", None,
                             template.id, template.version)
        monkeypatch.setattr(signing, "load_journey", lambda p: before)
        with pytest.raises(signing.AlreadySigned) as error:
            signing.sign(participation, polk.participant, "Polk Resident", None, template.id,
                         template.version)
        assert error.value.signature.id == first.id
        count = db.session.execute(select(func.count(Signature.id))).scalar()
        assert count == 1


def test_sign_refuses_a_changed_text_and_someone_else(in_app, communities, seeded):
    polk, _ = communities
    with in_app(polk.tenant):
        participation = participation_of(polk.participant)
        template = signing.text_to_sign(participation)
        with pytest.raises(signing.TemplateChanged):
            signing.sign(participation, polk.participant, "Polk Resident", None, template.id,
                         template.version + 1)
        with pytest.raises(ServiceError, match="Only the person"):
            signing.sign(participation, polk.coordinator, "Polk Resident", None, template.id,
                         template.version)
        assert db.session.execute(select(func.count(Signature.id))).scalar() == 0
