"""Certificates: issued when every step is done, verified by anyone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..extensions import db
from ..tenancy import TenantScoped
from .base import utcnow


class Certificate(TenantScoped, db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("participation_id", "cycle"),
        UniqueConstraint("tenant_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[int] = mapped_column(Integer, default=0)
    # Readable: POLK-2026-0007. Unique within the community.
    number: Mapped[str] = mapped_column(String(40))
    # Unguessable, typed on the verification page and encoded in the QR code.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    holder_name: Mapped[str] = mapped_column(String(160))
    kind_label: Mapped[str] = mapped_column(String(120))  # "TraffickingFree Zone — Business"
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    coordinator_name: Mapped[str | None] = mapped_column(String(120))
    # Rendered once, kept in the database so any app process can serve it.
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    pdf_rendered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    participation = relationship("Participation", back_populates="certificates")
