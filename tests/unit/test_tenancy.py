"""The ORM scoping: what a block of code sees and may write, by community.

Community A is polk, community B is story, each with a coordinator, a schools
lead and a resident (the ``communities`` fixture).
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import aliased, joinedload, selectinload
from werkzeug.exceptions import NotFound

from tfz_portal.extensions import db
from tfz_portal.models import (
    AuditEvent,
    Participation,
    Role,
    SectorLeadAssignment,
    TrainingModule,
    User,
)
from tfz_portal.tenancy import (
    CrossTenantWrite,
    NoTenantScope,
    Scope,
    all_tenants,
    current_tenant,
    tenant_scope,
)


def emails(statement) -> set[str]:
    return set(db.session.execute(statement).scalars())


def new_user(email: str, **fields) -> User:
    return User(email=email, full_name="New Person", password_hash="not-a-real-hash", **fields)


@pytest.fixture
def polk_and_story(communities):
    polk, story = communities
    return polk, story


def community_emails(community) -> set[str]:
    return {community.coordinator.email, community.lead.email, community.participant.email}


def test_select_of_entities_sees_only_the_current_community(in_app, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        users = db.session.execute(select(User)).scalars().all()
        assert {u.email for u in users} == community_emails(polk)
        assert {u.tenant_id for u in users} == {polk.tenant.id}
        participations = db.session.execute(select(Participation)).scalars().all()
        assert [p.user_id for p in participations] == [polk.participant.id]
    with in_app(story.tenant):
        assert emails(select(User.email)) == community_emails(story)


def test_select_of_columns_and_aliases_is_scoped(in_app, polk_and_story):
    polk, _ = polk_and_story
    with in_app(polk.tenant):
        assert emails(select(User.email)) == community_emails(polk)
        other = aliased(User)
        assert emails(select(other.email)) == community_emails(polk)
        pairs = db.session.execute(
            select(User.email, Participation.sector).join(Participation, User.participations)
        ).all()
        assert pairs == [(polk.participant.email, "individual")]


def test_counts_and_group_by_are_scoped(in_app, polk_and_story, make_user):
    polk, story = polk_and_story
    make_user(story.tenant, kind="organization", sector="school", organization_name="Story High")
    make_user(story.tenant, kind="organization", sector="school", organization_name="Ames Middle")
    make_user(polk.tenant, kind="organization", sector="faith", organization_name="St. Mary's")
    with in_app(polk.tenant):
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 4
        assert db.session.execute(select(func.count()).select_from(User)).scalar_one() == 4
        by_sector = dict(db.session.execute(
            select(Participation.sector, func.count(Participation.id))
            .group_by(Participation.sector)).all())
        assert by_sector == {"individual": 1, "faith": 1}
        by_role = dict(db.session.execute(
            select(User.role, func.count(User.id)).group_by(User.role)).all())
        assert by_role == {Role.COORDINATOR: 1, Role.SECTOR_LEAD: 1, Role.PARTICIPANT: 2}
    with in_app(story.tenant):
        by_sector = dict(db.session.execute(
            select(Participation.sector, func.count(Participation.id))
            .group_by(Participation.sector)).all())
        assert by_sector == {"individual": 1, "school": 2}


def test_subqueries_and_exists_are_scoped(in_app, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        # Users who have a participation: only polk's resident, not story's.
        has_participation = select(Participation.user_id).scalar_subquery()
        assert emails(select(User.email).where(User.id.in_(has_participation))) == {
            polk.participant.email}
        assert emails(select(User.email).where(User.participations.any())) == {
            polk.participant.email}
        assert db.session.execute(
            select(exists().where(User.id == story.participant.id))).scalar() is False


def test_get_of_another_communitys_row_is_none(app, in_app, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        assert db.session.get(User, polk.participant.id).email == polk.participant.email
    with in_app(polk.tenant):  # a fresh session: nothing cached from before
        assert db.session.get(User, story.participant.id) is None
        with pytest.raises(NotFound):
            db.get_or_404(User, story.coordinator.id)


def test_relationship_loads_are_scoped(in_app, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        lead = db.session.get(User, polk.lead.id)
        assert lead.lead_sectors == ["school"]  # lazy load, own community
        resident = db.session.get(User, polk.participant.id)
        assert [p.tenant_id for p in resident.participations] == [polk.tenant.id]
        assert resident.participations[0].user is resident
    with in_app(Scope.ALL):
        foreign_lead = db.session.get(User, story.lead.id)
        foreign_resident = db.session.get(User, story.participant.id)
        with tenant_scope(polk.tenant):
            # Loaded under another scope, read under polk's: no story rows.
            assert foreign_lead.sector_assignments == []
            assert foreign_resident.participations == []


def test_eager_loads_are_scoped(in_app, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        participations = db.session.execute(
            select(Participation).options(joinedload(Participation.user))).scalars().all()
        assert [p.user.email for p in participations] == [polk.participant.email]
        leads = db.session.execute(
            select(User).where(User.role == Role.SECTOR_LEAD)
            .options(selectinload(User.sector_assignments))).scalars().all()
        assert [(lead.email, lead.lead_sectors) for lead in leads] == [(polk.lead.email, ["school"])]


def test_paginate_counts_only_the_current_community(app, in_app, polk_and_story, make_user):
    polk, story = polk_and_story
    for number in range(4):
        make_user(story.tenant, full_name=f"Story Resident {number}")
    with in_app(polk.tenant), app.test_request_context():
        page = db.paginate(select(User).order_by(User.id), page=1, per_page=2, error_out=False)
        assert page.total == 3
        assert page.pages == 2
        assert {u.tenant_id for u in page.items} == {polk.tenant.id}
    with in_app(story.tenant), app.test_request_context():
        assert db.paginate(select(User), page=1, per_page=2, error_out=False).total == 7


def test_orm_update_touches_only_the_current_community(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        result = db.session.execute(update(User).values(full_name="Renamed"))
        assert result.rowcount == 3
    names = read_db(lambda s: dict(s.execute(select(User.email, User.full_name)).all()))
    assert {names[e] for e in community_emails(polk)} == {"Renamed"}
    assert "Renamed" not in {names[e] for e in community_emails(story)}


def test_orm_update_by_another_communitys_id_changes_nothing(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        result = db.session.execute(
            update(User).where(User.id == story.participant.id).values(is_disabled=True))
        assert result.rowcount == 0
    assert read_db(lambda s: s.get(User, story.participant.id).is_disabled) is False


def test_orm_delete_touches_only_the_current_community(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        db.session.execute(delete(Participation))
        db.session.execute(delete(SectorLeadAssignment).where(
            SectorLeadAssignment.user_id == story.lead.id))
    left = read_db(lambda s: {
        "participations": sorted(s.execute(select(Participation.tenant_id)).scalars()),
        "leads": sorted(s.execute(select(SectorLeadAssignment.user_id)).scalars())})
    assert left == {"participations": [story.tenant.id],
                    "leads": sorted([polk.lead.id, story.lead.id])}


def test_no_scope_reads_nothing(app, db_session, polk_and_story):
    assert current_tenant() is None
    with app.app_context():
        assert db.session.execute(select(User)).scalars().all() == []
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 0
        assert db.session.execute(select(Participation.sector)).all() == []
        assert db.session.get(User, polk_and_story[0].participant.id) is None


def test_no_scope_refuses_to_write(app, db_session, polk_and_story):
    with app.app_context():
        db.session.add(new_user("orphan@example.org"))
        with pytest.raises(NoTenantScope):
            db.session.flush()
        db.session.rollback()


def test_new_rows_are_stamped_with_the_current_community(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with in_app(story.tenant):
        user = new_user("stamped@example.org")
        db.session.add(user)
        db.session.add(AuditEvent(action="test.stamped"))
        db.session.flush()
        assert user.tenant_id == story.tenant.id
    stored = read_db(lambda s: (
        s.execute(select(User.tenant_id).where(User.email == "stamped@example.org")).scalar_one(),
        s.execute(select(AuditEvent.tenant_id).where(AuditEvent.action == "test.stamped"))
        .scalar_one()))
    assert stored == (story.tenant.id, story.tenant.id)


def test_children_added_through_a_relationship_are_stamped(in_app, read_db, polk_and_story):
    polk, _ = polk_and_story
    with in_app(polk.tenant):
        lead = db.session.get(User, polk.lead.id)
        lead.sector_assignments.append(SectorLeadAssignment(sector="faith"))
    stored = read_db(lambda s: s.execute(select(SectorLeadAssignment.tenant_id).where(
        SectorLeadAssignment.user_id == polk.lead.id, SectorLeadAssignment.sector == "faith"
    )).scalar_one())
    assert stored == polk.tenant.id


def test_inserting_a_row_for_another_community_is_refused(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with pytest.raises(CrossTenantWrite), in_app(polk.tenant):
        db.session.add(new_user("smuggled@example.org", tenant_id=story.tenant.id))
        db.session.flush()
    found = read_db(lambda s: s.execute(
        select(User.id).where(User.email == "smuggled@example.org")).first())
    assert found is None


def test_moving_a_row_to_another_community_is_refused(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with pytest.raises(CrossTenantWrite), in_app(polk.tenant):
        user = db.session.get(User, polk.participant.id)
        user.tenant_id = story.tenant.id
        db.session.flush()
    assert read_db(lambda s: s.get(User, polk.participant.id).tenant_id) == polk.tenant.id


def test_a_platform_row_cannot_be_written_from_a_community(in_app, polk_and_story):
    polk, _ = polk_and_story
    with pytest.raises(CrossTenantWrite), in_app(polk.tenant):
        staff = new_user("sneaky-staff@example.org", role=Role.PLATFORM_ADMIN)
        db.session.add(staff)
        db.session.flush()
        staff.tenant_id = None
        db.session.flush()


def test_bulk_update_by_primary_key_is_refused(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with pytest.raises(CrossTenantWrite), in_app(polk.tenant):
        db.session.execute(update(User), [
            {"id": story.participant.id, "full_name": "Hijacked"},
            {"id": polk.participant.id, "full_name": "Hijacked"}])
    names = read_db(lambda s: set(s.execute(select(User.full_name)).scalars()))
    assert "Hijacked" not in names


def test_bulk_update_by_primary_key_works_across_communities_when_asked(
        in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with in_app(Scope.ALL):
        db.session.execute(update(User), [{"id": story.participant.id, "full_name": "Renamed"}])
    assert read_db(lambda s: s.get(User, story.participant.id).full_name) == "Renamed"


def test_bulk_insert_is_stamped_and_refuses_another_community(in_app, read_db, polk_and_story):
    polk, story = polk_and_story
    with in_app(polk.tenant):
        db.session.execute(db.insert(AuditEvent), [{"action": "bulk.one", "details": {}},
                                                   {"action": "bulk.two", "details": {}}])
    stamped = read_db(lambda s: set(s.execute(
        select(AuditEvent.tenant_id).where(AuditEvent.action.like("bulk.%"))).scalars()))
    assert stamped == {polk.tenant.id}
    with pytest.raises(CrossTenantWrite), in_app(polk.tenant):
        db.session.execute(db.insert(AuditEvent), [
            {"action": "bulk.smuggled", "details": {}, "tenant_id": story.tenant.id}])


def test_platform_scope_sees_only_platform_staff(in_app, polk_and_story, make_user):
    staff = make_user(None, Role.PLATFORM_ADMIN, email="staff@tfz.example.org")
    with in_app(Scope.PLATFORM):
        users = db.session.execute(select(User)).scalars().all()
        assert [(u.email, u.tenant_id) for u in users] == [(staff.email, None)]
        assert db.session.get(User, polk_and_story[0].coordinator.id) is None


def test_all_tenants_sees_everything(in_app, polk_and_story, make_user):
    polk, story = polk_and_story
    staff = make_user(None, Role.PLATFORM_ADMIN, email="staff@tfz.example.org")
    with in_app(polk.tenant), all_tenants():
        everyone = emails(select(User.email))
        tenant_ids = set(db.session.execute(select(Participation.tenant_id)).scalars())
    assert everyone == community_emails(polk) | community_emails(story) | {staff.email}
    assert tenant_ids == {polk.tenant.id, story.tenant.id}


def test_scope_is_restored_after_a_block(app, db_session, polk_and_story):
    polk, story = polk_and_story
    assert current_tenant() is None
    with app.app_context(), tenant_scope(polk.tenant):
        with tenant_scope(story.tenant):
            assert current_tenant() is story.tenant
        assert current_tenant() is polk.tenant
    assert current_tenant() is None


def test_requests_leave_no_scope_behind(client, polk_and_story):
    assert client.get("/", subdomain="polk").status_code == 200
    assert current_tenant() is None


def module(slug: str) -> TrainingModule:
    return TrainingModule(slug=slug, title=slug.title(), summary="About it.", sectors=[])


@pytest.fixture
def modules(in_app, polk_and_story) -> dict[str, int]:
    """A national module (no community) and one of polk's own."""
    polk, _ = polk_and_story
    made = {}
    for scope, slug in ((Scope.PLATFORM, "national"), (polk.tenant, "polk-only")):
        with in_app(scope):
            row = module(slug)
            db.session.add(row)
            db.session.flush()
            made[slug] = row.id
    return made


def module_slugs(ids) -> set[str]:
    return set(db.session.execute(
        select(TrainingModule.slug).where(TrainingModule.id.in_(ids))).scalars())


def test_shared_rows_are_read_everywhere_own_rows_only_at_home(in_app, polk_and_story, modules):
    polk, story = polk_and_story
    ids = modules.values()
    with in_app(polk.tenant):
        assert module_slugs(ids) == {"national", "polk-only"}
    with in_app(story.tenant):
        assert module_slugs(ids) == {"national"}
        assert db.session.get(TrainingModule, modules["polk-only"]) is None
    with in_app(Scope.PLATFORM):
        assert module_slugs(ids) == {"national"}


def test_a_community_cannot_change_shared_rows(in_app, read_db, polk_and_story, modules):
    polk, _ = polk_and_story
    with in_app(polk.tenant):
        db.session.execute(update(TrainingModule).values(title="Changed"))
    titles = read_db(lambda s: dict(s.execute(select(TrainingModule.slug, TrainingModule.title)
                                              .where(TrainingModule.id.in_(modules.values()))).all()))
    assert titles == {"national": "National", "polk-only": "Changed"}
    with pytest.raises(CrossTenantWrite), in_app(polk.tenant):
        db.session.get(TrainingModule, modules["national"]).title = "Ours now"
        db.session.flush()
    with pytest.raises(CrossTenantWrite), in_app(polk.tenant):
        db.session.delete(db.session.get(TrainingModule, modules["national"]))
        db.session.flush()
    assert read_db(lambda s: s.get(TrainingModule, modules["national"]).title) == "National"
