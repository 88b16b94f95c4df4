"""A certification journey, held by a person or by an organization."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tenancy import TenantScoped
from .base import Timestamped


class ParticipantKind(enum.StrEnum):
    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"


class ListingStatus(enum.StrEnum):
    NONE = "none"  # not listed
    PENDING = "pending"  # waiting for the coordinator's approval
    LISTED = "listed"
    DECLINED = "declined"


class Participation(TenantScoped, Timestamped, db.Model):
    __tablename__ = "participations"
    # One journey per organization name on an account (a double submit
    # of "add an organization" creates one); individuals have no name here.
    __table_args__ = (UniqueConstraint("user_id", "organization_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ParticipantKind] = mapped_column(
        Enum(ParticipantKind, native_enum=False, length=16,
             values_callable=lambda kinds: [k.value for k in kinds])
    )
    sector: Mapped[str] = mapped_column(String(32), index=True)
    # Organizations only.
    organization_name: Mapped[str | None] = mapped_column(String(160))
    representative_title: Mapped[str | None] = mapped_column(String(120))
    street_address: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[str | None] = mapped_column(String(20))

    # 0 until the first renewal; each renewal starts a new cycle of steps.
    cycle: Mapped[int] = mapped_column(Integer, default=0)
    listing_status: Mapped[ListingStatus] = mapped_column(
        Enum(ListingStatus, native_enum=False, length=16,
             values_callable=lambda kinds: [k.value for k in kinds]),
        default=ListingStatus.NONE)
    listing_decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    shared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user = relationship("User", back_populates="participations")
    certificates = relationship("Certificate", back_populates="participation",
                                order_by="Certificate.cycle")

    @property
    def display_name(self) -> str:
        if self.kind is ParticipantKind.ORGANIZATION and self.organization_name:
            return self.organization_name
        return self.user.full_name
