"""Demonstration data: two communities with people spread over the sectors.

Everything is created through the services, as a real rollout would be.
Re-running is harmless: existing communities are left as they are.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from .content.training import seed_training_catalog
from .extensions import db
from .models import Role, Tenant
from .services import accounts, certificates, policy, sharing, signing, tenants, training
from .services.journey import load_journey
from .services.signing import seed_document_templates
from .tenancy import Scope, all_tenants, tenant_scope

FIRST_NAMES = ["Maria", "James", "Aisha", "Robert", "Linh", "Patricia", "Carlos", "Jennifer",
               "Michael", "Guadalupe", "David", "Fatima", "William", "Grace", "Jamal", "Emily",
               "Thomas", "Sofia", "Daniel", "Hannah", "Kwame", "Olivia", "José", "Ruth"]
LAST_NAMES = ["Johnson", "Nguyen", "Garcia", "Smith", "Okafor", "Miller", "Hernandez", "Brown",
              "Larsen", "Patel", "Davis", "Kowalski", "Wilson", "Martinez", "Anderson", "Yoder"]
ORGANIZATIONS = {
    "law_enforcement": ["{place} Sheriff's Office", "{place} Police Department",
                        "{place} Attorney's Office"],
    "business": ["Riverside Inn", "Main Street Diner", "Prairie Trucking Co.", "Lakeside Hotel",
                 "Corner Market", "Hawkeye Auto Repair", "Greenway Motel", "Bluestem Coffee",
                 "Valley Rideshare", "Oak Street Salon"],
    "school": ["{place} Community School District", "Lincoln High School", "Washington Middle School"],
    "medical": ["{place} Medical Center", "Family Care Clinic", "Mercy Urgent Care"],
    "faith": ["First Baptist Church", "St. Mary's Parish", "Grace Community Church",
              "New Hope Fellowship", "Bethel AME Church", "Trinity Lutheran Church"],
    "government": ["{place} Board of Supervisors", "{place} Public Health Department"],
    "community_org": ["{place} Rotary Club", "Youth Mentoring Alliance", "Neighborhood Food Pantry"],
    "media": ["{place} Gazette", "KPRL Community Radio"],
}

COMMUNITIES = [
    dict(slug="polk", name="Polk County", jurisdiction="county", state="IA",
         contact_email="tfz@polkcounty.example.org", timezone="America/Chicago",
         primary_color="#1d4e89", certificate_validity_months=24, participants=48,
         policy_requires_approval=True,
         place="Polk County",
         leads=[("Denise Carter", "schools", ["school"]),
                ("Marcus Webb", "safety", ["law_enforcement", "government"]),
                ("Ana Morales", "business", ["business", "medical"])]),
    dict(slug="marion", name="City of Marion", jurisdiction="city", state="OH",
         contact_email="tfz@marionoh.example.org", timezone="America/New_York",
         primary_color="#6b2d5c", certificate_validity_months=None, participants=30,
         policy_requires_approval=False,
         place="Marion",
         leads=[("Paul Hendricks", "faith", ["faith", "community_org"]),
                ("Keisha Brooks", "schools", ["school"])]),
]


def seed_demo(password: str) -> list[str]:
    from .cli import community_url

    rng = random.Random(2026)
    seed_training_catalog()
    seed_document_templates()
    lines = ["Demo communities (every account's password: " + password + ")", ""]
    for spec in COMMUNITIES:
        tenant = _existing(spec["slug"])
        created = tenant is None
        if created:
            with all_tenants():
                tenant = tenants.create_tenant(tenants.TenantData(
                    slug=spec["slug"], name=spec["name"], jurisdiction=spec["jurisdiction"],
                    state=spec["state"], contact_email=spec["contact_email"],
                    timezone=spec["timezone"], primary_color=spec["primary_color"],
                    certificate_validity_months=spec["certificate_validity_months"],
                    policy_requires_approval=spec["policy_requires_approval"]))
            with tenant_scope(tenant):
                _seed_people(tenant, spec, password, rng)
        lines.append(f"{tenant.name}: {community_url(tenant)}"
                     + ("" if created else "  (already there, left unchanged)"))
        lines.append(f"  coordinator   coordinator@{spec['slug']}.example.org")
        for _name, handle, sectors in spec["leads"]:
            lines.append(f"  sector lead   {handle}@{spec['slug']}.example.org  ({', '.join(sectors)})")
        lines.append(f"  resident      resident1@{spec['slug']}.example.org  (just joined)")
        lines.append(f"  resident      resident2@{spec['slug']}.example.org  (certified)")
        lines.append("")
    if _staff_missing():
        with tenant_scope(Scope.PLATFORM):
            accounts.create_user(None, accounts.NewUser(
                "Platform Staff", "staff@tfz.example.org", password, Role.PLATFORM_ADMIN))
    lines.append("Platform staff (on the national site): staff@tfz.example.org")
    return lines


def _existing(slug: str) -> Tenant | None:
    return db.session.execute(select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()


def _staff_missing() -> bool:
    from .models import User

    with all_tenants():
        return db.session.execute(
            select(User.id).where(User.email == "staff@tfz.example.org", User.tenant_id.is_(None))
        ).first() is None


def _seed_people(tenant: Tenant, spec: dict, password: str, rng: random.Random) -> None:
    domain = f"{spec['slug']}.example.org"
    accounts.create_user(tenant, accounts.NewUser(
        "Jordan Ellis", f"coordinator@{domain}", password, Role.COORDINATOR))
    for name, handle, sectors in spec["leads"]:
        accounts.create_user(tenant, accounts.NewUser(
            name, f"{handle}@{domain}", password, Role.SECTOR_LEAD, sectors))
    coordinator = None
    used_names: set[str] = set()
    for number in range(1, spec["participants"] + 1):
        full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        organization = None if number <= 2 or rng.random() < 0.4 else _unused_organization(
            spec["place"], used_names, rng)
        if organization is None:
            data = accounts.JoinData(full_name, f"resident{number}@{domain}", password,
                                     "individual", "individual")
        else:
            sector, name = organization
            used_names.add(name)
            data = accounts.JoinData(full_name, f"member{number}@{domain}", password,
                                     "organization", sector, name)
        user = accounts.join(tenant, data)
        if rng.random() < 0.8:
            accounts.verify_email(accounts.make_verify_token(user))
        # resident1 has just joined; resident2 is certified; the rest are spread.
        goal = {1: 0, 2: len(STAGES)}.get(number, rng.choices(range(len(STAGES) + 1),
                                                             weights=STAGE_WEIGHTS)[0])
        coordinator = coordinator or _coordinator()
        _advance(tenant, user, user.participations[0], goal, coordinator, rng)


def _unused_organization(place: str, used: set[str], rng: random.Random
                         ) -> tuple[str, str] | None:
    """A sector and an organization name not used yet in this community."""
    choices = [(sector, name.format(place=place))
               for sector, names in ORGANIZATIONS.items() for name in names]
    free = [choice for choice in choices if choice[1] not in used]
    return rng.choice(free) if free else None


STAGES = ("training", "sign", "policy", "share", "certificate")
STAGE_WEIGHTS = (3, 3, 2, 2, 2, 4)  # joined only, then after each stage


def _coordinator():
    from .models import User

    return db.session.execute(select(User).where(User.role == Role.COORDINATOR)).scalars().first()


def _advance(tenant: Tenant, user, participation, goal: int, coordinator, rng) -> None:
    """Take a participation through its first ``goal`` stages, as its holder would."""
    from .models import ParticipantKind, PolicyStatus

    for stage in STAGES[:goal]:
        if stage == "training":
            training.complete_all_required(participation)
        elif stage == "sign":
            template = signing.text_to_sign(participation)
            title = "Director" if participation.kind is ParticipantKind.ORGANIZATION else None
            signing.sign(participation, user, user.full_name, title, template.id, template.version)
        elif stage == "policy":
            if participation.kind is not ParticipantKind.ORGANIZATION:
                continue
            policy_record = policy.submit_policy(participation, user, "adopt", None, None)
            if policy_record.status is PolicyStatus.PENDING:
                if rng.random() < 0.5:
                    return  # left waiting for the coordinator
                policy.approve_policy(policy_record, coordinator)
        elif stage == "share":
            listed = rng.random() < 0.7
            sharing.share(tenant, participation, sharing.ShareChoice(listed, not listed), user)
            if listed and rng.random() < 0.7:
                sharing.decide_listing(participation, True, coordinator)
        elif stage == "certificate":
            certificates.issue_certificate(participation, load_journey(participation), user)
