"""The ``flask tenants``, ``flask users`` and ``flask demo`` commands.

The commands commit; through the ``db_session`` fixture their commits land in
the test's transaction, which is rolled back afterwards.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tfz_portal.extensions import db
from tfz_portal.models import Participation, Role, SectorLeadAssignment, Tenant, User
from tfz_portal.tenancy import Scope

CLI_PASSWORD = "a long cli passphrase"
DEMO_PASSWORD = "demo-password-2026"


@pytest.fixture
def cli(app, db_session):
    runner = app.test_cli_runner()

    def run(*args: str):
        return runner.invoke(args=list(args))

    return run


def create_polk(cli, slug="polk", name="Polk County"):
    return cli("tenants", "create", slug, "--name", name, "--state", "IA",
               "--contact-email", f"tfz@{slug}.example.org")


def tenant_slugs(read_db) -> list[str]:
    return read_db(lambda s: sorted(s.execute(select(Tenant.slug)).scalars()))


def log_in(app, email: str, password: str, slug: str | None):
    client = app.test_client()
    response = client.post("/login", subdomain=slug or "",
                           data={"email": email, "password": password})
    assert response.status_code == 302, f"{email} could not log in on {slug or 'the apex'}"
    return client


def test_tenants_create(app, cli, read_db):
    result = create_polk(cli)
    assert result.exit_code == 0, result.output
    assert "Created Polk County: http://polk.localhost:5000/" in result.output
    stored = read_db(lambda s: s.execute(select(
        Tenant.slug, Tenant.name, Tenant.state, Tenant.contact_email, Tenant.is_active)).one())
    assert tuple(stored) == ("polk", "Polk County", "IA", "tfz@polk.example.org", True)
    home = app.test_client().get("/", subdomain="polk")
    assert home.status_code == 200
    assert "Polk County" in home.text


def test_tenants_create_with_options(cli, read_db):
    result = cli("tenants", "create", "marion", "--name", "City of Marion", "--jurisdiction",
                 "city", "--state", "oh", "--contact-email", "TFZ@Marion.example.org",
                 "--timezone", "America/New_York", "--color", "#6B2D5C",
                 "--certificate-months", "24")
    assert result.exit_code == 0, result.output
    stored = read_db(lambda s: s.execute(select(
        Tenant.jurisdiction, Tenant.state, Tenant.timezone, Tenant.primary_color,
        Tenant.certificate_validity_months, Tenant.contact_email)).one())
    assert tuple(stored) == ("city", "OH", "America/New_York", "#6b2d5c", 24,
                             "tfz@marion.example.org")


@pytest.mark.parametrize("slug, message", [
    ("www", "reserved"),
    ("static", "reserved"),
    ("Polk County", "lowercase letters, digits and hyphens"),
    ("polk-", "lowercase letters, digits and hyphens"),
    ("polk_county", "lowercase letters, digits and hyphens"),
])
def test_tenants_create_refuses_bad_slugs(cli, read_db, slug, message):
    result = create_polk(cli, slug=slug)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert tenant_slugs(read_db) == []


def test_tenants_create_refuses_a_taken_slug(cli, read_db):
    assert create_polk(cli).exit_code == 0
    result = create_polk(cli, name="Another Polk")
    assert result.exit_code != 0
    assert "already taken" in result.output
    names = read_db(lambda s: s.execute(select(Tenant.name)).scalars().all())
    assert names == ["Polk County"]


def test_tenants_create_refuses_an_unknown_state(cli, read_db):
    result = cli("tenants", "create", "polk", "--name", "Polk County", "--state", "ZZ",
                 "--contact-email", "tfz@polk.example.org")
    assert result.exit_code != 0
    assert "Choose a US state" in result.output
    assert tenant_slugs(read_db) == []


def test_tenants_list_prints_each_communitys_url(cli, make_tenant, in_app):
    make_tenant("polk", name="Polk County")
    make_tenant("story", name="Story County")
    archived = make_tenant("ames", name="City of Ames", jurisdiction="city")
    with in_app(Scope.ALL):
        db.session.get(Tenant, archived.id).is_active = False

    result = cli("tenants", "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "Polk County" in lines[0] and "http://polk.localhost:5000/" in lines[0]
    assert "Story County" in lines[1] and "http://story.localhost:5000/" in lines[1]

    everything = cli("tenants", "list", "--all").output
    assert "http://ames.localhost:5000/" in everything
    assert "(archived)" in everything


@pytest.mark.parametrize("role, home", [
    ("coordinator", "/manage/people"),
    ("participant", "/account"),
])
def test_users_create_community_accounts(app, cli, make_tenant, read_db, role, home):
    polk = make_tenant("polk")
    result = cli("users", "create", "--tenant", "polk", "--email", f"{role}@polk.example.org",
                 "--name", "Casey Cole", "--role", role, "--password", CLI_PASSWORD)
    assert result.exit_code == 0, result.output
    assert f"{role}@polk.example.org" in result.output
    assert "Polk County" in result.output
    stored = read_db(lambda s: s.execute(
        select(User.tenant_id, User.role).where(User.email == f"{role}@polk.example.org")).one())
    assert tuple(stored) == (polk.id, Role(role))
    client = log_in(app, f"{role}@polk.example.org", CLI_PASSWORD, "polk")
    assert client.get(home, subdomain="polk").status_code == 200


def test_users_create_participant_has_joined(app, cli, make_tenant, make_user):
    polk = make_tenant("polk")
    coordinator = make_user(polk, Role.COORDINATOR)
    result = cli("users", "create", "--tenant", "polk", "--email", "resident@polk.example.org",
                 "--name", "Rae Resident", "--password", CLI_PASSWORD)
    assert result.exit_code == 0, result.output
    client = app.test_client()
    client.post("/login", subdomain="polk",
                data={"email": coordinator.email, "password": "correct horse battery"})
    residents = client.get("/dashboard/sectors/individual", subdomain="polk")
    assert "Rae Resident" in residents.text


def test_users_create_sector_lead_with_several_sectors(app, cli, make_tenant, read_db):
    make_tenant("polk")
    result = cli("users", "create", "--tenant", "polk", "--email", "lead@polk.example.org",
                 "--name", "Lee Lead", "--role", "sector_lead", "--sector", "school",
                 "--sector", "faith", "--password", CLI_PASSWORD)
    assert result.exit_code == 0, result.output
    sectors = read_db(lambda s: sorted(s.execute(
        select(SectorLeadAssignment.sector).join(SectorLeadAssignment.user)
        .where(User.email == "lead@polk.example.org")).scalars()))
    assert sectors == ["faith", "school"]
    client = log_in(app, "lead@polk.example.org", CLI_PASSWORD, "polk")
    assert client.get("/dashboard/sectors/school", subdomain="polk").status_code == 200
    assert client.get("/dashboard/sectors/faith", subdomain="polk").status_code == 200
    assert client.get("/dashboard/sectors/medical", subdomain="polk").status_code == 403


def test_users_create_platform_staff_without_a_community(app, cli, make_tenant, read_db):
    make_tenant("polk")
    result = cli("users", "create", "--email", "staff@tfz.example.org", "--name", "Stella Staff",
                 "--role", "platform_admin", "--password", CLI_PASSWORD)
    assert result.exit_code == 0, result.output
    assert "the platform" in result.output
    stored = read_db(lambda s: s.execute(
        select(User.tenant_id, User.role).where(User.email == "staff@tfz.example.org")).one())
    assert tuple(stored) == (None, Role.PLATFORM_ADMIN)
    client = log_in(app, "staff@tfz.example.org", CLI_PASSWORD, None)
    assert client.get("/staff").status_code == 200
    # Staff have no account in a community.
    response = app.test_client().post("/login", subdomain="polk", data={
        "email": "staff@tfz.example.org", "password": CLI_PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize("args, message", [
    (["--role", "platform_admin", "--tenant", "polk"], "Platform staff belong to no community"),
    (["--role", "coordinator"], "Platform staff belong to no community"),
    (["--role", "sector_lead", "--tenant", "polk"], "needs at least one sector"),
    (["--role", "coordinator", "--tenant", "polk", "--sector", "school"], "Only sector leads"),
    (["--role", "sector_lead", "--tenant", "polk", "--sector", "piracy"], "Unknown sector"),
    (["--role", "coordinator", "--tenant", "nowhere"], "No community 'nowhere'"),
])
def test_users_create_refuses_wrong_combinations(cli, make_tenant, read_db, args, message):
    make_tenant("polk")
    result = cli("users", "create", "--email", "someone@example.org", "--name", "Some One",
                 "--password", CLI_PASSWORD, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    count = read_db(lambda s: s.execute(select(func.count(User.id))).scalar_one())
    assert count == 0


def test_users_create_refuses_a_duplicate_email_in_the_same_community(cli, make_tenant, read_db):
    make_tenant("polk")
    make_tenant("story")
    args = ["users", "create", "--email", "sam@example.org", "--name", "Sam",
            "--role", "coordinator", "--password", CLI_PASSWORD]
    assert cli(*args, "--tenant", "polk").exit_code == 0
    again = cli(*args, "--tenant", "polk")
    assert again.exit_code != 0
    assert "already exists" in again.output
    # The same address may hold an account in another community.
    assert cli(*args, "--tenant", "story").exit_code == 0
    count = read_db(lambda s: s.execute(
        select(func.count(User.id)).where(User.email == "sam@example.org")).scalar_one())
    assert count == 2


def test_users_create_prompts_for_a_password_when_omitted(app, cli, make_tenant):
    make_tenant("polk")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--tenant", "polk", "--email",
                                 "p@polk.example.org", "--name", "Pat", "--role", "coordinator"],
                           input=f"{CLI_PASSWORD}\n{CLI_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert CLI_PASSWORD not in result.output
    log_in(app, "p@polk.example.org", CLI_PASSWORD, "polk")


def demo_counts(read_db) -> dict:
    def read(session):
        counts = {}
        for tenant in session.execute(select(Tenant).order_by(Tenant.slug)).scalars():
            roles = dict(session.execute(
                select(User.role, func.count(User.id)).where(User.tenant_id == tenant.id)
                .group_by(User.role)).all())
            sectors = dict(session.execute(
                select(Participation.sector, func.count(Participation.id))
                .where(Participation.tenant_id == tenant.id)
                .group_by(Participation.sector)).all())
            counts[tenant.slug] = {"roles": roles, "sectors": sectors}
        counts["staff"] = session.execute(
            select(func.count(User.id)).where(User.tenant_id.is_(None))).scalar_one()
        return counts

    return read_db(read)


def test_demo_seed_creates_two_populated_communities(app, cli, read_db):
    result = cli("demo", "seed")
    assert result.exit_code == 0, result.output
    counts = demo_counts(read_db)
    communities = {slug: c for slug, c in counts.items() if slug != "staff"}
    assert len(communities) == 2
    for slug, community in communities.items():
        roles = community["roles"]
        assert roles[Role.COORDINATOR] == 1, slug
        assert roles[Role.SECTOR_LEAD] >= 2, slug
        assert roles[Role.PARTICIPANT] >= 24, slug  # dozens
        assert sum(community["sectors"].values()) == roles[Role.PARTICIPANT]
        assert len(community["sectors"]) >= 4, slug  # spread over several sectors
    assert counts["staff"] == 1

    for slug in communities:
        assert f"http://{slug}.localhost:5000/" in result.output
        assert f"coordinator@{slug}.example.org" in result.output
    assert DEMO_PASSWORD in result.output
    assert "staff@tfz.example.org" in result.output


def test_demo_logins_printed_by_seed_work(app, cli):
    result = cli("demo", "seed")
    assert result.exit_code == 0, result.output
    logins = []
    for line in result.output.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "coordinator":
            logins.append((words[0], words[-1]))
        elif len(words) >= 2 and words[0] == "resident":
            logins.append(("resident", words[1]))
        elif len(words) >= 3 and words[:2] == ["sector", "lead"]:
            logins.append(("sector lead", words[2]))
    roles = {role for role, _ in logins}
    assert roles == {"coordinator", "sector lead", "resident"}
    for role, email in logins:
        slug = email.split("@")[1].split(".")[0]
        client = log_in(app, email, DEMO_PASSWORD, slug)
        page = "/journey/" if role == "resident" else "/dashboard/"
        assert client.get(page, subdomain=slug).status_code == 200, email
    staff = log_in(app, "staff@tfz.example.org", DEMO_PASSWORD, None)
    assert staff.get("/staff").status_code == 200


def test_demo_seed_twice_creates_nothing_twice(cli, read_db):
    first = cli("demo", "seed")
    assert first.exit_code == 0, first.output
    before = demo_counts(read_db)
    second = cli("demo", "seed")
    assert second.exit_code == 0, second.output
    assert demo_counts(read_db) == before
    assert "already there" in second.output


def test_demo_seed_leaves_an_existing_community_alone(cli, make_tenant, make_user, read_db):
    polk = make_tenant("polk", name="Polk County")
    make_user(polk, Role.COORDINATOR, email="someone@polk.example.org")
    result = cli("demo", "seed")
    assert result.exit_code == 0, result.output
    counts = demo_counts(read_db)
    assert counts["polk"]["roles"] == {Role.COORDINATOR: 1}
    assert counts["polk"]["sectors"] == {}
