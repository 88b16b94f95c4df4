"""Creating and configuring communities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import available_timezones

from sqlalchemy import select

from ..extensions import db
from ..models import JurisdictionKind, Tenant
from ..models.tenant import RESERVED_SLUGS, SLUG_PATTERN
from ..us_states import US_STATES
from .errors import AlreadyExists, ServiceError

COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class TenantData:
    slug: str
    name: str
    jurisdiction: str
    state: str
    contact_email: str
    timezone: str = "America/Chicago"
    primary_color: str = "#1d4e89"
    logo_path: str | None = None
    certificate_validity_months: int | None = None
    listing_requires_approval: bool = True
    policy_requires_approval: bool = False


def validate_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise ServiceError(
            "Use lowercase letters, digits and hyphens only, starting and ending "
            "with a letter or digit (for example polk-county).", "slug")
    if slug in RESERVED_SLUGS:
        raise ServiceError(f"“{slug}” is reserved. Choose another web address.", "slug")
    return slug


def create_tenant(data: TenantData) -> Tenant:
    """Create a community. Runs in any scope: communities are not scoped."""
    slug = validate_slug(data.slug)
    if db.session.execute(select(Tenant.id).where(Tenant.slug == slug)).first():
        raise AlreadyExists(f"The web address “{slug}” is already taken.", "slug")
    try:
        jurisdiction = JurisdictionKind(data.jurisdiction)
    except ValueError:
        raise ServiceError("Choose state, county, city or district.", "jurisdiction") from None
    state = data.state.strip().upper()
    if state not in US_STATES:
        raise ServiceError("Choose a US state.", "state")
    if data.timezone not in available_timezones():
        raise ServiceError("Choose a time zone such as America/Chicago.", "timezone")
    if not COLOR_PATTERN.match(data.primary_color):
        raise ServiceError("Give the colour as #rrggbb, for example #1d4e89.", "primary_color")
    if data.certificate_validity_months is not None and not 1 <= data.certificate_validity_months <= 120:
        raise ServiceError("Certificate validity must be 1 to 120 months.", "certificate_validity_months")
    name = data.name.strip()
    if not name:
        raise ServiceError("Give the community's name.", "name")
    tenant = Tenant(
        slug=slug,
        name=name,
        jurisdiction=jurisdiction,
        state=state,
        timezone=data.timezone,
        contact_email=data.contact_email.strip().lower(),
        primary_color=data.primary_color.lower(),
        logo_path=data.logo_path,
        certificate_validity_months=data.certificate_validity_months,
        listing_requires_approval=data.listing_requires_approval,
        policy_requires_approval=data.policy_requires_approval,
    )
    db.session.add(tenant)
    db.session.flush()
    return tenant


def list_tenants(*, include_archived: bool = False) -> list[Tenant]:
    query = select(Tenant).order_by(Tenant.name)
    if not include_archived:
        query = query.where(Tenant.is_active.is_(True))
    return list(db.session.execute(query).scalars())
