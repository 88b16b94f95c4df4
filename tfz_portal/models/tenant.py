"""A community: a partner state, county, city or district."""

from __future__ import annotations

import enum
import re

from sqlalchemy import Boolean, Enum, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import Timestamped

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_SLUGS = frozenset(
    {"www", "api", "admin", "static", "mail", "smtp", "ftp", "app", "apex",
     "portal", "platform", "help", "status", "assets", "cdn", "docs", "support"}
)


class JurisdictionKind(enum.StrEnum):
    STATE = "state"
    COUNTY = "county"
    CITY = "city"
    DISTRICT = "district"


class Tenant(Timestamped, db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    jurisdiction: Mapped[JurisdictionKind] = mapped_column(
        Enum(JurisdictionKind, native_enum=False, length=16,
             values_callable=lambda kinds: [k.value for k in kinds])
    )
    state: Mapped[str] = mapped_column(String(2))  # USPS code, e.g. "IA"
    timezone: Mapped[str] = mapped_column(String(64), default="America/Chicago")
    contact_email: Mapped[str] = mapped_column(String(254))
    primary_color: Mapped[str] = mapped_column(String(7), default="#1d4e89")
    logo_path: Mapped[str | None] = mapped_column(String(255))
    # None: certificates never expire.
    certificate_validity_months: Mapped[int | None] = mapped_column(Integer)
    listing_requires_approval: Mapped[bool] = mapped_column(Boolean, default=True)
    policy_requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"
