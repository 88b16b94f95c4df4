"""My journey page, adding an organization, and the order of the steps."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tfz_portal.extensions import db
from tfz_portal.models import ModuleProgress, Participation, TrainingModule
from tfz_portal.services.journey import Step, load_journey
from tfz_portal.tenancy import Scope


@pytest.fixture
def catalog(in_app):
    """One required module for everyone, one for schools only, one optional."""
    with in_app(Scope.PLATFORM):
        modules = [
            TrainingModule(slug="basics", title="Basics", summary="What it is.", position=1),
            TrainingModule(slug="schools", title="In schools", summary="Schools.", position=2,
                           sectors=["school"]),
            TrainingModule(slug="extra", title="Extra", summary="More.", position=3,
                           required=False),
        ]
        db.session.add_all(modules)
        db.session.flush()
        return [m.id for m in modules]


def test_new_participant_sees_training_as_next_step(client, communities, auth, catalog):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    page = client.get("/journey/", subdomain="polk")
    assert page.status_code == 200
    assert "Polk Resident" in page.text
    assert "Start the training" in page.text
    # An individual's steps: no policy step.
    assert "Sign the pledge" in page.text
    assert "Adopt a policy" not in page.text
    assert 'aria-valuenow="0"' in page.text


def test_login_takes_a_participant_to_their_journey(client, communities, auth):
    polk, _ = communities
    response = auth.login(client, polk.participant, slug="polk")
    assert response.headers["Location"].endswith("/journey/")


def test_later_step_redirects_to_the_current_one(client, communities, auth, catalog, read_db):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    participation_id = read_db(lambda s: s.execute(
        select(Participation.id).where(Participation.user_id == polk.participant.id)).scalar_one())
    for path in ("sign", "share", "certificate"):
        response = client.get(f"/journey/{participation_id}/{path}", subdomain="polk")
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith(f"/journey/{participation_id}/training/")
    page = client.get(f"/journey/{participation_id}/training/", subdomain="polk")
    assert "Please finish “Training” first." in page.text


def test_someone_elses_journey_is_not_found(client, communities, auth, read_db, make_user):
    polk, story = communities
    neighbour = make_user(polk.tenant, email="neighbour@polk.example.org")
    other_id = read_db(lambda s: s.execute(
        select(Participation.id).where(Participation.user_id == neighbour.id)).scalar_one())
    auth.login(client, polk.participant, slug="polk")
    assert client.get(f"/journey/{other_id}/training/", subdomain="polk").status_code == 404
    story_id = read_db(lambda s: s.execute(
        select(Participation.id).where(Participation.user_id == story.participant.id)).scalar_one())
    assert client.get(f"/journey/{story_id}/training/", subdomain="polk").status_code == 404


def test_required_modules_follow_the_sector(app, in_app, communities, make_user, catalog):
    polk, _ = communities
    teacher = make_user(polk.tenant, email="teacher@polk.example.org", kind="organization",
                        sector="school", organization_name="Lincoln High")
    basics, schools, extra = catalog
    with in_app(polk.tenant):
        resident = db.session.execute(select(Participation).where(
            Participation.user_id == polk.participant.id)).scalar_one()
        school = db.session.execute(select(Participation).where(
            Participation.user_id == teacher.id)).scalar_one()
        assert load_journey(resident).required_total == 1
        journey = load_journey(school)
        assert journey.required_total == 2
        assert [s.step for s in journey.steps] == [
            Step.TRAINING, Step.SIGN, Step.POLICY, Step.SHARE, Step.CERTIFICATE]
        db.session.add(ModuleProgress(participation_id=school.id, module_id=basics,
                                      completed_at=db.func.now()))
        db.session.flush()
        assert load_journey(school).current is Step.TRAINING
        db.session.add(ModuleProgress(participation_id=school.id, module_id=schools,
                                      completed_at=db.func.now()))
        db.session.flush()
        journey = load_journey(school)
        assert journey.current is Step.SIGN
        assert journey.state_of(Step.TRAINING).status == "done"
        assert journey.allows(Step.TRAINING) and journey.allows(Step.SIGN)
        assert not journey.allows(Step.POLICY)


def test_add_an_organization_to_an_account(client, communities, auth, read_db):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    response = client.post("/journey/new", data={"organization_name": "Grace Chapel",
                                                 "sector": "faith"}, subdomain="polk")
    assert response.status_code == 302
    page = client.get("/journey/", subdomain="polk")
    assert "Grace Chapel" in page.text and "Sign the proclamation" in page.text
    again = client.post("/journey/new", data={"organization_name": "grace chapel",
                                              "sector": "faith"}, subdomain="polk")
    assert again.status_code == 200
    assert "You already take part for grace chapel." in again.text
    count = read_db(lambda s: s.execute(select(func.count(Participation.id)).where(
        Participation.user_id == polk.participant.id)).scalar_one())
    assert count == 2


def test_adding_an_organization_needs_name_and_sector(client, communities, auth):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    response = client.post("/journey/new", data={"organization_name": "  ", "sector": "nope"},
                           subdomain="polk")
    assert response.status_code == 200
    assert "Enter the organization&#39;s name." in response.text
    assert "Not a valid choice" in response.text or "Choose the organization" in response.text


def test_journey_page_queries_do_not_grow(client, communities, auth, count_queries, in_app):
    polk, _ = communities
    auth.login(client, polk.participant, slug="polk")
    with count_queries() as few:
        client.get("/journey/", subdomain="polk")
    for number in range(5):
        client.post("/journey/new", data={"organization_name": f"Org {number}",
                                          "sector": "business"}, subdomain="polk")
    with count_queries() as many:
        page = client.get("/journey/", subdomain="polk")
    assert "Org 4" in page.text
    assert len(many) == len(few)


def test_two_requests_racing_to_add_the_same_organization_make_one(
        communities, in_app, read_db, monkeypatch):
    """The database decides when both requests pass the name check."""
    from tfz_portal.services import participations
    from tfz_portal.services.errors import AlreadyExists

    polk, _ = communities
    with in_app(polk.tenant):
        user = db.session.get(type(polk.participant), polk.participant.id)
        participations.add_organization(user, "Grace Chapel", "faith")
    real_execute = db.session.execute

    def no_duplicate_seen(statement, *args, **kwargs):
        result = real_execute(statement, *args, **kwargs)
        if "lower(participations.organization_name)" in str(statement):
            return real_execute(select(Participation.id).where(False))
        return result

    with in_app(polk.tenant):
        user = db.session.get(type(polk.participant), polk.participant.id)
        monkeypatch.setattr(db.session, "execute", no_duplicate_seen)
        with pytest.raises(AlreadyExists):
            participations.add_organization(user, "Grace Chapel", "faith")
        monkeypatch.undo()
    count = read_db(lambda s: s.execute(select(func.count(Participation.id)).where(
        Participation.user_id == polk.participant.id)).scalar_one())
    assert count == 2  # the resident's own pledge and one Grace Chapel
