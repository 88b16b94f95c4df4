"""Accounts. A user belongs to one community; platform staff to none."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tenancy import TenantScoped
from .base import Timestamped
from .participation import Participation


class Role(enum.StrEnum):
    PARTICIPANT = "participant"
    SECTOR_LEAD = "sector_lead"
    COORDINATOR = "coordinator"
    PLATFORM_ADMIN = "platform_admin"

    @property
    def label(self) -> str:
        return {
            "participant": "Participant",
            "sector_lead": "Sector lead",
            "coordinator": "County coordinator",
            "platform_admin": "Platform staff",
        }[self.value]


class User(UserMixin, TenantScoped, Timestamped, db.Model):
    __tablename__ = "users"
    __tenant_optional__ = True  # platform staff belong to no community
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        Index(
            "uq_users_staff_email", "email", unique=True,
            sqlite_where=db.text("tenant_id IS NULL"),
            postgresql_where=db.text("tenant_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so uniqueness and log-in are case-insensitive.
    email: Mapped[str] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20,
             values_callable=lambda roles: [r.value for r in roles]),
        default=Role.PARTICIPANT,
    )
    is_disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped on log-out, password change and disabling: every copy of an
    # older session or remember cookie stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    sector_assignments: Mapped[list[SectorLeadAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="SectorLeadAssignment.sector"
    )

    participations: Mapped[list[Participation]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Participation.id"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return not self.is_disabled

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def lead_sectors(self) -> list[str]:
        return [a.sector for a in self.sector_assignments]

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class SectorLeadAssignment(TenantScoped, db.Model):
    __tablename__ = "sector_lead_assignments"
    __table_args__ = (UniqueConstraint("user_id", "sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sector: Mapped[str] = mapped_column(String(32))

    user: Mapped[User] = relationship(back_populates="sector_assignments")
