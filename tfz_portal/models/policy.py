"""An organization's policy against sex trafficking and sex buying."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..tenancy import TenantScoped
from .base import utcnow


class PolicyMethod(enum.StrEnum):
    ADOPT = "adopt"  # adopt the provided statement for the sector
    CLAUSE = "clause"  # add the provided clause to the organization's own statement
    OWN = "own"  # write one's own


class PolicyStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the coordinator
    APPROVED = "approved"
    RETURNED = "returned"  # sent back with a reason


def _enum(kind, length):
    return Enum(kind, native_enum=False, length=length,
                values_callable=lambda members: [m.value for m in members])


class Policy(TenantScoped, db.Model):
    __tablename__ = "policies"
    __table_args__ = (UniqueConstraint("participation_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[PolicyMethod] = mapped_column(_enum(PolicyMethod, 16))
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_templates.id", ondelete="SET NULL"))
    existing_text: Mapped[str | None] = mapped_column(Text)  # pasted, for CLAUSE
    text: Mapped[str] = mapped_column(Text)  # the adopted policy, as kept
    status: Mapped[PolicyStatus] = mapped_column(_enum(PolicyStatus, 16))
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
